import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { TestApp } from './test-app';

export const MGMT = '/api/catalog-management/v1alpha1';

export const operator = { 'X-User-Role': 'operator', 'X-User-Name': 'alice' };
export const viewer = { 'X-User-Role': 'viewer', 'X-User-Name': 'victor' };

/** Every file under the config root with a hash of its bytes (history, lock and journal included). */
export function snapshotFiles(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== '.data') walk(path);
      } else
        out[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return out;
}

/** All rows of the given tables, ordered, as JSON (byte-identical comparison of DB state). */
export async function snapshotRows(
  t: TestApp,
  tables: string[] = ['mcp_server', 'catalog_refresh_status'],
): Promise<string> {
  const db = t.app.get<DataSource>(getDataSourceToken());
  const parts: unknown[] = [];
  for (const table of tables) parts.push(await db.query(`SELECT * FROM ${table} ORDER BY 1, 2`));
  return JSON.stringify(parts);
}

export async function snapshotAll(
  t: TestApp,
): Promise<{ files: Record<string, string>; rows: string }> {
  return { files: snapshotFiles(t.config.root), rows: await snapshotRows(t) };
}
