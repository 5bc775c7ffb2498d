import { execFile } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { catalogEnvNames, loadCatalogEnv } from '@catalog/plugin';
import { REPO_ROOT } from '../support/config-dir';
import { startTestApp, TestApp } from '../support/test-app';
import {
  Container,
  DOCKERFILE,
  K8S_DIR,
  Workload,
  compose,
  dockerfileInstructions,
  execForm,
  interpolateDefaults,
  kustomizeResources,
  only,
} from './support/manifests';

const container: Container = only<Workload>(kustomizeResources(K8S_DIR), 'Deployment').spec.template
  .spec.containers[0];
const server = compose().services['catalog-server'];
const dockerEnv = Object.fromEntries(
  dockerfileInstructions()
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => [...i.args.matchAll(/(\w+)=(\S+)/g)].map(([, k, v]) => [k, v])),
);
/** Runtime variables that belong to Node, not to the app's schema. */
/** Node's own settings, read by the runtime rather than the app. */
const NODE_RUNTIME_ENV = ['NODE_ENV', 'NODE_OPTIONS'];

/** Env of the Deployment's container; values from Secrets / the downward API get stand-ins. */
function deploymentEnv(): Record<string, string> {
  return Object.fromEntries(
    (container.env ?? []).map((e) => [
      e.name,
      e.value ??
        (e.name === 'DATABASE_URL' ? 'postgres://user@db:5432/catalog' : 'from-the-cluster'),
    ]),
  );
}

function composeEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(server.environment ?? {}).map(([k, v]) => [k, interpolateDefaults(String(v))]),
  );
}

/** The path and Host the health check script requests, captured by a throwaway HTTP server. */
async function healthcheckRequest(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ path: string; port: number }> {
  let seen: { path: string; port: number } | undefined;
  const recorder: Server = createServer((req, res) => {
    seen = { path: req.url ?? '', port: Number((req.headers.host ?? '').split(':')[1]) };
    res.end('ok');
  });
  await new Promise<void>((r) => recorder.listen(0, '127.0.0.1', r));
  const port = (recorder.address() as AddressInfo).port;
  try {
    await new Promise<void>((resolve) =>
      execFile(
        process.execPath,
        [
          '-r',
          '@swc-node/register',
          join(REPO_ROOT, 'apps/catalog-server/src/healthcheck.ts'),
          ...args.map((a) => a.replace('{port}', String(port))),
        ],
        { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) } },
        () => resolve(),
      ),
    );
  } finally {
    recorder.close();
  }
  if (!seen) throw new Error('the health check script made no request');
  return seen;
}

describe('probes, ports and env in the manifests match the app', () => {
  let t: TestApp;
  let getRoutes: Set<string>;

  beforeAll(async () => {
    t = await startTestApp();
    // The app's real routes, as its own OpenAPI document lists them.
    const doc = (await t.http.get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    getRoutes = new Set(
      Object.entries(doc.paths)
        .filter(([, ops]) => 'get' in ops)
        .map(([path]) => path),
    );
  });

  afterAll(async () => {
    await t.close();
  });

  it('Kubernetes probes hit real GET routes: readiness and startup on /readyz, liveness on a route without the database', async () => {
    const { startupProbe, readinessProbe, livenessProbe } = container;
    for (const probe of [startupProbe, readinessProbe, livenessProbe])
      expect(getRoutes).toContain(probe!.httpGet!.path);
    expect(startupProbe!.httpGet!.path).toBe(readinessProbe!.httpGet!.path);
    for (const probe of [startupProbe, readinessProbe, livenessProbe]) {
      await t.http.get(probe!.httpGet!.path).expect(200);
    }
    // Liveness answers without the database: it is the route that reports uptime, not components.
    expect((await t.http.get(livenessProbe!.httpGet!.path)).body).toEqual({
      status: 'alive',
      uptime: expect.any(Number),
    });
  });

  it('probe ports name the container port, which is the PORT the app listens on', () => {
    const env = loadCatalogEnv(deploymentEnv());
    const ports = new Map((container.ports ?? []).map((p) => [p.name, p.containerPort]));
    for (const probe of [
      container.startupProbe,
      container.readinessProbe,
      container.livenessProbe,
    ]) {
      const port = probe!.httpGet!.port;
      expect(typeof port === 'number' ? port : ports.get(port)).toBe(env.PORT);
    }
  });

  it('compose: the published container port, the health check URL and PORT agree', async () => {
    const env = loadCatalogEnv(composeEnv());
    expect(server.ports?.map((p) => Number(p.split(':').pop()))).toEqual([env.PORT]);
    const [, , script, url] = server.healthcheck!.test;
    expect(script).toBe('/app/dist/healthcheck.js');
    expect(new URL(url).port).toBe(String(env.PORT));
    expect(getRoutes).toContain(new URL(url).pathname);
    const seen = await healthcheckRequest({}, [url.replace(String(env.PORT), '{port}')]);
    expect(seen.path).toBe(new URL(url).pathname);
  });

  it('Docker: EXPOSE is the image’s PORT; the HEALTHCHECK (no URL) probes readiness on $PORT', async () => {
    const expose = dockerfileInstructions()
      .filter((i) => i.keyword === 'EXPOSE')
      .map((i) => Number(i.args));
    expect(expose).toEqual([Number(dockerEnv.PORT)]);
    expect(Number(dockerEnv.PORT)).toBe(loadCatalogEnv({}).PORT);
    const healthcheck = dockerfileInstructions().find((i) => i.keyword === 'HEALTHCHECK')!;
    const argv = execForm(healthcheck.args);
    expect(argv.slice(2)).toEqual([]); // the URL comes from $PORT, so a changed PORT keeps working
    const seen = await healthcheckRequest({});
    expect(getRoutes).toContain(seen.path);
    expect(seen.path).toBe(container.readinessProbe!.httpGet!.path);
  });

  it('every variable set in compose, the Deployment and the Dockerfile is in the app’s env schema, and validates', () => {
    const known = new Set(catalogEnvNames());
    const sets = {
      [`${K8S_DIR}/deployment.yaml`]: Object.keys(deploymentEnv()).filter(
        (k) => !NODE_RUNTIME_ENV.includes(k),
      ),
      'docker/docker-compose.yaml': Object.keys(composeEnv()),
      [DOCKERFILE]: Object.keys(dockerEnv).filter((k) => !NODE_RUNTIME_ENV.includes(k)),
    };
    for (const [file, names] of Object.entries(sets)) {
      expect({ file, unknown: names.filter((n) => !known.has(n)) }).toEqual({ file, unknown: [] });
    }
    expect(() => loadCatalogEnv(deploymentEnv())).not.toThrow();
    // The heap cap must leave room under the container's memory limit.
    const heap = /--max-old-space-size=(\d+)/.exec(deploymentEnv().NODE_OPTIONS ?? '')?.[1];
    expect(Number(heap)).toBeGreaterThan(0);
    expect(Number(heap)).toBeLessThanOrEqual(0.7 * 512);
    expect(dockerEnv.NODE_OPTIONS).toBe(deploymentEnv().NODE_OPTIONS);
    expect(() => loadCatalogEnv(composeEnv())).not.toThrow();
    expect(() => loadCatalogEnv(dockerEnv)).not.toThrow();
  });
});
