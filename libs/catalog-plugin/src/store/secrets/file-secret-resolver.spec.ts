import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { InvalidArgumentError, NotFoundError } from '../../errors/catalog-errors';
import { REDACTED } from '../../security/sensitive-redaction';
import { FileSecretResolver } from './file-secret-resolver';
import { SecretNotFoundError } from './secret-resolver';

describe('FileSecretResolver', () => {
  let base: string;
  let dir: string;
  let resolver: FileSecretResolver;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'catalog-secrets-'));
    dir = join(base, 'secrets');
    mkdirSync(join(dir, 'hf-token'), { recursive: true });
    writeFileSync(join(dir, 'hf-token', 'token'), 's3cr3t-value\n');
    writeFileSync(join(base, 'outside'), 'must-not-leak');
    resolver = new FileSecretResolver(dir);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('reads <dir>/<name>/<key> exactly (like a mounted Secret), ignoring the namespace', async () => {
    const value = await resolver.resolve({ name: 'hf-token', key: 'token' });
    expect(value.reveal()).toBe('s3cr3t-value\n');
    expect(
      (await resolver.resolve({ name: 'hf-token', namespace: 'other', key: 'token' })).reveal(),
    ).toBe('s3cr3t-value\n');
  });

  it('never prints the value: logs, JSON and interpolation show REDACTED', async () => {
    const value = await resolver.resolve({ name: 'hf-token', key: 'token' });
    const rendered = [
      JSON.stringify({ value }),
      `${String(value)}`,
      inspect(value),
      inspect({ nested: value }),
    ];
    for (const text of rendered) {
      expect(text).not.toContain('s3cr3t');
      expect(text).toContain(REDACTED);
    }
  });

  it('answers a missing Secret or key with SecretNotFoundError naming the ref', async () => {
    await expect(resolver.resolve({ name: 'nope', key: 'token' })).rejects.toThrow(
      SecretNotFoundError,
    );
    const err = await resolver
      .resolve({ name: 'hf-token', key: 'missing' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toContain('hf-token[missing]');
    // A directory is not a value.
    await expect(resolver.resolve({ name: 'hf-token', key: '.' })).rejects.toThrow(
      InvalidArgumentError,
    );
  });

  it.each([
    [{ name: '..', key: 'outside' }],
    [{ name: 'hf-token', key: '..' }],
    [{ name: 'hf-token/../..', key: 'outside' }],
    [{ name: '/etc', key: 'passwd' }],
    [{ name: 'hf-token', key: '../../outside' }],
    [{ name: 'hf-token', key: 'a\0b' }],
    [{ name: 'Upper', key: 'token' }],
  ])('rejects a traversal or invalid name %j before touching the filesystem', async (ref) => {
    const err = await resolver.resolve(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).not.toContain('must-not-leak');
  });

  it('rejects a symlink that leads out of the secrets directory', async () => {
    symlinkSync(base, join(dir, 'escape'));
    const err = await resolver.resolve({ name: 'escape', key: 'outside' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    const keyLink = join(dir, 'hf-token', 'link');
    symlinkSync(join(base, 'outside'), keyLink);
    await expect(resolver.resolve({ name: 'hf-token', key: 'link' })).rejects.toThrow(
      InvalidArgumentError,
    );
  });
});
