import { randomBytes } from 'node:crypto';
import { link, readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { ServiceUnavailableError } from '../errors/catalog-errors';
import { tempPathFor } from './atomic-file-writer';

export interface StoreWriteLockOptions {
  /** A lock not refreshed for this long is stale even if its owner looks alive. */
  staleMs?: number;
  /** Give up waiting after this long (503). */
  timeoutMs?: number;
  /** Base delay between attempts (jittered). */
  retryMs?: number;
}

interface LockOwner {
  pid: number;
  hostname: string;
  token: string;
  acquiredAt: string;
}

/** Tokens of locks held by this process: a lock with our pid but another token is a dead predecessor's. */
const heldTokens = new Set<string>();

/**
 * Serializes writers across processes sharing a config directory (and across store instances in
 * one process). The lock file is created atomically with its content (written to a temp, then
 * hard-linked into place, which fails if it exists) and records pid, host and a token. A lock is
 * stale when its owner is a dead process on this host, or when it has not been refreshed for
 * `staleMs` (the holder touches it while it works). Breaking a stale lock is itself guarded by a
 * `.break` file, so two waiters cannot both break it and both proceed.
 */
export class StoreWriteLock {
  private readonly staleMs: number;
  private readonly timeoutMs: number;
  private readonly retryMs: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    options: StoreWriteLockOptions = {},
  ) {
    this.staleMs = options.staleMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retryMs = options.retryMs ?? 15;
  }

  /** Runs `work` holding the lock; calls from this instance run one at a time, in order. */
  withLock<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const token = await this.acquire();
      const heartbeat = setInterval(
        () => void utimes(this.path, new Date(), new Date()).catch(() => undefined),
        Math.max(1000, Math.floor(this.staleMs / 3)),
      );
      heartbeat.unref();
      try {
        return await work();
      } finally {
        clearInterval(heartbeat);
        await this.release(token);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async acquire(): Promise<string> {
    const owner: LockOwner = {
      pid: process.pid,
      hostname: hostname(),
      token: randomBytes(8).toString('hex'),
      acquiredAt: new Date().toISOString(),
    };
    const deadline = Date.now() + this.timeoutMs;
    let attempt = 0;
    for (;;) {
      if (await this.tryCreate(owner)) {
        heldTokens.add(owner.token);
        return owner.token;
      }
      const current = await this.readOwner();
      if (current !== 'missing' && (await this.isStale(current))) {
        await this.breakStale(current);
        continue;
      }
      if (Date.now() > deadline) {
        const who =
          current === 'missing' || current === 'unreadable'
            ? 'another writer'
            : `pid ${current.pid} on ${current.hostname} since ${current.acquiredAt}`;
        throw new ServiceUnavailableError(
          `the config store is busy: ${this.path} is held by ${who}; try again`,
          [],
          {},
          { 'Retry-After': '1' },
        );
      }
      attempt++;
      const delay = Math.min(this.retryMs * Math.min(attempt, 10), 200);
      await sleep(delay / 2 + Math.random() * delay);
    }
  }

  private async tryCreate(owner: LockOwner): Promise<boolean> {
    // No fsync: after a power loss a lock is stale anyway, and waiters poll this often.
    const temp = tempPathFor(this.path);
    await writeFile(temp, JSON.stringify(owner));
    try {
      await link(temp, this.path);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  private async readOwner(): Promise<(LockOwner & { mtimeMs: number }) | 'missing' | 'unreadable'> {
    try {
      const [text, info] = await Promise.all([readFile(this.path, 'utf8'), stat(this.path)]);
      try {
        return { ...(JSON.parse(text) as LockOwner), mtimeMs: info.mtimeMs };
      } catch {
        return 'unreadable';
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw err;
    }
  }

  private async isStale(owner: (LockOwner & { mtimeMs: number }) | 'unreadable'): Promise<boolean> {
    if (owner === 'unreadable') {
      // Never written by us (we link complete files); only age can tell.
      const info = await stat(this.path).catch(() => undefined);
      return !!info && Date.now() - info.mtimeMs > this.staleMs;
    }
    if (Date.now() - owner.mtimeMs > this.staleMs) return true;
    if (owner.hostname !== hostname()) return false;
    if (owner.pid === process.pid) return !heldTokens.has(owner.token);
    return !processAlive(owner.pid);
  }

  private async breakStale(stale: (LockOwner & { mtimeMs: number }) | 'unreadable'): Promise<void> {
    const breaker = `${this.path}.break`;
    const me: LockOwner = {
      pid: process.pid,
      hostname: hostname(),
      token: randomBytes(8).toString('hex'),
      acquiredAt: new Date().toISOString(),
    };
    const temp = tempPathFor(breaker);
    await writeFile(temp, JSON.stringify(me));
    try {
      await link(temp, breaker);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Someone else is breaking it; an abandoned breaker is removed after a while.
      const info = await stat(breaker).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > Math.min(this.staleMs, 5000))
        await unlink(breaker).catch(() => undefined);
      await sleep(this.retryMs);
      return;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    try {
      // Re-check under the breaker: the lock may have been released and re-taken meanwhile.
      const now = await this.readOwner();
      const same =
        now !== 'missing' &&
        (stale === 'unreadable'
          ? now === 'unreadable'
          : now !== 'unreadable' && now.token === stale.token);
      if (same) await unlink(this.path).catch(() => undefined);
    } finally {
      await unlink(breaker).catch(() => undefined);
    }
  }

  private async release(token: string): Promise<void> {
    heldTokens.delete(token);
    const owner = await this.readOwner();
    if (owner !== 'missing' && owner !== 'unreadable' && owner.token === token) {
      await unlink(this.path).catch(() => undefined);
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
