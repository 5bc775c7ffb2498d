import { Injectable, Logger } from '@nestjs/common';
import type { Caller } from './auth/caller';

export interface AuditRecord {
  caller: Caller;
  action: string;
  plugin: string;
  source?: string;
  revisionBefore?: string | null;
  revisionAfter?: string | null;
  outcome: 'success' | 'failure' | 'dry-run' | 'refused';
  requestId?: string;
  detail?: string;
}

/** One structured `audit` log line per management mutation. */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger('audit');

  record(r: AuditRecord): void {
    this.logger.log({
      msg: 'audit',
      actor: r.caller.name,
      role: r.caller.role,
      authVia: r.caller.via,
      action: r.action,
      plugin: r.plugin,
      source: r.source,
      revisionBefore: r.revisionBefore ?? null,
      revisionAfter: r.revisionAfter ?? null,
      outcome: r.outcome,
      requestId: r.requestId,
      detail: r.detail,
    });
  }
}
