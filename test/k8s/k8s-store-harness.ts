import { createHash } from 'node:crypto';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { StoreScope } from '@catalog/plugin';
import {
  K8sConfigMapStore,
  K8sConfigMapStoreOptions,
} from '../../libs/catalog-plugin/src/store/k8s/k8s-configmap-store';
import { makeConfigDir, TempConfigDir } from '../support/config-dir';
import { FakeKubeApiServer } from '../support/fake-kube-api-server';

export const NAMESPACE = 'catalog-test';
export const PREFIX = 'catalog-sources';
export const MCP: StoreScope = { plugin: 'mcp', configKey: 'mcp' };
export const MODEL: StoreScope = { plugin: 'model', configKey: 'models' };
export const SCOPES: readonly StoreScope[] = [MCP, MODEL];

/** Warnings and debug lines a store logged, for assertions (and a quiet test run). */
export class RecordingLogger {
  readonly warnings: string[] = [];
  readonly debugs: string[] = [];
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
  debug(message: unknown): void {
    this.debugs.push(String(message));
  }
}

/**
 * A fake API server, a private copy of the shipped config/ as bootstrap files, and K8sConfigMapStores
 * talking to the server through the real client. `kubectl` is a separate client for "external"
 * edits, like an operator using kubectl.
 */
export class K8sStoreHarness {
  readonly stores: K8sConfigMapStore[] = [];
  readonly kubectl: CoreV1Api;

  private constructor(
    readonly server: FakeKubeApiServer,
    readonly config: TempConfigDir,
  ) {
    this.kubectl = this.kubeConfig().makeApiClient(CoreV1Api);
  }

  static async start(
    config: TempConfigDir = makeConfigDir({}, { copyShipped: true }),
  ): Promise<K8sStoreHarness> {
    return new K8sStoreHarness(await FakeKubeApiServer.start(), config);
  }

  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromString(this.server.kubeconfigYaml(NAMESPACE));
    return kc;
  }

  newStore(
    overrides: Partial<K8sConfigMapStoreOptions> = {},
  ): K8sConfigMapStore & { log: RecordingLogger } {
    const log = new RecordingLogger();
    const store = new K8sConfigMapStore({
      kubeConfig: this.kubeConfig(),
      namespace: NAMESPACE,
      configMapPrefix: PREFIX,
      bootstrap: { paths: [this.config.path('sources.yaml')], root: this.config.root },
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
      watchRetryDelayMs: 20,
      logger: log,
      ...overrides,
    });
    this.stores.push(store);
    return Object.assign(store, { log });
  }

  configMap(plugin: string) {
    return this.server.get('configmaps', NAMESPACE, `${PREFIX}-${plugin}`);
  }

  async close(): Promise<void> {
    for (const store of this.stores) await store.close();
    await this.server.stop();
    this.config.remove();
  }
}

/** Waits until `condition` holds (polling), or fails after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** YAML that gzip cannot shrink much (hash-derived tokens), to fill annotations for real. */
export function incompressibleYaml(bytes: number, seed: number): string {
  const lines = [`# generated catalog ${seed}`, 'mcpservers:'];
  let size = lines.join('\n').length;
  for (let i = 0; size < bytes; i++) {
    const token = createHash('sha256').update(`${seed}:${i}`).digest('base64');
    const line = `  - name: server-${seed}-${i}\n    description: ${token}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}
