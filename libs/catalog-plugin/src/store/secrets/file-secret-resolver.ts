import { readFile, stat } from 'node:fs/promises';
import type { SecretRef } from '../../config/sources-config';
import { PayloadTooLargeError } from '../../errors/catalog-errors';
import { resolveInsideRoot } from '../store-paths';
import { assertValidSecretRef } from './secret-ref-names';
import {
  SecretNotFoundError,
  SecretResolver,
  SecretValue,
  describeSecretRef,
} from './secret-resolver';

/** Kubernetes caps a Secret at 1 MiB; a larger file is not a secret value. */
const MAX_SECRET_BYTES = 1024 * 1024;

/**
 * Dev-mode secrets: `CATALOG_SECRETS_DIR/<name>/<key>`, the layout of a Secret mounted as a
 * volume, so the same SecretRef works in Docker dev and in a cluster. The namespace of a ref is
 * ignored (one directory serves them all). The file's bytes are the value, exactly, like a
 * mounted Secret: no trailing newline is trimmed.
 */
export class FileSecretResolver implements SecretResolver {
  readonly kind = 'file' as const;

  constructor(private readonly dir: string) {}

  async resolve(ref: SecretRef): Promise<SecretValue> {
    assertValidSecretRef(ref);
    // Names are validated above; this also rejects symlinks that lead out of the directory.
    const path = resolveInsideRoot(this.dir, `${ref.name}/${ref.key}`);
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new SecretNotFoundError(ref, 'not a file');
      size = info.size;
    } catch (err) {
      if (err instanceof SecretNotFoundError) throw err;
      throw new SecretNotFoundError(ref, `no file ${ref.name}/${ref.key} in the secrets directory`);
    }
    if (size > MAX_SECRET_BYTES) {
      throw new PayloadTooLargeError(
        `secret ${describeSecretRef(ref)} is ${size} bytes; at most ${MAX_SECRET_BYTES} are allowed`,
      );
    }
    return new SecretValue(await readFile(path, 'utf8'));
  }
}
