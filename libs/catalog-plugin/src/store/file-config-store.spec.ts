import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeConfigDir, TempConfigDir } from '@test/support/config-dir';
import {
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  PayloadTooLargeError,
} from '../errors/catalog-errors';
import { ConfigConflictError } from './config-conflict.error';
import { FileConfigStore } from './file-config-store';
import { DELETED_REVISION_ID, sha256Hex, sourceRevisionId } from './source-revision';
import { MAX_STORE_DOCUMENT_BYTES } from './store-limits';

const SOURCES = `# Hand-written sources: this comment must survive every write.
apiVersion: catalog/v1alpha1
kind: CatalogSources
catalogs:
  mcp:
    sources:
      # the shipped sample
      - id: sample
        name: Sample
        type: yaml
        labels: [sample]   # inline comment
        properties:
          yamlCatalogPath: mcp/sample.yaml
      - id: inline
        name: Inline
        type: yaml
        properties:
          content: |
            mcpservers: []
`;

const SAMPLE = '# shipped sample\nmcpservers:\n  - name: one   \n\n';
const MCP = { plugin: 'mcp', configKey: 'mcp' };
const ALICE = { author: 'alice' };

describe('FileConfigStore', () => {
  let dir: TempConfigDir;
  let store: FileConfigStore;

  beforeEach(() => {
    dir = makeConfigDir({ 'sources.yaml': SOURCES, 'mcp/sample.yaml': SAMPLE });
    store = new FileConfigStore({ root: dir.root, paths: [dir.path('sources.yaml')] });
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const read = (rel: string): string => readFileSync(dir.path(rel), 'utf8');

  describe('reading', () => {
    it('returns the entry as written, the content bytes exactly, its origin and a content-addressed revision', async () => {
      const stored = await store.getSource(MCP, 'sample');
      expect(stored.source).toEqual({
        id: 'sample',
        name: 'Sample',
        type: 'yaml',
        labels: ['sample'],
        properties: { yamlCatalogPath: 'mcp/sample.yaml' },
      });
      expect(stored.rawYaml).toBe(SAMPLE);
      expect(stored.origin).toBe(dir.path('sources.yaml'));
      expect(stored.revision).toBe(sourceRevisionId({ source: stored.source, rawYaml: SAMPLE }));
      expect(stored.revision).toMatch(/^[0-9a-f]{16}$/);
    });

    it('loads a deterministic view: same bytes, same view and version', async () => {
      const other = new FileConfigStore({ root: dir.root, paths: [dir.path('sources.yaml')] });
      const [a, b] = [await store.load(), await other.load()];
      expect(a).toEqual(b);
      expect(a.config.catalogs.mcp.sources.map((s) => s.id)).toEqual(['inline', 'sample']);
      writeFileSync(dir.path('mcp/sample.yaml'), SAMPLE + '# changed\n');
      expect((await other.load()).version).not.toBe(a.version);
    });

    it('404s an unknown source', async () => {
      await expect(store.getSource(MCP, 'nope')).rejects.toThrow(NotFoundError);
      await expect(store.listRevisions(MCP, 'nope')).rejects.toThrow(NotFoundError);
    });
  });

  describe('writing', () => {
    it('a content-only edit writes the exact bytes, keeps the entry and every other byte of sources.yaml', async () => {
      const before = await store.getSource(MCP, 'sample');
      const next = '# edited by alice\nmcpservers:\n  - name: two\n';
      const result = await store.applySource(MCP, 'sample', { rawYaml: next }, ALICE);
      expect(result).toEqual({
        appliedRevision: sourceRevisionId({ source: before.source, rawYaml: next }),
        previousRevision: before.revision,
        created: false,
      });
      expect(read('mcp/sample.yaml')).toBe(next);
      expect(read('sources.yaml')).toBe(SOURCES);
      expect((await store.getSource(MCP, 'sample')).revision).toBe(result.appliedRevision);
    });

    it('creates a new source in the last sources file with content at <plugin>/<id>.yaml relative to it', async () => {
      const local = dir.write(
        'overlay/local.yaml',
        'apiVersion: catalog/v1alpha1\nkind: CatalogSources\n',
      );
      const layered = new FileConfigStore({
        root: dir.root,
        paths: [dir.path('sources.yaml'), local],
      });
      const content = 'mcpservers:\n  - name: fresh\n';
      const result = await layered.applySource(
        MCP,
        'fresh',
        { source: { id: 'fresh', name: 'Fresh', type: 'yaml' }, rawYaml: content },
        ALICE,
      );
      expect(result.created).toBe(true);
      expect(result.previousRevision).toBeNull();
      expect(read('mcp/fresh.yaml')).toBe(content);
      expect(read('sources.yaml')).toBe(SOURCES);
      const stored = await layered.getSource(MCP, 'fresh');
      expect(stored.origin).toBe(local);
      expect(stored.source.properties).toEqual({ yamlCatalogPath: '../mcp/fresh.yaml' });
      expect(stored.rawYaml).toBe(content);
      // A changed entry goes back to the file it came from, not to the last file.
      await layered.setEnabled(MCP, 'sample', false, ALICE);
      expect(read('sources.yaml')).toContain(
        '        type: yaml\n        enabled: false\n        labels: [sample]',
      );
      expect(read('overlay/local.yaml')).not.toContain('sample');
      await layered.close();
    });

    it('refuses (409) a change another sources file would override, and deletes from every file', async () => {
      const overlay = dir.write(
        'overlay.yaml',
        'apiVersion: catalog/v1alpha1\nkind: CatalogSources\ncatalogs:\n  mcp:\n    sources:\n      - id: sample\n        enabled: false\n',
      );
      const layered = new FileConfigStore({
        root: dir.root,
        paths: [dir.path('sources.yaml'), overlay],
      });
      try {
        const err = await layered.setEnabled(MCP, 'sample', true, ALICE).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ConflictError);
        expect((err as Error).message).toMatch(
          /also declared in overlay\.yaml, which overrides this change/,
        );
        expect(read('sources.yaml')).toBe(SOURCES);
        await layered.deleteSource(MCP, 'sample', ALICE);
        expect(read('sources.yaml')).not.toContain('id: sample');
        expect(read('overlay.yaml')).not.toContain('id: sample');
        await expect(layered.getSource(MCP, 'sample')).rejects.toThrow(NotFoundError);
      } finally {
        await layered.close();
      }
    });

    it('keeps inline content inline', async () => {
      const next = '# inline now has comments\nmcpservers: []\n';
      await store.applySource(MCP, 'inline', { rawYaml: next }, ALICE);
      const stored = await store.getSource(MCP, 'inline');
      expect(stored.rawYaml).toBe(next);
      expect(stored.source.properties).toEqual({ content: next });
      expect(existsSync(dir.path('mcp/inline.yaml'))).toBe(false);
      expect(read('sources.yaml')).toContain(
        '# Hand-written sources: this comment must survive every write.',
      );
    });

    it('setEnabled changes one line and records enable/disable; repeating it is a no-op', async () => {
      const disabled = await store.setEnabled(MCP, 'sample', false, { author: 'bob' });
      expect(read('sources.yaml')).toBe(
        SOURCES.replace(
          '        type: yaml\n        labels: [sample]',
          '        type: yaml\n        enabled: false\n        labels: [sample]',
        ),
      );
      const again = await store.setEnabled(MCP, 'sample', false, { author: 'bob' });
      expect(again.appliedRevision).toBe(disabled.appliedRevision);
      await store.setEnabled(MCP, 'sample', true, { author: 'carol' });
      const actions = (await store.listRevisions(MCP, 'sample')).map(
        (r) => `${r.action}:${r.author}`,
      );
      expect(actions).toEqual(['enable:carol', 'disable:bob', 'apply:external']);
    });

    it('rejects a stale expectedRevision with ConfigConflictError carrying the current revision', async () => {
      const { revision } = await store.getSource(MCP, 'sample');
      const applied = await store.applySource(
        MCP,
        'sample',
        { rawYaml: 'mcpservers: []\n' },
        { ...ALICE, expectedRevision: revision },
      );
      const err = await store
        .applySource(
          MCP,
          'sample',
          { rawYaml: 'x: 1\n' },
          { author: 'bob', expectedRevision: revision },
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigConflictError);
      expect((err as ConfigConflictError).httpStatus).toBe(409);
      expect((err as ConfigConflictError).extra).toEqual({
        currentRevision: applied.appliedRevision,
      });
      expect(read('mcp/sample.yaml')).toBe('mcpservers: []\n');
    });

    it('detects an edit made outside the store through the revision alone', async () => {
      const { revision } = await store.getSource(MCP, 'sample');
      writeFileSync(dir.path('mcp/sample.yaml'), 'edited: by hand\n');
      await expect(
        store.applySource(
          MCP,
          'sample',
          { rawYaml: 'x: 1\n' },
          { ...ALICE, expectedRevision: revision },
        ),
      ).rejects.toThrow(ConfigConflictError);
    });

    it('refuses "create" when the source already exists (expectedRevision = deleted marker)', async () => {
      await expect(
        store.applySource(
          MCP,
          'sample',
          { source: { id: 'sample', name: 'X', type: 'yaml' } },
          { ...ALICE, expectedRevision: DELETED_REVISION_ID },
        ),
      ).rejects.toThrow(ConfigConflictError);
      await store.applySource(
        MCP,
        'brand-new',
        { source: { id: 'brand-new', name: 'New', type: 'yaml' }, rawYaml: 'mcpservers: []\n' },
        { ...ALICE, expectedRevision: DELETED_REVISION_ID },
      );
    });

    it('rejects an invalid entry (422) and writes nothing', async () => {
      await expect(
        store.applySource(
          MCP,
          'sample',
          { source: { id: 'sample', name: 'S', type: 'yaml', enabeld: false } as never },
          ALICE,
        ),
      ).rejects.toMatchObject({ httpStatus: 422 });
      await expect(
        store.applySource(
          MCP,
          'sample',
          { source: { id: 'other', name: 'S', type: 'yaml' } },
          ALICE,
        ),
      ).rejects.toThrow(InvalidArgumentError);
      expect(read('sources.yaml')).toBe(SOURCES);
      expect(existsSync(dir.path('.history'))).toBe(false);
    });
  });

  describe('size cap', () => {
    it('refuses content over 1 MiB with a 413 naming the limit, and writes nothing', async () => {
      const big = 'x'.repeat(MAX_STORE_DOCUMENT_BYTES + 1);
      const err = await store
        .applySource(MCP, 'sample', { rawYaml: big }, ALICE)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PayloadTooLargeError);
      expect((err as PayloadTooLargeError).httpStatus).toBe(413);
      expect((err as Error).message).toMatch(/1048577 bytes.*at most 1048576 bytes \(1 MiB\)/);
      expect(read('mcp/sample.yaml')).toBe(SAMPLE);
      expect(existsSync(dir.path('.history'))).toBe(false);
    });

    it('accepts exactly 1 MiB (multi-byte characters counted as bytes)', async () => {
      const exact = '# ' + 'é'.repeat((MAX_STORE_DOCUMENT_BYTES - 2) / 2);
      expect(Buffer.byteLength(exact)).toBe(MAX_STORE_DOCUMENT_BYTES);
      await store.applySource(MCP, 'sample', { rawYaml: exact }, ALICE);
      expect(read('mcp/sample.yaml')).toBe(exact);
      await expect(
        store.applySource(MCP, 'sample', { rawYaml: exact + 'é' }, ALICE),
      ).rejects.toThrow(PayloadTooLargeError);
    });

    it('refuses an entry that would push sources.yaml over 1 MiB', async () => {
      const huge = 'y'.repeat(MAX_STORE_DOCUMENT_BYTES);
      await expect(
        store.applySource(
          MCP,
          'inline',
          { source: { id: 'inline', name: 'I', type: 'yaml', properties: { content: huge } } },
          ALICE,
        ),
      ).rejects.toThrow(
        /sources file \S*sources\.yaml is \d+ bytes; the config store accepts at most 1048576 bytes/,
      );
    });
  });

  describe('path traversal', () => {
    const create = (yamlCatalogPath: string) =>
      store.applySource(
        MCP,
        'evil',
        {
          source: { id: 'evil', name: 'E', type: 'yaml', properties: { yamlCatalogPath } },
          rawYaml: 'pwned: true\n',
        },
        ALICE,
      );

    it('rejects ../ and absolute paths outside the root with a 400', async () => {
      for (const path of [
        '../outside.yaml',
        'mcp/../../outside.yaml',
        '/etc/passwd',
        join(tmpdir(), 'x.yaml'),
      ]) {
        const err = await create(path).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).httpStatus).toBe(400);
      }
      await expect(store.readContent('../../etc/passwd', dir.path('sources.yaml'))).rejects.toThrow(
        InvalidArgumentError,
      );
      await expect(store.readContent('/etc/passwd', dir.path('sources.yaml'))).rejects.toThrow(
        InvalidArgumentError,
      );
      expect(read('sources.yaml')).toBe(SOURCES);
    });

    it('rejects a symlink inside the root that points outside it', async () => {
      const outside = makeConfigDir({ 'secret.yaml': 'secret: 1\n' });
      try {
        symlinkSync(outside.root, dir.path('linked'));
        await expect(create('linked/secret.yaml')).rejects.toThrow(InvalidArgumentError);
        await expect(create('linked/new.yaml')).rejects.toThrow(InvalidArgumentError);
        await expect(
          store.readContent('linked/secret.yaml', dir.path('sources.yaml')),
        ).rejects.toThrow(InvalidArgumentError);
        expect(readFileSync(join(outside.root, 'secret.yaml'), 'utf8')).toBe('secret: 1\n');
        expect(existsSync(join(outside.root, 'new.yaml'))).toBe(false);
      } finally {
        outside.remove();
      }
    });

    it('rejects source ids and plugin names that are not plain file names', async () => {
      for (const id of ['../evil', 'a/b', '.hidden', '']) {
        await expect(
          store.applySource(
            MCP,
            id,
            { source: { id, name: 'E', type: 'yaml' }, rawYaml: 'x: 1\n' },
            ALICE,
          ),
        ).rejects.toThrow(InvalidArgumentError);
      }
      await expect(
        store.listRevisions({ plugin: '../mcp', configKey: 'mcp' }, 'sample'),
      ).rejects.toThrow(InvalidArgumentError);
    });

    it('refuses sources files outside the root at construction', () => {
      expect(
        () => new FileConfigStore({ root: dir.path('mcp'), paths: [dir.path('sources.yaml')] }),
      ).toThrow(/outside the config root/);
    });
  });

  describe('history', () => {
    it('keeps the newest 20 revisions per source, newest first', async () => {
      for (let i = 1; i <= 25; i++)
        await store.applySource(MCP, 'sample', { rawYaml: `rev: ${i}\n` }, { author: `a${i}` });
      const revisions = await store.listRevisions(MCP, 'sample');
      expect(revisions).toHaveLength(20);
      expect(revisions.map((r) => r.author)).toEqual(
        Array.from({ length: 20 }, (_, i) => `a${25 - i}`),
      );
      expect(readdirSync(dir.path('.history/mcp/sample'))).toHaveLength(20);
      const newest = await store.getRevision(MCP, 'sample', revisions[0].id);
      expect(newest.rawYaml).toBe('rev: 25\n');
      expect(revisions[0]).toEqual({
        id: newest.id,
        createdAt: expect.any(String),
        author: 'a25',
        action: 'apply',
        size: 8,
        contentHash: sha256Hex('rev: 25\n'),
      });
    });

    it('shows the shipped state as an external revision, and records it before the first write', async () => {
      const shipped = await store.getSource(MCP, 'sample');
      expect(await store.listRevisions(MCP, 'sample')).toEqual([
        expect.objectContaining({ id: shipped.revision, author: 'external', action: 'apply' }),
      ]);
      expect(existsSync(dir.path('.history'))).toBe(false); // listing writes nothing
      await store.applySource(MCP, 'sample', { rawYaml: 'mcpservers: []\n' }, ALICE);
      const listed = await store.listRevisions(MCP, 'sample');
      expect(listed.map((r) => `${r.action}:${r.author}`)).toEqual([
        'apply:alice',
        'apply:external',
      ]);
      expect(listed[1].id).toBe(shipped.revision);
    });

    it('rollback restores the exact bytes (comments, whitespace) and entry as a new revision', async () => {
      const v1 = '# version one\n\nmcpservers:   \n  - name: a    # trailing\n\n\n';
      const first = await store.applySource(
        MCP,
        'sample',
        {
          source: {
            id: 'sample',
            name: 'Sample v1',
            type: 'yaml',
            properties: { yamlCatalogPath: 'mcp/sample.yaml' },
          },
          rawYaml: v1,
        },
        ALICE,
      );
      await store.applySource(
        MCP,
        'sample',
        {
          source: {
            id: 'sample',
            name: 'Sample v2',
            type: 'yaml',
            enabled: false,
            properties: { yamlCatalogPath: 'mcp/sample.yaml' },
          },
          rawYaml: 'v: 2\n',
        },
        ALICE,
      );
      const rolled = await store.rollback(MCP, 'sample', first.appliedRevision, { author: 'ops' });
      expect(rolled.appliedRevision).toBe(first.appliedRevision);
      expect(read('mcp/sample.yaml')).toBe(v1);
      const stored = await store.getSource(MCP, 'sample');
      expect(stored.source).toEqual({
        id: 'sample',
        name: 'Sample v1',
        type: 'yaml',
        properties: { yamlCatalogPath: 'mcp/sample.yaml' },
      });
      expect(stored.rawYaml).toBe(v1);
      const [newest] = await store.listRevisions(MCP, 'sample');
      expect(newest).toMatchObject({
        id: first.appliedRevision,
        action: 'rollback',
        author: 'ops',
      });
      // Back to the shipped state, with its original bytes.
      const shipped = (await store.listRevisions(MCP, 'sample')).find(
        (r) => r.author === 'external',
      )!;
      await store.rollback(MCP, 'sample', shipped.id, ALICE);
      expect(read('mcp/sample.yaml')).toBe(SAMPLE);
      expect((await store.getSource(MCP, 'sample')).revision).toBe(shipped.id);
      // The entry is restored as an entry (same fields, same place); the rest of the file is untouched.
      expect(read('sources.yaml')).toBe(
        SOURCES.replace('labels: [sample]   # inline comment', 'labels:\n          - sample'),
      );
      await expect(store.rollback(MCP, 'sample', 'ffffffffffffffff', ALICE)).rejects.toThrow(
        NotFoundError,
      );
    });

    it('delete records a delete marker; rollback brings the source back to its file', async () => {
      const before = await store.getSource(MCP, 'sample');
      const deleted = await store.deleteSource(MCP, 'sample', { author: 'bob' });
      expect(deleted.appliedRevision).toBe(DELETED_REVISION_ID);
      expect(deleted.previousRevision).toBe(before.revision);
      expect(read('sources.yaml')).not.toContain('id: sample');
      expect(read('sources.yaml')).toContain('# Hand-written sources');
      await expect(store.getSource(MCP, 'sample')).rejects.toThrow(NotFoundError);
      const listed = await store.listRevisions(MCP, 'sample');
      expect(listed[0]).toMatchObject({
        id: DELETED_REVISION_ID,
        action: 'delete',
        author: 'bob',
        size: 0,
        contentHash: '',
      });
      expect(await store.getRevision(MCP, 'sample', DELETED_REVISION_ID)).toMatchObject({
        source: null,
        rawYaml: null,
      });
      await store.rollback(MCP, 'sample', before.revision, ALICE);
      const back = await store.getSource(MCP, 'sample');
      expect(back.revision).toBe(before.revision);
      expect(back.origin).toBe(dir.path('sources.yaml'));
      await expect(store.deleteSource(MCP, 'nope', ALICE)).rejects.toThrow(NotFoundError);
    });
  });

  describe('crash recovery', () => {
    it('rolls a committed journal forward and discards an uncommitted one', async () => {
      mkdirSync(dir.path('mcp'), { recursive: true });
      writeFileSync(dir.path('mcp/.sample.yaml.1-a.catalog-tmp'), 'committed: true\n');
      writeFileSync(
        dir.path('.catalog-store.journal'),
        JSON.stringify({
          version: 1,
          phase: 'commit',
          writes: [{ temp: 'mcp/.sample.yaml.1-a.catalog-tmp', target: 'mcp/sample.yaml' }],
        }),
      );
      await store.load();
      expect(read('mcp/sample.yaml')).toBe('committed: true\n');
      expect(existsSync(dir.path('.catalog-store.journal'))).toBe(false);

      writeFileSync(dir.path('mcp/.sample.yaml.2-b.catalog-tmp'), 'half-writ');
      writeFileSync(
        dir.path('.catalog-store.journal'),
        JSON.stringify({
          version: 1,
          phase: 'prepare',
          writes: [{ temp: 'mcp/.sample.yaml.2-b.catalog-tmp', target: 'mcp/sample.yaml' }],
        }),
      );
      await store.getSource(MCP, 'sample');
      expect(read('mcp/sample.yaml')).toBe('committed: true\n');
      expect(readdirSync(dir.path('mcp'))).toEqual(['sample.yaml']);
    });

    it('sweeps stray temps of an interrupted journal or lock write once they are old', async () => {
      const stray = dir.write('.catalog-store.journal.999-dead.catalog-tmp', '{"version":1,');
      const young = dir.write('.catalog-store.lock.998-live.catalog-tmp', '{}');
      const old = new Date(Date.now() - 120_000);
      utimesSync(stray, old, old);
      await store.load();
      expect(existsSync(stray)).toBe(false);
      expect(existsSync(young)).toBe(true);
    });

    it('refuses a journal that points outside the root', async () => {
      writeFileSync(
        dir.path('.catalog-store.journal'),
        JSON.stringify({
          version: 1,
          phase: 'commit',
          writes: [{ temp: '../x', target: '../../etc/passwd' }],
        }),
      );
      await expect(store.load()).rejects.toThrow(InvalidArgumentError);
    });
  });

  describe('watch', () => {
    it('reports edits made outside the store, not its own writes', async () => {
      const fast = new FileConfigStore({
        root: dir.root,
        paths: [dir.path('sources.yaml')],
        watchDebounceMs: 50,
      });
      await fast.load();
      const events: string[] = [];
      const unwatch = fast.watch((e) => events.push(e.reason));
      try {
        await fast.applySource(MCP, 'sample', { rawYaml: 'own: write\n' }, ALICE);
        await fast.setEnabled(MCP, 'sample', false, ALICE);
        await sleep(400);
        expect(events).toEqual([]);
        writeFileSync(dir.path('mcp/sample.yaml'), 'by: hand\n');
        await waitUntil(() => events.length > 0);
        expect(events).toEqual(['changed outside the store: mcp/sample.yaml']);
      } finally {
        unwatch();
        await fast.close();
      }
    });
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}
