import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The version of the catalog-server package this CLI ships with. Found by walking up from this
 * file because the compiled CLI (dist/apps/catalogctl/src) sits deeper than its source.
 */
export function cliVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'catalog-server' && pkg.version) return pkg.version;
    } catch {
      // no package.json here; keep walking up
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
