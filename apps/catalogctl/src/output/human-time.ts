/** Time since `iso` like kubectl's AGE column: 45s, 12m, 5h, 3d. `-` when unknown. */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '-';
  const seconds = Math.max(0, Math.floor((now - then) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** 850ms, 1.2s, 2m05s. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}m${String(total % 60).padStart(2, '0')}s`;
}

/** An ISO timestamp to the second, UTC: 2026-11-30T10:38:40Z. */
export function timestamp(iso: string | null | undefined): string {
  if (!iso) return '-';
  const then = new Date(iso);
  return Number.isNaN(then.getTime()) ? iso : then.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
