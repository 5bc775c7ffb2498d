import { inspect } from 'node:util';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { FakeKubeApiServer } from '../../../../../test/support/fake-kube-api-server';
import {
  InvalidArgumentError,
  PermissionDeniedError,
  ServiceUnavailableError,
} from '../../errors/catalog-errors';
import { K8sSecretResolver } from './k8s-secret-resolver';
import { SecretNotFoundError } from './secret-resolver';

const NS = 'catalog';

describe('K8sSecretResolver against the fake API server', () => {
  let server: FakeKubeApiServer;
  let resolver: K8sSecretResolver;

  beforeEach(async () => {
    server = await FakeKubeApiServer.start();
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfigYaml(NS));
    resolver = new K8sSecretResolver(kc.makeApiClient(CoreV1Api), NS);
    server.seed('secrets', NS, {
      metadata: { name: 'hf-token' },
      data: { token: Buffer.from('s3cr3t-value').toString('base64') },
    });
    server.seed('secrets', 'other', {
      metadata: { name: 'shared' },
      data: { 'api.key': Buffer.from('ünïcode').toString('base64') },
    });
  });
  afterEach(() => server.stop());

  it('base64-decodes data[key] of the Secret in the default namespace with one GET', async () => {
    const value = await resolver.resolve({ name: 'hf-token', key: 'token' });
    expect(value.reveal()).toBe('s3cr3t-value');
    expect(inspect(value)).not.toContain('s3cr3t');
    expect(JSON.stringify(value)).not.toContain('s3cr3t');
    expect(server.requests.map((r) => `${r.verb} ${r.resource} ${r.namespace}/${r.name}`)).toEqual([
      'get secrets catalog/hf-token',
    ]);
  });

  it('uses the namespace of the ref when it names one', async () => {
    expect(
      (await resolver.resolve({ name: 'shared', namespace: 'other', key: 'api.key' })).reveal(),
    ).toBe('ünïcode');
  });

  it('reports a missing Secret or key by reference, without the value', async () => {
    const missing = await resolver.resolve({ name: 'nope', key: 'token' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SecretNotFoundError);
    expect((missing as Error).message).toContain('catalog/nope[token]');
    const noKey = await resolver
      .resolve({ name: 'hf-token', key: 'password' })
      .catch((e: unknown) => e);
    expect(noKey).toBeInstanceOf(SecretNotFoundError);
    expect((noKey as Error).message).toContain('no key "password"');
    expect((noKey as Error).message).not.toContain('s3cr3t');
  });

  it('rejects invalid names before calling the API', async () => {
    await expect(resolver.resolve({ name: '../configmaps/x', key: 'token' })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(
      resolver.resolve({ name: 'hf-token', namespace: 'A/B', key: 'token' }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toEqual([]);
  });

  it('maps a 403 (RBAC) to PermissionDeniedError and an unreachable API to ServiceUnavailableError', async () => {
    server.forbid((r) => r.resource === 'secrets' && r.namespace === 'other');
    const denied = await resolver
      .resolve({ name: 'shared', namespace: 'other', key: 'api.key' })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect((denied as Error).message).toContain('namespace "other"');
    await server.stop();
    const down = await resolver
      .resolve({ name: 'hf-token', key: 'token' })
      .catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ServiceUnavailableError);
    expect((down as Error).message).toContain('unreachable');
  });
});
