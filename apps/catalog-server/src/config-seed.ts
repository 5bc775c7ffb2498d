import { constants } from 'node:fs';
import { access, chmod, copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { CatalogEnv, EnvValidationError, configPaths } from '@catalog/plugin';

export type SeedOutcome = 'seeded' | 'kept' | 'not-configured';

/**
 * First boot of a file store on an empty writable volume: copies CATALOG_CONFIG_SEED_DIR (the
 * shipped config, mounted read-only) into CATALOG_CONFIG_DIR. Runs only when none of the
 * CATALOG_CONFIG_PATHS files exist yet, so edits made through the store are never overwritten.
 * The sources files are copied last: a boot interrupted halfway simply seeds again.
 */
export async function seedConfigDir(env: CatalogEnv, logger: LoggerService): Promise<SeedOutcome> {
  const seedDir = env.CATALOG_CONFIG_SEED_DIR;
  if (!seedDir || env.CATALOG_CONFIG_STORE_MODE !== 'file') return 'not-configured';
  const root = resolve(env.CATALOG_CONFIG_DIR);
  const sourcesFiles = configPaths(env).map((p) => resolve(p));
  if ((await Promise.all(sourcesFiles.map(exists))).some(Boolean)) return 'kept';

  const seed = resolve(seedDir);
  if (!(await isDirectory(seed))) {
    throw new EnvValidationError([
      `CATALOG_CONFIG_SEED_DIR=${JSON.stringify(seedDir)}: not a directory`,
    ]);
  }
  const sourcesRelative = sourcesFiles.map((file) => {
    const rel = relative(root, file);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new EnvValidationError([
        `CATALOG_CONFIG_PATHS: ${file} is outside CATALOG_CONFIG_DIR (${root}); a seeded store keeps its sources files inside it`,
      ]);
    }
    return rel;
  });
  for (const rel of sourcesRelative) {
    if (!(await exists(join(seed, rel)))) {
      throw new EnvValidationError([
        `CATALOG_CONFIG_SEED_DIR=${JSON.stringify(seedDir)}: has no ${rel} to seed CATALOG_CONFIG_PATHS with`,
      ]);
    }
  }
  const skip = new Set(sourcesRelative);
  const copied = await copyTree(seed, root, '', skip);
  for (const rel of sourcesRelative) await copyOne(join(seed, rel), join(root, rel));
  logger.log(
    { msg: 'config store seeded', from: seed, to: root, files: copied + sourcesRelative.length },
    'config-seed',
  );
  return 'seeded';
}

/** Copies files below `from` into `to`, never overwriting; returns how many were copied. */
async function copyTree(
  from: string,
  to: string,
  rel: string,
  skip: ReadonlySet<string>,
): Promise<number> {
  let count = 0;
  for (const name of await readdir(join(from, rel))) {
    // A mounted ConfigMap keeps its real files under `..data` / `..<timestamp>` and links them.
    if (name.startsWith('..')) continue;
    const child = join(rel, name);
    const info = await stat(join(from, child)); // follows the ConfigMap's symlinks
    if (info.isDirectory()) count += await copyTree(from, to, child, skip);
    else if (info.isFile() && !skip.has(child) && !(await exists(join(to, child)))) {
      await copyOne(join(from, child), join(to, child));
      count++;
    }
  }
  return count;
}

async function copyOne(src: string, dst: string): Promise<void> {
  await mkdir(dirname(dst), { recursive: true });
  await copyFile(src, dst, constants.COPYFILE_EXCL);
  // A read-only seed may hold 0444 files; the store must be able to rewrite its copies.
  await chmod(dst, 0o644);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
