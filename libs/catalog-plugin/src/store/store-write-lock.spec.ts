import { spawnSync } from 'node:child_process';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { makeConfigDir, TempConfigDir } from '@test/support/config-dir';
import { ServiceUnavailableError } from '../errors/catalog-errors';
import { StoreWriteLock } from './store-write-lock';

describe('StoreWriteLock', () => {
  let dir: TempConfigDir;
  let lockPath: string;

  beforeEach(() => {
    dir = makeConfigDir();
    lockPath = dir.path('.catalog-store.lock');
  });
  afterEach(() => dir.remove());

  const owner = (pid: number, host = hostname()) =>
    JSON.stringify({
      pid,
      hostname: host,
      token: 'someone-else',
      acquiredAt: new Date().toISOString(),
    });

  it('serializes holders (two instances on one file) and removes the file after use', async () => {
    const a = new StoreWriteLock(lockPath);
    const b = new StoreWriteLock(lockPath);
    const trace: string[] = [];
    const hold = (name: string, lock: StoreWriteLock) =>
      lock.withLock(async () => {
        trace.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 30));
        trace.push(`${name}-`);
      });
    await Promise.all([hold('a1', a), hold('b1', b), hold('a2', a), hold('b2', b)]);
    for (let i = 0; i < trace.length; i += 2) expect(trace[i + 1]).toBe(trace[i].replace('+', '-'));
    expect(existsSync(lockPath)).toBe(false);
  });

  it('takes over a lock whose owner process is dead', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(lockPath, owner(dead));
    await expect(new StoreWriteLock(lockPath).withLock(async () => 'ran')).resolves.toBe('ran');
  });

  it('takes over a lock left by a previous process with our own pid (container restart)', async () => {
    writeFileSync(lockPath, owner(process.pid));
    await expect(new StoreWriteLock(lockPath).withLock(async () => 'ran')).resolves.toBe('ran');
  });

  it('waits for a live owner and gives up with a 503 naming it', async () => {
    writeFileSync(lockPath, owner(process.ppid));
    const err = await new StoreWriteLock(lockPath, { timeoutMs: 200 })
      .withLock(async () => 'ran')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as ServiceUnavailableError).headers).toEqual({ 'Retry-After': '1' });
    expect((err as Error).message).toContain(`pid ${process.ppid}`);
    expect(existsSync(lockPath)).toBe(true); // a live owner's lock is never removed
  });

  it('breaks a lock not refreshed for staleMs, also one from another host', async () => {
    writeFileSync(lockPath, owner(process.ppid, 'another-host'));
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath, old, old);
    await expect(
      new StoreWriteLock(lockPath, { staleMs: 10_000 }).withLock(async () => 'ran'),
    ).resolves.toBe('ran');
  });

  it('breaks an unreadable (damaged) lock only once it is old', async () => {
    writeFileSync(lockPath, '{"pid": 12');
    await expect(
      new StoreWriteLock(lockPath, { timeoutMs: 150 }).withLock(async () => 'ran'),
    ).rejects.toThrow(ServiceUnavailableError);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath, old, old);
    await expect(new StoreWriteLock(lockPath).withLock(async () => 'ran')).resolves.toBe('ran');
  });
});
