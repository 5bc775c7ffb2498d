import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InvalidArgumentError } from '../errors/catalog-errors';

/**
 * Resolves `path` (relative to the directory of `origin`) and checks it stays inside `root`,
 * also after following symlinks of the parts that exist. Throws InvalidArgumentError otherwise.
 */
export function resolveInsideRoot(root: string, path: string, origin?: string): string {
  if (path.includes('\0'))
    throw new InvalidArgumentError(`path ${JSON.stringify(path)} contains a NUL byte`);
  const absRoot = resolve(root);
  const base = origin ? dirname(resolve(origin)) : absRoot;
  const target = isAbsolute(path) ? resolve(path) : resolve(base, path);
  assertInside(absRoot, target, path);
  const realRoot = realpathOrSelf(absRoot);
  assertInside(realRoot, realpathOfExistingPrefix(target), path);
  return target;
}

function assertInside(root: string, target: string, original: string): void {
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new InvalidArgumentError(
      `path ${JSON.stringify(original)} resolves outside the config root`,
      [{ field: 'path', message: `must stay inside the config root (${root})` }],
    );
  }
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** realpath of the longest existing prefix, with the missing tail appended. */
function realpathOfExistingPrefix(path: string): string {
  let current = path;
  const tail: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(current);
      return tail.length ? resolve(real, ...tail.reverse()) : real;
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      tail.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      current = parent;
    }
  }
}
