import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DocumentSchemaValidator } from '../../schema/document-schema-validator';
import { loadYaml } from '../../yaml/yaml-loader';
import { YamlLocator } from '../../yaml/yaml-locator';
import { formatErrorDetails } from '../../errors/catalog-errors';
import type { CatalogRole } from './caller';

export interface ApiTokenEntry {
  name: string;
  role: CatalogRole;
  /** Hex SHA-256 of the token: the file never holds tokens themselves. */
  sha256: string;
}

const TOKENS_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'role', 'sha256'],
    properties: {
      name: { type: 'string', minLength: 1 },
      role: { type: 'string', enum: ['viewer', 'operator'] },
      sha256: {
        type: 'string',
        pattern: '^[0-9a-fA-F]{64}$',
        'x-message': 'must be the hex SHA-256 of the token (64 hex digits)',
      },
    },
  },
};
const validator = new DocumentSchemaValidator(TOKENS_SCHEMA);

/** The tokens file of CATALOG_AUTH_MODE=token: YAML list of { name, role, sha256 }. */
export class ApiTokens {
  private readonly digests: Array<{ digest: Buffer; entry: ApiTokenEntry }>;

  constructor(entries: readonly ApiTokenEntry[]) {
    this.digests = entries.map((entry) => ({
      digest: Buffer.from(entry.sha256.toLowerCase(), 'hex'),
      entry,
    }));
  }

  static fromFile(path: string): ApiTokens {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(
        `cannot read CATALOG_AUTH_TOKENS_FILE ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        { cause: err },
      );
    }
    const loaded = loadYaml(text);
    const errors = loaded.ok
      ? validator.validate(loaded.value ?? [], new YamlLocator(text))
      : loaded.errors;
    if (errors.length)
      throw new Error(`invalid tokens file ${path}:\n${formatErrorDetails(errors)}`);
    return new ApiTokens((loaded.ok ? (loaded.value as ApiTokenEntry[] | null) : null) ?? []);
  }

  /** Finds the entry whose hash matches; compares every entry in constant time. */
  match(token: string): ApiTokenEntry | undefined {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let found: ApiTokenEntry | undefined;
    for (const { digest: expected, entry } of this.digests) {
      if (timingSafeEqual(digest, expected) && !found) found = entry;
    }
    return found;
  }
}
