import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A small in-process Kubernetes API server for ConfigMaps and Secrets, good enough for the real
 * `@kubernetes/client-node` to talk to over HTTP: one global, monotonically increasing
 * resourceVersion, optimistic concurrency (409 on a stale resourceVersion), JSON / merge /
 * strategic-merge patches, label selectors, and streaming watches that replay from a
 * resourceVersion. It also enforces the API server's size limits (1 MiB of ConfigMap data,
 * 256 KiB of annotations) so a store that ignores them fails here as it would in a cluster.
 *
 * Every request is logged (`requests`), so tests can assert which calls were made, e.g. that a
 * Role covers every (verb, resource) a scenario needed, or that a 409 was retried.
 */

export type KubeResource = 'configmaps' | 'secrets';
export type KubeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface KubeObjectMeta {
  name: string;
  namespace: string;
  resourceVersion: string;
  uid: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: 'v1';
  kind: 'ConfigMap' | 'Secret';
  metadata: KubeObjectMeta;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  type?: string;
  immutable?: boolean;
}

export interface KubeRequestRecord {
  method: string;
  verb: KubeVerb | 'unknown';
  resource: KubeResource | 'unknown';
  namespace?: string;
  name?: string;
  /** Content-Type of a PATCH, i.e. which patch strategy the client used. */
  patchType?: string;
  /** HTTP status answered (200 for a watch that was opened). */
  status: number;
  path: string;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; kind?: string };
  code: number;
}

/** Holds matching requests until released, e.g. to line up two writers on the same version. */
export interface RequestGate {
  /** Resolves once `count` requests are being held. */
  waitForHeld(count: number): Promise<void>;
  /** Lets every held request (and all later ones) through. */
  release(): void;
}

interface ParsedRoute {
  resource: KubeResource;
  namespace: string;
  name?: string;
}

interface StoredEvent {
  resourceVersion: number;
  type: WatchEventType;
  resource: KubeResource;
  object: KubeObject;
}

interface ActiveWatch {
  resource: KubeResource;
  namespace: string;
  matches: (object: KubeObject) => boolean;
  response: ServerResponse;
}

interface PendingGate {
  predicate: (record: Pick<KubeRequestRecord, 'verb' | 'resource' | 'name'>) => boolean;
  limit: number;
  held: Array<() => void>;
  released: boolean;
  waiters: Array<{ count: number; resolve: () => void }>;
}

const MAX_CONFIGMAP_BYTES = 1024 * 1024;
const MAX_ANNOTATION_BYTES = 256 * 1024;
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const KIND: Record<KubeResource, KubeObject['kind']> = {
  configmaps: 'ConfigMap',
  secrets: 'Secret',
};

export class FakeKubeApiServer {
  readonly requests: KubeRequestRecord[] = [];
  private readonly objects = new Map<string, KubeObject>();
  private readonly events: StoredEvent[] = [];
  private readonly watches = new Set<ActiveWatch>();
  private readonly gates: PendingGate[] = [];
  private readonly forbidden: Array<(record: KubeRequestRecord) => boolean> = [];
  private resourceVersion = 1000;
  /** Events at or below this version were compacted away (a watch from before it gets 410). */
  private compactedThrough = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeKubeApiServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const instance = new FakeKubeApiServer(server, `http://127.0.0.1:${port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void instance.handle(req, res);
    });
    return instance;
  }

  /**
   * A kubeconfig for the real client. The client refuses plain HTTP unless the cluster says
   * `insecure-skip-tls-verify: true`.
   */
  kubeconfigYaml(namespace = 'default'): string {
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: fake',
      '    cluster:',
      `      server: ${this.url}`,
      '      insecure-skip-tls-verify: true',
      'users:',
      '  - name: tester',
      '    user:',
      '      token: fake-token',
      'contexts:',
      '  - name: fake',
      '    context:',
      '      cluster: fake',
      '      user: tester',
      `      namespace: ${namespace}`,
      'current-context: fake',
      '',
    ].join('\n');
  }

  /** The stored object, as a deep copy (no request is logged). */
  get(resource: KubeResource, namespace: string, name: string): KubeObject | undefined {
    const found = this.objects.get(objectKey(resource, namespace, name));
    return found ? clone(found) : undefined;
  }

  list(resource: KubeResource, namespace: string): KubeObject[] {
    return [...this.objects.values()]
      .filter((o) => KIND[resource] === o.kind && o.metadata.namespace === namespace)
      .map(clone);
  }

  /** Creates or replaces an object directly (a fixture, not an API call; watchers are notified). */
  seed(
    resource: KubeResource,
    namespace: string,
    object: { metadata: { name: string } & Partial<KubeObjectMeta> } & Partial<
      Omit<KubeObject, 'metadata'>
    >,
  ): KubeObject {
    const key = objectKey(resource, namespace, object.metadata.name);
    const existing = this.objects.get(key);
    const stored = this.store(
      resource,
      { ...object, metadata: { ...object.metadata, namespace } },
      existing,
    );
    this.record(resource, existing ? 'MODIFIED' : 'ADDED', stored);
    return clone(stored);
  }

  /** Forgets the request log (e.g. after the setup part of a test). */
  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Requests that match, in order. */
  requestsMatching(filter: Partial<KubeRequestRecord>): KubeRequestRecord[] {
    return this.requests.filter((r) =>
      Object.entries(filter).every(([k, v]) => r[k as keyof KubeRequestRecord] === v),
    );
  }

  /** Drops the event history, so a watch from an older resourceVersion gets 410 Gone. */
  compactEvents(): void {
    this.compactedThrough = this.resourceVersion;
    this.events.length = 0;
  }

  /** Ends every open watch stream, as an API server does on timeout or restart. */
  closeWatches(): void {
    for (const watch of this.watches) watch.response.end();
    this.watches.clear();
  }

  get openWatches(): number {
    return this.watches.size;
  }

  /**
   * Answers matching requests 403 Forbidden, as the API server does when RBAC does not allow
   * the call (e.g. reading Secrets in another namespace).
   */
  forbid(predicate: (record: KubeRequestRecord) => boolean): void {
    this.forbidden.push(predicate);
  }

  /** Holds the first `limit` requests matching `predicate` until `release()` is called. */
  gate(predicate: PendingGate['predicate'], limit = Number.POSITIVE_INFINITY): RequestGate {
    const gate: PendingGate = { predicate, limit, held: [], released: false, waiters: [] };
    this.gates.push(gate);
    return {
      waitForHeld: (count) =>
        gate.held.length >= count
          ? Promise.resolve()
          : new Promise<void>((resolve) => gate.waiters.push({ count, resolve })),
      release: () => {
        gate.released = true;
        this.gates.splice(this.gates.indexOf(gate), 1);
        for (const resume of gate.held.splice(0)) resume();
      },
    };
  }

  async stop(): Promise<void> {
    for (const gate of [...this.gates]) {
      gate.released = true;
      for (const resume of gate.held.splice(0)) resume();
    }
    this.closeWatches();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const route = parseRoute(url.pathname);
    const record: KubeRequestRecord = {
      method,
      verb: route ? verbOf(method, route, url) : 'unknown',
      resource: route?.resource ?? 'unknown',
      namespace: route?.namespace,
      name: route?.name,
      status: 0,
      path: url.pathname + url.search,
    };
    if (method === 'PATCH') record.patchType = (req.headers['content-type'] ?? '').split(';')[0];
    this.requests.push(record);
    let body: string;
    try {
      body = await readBody(req);
      await this.passGates(record);
    } catch {
      return;
    }
    if (!route || record.verb === 'unknown') {
      this.fail(res, record, 404, 'NotFound', `the server could not find the requested resource`);
      return;
    }
    if (this.forbidden.some((deny) => deny(record))) {
      const target = record.name ? `${record.resource} "${record.name}"` : record.resource;
      this.fail(
        res,
        record,
        403,
        'Forbidden',
        `${target} is forbidden: User "system:serviceaccount:test:tester" cannot ${record.verb} resource "${record.resource}" in API group "" in the namespace "${record.namespace}"`,
        { name: record.name, kind: record.resource },
      );
      return;
    }
    try {
      this.dispatch(route, record, url, body, res);
    } catch (err) {
      if (err instanceof ApiFailure) {
        this.fail(res, record, err.code, err.reason, err.message, {
          name: route.name,
          kind: route.resource,
        });
      } else {
        this.fail(res, record, 500, 'InternalError', String(err));
      }
    }
  }

  private passGates(record: KubeRequestRecord): Promise<void> {
    const gate = this.gates.find(
      (g) => !g.released && g.held.length < g.limit && g.predicate(record),
    );
    if (!gate) return Promise.resolve();
    return new Promise<void>((resolve) => {
      gate.held.push(resolve);
      for (const waiter of gate.waiters.filter((w) => gate.held.length >= w.count)) {
        gate.waiters.splice(gate.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  private dispatch(
    route: ParsedRoute,
    record: KubeRequestRecord,
    url: URL,
    body: string,
    res: ServerResponse,
  ): void {
    const { resource, namespace, name } = route;
    switch (record.verb) {
      case 'get':
        return this.reply(res, record, 200, this.require(resource, namespace, name!));
      case 'list':
        return this.reply(res, record, 200, {
          kind: `${KIND[resource]}List`,
          apiVersion: 'v1',
          metadata: { resourceVersion: String(this.resourceVersion) },
          items: this.selected(resource, namespace, url).map(clone),
        });
      case 'watch':
        return this.openWatch(resource, namespace, url, record, res);
      case 'create':
        return this.reply(res, record, 201, this.create(resource, namespace, parseJson(body)));
      case 'update':
        return this.reply(
          res,
          record,
          200,
          this.replace(resource, namespace, name!, parseJson(body)),
        );
      case 'patch':
        return this.reply(
          res,
          record,
          200,
          this.patch(resource, namespace, name!, body, record.patchType ?? ''),
        );
      case 'delete':
        return this.reply(res, record, 200, this.remove(resource, namespace, name!, body));
      default:
        throw new ApiFailure(405, 'MethodNotAllowed', `verb ${record.verb} is not supported`);
    }
  }

  private require(resource: KubeResource, namespace: string, name: string): KubeObject {
    const found = this.objects.get(objectKey(resource, namespace, name));
    if (!found) throw new ApiFailure(404, 'NotFound', `${resource} "${name}" not found`);
    return found;
  }

  private selected(resource: KubeResource, namespace: string, url: URL): KubeObject[] {
    const matches = selectorFor(url);
    return [...this.objects.values()]
      .filter((o) => o.kind === KIND[resource] && o.metadata.namespace === namespace && matches(o))
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  private create(resource: KubeResource, namespace: string, input: unknown): KubeObject {
    const object = asObject(input);
    const metadata = asObject(object.metadata ?? {});
    const name = metadata.name;
    if (typeof name !== 'string' || name === '') {
      throw new ApiFailure(
        422,
        'Invalid',
        `${KIND[resource]} is invalid: metadata.name: Required value`,
      );
    }
    if (metadata.namespace !== undefined && metadata.namespace !== namespace) {
      throw new ApiFailure(
        400,
        'BadRequest',
        'the namespace of the object does not match the namespace on the request',
      );
    }
    const key = objectKey(resource, namespace, name);
    if (this.objects.has(key)) {
      throw new ApiFailure(409, 'AlreadyExists', `${resource} "${name}" already exists`);
    }
    const stored = this.store(resource, { ...object, metadata: { ...metadata, name, namespace } });
    this.record(resource, 'ADDED', stored);
    return stored;
  }

  private replace(
    resource: KubeResource,
    namespace: string,
    name: string,
    input: unknown,
  ): KubeObject {
    const current = this.require(resource, namespace, name);
    const object = asObject(input);
    const metadata = asObject(object.metadata ?? {});
    if (metadata.name !== undefined && metadata.name !== name) {
      throw new ApiFailure(
        400,
        'BadRequest',
        'the name of the object does not match the name on the URL',
      );
    }
    this.checkResourceVersion(resource, name, current, metadata.resourceVersion);
    const stored = this.store(
      resource,
      { ...object, metadata: { ...metadata, name, namespace } },
      current,
    );
    this.record(resource, 'MODIFIED', stored);
    return stored;
  }

  private patch(
    resource: KubeResource,
    namespace: string,
    name: string,
    body: string,
    patchType: string,
  ): KubeObject {
    const current = this.require(resource, namespace, name);
    let patched: unknown;
    switch (patchType) {
      case 'application/json-patch+json':
        patched = applyJsonPatch(clone(current), parseJson(body));
        break;
      case 'application/merge-patch+json':
      case 'application/strategic-merge-patch+json':
        // ConfigMaps and Secrets have no list fields with merge keys, so a strategic merge
        // patch behaves exactly like a JSON merge patch for them.
        patched = applyMergePatch(clone(current), parseJson(body));
        break;
      default:
        throw new ApiFailure(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
        );
    }
    const object = asObject(patched);
    const metadata = asObject(object.metadata ?? {});
    if (metadata.name !== name || metadata.namespace !== namespace) {
      throw new ApiFailure(400, 'BadRequest', 'a patch may not change the name or namespace');
    }
    this.checkResourceVersion(resource, name, current, metadata.resourceVersion);
    const stored = this.store(resource, { ...object, metadata }, current);
    this.record(resource, 'MODIFIED', stored);
    return stored;
  }

  private remove(
    resource: KubeResource,
    namespace: string,
    name: string,
    body: string,
  ): KubeStatus {
    const current = this.require(resource, namespace, name);
    if (body.trim() !== '') {
      const options = asObject(parseJson(body));
      const preconditions = asObject(options.preconditions ?? {});
      this.checkResourceVersion(resource, name, current, preconditions.resourceVersion);
    }
    this.objects.delete(objectKey(resource, namespace, name));
    this.resourceVersion += 1;
    const gone = clone(current);
    gone.metadata.resourceVersion = String(this.resourceVersion);
    this.record(resource, 'DELETED', gone);
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      message: '',
      reason: '',
      details: { name, kind: resource },
      code: 200,
    };
  }

  private checkResourceVersion(
    resource: KubeResource,
    name: string,
    current: KubeObject,
    sent: unknown,
  ): void {
    if (sent === undefined || sent === null || sent === '') return;
    if (sent !== current.metadata.resourceVersion) {
      throw new ApiFailure(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
  }

  /** Validates like the API server, stamps server-owned metadata and a new resourceVersion. */
  private store(
    resource: KubeResource,
    input: Record<string, unknown> & { metadata: Record<string, unknown> },
    existing?: KubeObject,
  ): KubeObject {
    const object = clone(input) as Record<string, unknown>;
    const metadata = object.metadata as Record<string, unknown>;
    if (resource === 'secrets' && object.stringData && typeof object.stringData === 'object') {
      const data = { ...((object.data as Record<string, string>) ?? {}) };
      for (const [k, v] of Object.entries(object.stringData as Record<string, string>)) {
        data[k] = Buffer.from(v, 'utf8').toString('base64');
      }
      object.data = data;
      delete object.stringData;
    }
    validate(resource, object);
    this.resourceVersion += 1;
    const stored: KubeObject = {
      ...(object as Partial<KubeObject>),
      apiVersion: 'v1',
      kind: KIND[resource],
      metadata: {
        ...metadata,
        name: metadata.name as string,
        namespace: metadata.namespace as string,
        uid: existing?.metadata.uid ?? randomUUID(),
        creationTimestamp:
          existing?.metadata.creationTimestamp ??
          new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        resourceVersion: String(this.resourceVersion),
      },
    };
    if (resource === 'secrets' && !stored.type) stored.type = 'Opaque';
    this.objects.set(objectKey(resource, stored.metadata.namespace, stored.metadata.name), stored);
    return clone(stored);
  }

  private record(resource: KubeResource, type: WatchEventType, object: KubeObject): void {
    const event: StoredEvent = {
      resourceVersion: Number(object.metadata.resourceVersion),
      type,
      resource,
      object: clone(object),
    };
    this.events.push(event);
    for (const watch of this.watches) {
      if (
        watch.resource === resource &&
        watch.namespace === object.metadata.namespace &&
        watch.matches(object)
      ) {
        writeEvent(watch.response, type, object);
      }
    }
  }

  private openWatch(
    resource: KubeResource,
    namespace: string,
    url: URL,
    record: KubeRequestRecord,
    res: ServerResponse,
  ): void {
    const matches = selectorFor(url);
    const fromParam = url.searchParams.get('resourceVersion');
    const from = fromParam && fromParam !== '0' ? Number(fromParam) : undefined;
    record.status = 200;
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // Like the API server: the client sees the 200 at once, before any event.
    res.flushHeaders();
    if (from !== undefined && from < this.compactedThrough) {
      res.end(
        JSON.stringify({
          type: 'ERROR',
          object: statusBody(
            410,
            'Expired',
            `too old resource version: ${from} (${this.compactedThrough})`,
          ),
        }) + '\n',
      );
      return;
    }
    if (from === undefined) {
      // Like the API server: without a resourceVersion, start with the current state.
      for (const object of this.selected(resource, namespace, url))
        writeEvent(res, 'ADDED', object);
    } else {
      for (const event of this.events) {
        if (
          event.resourceVersion > from &&
          event.resource === resource &&
          event.object.metadata.namespace === namespace &&
          matches(event.object)
        ) {
          writeEvent(res, event.type, event.object);
        }
      }
    }
    const watch: ActiveWatch = { resource, namespace, matches, response: res };
    this.watches.add(watch);
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '0');
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    res.on('close', () => {
      if (timer) clearTimeout(timer);
      this.watches.delete(watch);
    });
  }

  private reply(
    res: ServerResponse,
    record: KubeRequestRecord,
    status: number,
    body: unknown,
  ): void {
    record.status = status;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  private fail(
    res: ServerResponse,
    record: KubeRequestRecord,
    code: number,
    reason: string,
    message: string,
    details?: KubeStatus['details'],
  ): void {
    this.reply(res, record, code, statusBody(code, reason, message, details));
  }
}

class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

function statusBody(
  code: number,
  reason: string,
  message: string,
  details?: KubeStatus['details'],
): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function writeEvent(res: ServerResponse, type: WatchEventType, object: KubeObject): void {
  res.write(JSON.stringify({ type, object }) + '\n');
}

function objectKey(resource: KubeResource, namespace: string, name: string): string {
  return `${resource}/${namespace}/${name}`;
}

const ROUTE = /^\/api\/v1\/namespaces\/([^/]+)\/(configmaps|secrets)(?:\/([^/]+))?$/;

function parseRoute(pathname: string): ParsedRoute | undefined {
  const match = ROUTE.exec(pathname);
  if (!match) return undefined;
  return {
    namespace: decodeURIComponent(match[1]),
    resource: match[2] as KubeResource,
    name: match[3] === undefined ? undefined : decodeURIComponent(match[3]),
  };
}

function verbOf(method: string, route: ParsedRoute, url: URL): KubeVerb | 'unknown' {
  const named = route.name !== undefined;
  switch (method) {
    case 'GET':
      if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') {
        return named ? 'unknown' : 'watch';
      }
      return named ? 'get' : 'list';
    case 'POST':
      return named ? 'unknown' : 'create';
    case 'PUT':
      return named ? 'update' : 'unknown';
    case 'PATCH':
      return named ? 'patch' : 'unknown';
    case 'DELETE':
      return named ? 'delete' : 'unknown';
    default:
      return 'unknown';
  }
}

/** Equality-based label selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`) and `metadata.name=` fields. */
function selectorFor(url: URL): (object: KubeObject) => boolean {
  const labelTerms = (url.searchParams.get('labelSelector') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const fieldTerms = (url.searchParams.get('fieldSelector') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return (object) => {
    const labels = object.metadata.labels ?? {};
    const labelsOk = labelTerms.every((term) => {
      const neq = /^([^!=]+)!=(.*)$/.exec(term);
      if (neq) return labels[neq[1]] !== neq[2];
      const eq = /^([^!=]+)==?(.*)$/.exec(term);
      if (eq) return labels[eq[1]] === eq[2];
      if (term.startsWith('!')) return !(term.slice(1) in labels);
      return term in labels;
    });
    const fieldsOk = fieldTerms.every((term) => {
      const eq = /^metadata\.name==?(.*)$/.exec(term);
      return eq ? object.metadata.name === eq[1] : true;
    });
    return labelsOk && fieldsOk;
  };
}

function validate(resource: KubeResource, object: Record<string, unknown>): void {
  const kind = KIND[resource];
  const problems: string[] = [];
  const data = (object.data ?? {}) as Record<string, unknown>;
  const binary = (object.binaryData ?? {}) as Record<string, unknown>;
  let size = 0;
  for (const [key, value] of [...Object.entries(data), ...Object.entries(binary)]) {
    if (!DATA_KEY.test(key) || key.length > 253) {
      problems.push(
        `data[${key}]: Invalid value: "${key}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`,
      );
    }
    if (typeof value !== 'string') problems.push(`data[${key}]: Invalid value: must be a string`);
    else size += key.length + value.length;
  }
  if (size > MAX_CONFIGMAP_BYTES) {
    problems.push(`[]: Too long: must have at most ${MAX_CONFIGMAP_BYTES} bytes`);
  }
  const metadata = object.metadata as Record<string, unknown>;
  const annotations = (metadata.annotations ?? {}) as Record<string, unknown>;
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const [prefix, name] = key.includes('/') ? key.split('/', 2) : [undefined, key];
    if (
      !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name) ||
      name.length > 63 ||
      (prefix !== undefined && prefix.length > 253)
    ) {
      problems.push(
        `metadata.annotations: Invalid value: "${key}": name part must be at most 63 characters of [-A-Za-z0-9_.]`,
      );
    }
    annotationBytes += key.length + String(value).length;
  }
  if (annotationBytes > MAX_ANNOTATION_BYTES) {
    problems.push(
      `metadata.annotations: Too long: must have at most ${MAX_ANNOTATION_BYTES} bytes`,
    );
  }
  if (problems.length > 0) {
    throw new ApiFailure(
      422,
      'Invalid',
      `${kind} "${String(metadata.name)}" is invalid: ${problems.join(', ')}`,
    );
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    throw new ApiFailure(400, 'BadRequest', `invalid JSON body: ${String(err)}`);
  }
}

function asObject(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiFailure(400, 'BadRequest', 'expected a JSON object');
  }
  return value as Record<string, unknown>;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** RFC 7386 JSON merge patch. */
function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/** RFC 6902 JSON patch (the client's default patch content type). */
function applyJsonPatch(document: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw new ApiFailure(400, 'BadRequest', 'a JSON patch must be a list of operations');
  let doc = document;
  for (const raw of ops as JsonPatchOp[]) {
    switch (raw.op) {
      case 'add':
        doc = pointerSet(doc, raw.path, raw.value, 'add');
        break;
      case 'replace':
        pointerGet(doc, raw.path);
        doc = pointerSet(doc, raw.path, raw.value, 'replace');
        break;
      case 'remove':
        doc = pointerRemove(doc, raw.path);
        break;
      case 'move': {
        const value = pointerGet(doc, raw.from ?? '');
        doc = pointerSet(pointerRemove(doc, raw.from ?? ''), raw.path, value, 'add');
        break;
      }
      case 'copy':
        doc = pointerSet(doc, raw.path, clone(pointerGet(doc, raw.from ?? '')), 'add');
        break;
      case 'test':
        if (JSON.stringify(pointerGet(doc, raw.path)) !== JSON.stringify(raw.value)) {
          throw new ApiFailure(422, 'Invalid', `the test operation at ${raw.path} failed`);
        }
        break;
      default:
        throw new ApiFailure(
          400,
          'BadRequest',
          `unknown JSON patch op ${String((raw as { op: unknown }).op)}`,
        );
    }
  }
  return doc;
}

function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new ApiFailure(400, 'BadRequest', `bad JSON pointer ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function pointerGet(doc: unknown, pointer: string): unknown {
  let current = doc;
  for (const token of pointerTokens(pointer)) {
    if (current && typeof current === 'object' && token in (current as Record<string, unknown>)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      throw new ApiFailure(422, 'Invalid', `JSON pointer ${pointer} does not exist`);
    }
  }
  return current;
}

function pointerParent(
  doc: unknown,
  pointer: string,
): { parent: Record<string, unknown> | unknown[]; token: string } {
  const tokens = pointerTokens(pointer);
  const token = tokens.pop();
  if (token === undefined) throw new ApiFailure(422, 'Invalid', 'cannot address the document root');
  const parent = pointerGet(
    doc,
    tokens.length
      ? '/' + tokens.map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
      : '',
  );
  if (!parent || typeof parent !== 'object') {
    throw new ApiFailure(422, 'Invalid', `parent of ${pointer} is not an object`);
  }
  return { parent: parent as Record<string, unknown> | unknown[], token };
}

function pointerSet(
  doc: unknown,
  pointer: string,
  value: unknown,
  mode: 'add' | 'replace',
): unknown {
  if (pointer === '') return value;
  const { parent, token } = pointerParent(doc, pointer);
  if (Array.isArray(parent)) {
    const index = token === '-' ? parent.length : Number(token);
    if (mode === 'add') parent.splice(index, 0, value);
    else parent[index] = value;
  } else {
    parent[token] = value;
  }
  return doc;
}

function pointerRemove(doc: unknown, pointer: string): unknown {
  pointerGet(doc, pointer);
  const { parent, token } = pointerParent(doc, pointer);
  if (Array.isArray(parent)) parent.splice(Number(token), 1);
  else delete parent[token];
  return doc;
}
