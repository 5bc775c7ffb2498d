import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { REPO_ROOT } from '../support/config-dir';
import { DockerInstruction, dockerfileInstructions, execForm, read } from './support/manifests';

const instructions = dockerfileInstructions();
const stages = instructions.filter((i) => i.keyword === 'FROM');
const lastStage = stages.length - 1;
const inStage = (stage: number, keyword: string): DockerInstruction[] =>
  instructions.filter((i) => i.stage === stage && i.keyword === keyword);
const runtimeEnv = Object.fromEntries(
  inStage(lastStage, 'ENV').flatMap((i) =>
    [...i.args.matchAll(/(\w+)=(\S+)/g)].map(([, k, v]) => [k, v]),
  ),
);
const workdir = inStage(lastStage, 'WORKDIR')[0].args;
const json = <T>(path: string): T => JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8')) as T;

/** Where `npm run build` puts a file, computed from the build configuration (not hard-coded). */
function buildOutputs(): { main: string; healthcheck: string } {
  const nest = json<{
    projects: Record<
      string,
      { entryFile: string; sourceRoot: string; compilerOptions: { tsConfigPath: string } }
    >;
  }>('nest-cli.json');
  const project = nest.projects['catalog-server'];
  const appTsconfig = project.compilerOptions.tsConfigPath;
  const app = json<{ compilerOptions: { rootDir: string; outDir: string } }>(appTsconfig);
  const appDir = posix.dirname(appTsconfig);
  const rootDir = posix.join(appDir, app.compilerOptions.rootDir);
  const outDir = posix.join(appDir, app.compilerOptions.outDir);
  const main = posix.join(
    outDir,
    posix.relative(rootDir, posix.join(project.sourceRoot, `${project.entryFile}.js`)),
  );
  const hc = json<{ compilerOptions: { rootDir: string; outDir: string }; files: string[] }>(
    'apps/catalog-server/tsconfig.healthcheck.json',
  );
  const hcOut = posix.join('apps/catalog-server', hc.compilerOptions.outDir);
  const hcRoot = posix.join('apps/catalog-server', hc.compilerOptions.rootDir);
  const healthcheck = posix.join(
    hcOut,
    posix.relative(hcRoot, posix.join('apps/catalog-server', hc.files[0])).replace(/\.ts$/, '.js'),
  );
  return { main, healthcheck };
}

/** .dockerignore semantics for top-level names: the last matching pattern wins. */
function inBuildContext(path: string): boolean {
  let included = true;
  for (const raw of read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())) {
    if (!raw || raw.startsWith('#')) continue;
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*/g, '\0')
        .replace(/\*/g, '[^/]*')
        .replace(/\0/g, '.*')}(/.*)?$`,
    );
    if (regex.test(path)) included = negated;
  }
  return included;
}

describe('docker/Dockerfile', () => {
  it('is multi-stage: build with npm ci + npm run build, prune dev dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0].args).toMatch(/^node:20\S* AS build$/);
    const runs = inStage(0, 'RUN')
      .map((i) => i.args)
      .join('\n');
    expect(runs).toMatch(/npm ci\b/);
    expect(runs).toMatch(/npm run build\b/);
    expect(runs).toMatch(/npm prune --omit=dev\b/);
  });

  it('runs on distroless Node 20 as a non-root user, with nothing to RUN in the runtime stage', () => {
    expect(stages[lastStage].args).toMatch(/^gcr\.io\/distroless\/nodejs20-debian12:nonroot\b/);
    expect(inStage(lastStage, 'USER').map((i) => i.args)).toEqual(['65532:65532']);
    expect(inStage(lastStage, 'RUN')).toEqual([]); // distroless has no shell
  });

  it('CMD and HEALTHCHECK run files that the build produces', () => {
    const outputs = buildOutputs();
    expect(outputs).toEqual({
      main: 'dist/apps/catalog-server/src/main.js',
      healthcheck: 'dist/healthcheck.js',
    });
    const build = json<{ scripts: Record<string, string> }>('package.json').scripts.build;
    expect(build).toContain('nest build catalog-server');
    expect(build).toContain('tsc -p apps/catalog-server/tsconfig.healthcheck.json');
    expect(inStage(lastStage, 'COPY').map((i) => i.args)).toContain(
      `--from=build /src/dist ./dist`,
    );
    expect(execForm(inStage(lastStage, 'CMD')[0].args)).toEqual([
      posix.join(workdir, outputs.main),
    ]);
    expect(execForm(inStage(lastStage, 'HEALTHCHECK')[0].args)).toEqual([
      '/nodejs/bin/node',
      posix.join(workdir, outputs.healthcheck),
    ]);
    expect(existsSync(join(REPO_ROOT, 'apps/catalog-server/src/healthcheck.ts'))).toBe(true);
  });

  it('keeps everything it writes under one volume, so the root filesystem can be read-only', () => {
    const volume = execForm(inStage(lastStage, 'VOLUME')[0].args);
    for (const key of ['CATALOG_CONFIG_DIR', 'CATALOG_DATA_DIR']) {
      expect(volume.some((v) => runtimeEnv[key].startsWith(`${v}/`))).toBe(true);
    }
    // The seed is baked in at CATALOG_CONFIG_SEED_DIR, outside the volume (read-only).
    expect(inStage(lastStage, 'COPY').map((i) => i.args)).toContain(
      `config ${runtimeEnv.CATALOG_CONFIG_SEED_DIR}`,
    );
    expect(volume.some((v) => runtimeEnv.CATALOG_CONFIG_SEED_DIR.startsWith(v))).toBe(false);
    expect(runtimeEnv.HOST).toBe('0.0.0.0');
  });

  it('everything it copies from the context exists and is not excluded by .dockerignore', () => {
    const sources = instructions
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((a) => !a.startsWith('--'))
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect({
        source,
        exists: existsSync(join(REPO_ROOT, source)),
        inContext: inBuildContext(source),
      }).toEqual({ source, exists: true, inContext: true });
    }
    for (const excluded of [
      'node_modules',
      'dist',
      '.git',
      '.data',
      'test',
      'libs/catalog-plugin/src/health/readiness.service.spec.ts',
    ]) {
      expect({ excluded, inContext: inBuildContext(excluded) }).toEqual({
        excluded,
        inContext: false,
      });
    }
  });
});
