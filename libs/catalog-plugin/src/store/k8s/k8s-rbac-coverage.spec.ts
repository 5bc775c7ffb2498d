import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import {
  K8sStoreHarness,
  MCP,
  MODEL,
  NAMESPACE,
  SCOPES,
  eventually,
} from '../../../../../test/k8s/k8s-store-harness';
import { REPO_ROOT } from '../../../../../test/support/config-dir';
import { K8sSecretResolver } from '../secrets/k8s-secret-resolver';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
  roleRef?: { apiGroup: string; kind: string; name: string };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
}

const manifests = loadAll(readFileSync(join(REPO_ROOT, 'k8s', 'rbac.yaml'), 'utf8')) as Manifest[];
const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);

describe('k8s/rbac.yaml', () => {
  it('is a namespace-scoped ServiceAccount + Role + RoleBinding, with no hard-coded namespace (kustomize sets it)', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Role', 'RoleBinding', 'ServiceAccount']);
    expect(byKind('ClusterRole')).toEqual([]);
    expect(manifests.every((m) => m.metadata.namespace === undefined)).toBe(true);
    const [sa] = byKind('ServiceAccount');
    const [role] = byKind('Role');
    const [binding] = byKind('RoleBinding');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name }]);
    // Secrets: read one by name only, never list or watch them all.
    const secretVerbs = role
      .rules!.filter((r) => r.resources.includes('secrets'))
      .flatMap((r) => r.verbs);
    expect(secretVerbs).toEqual(['get']);
  });

  it('grants every (verb, resource) a full store + secret scenario makes against the API server', async () => {
    const h = await K8sStoreHarness.start();
    try {
      h.server.seed('secrets', NAMESPACE, {
        metadata: { name: 'hf-token' },
        data: { token: Buffer.from('x').toString('base64') },
      });
      const store = h.newStore();
      const other = h.newStore();
      await store.load(SCOPES); // list, create (bootstrap)
      store.watch(() => undefined); // watch
      await eventually(() => h.server.openWatches === 1);
      const source = { id: 'team', name: 'Team', type: 'yaml' };
      const first = await store.applySource(
        MCP,
        'team',
        { source, rawYaml: 'a: 1\n' },
        { author: 'a' },
      );
      // Two writers racing: 409 + retry (get again, update again).
      const updates = h.server.gate((r) => r.verb === 'update', 2);
      const race = Promise.all([
        store.setEnabled(MCP, 'team', false, { author: 'a' }),
        other.setEnabled(MODEL, 'dev-validated', false, { author: 'b' }),
        other.applySource(
          MCP,
          'team-2',
          { source: { ...source, id: 'team-2' }, rawYaml: 'b: 2\n' },
          { author: 'b' },
        ),
      ]);
      await updates.waitForHeld(2);
      updates.release();
      await race;
      await store.rollback(MCP, 'team', first.appliedRevision, { author: 'a' });
      await store.listRevisions(MCP, 'team');
      await store.deleteSource(MCP, 'team-2', { author: 'a' });
      await store.ping();
      await new K8sSecretResolver(h.kubeConfig().makeApiClient(CoreV1Api), NAMESPACE).resolve({
        name: 'hf-token',
        key: 'token',
      });

      const [role] = byKind('Role');
      const allowed = new Set(
        role
          .rules!.filter((r) => r.apiGroups.includes(''))
          .flatMap((r) => r.resources.flatMap((res) => r.verbs.map((v) => `${v} ${res}`))),
      );
      const used = new Set(h.server.requests.map((r) => `${r.verb} ${r.resource}`));
      // The scenario really exercised the interesting verbs.
      expect([...used].sort()).toEqual(
        expect.arrayContaining([
          'create configmaps',
          'get configmaps',
          'get secrets',
          'list configmaps',
          'update configmaps',
          'watch configmaps',
        ]),
      );
      expect([...used].filter((u) => !allowed.has(u))).toEqual([]);
      // Everything happened in the one namespace the Role is bound in.
      expect(new Set(h.server.requests.map((r) => r.namespace))).toEqual(new Set([NAMESPACE]));
    } finally {
      await h.close();
    }
  });
});
