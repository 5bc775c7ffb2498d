import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  OnModuleInit,
} from '@nestjs/common';
import type { Request } from 'express';
import { CATALOG_ENV, CatalogEnv } from '../../config/catalog-env';
import { PermissionDeniedError, UnauthenticatedError } from '../../errors/catalog-errors';
import { ApiTokens } from './api-tokens';
import { CALLER_KEY, Caller, CatalogRole } from './caller';

export const MANAGEMENT_PREFIX = '/api/catalog-management/';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Access control for the whole management plane, by path prefix: a route added later cannot
 * escape it. GETs need a viewer, everything else an operator. The data plane stays open.
 */
@Injectable()
export class ManagementAccessGuard implements CanActivate, OnModuleInit {
  private readonly logger = new Logger('auth');
  private tokens?: ApiTokens;

  constructor(@Inject(CATALOG_ENV) private readonly env: CatalogEnv) {}

  onModuleInit(): void {
    if (this.env.CATALOG_AUTH_MODE === 'token') {
      this.tokens = ApiTokens.fromFile(this.env.CATALOG_AUTH_TOKENS_FILE!);
    } else if (!LOOPBACK.has(this.env.HOST)) {
      this.logger.warn({
        msg: 'CATALOG_AUTH_MODE=header trusts the X-User-Role header of every caller, and the server listens on a non-loopback address; use CATALOG_AUTH_MODE=token or put an authenticating proxy in front',
        host: this.env.HOST,
      });
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { [CALLER_KEY]?: Caller }>();
    if (!req.path.startsWith(MANAGEMENT_PREFIX)) return true;
    const caller = this.identify(req);
    req[CALLER_KEY] = caller;
    if (!READ_METHODS.has(req.method) && caller.role !== 'operator') {
      throw new PermissionDeniedError(
        `${req.method} ${req.path} needs the operator role; ${caller.name} is a ${caller.role}`,
      );
    }
    return true;
  }

  private identify(req: Request): Caller {
    if (this.env.CATALOG_AUTH_MODE === 'token') {
      const header = req.header('authorization') ?? '';
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match)
        throw new UnauthenticatedError('missing bearer token: send Authorization: Bearer <token>');
      const entry = this.tokens!.match(match[1]);
      if (!entry) throw new UnauthenticatedError('invalid bearer token');
      return { name: entry.name, role: entry.role, via: 'token' };
    }
    const role = req.header('x-user-role')?.trim().toLowerCase();
    const name = req.header('x-user-name')?.trim() || 'anonymous';
    return {
      name: name.slice(0, 128),
      role: role === 'operator' ? 'operator' : ('viewer' satisfies CatalogRole),
      via: 'header',
    };
  }
}

/** The caller established by ManagementAccessGuard. */
export function callerOf(req: Request): Caller {
  return (
    (req as Request & { [CALLER_KEY]?: Caller })[CALLER_KEY] ?? {
      name: 'anonymous',
      role: 'viewer',
      via: 'header',
    }
  );
}
