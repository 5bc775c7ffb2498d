#!/usr/bin/env node
'use strict';
/* global require, __dirname, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher, run by node as-is */
// Entry point of `catalogctl` (package.json "bin"). Runs the compiled CLI from `npm run build`
// when it is at least as new as the TypeScript source; otherwise (a fresh clone, or sources
// edited since the last build) it compiles the source on the fly with @swc-node/register, so
// `npx catalogctl` works without a build step and never runs stale code.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const compiled = join(root, 'dist', 'apps', 'catalogctl', 'src', 'main.js');
const sourceDir = join(root, 'apps', 'catalogctl', 'src');

function newestMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function compiledIsCurrent() {
  if (!existsSync(compiled)) return false;
  if (!existsSync(sourceDir)) return true; // shipped without sources
  return statSync(compiled).mtimeMs >= newestMtimeMs(sourceDir);
}

if (compiledIsCurrent()) {
  require(compiled);
} else {
  // Compile with this repository's tsconfig, whatever directory the command runs from.
  process.env.SWC_NODE_PROJECT = join(root, 'tsconfig.json');
  require('@swc-node/register');
  require(join(sourceDir, 'main.ts'));
}
