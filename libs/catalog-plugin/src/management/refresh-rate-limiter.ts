import { Inject, Injectable } from '@nestjs/common';
import { CATALOG_ENV, CatalogEnv } from '../config/catalog-env';
import { RateLimitedError } from '../errors/catalog-errors';

/**
 * At most one on-demand refresh per source, and one plugin-wide refresh per plugin, every
 * CATALOG_REFRESH_MIN_INTERVAL_S. Refreshes triggered by apply or rollback are not counted.
 */
@Injectable()
export class RefreshRateLimiter {
  private readonly last = new Map<string, number>();

  constructor(@Inject(CATALOG_ENV) private readonly env: CatalogEnv) {}

  /** Claims the slot for `key` or throws RateLimitedError with Retry-After. */
  claim(key: string, what: string): void {
    const intervalMs = this.env.CATALOG_REFRESH_MIN_INTERVAL_S * 1000;
    const now = Date.now();
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < intervalMs) {
      const retryAfter = Math.max(1, Math.ceil((intervalMs - (now - previous)) / 1000));
      throw new RateLimitedError(
        `${what} was refreshed less than ${this.env.CATALOG_REFRESH_MIN_INTERVAL_S}s ago; retry in ${retryAfter}s`,
        [],
        { retryAfterSeconds: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    }
    this.last.set(key, now);
  }
}
