import { randomUUID } from 'node:crypto';
import { ApiError, NetworkError, UnexpectedResponseError } from './api-errors';
import type {
  ApplyResponse,
  DeleteResponse,
  ErrorBody,
  ListOf,
  ManagedSource,
  ManagementPlugin,
  PluginDiagnostics,
  PluginRefreshResult,
  RefreshResult,
  RevisionInfo,
  Role,
  SourceDetail,
  SourceDiagnostics,
  SourceEdit,
  StateChangeResponse,
  ValidationReport,
} from './api-types';

export const MANAGEMENT_BASE = '/api/catalog-management/v1alpha1';

export interface CatalogApiClientOptions {
  /** Base URL, e.g. `http://localhost:8080` (a path prefix behind a proxy is kept). */
  server: string;
  /** Token mode: sent as `Authorization: Bearer …`. */
  token?: string;
  /** Header mode: sent as `X-User-Role`. */
  role?: Role;
  /** Header mode: sent as `X-User-Name` (the author recorded on revisions). */
  user?: string;
  timeoutMs: number;
}

export interface ApplyOutcome {
  /** 201 when the apply created the source. */
  status: number;
  body: ApplyResponse;
}

/** Optimistic concurrency for mutations: the revision the caller's change is based on. */
export interface Precondition {
  expectedRevision?: string;
}

/**
 * Typed access to the management plane over HTTP (Node's global fetch). Every non-2xx answer
 * becomes an ApiError carrying the server's error body; transport failures become NetworkError.
 */
export class CatalogApiClient {
  private readonly base: string;

  constructor(
    private readonly options: CatalogApiClientOptions,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.base = options.server.replace(/\/+$/, '');
  }

  get server(): string {
    return this.base;
  }

  listPlugins(): Promise<ListOf<ManagementPlugin>> {
    return this.json('GET', '/plugins');
  }

  listSources(plugin: string): Promise<ListOf<ManagedSource>> {
    return this.json('GET', `${pluginPath(plugin)}/sources`);
  }

  getSource(plugin: string, id: string): Promise<SourceDetail> {
    return this.json('GET', sourcePath(plugin, id));
  }

  validate(plugin: string, id: string, edit: SourceEdit): Promise<ValidationReport> {
    return this.json('POST', `${sourcePath(plugin, id)}:validate`, edit);
  }

  async apply(plugin: string, id: string, edit: SourceEdit): Promise<ApplyOutcome> {
    const res = await this.request('POST', `${sourcePath(plugin, id)}:apply`, edit);
    return { status: res.status, body: (await readJson(res)) as ApplyResponse };
  }

  setEnabled(
    plugin: string,
    id: string,
    enabled: boolean,
    precondition: Precondition = {},
  ): Promise<StateChangeResponse> {
    const verb = enabled ? 'enable' : 'disable';
    return this.json('POST', `${sourcePath(plugin, id)}:${verb}`, undefined, precondition);
  }

  deleteSource(
    plugin: string,
    id: string,
    precondition: Precondition = {},
  ): Promise<DeleteResponse> {
    return this.json('DELETE', sourcePath(plugin, id), undefined, precondition);
  }

  async revisions(plugin: string, id: string): Promise<ListOf<RevisionInfo>> {
    return this.json('GET', `${sourcePath(plugin, id)}/revisions`);
  }

  rollback(
    plugin: string,
    id: string,
    revisionId: string,
    refreshAfterApply: boolean,
    precondition: Precondition = {},
  ): Promise<StateChangeResponse> {
    return this.json(
      'POST',
      `${sourcePath(plugin, id)}:rollback`,
      { revisionId, refreshAfterApply },
      precondition,
    );
  }

  refreshSource(plugin: string, id: string): Promise<RefreshResult> {
    return this.json('POST', `${sourcePath(plugin, id)}:refresh`);
  }

  refreshPlugin(plugin: string): Promise<PluginRefreshResult> {
    return this.json('POST', `${pluginPath(plugin)}:refresh`);
  }

  pluginDiagnostics(plugin: string): Promise<PluginDiagnostics> {
    return this.json('GET', `${pluginPath(plugin)}/diagnostics`);
  }

  sourceDiagnostics(plugin: string, id: string): Promise<SourceDiagnostics> {
    return this.json('GET', `${sourcePath(plugin, id)}/diagnostics`);
  }

  // ── transport ────────────────────────────────────────────────────────────────────────────

  private async json<T>(
    method: string,
    path: string,
    body?: unknown,
    precondition: Precondition = {},
  ): Promise<T> {
    return (await readJson(await this.request(method, path, body, precondition))) as T;
  }

  /** Sends one request; resolves only for 2xx answers. */
  private async request(
    method: string,
    path: string,
    body?: unknown,
    precondition: Precondition = {},
  ): Promise<Response> {
    const url = `${this.base}${MANAGEMENT_BASE}${path}`;
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method,
        headers: this.headers(body !== undefined, precondition),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      throw toNetworkError(err, url, this.options.timeoutMs);
    }
    if (res.ok) return res;
    throw await toApiError(res);
  }

  private headers(hasBody: boolean, precondition: Precondition): Record<string, string> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      // Our own id, so a request that never got an answer can still be found in server logs.
      'X-Request-Id': randomUUID(),
    };
    if (hasBody) headers['Content-Type'] = 'application/json';
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    if (this.options.role) headers['X-User-Role'] = this.options.role;
    if (this.options.user) headers['X-User-Name'] = this.options.user;
    if (precondition.expectedRevision) headers['If-Match'] = `"${precondition.expectedRevision}"`;
    return headers;
  }
}

function pluginPath(plugin: string): string {
  return `/plugins/${encodeURIComponent(plugin)}`;
}

function sourcePath(plugin: string, id: string): string {
  return `${pluginPath(plugin)}/sources/${encodeURIComponent(id)}`;
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UnexpectedResponseError(
      `expected JSON from ${res.url}, got ${describeBody(res, text)}`,
      res.status,
    );
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isErrorBody(parsed)) return new ApiError(res.status, parsed, retryAfter);
  // Not our error shape (a proxy or load balancer answered): keep what we can show.
  return new ApiError(
    res.status,
    {
      code: `HTTP_${res.status}`,
      message: `${res.status} ${res.statusText || 'error'}: ${describeBody(res, text)}`,
      details: [],
      requestId: res.headers.get('x-request-id') ?? '',
    },
    retryAfter,
  );
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function describeBody(res: Response, text: string): string {
  const type = res.headers.get('content-type') ?? 'no content type';
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 120);
  return snippet ? `${type}: ${snippet}` : `an empty ${type} body`;
}

function toNetworkError(err: unknown, url: string, timeoutMs: number): NetworkError {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new NetworkError(`no answer from ${url} within ${timeoutMs / 1000}s`, url, true);
  }
  // fetch reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND…) in cause.
  const reason =
    (err instanceof Error && describeCause(err.cause)) ||
    (err instanceof Error ? err.message : String(err));
  return new NetworkError(`cannot reach ${url}: ${reason}`, url);
}

/**
 * A connection error's text. When Node tried several addresses (`localhost` → ::1 and
 * 127.0.0.1), the cause is an AggregateError with an empty message: describe its parts.
 */
function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError) {
    return [...new Set(cause.errors.map(describeCause).filter(Boolean))].join('; ');
  }
  if (cause instanceof Error) return cause.message || (cause as { code?: string }).code || '';
  return '';
}
