import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CatalogSourcesConfig } from '../config/sources-config';
import { parseSourcesDocument } from '../config/sources-document.parser';
import { SourcesLayer, mergeSourcesLayers } from '../config/sources-merge';

export interface SourcesFilesSnapshot {
  config: CatalogSourcesConfig;
  /** SHA-256 over every file's path and bytes, in order. */
  version: string;
  layers: Array<SourcesLayer & { text: string }>;
}

/** Reads, strictly parses and merges the sources.yaml files in the given order. */
export async function readSourcesFiles(paths: readonly string[]): Promise<SourcesFilesSnapshot> {
  const hash = createHash('sha256');
  const layers: Array<SourcesLayer & { text: string }> = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new Error(
        `cannot read sources file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        { cause: err },
      );
    }
    hash.update(path).update('\0').update(text).update('\0');
    layers.push({ origin: path, document: parseSourcesDocument(text, path), text });
  }
  return { config: mergeSourcesLayers(layers), version: hash.digest('hex'), layers };
}
