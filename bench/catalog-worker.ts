/**
 * The server side of the benchmarks: boots the real app (kernel, plugins, PostgreSQL) in its own
 * process, so timings and peak RSS are the server's alone, and runs refreshes on request.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import type { ManagedPlugin } from '@catalog/plugin';

// The server code runs compiled (`npm run build`), as in production: TypeScript compiled on the
// fly would add its own memory to the figures. Only this harness goes through SWC.
/* eslint-disable @typescript-eslint/no-require-imports */
const kernel = require('../dist/libs/catalog-plugin/src') as typeof import('@catalog/plugin');
const { createCatalogApp } =
  require('../dist/apps/catalog-server/src/catalog-app') as typeof import('../apps/catalog-server/src/catalog-app');
/* eslint-enable @typescript-eslint/no-require-imports */
const {
  CatalogIngestionService,
  CatalogLogger,
  InitialLoadService,
  PluginRegistry,
  loadCatalogEnv,
} = kernel;

export type WorkerRequest = { cmd: 'refresh'; plugin: string; sourceId: string } | { cmd: 'stop' };

export interface WorkerRefreshReply {
  ms: number;
  /** Peak RSS (VmHWM) of this process during the refresh, MiB. */
  peakRssMiB: number;
  /** Right after the refresh (before any GC): where the memory is. */
  memory: { heapUsedMiB: number; externalMiB: number; arrayBuffersMiB: number };
  result: {
    status: string;
    added: number;
    updated: number;
    removed: number;
    unchanged: number;
    entitiesLoaded: number;
    errors: unknown[];
  };
}

function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS (Linux)
  } catch {
    // not Linux: the peak then covers the whole process lifetime
  }
}

function peakRssMiB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const env = loadCatalogEnv({ ...process.env, LOG_LEVEL: 'error' });
  const catalog = await createCatalogApp({ env, logger: new CatalogLogger('json', 'error') });
  await catalog.app.get(InitialLoadService).whenDone();
  const engine = catalog.app.get(CatalogIngestionService);
  const registry = catalog.app.get(PluginRegistry);
  process.on('message', (msg: WorkerRequest) => {
    void (async () => {
      if (msg.cmd === 'stop') {
        await catalog.close();
        process.exit(0);
      }
      const plugin = registry.get(msg.plugin).plugin as ManagedPlugin;
      global.gc?.();
      resetPeakRss();
      const start = process.hrtime.bigint();
      const result = await engine.refreshSource(plugin, msg.sourceId);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const m = process.memoryUsage();
      const reply: WorkerRefreshReply = {
        ms,
        peakRssMiB: peakRssMiB(),
        memory: {
          heapUsedMiB: m.heapUsed / 1048576,
          externalMiB: m.external / 1048576,
          arrayBuffersMiB: m.arrayBuffers / 1048576,
        },
        result,
      };
      process.send!(reply);
    })();
  });
  process.send!({ ready: true });
}

void main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
