import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Suffix of every temp file the store writes; watchers and recovery recognize them by it. */
export const TEMP_FILE_SUFFIX = '.catalog-tmp';

/** A hidden temp path next to `target` (same directory, so a rename replaces it atomically). */
export function tempPathFor(target: string): string {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(target), `.${basename(target)}.${tag}${TEMP_FILE_SUFFIX}`);
}

export function isTempFile(path: string): boolean {
  return path.endsWith(TEMP_FILE_SUFFIX);
}

/** Writes `data` to `path` (created or truncated) and fsyncs it before returning. */
export async function writeFileDurably(path: string, data: string | Buffer): Promise<void> {
  const handle = await open(path, 'w', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Fsyncs a directory so a rename or create inside it survives a power loss. Some platforms
 * (Windows) cannot open directories; there the rename's own guarantees are all we get.
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (err) {
    if (isUnsupported(err)) return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!isUnsupported(err)) throw err;
  } finally {
    await handle.close();
  }
}

/** Creates `dir` and missing parents, fsyncing the parent of each directory it created. */
export async function ensureDirectory(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (created === undefined) return;
  // mkdir returns the first directory it created; every directory from there down is new.
  let current = dir;
  const chain: string[] = [];
  while (current.length >= created.length) {
    chain.push(dirname(current));
    if (current === created) break;
    current = dirname(current);
  }
  for (const parent of chain) await fsyncDirectory(parent);
}

/**
 * Replaces `target` atomically: a reader (or a crash) sees the old bytes or the new bytes,
 * never a mix. Temp file in the same directory → fsync → rename → fsync the directory.
 */
export async function writeFileAtomic(target: string, data: string | Buffer): Promise<void> {
  await ensureDirectory(dirname(target));
  const temp = tempPathFor(target);
  try {
    await writeFileDurably(temp, data);
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await fsyncDirectory(dirname(target));
}

function isUnsupported(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EISDIR' || code === 'EINVAL' || code === 'EPERM' || code === 'ENOTSUP';
}
