import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadAll } from 'js-yaml';
import { REPO_ROOT } from '../../support/config-dir';

/** Deployment files, relative to the repository root. */
export const K8S_DIR = 'k8s';
export const COMPOSE_FILE = 'docker/docker-compose.yaml';
export const DOCKERFILE = 'docker/Dockerfile';

export const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');

/** Every document of a YAML file (`---`-separated). */
export function yamlDocs<T = Record<string, unknown>>(path: string): T[] {
  return (loadAll(read(path)) as Array<T | null>).filter(
    (d): d is T => d !== null && d !== undefined,
  );
}

/** Every YAML file under k8s/ except the seed (catalog data, not manifests). */
export function k8sYamlFiles(dir = K8S_DIR): string[] {
  return readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(REPO_ROOT, path)).isDirectory())
      return name === 'seed' ? [] : k8sYamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Files below `dir`, relative to it. */
export function filesUnder(dir: string): string[] {
  const root = join(REPO_ROOT, dir);
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) =>
      statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [relative(root, join(d, name))],
    );
  return walk(root).sort();
}

// --- Kubernetes shapes (only what the tests read) -------------------------------------------------

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
  exec?: { command: string[] };
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
    configMapKeyRef?: { name: string; key: string };
  };
}

export interface Container {
  name: string;
  image: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: EnvVar[];
  envFrom?: Array<{ secretRef?: { name: string } }>;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    runAsNonRoot?: boolean;
    capabilities?: { drop?: string[] };
  };
}

export interface Volume {
  name: string;
  emptyDir?: Record<string, unknown>;
  configMap?: { name: string; items?: Array<{ key: string; path: string }> };
  secret?: { secretName: string };
}

export interface PodSpec {
  serviceAccountName?: string;
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: Volume[];
}

export interface Workload extends K8sObject {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}

export interface ServiceObject extends K8sObject {
  spec: {
    selector: Record<string, string>;
    ports: Array<{ name?: string; port: number; targetPort: string | number }>;
  };
}

export interface Kustomization {
  apiVersion: string;
  kind: 'Kustomization';
  namespace?: string;
  resources?: string[];
  configMapGenerator?: Array<{ name: string; files?: string[] }>;
  secretGenerator?: Array<{ name: string; literals?: string[] }>;
  generatorOptions?: { disableNameSuffixHash?: boolean };
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
}

export function kustomization(dir: string): Kustomization {
  return yamlDocs<Kustomization>(join(dir, 'kustomization.yaml'))[0];
}

/** The objects a kustomization's `resources` list (files only; kustomize builds the rest). */
export function kustomizeResources(dir: string): K8sObject[] {
  return (kustomization(dir).resources ?? []).flatMap((file) =>
    yamlDocs<K8sObject>(join(dir, file)),
  );
}

export function only<T extends K8sObject>(objects: K8sObject[], kind: string, name?: string): T {
  const found = objects.filter(
    (o) => o.kind === kind && (name === undefined || o.metadata.name === name),
  );
  if (found.length !== 1)
    throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0] as T;
}

/** `key=path` (or `path`, keyed by its file name) entries of a configMapGenerator. */
export function generatorFiles(entries: readonly string[]): Array<{ key: string; file: string }> {
  return entries.map((entry) => {
    const [key, file] = entry.includes('=')
      ? entry.split('=', 2)
      : [entry.split('/').pop()!, entry];
    return { key, file };
  });
}

/** `KEY=value` literals of a secretGenerator. */
export function literals(entries: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(
    entries.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

// --- docker compose --------------------------------------------------------------------------------

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: {
    test: string[];
    interval?: string;
    timeout?: string;
    start_period?: string;
    retries?: number;
  };
  restart?: string;
  read_only?: boolean;
  user?: string;
  stop_grace_period?: string;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function compose(): ComposeFile {
  return yamlDocs<ComposeFile>(COMPOSE_FILE)[0];
}

/** Compose's `${VAR:-default}` interpolation with nothing set: every variable takes its default. */
export function interpolateDefaults(value: string): string {
  return value.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}/g,
    (_m, _name: string, fallback?: string) => fallback ?? '',
  );
}

/** `10s`, `1m30s`, `500ms` → milliseconds. */
export function durationMs(value: string): number {
  let total = 0;
  for (const [, n, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total +=
      Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return total;
}

// --- Dockerfile ------------------------------------------------------------------------------------

export interface DockerInstruction {
  keyword: string;
  args: string;
  /** Index of the build stage (FROM) it belongs to. */
  stage: number;
}

/** Instructions with line continuations joined and comments dropped. */
export function dockerfileInstructions(text = read(DOCKERFILE)): DockerInstruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  let stage = -1;
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      if (keyword.toUpperCase() === 'FROM') stage++;
      return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
    });
}

/** `["a", "b"]` exec form → argv. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  return JSON.parse(json) as string[];
}
