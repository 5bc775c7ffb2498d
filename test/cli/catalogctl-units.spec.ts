import { ApiError, NetworkError } from '../../apps/catalogctl/src/api/api-errors';
import { CatalogApiClient } from '../../apps/catalogctl/src/api/catalog-api-client';
import { stripErrorHeader, withErrorHeader } from '../../apps/catalogctl/src/edit/edit-buffer';
import { Column, renderTable } from '../../apps/catalogctl/src/output/table';

/** Pieces whose edge cases the end-to-end suites cannot reach with the shipped data. */
describe('catalogctl internals', () => {
  describe('renderTable', () => {
    interface Row {
      id: string;
      n: number;
      text: string;
    }
    const columns: Column<Row>[] = [
      { header: 'id', value: (r) => r.id },
      { header: 'n', value: (r) => String(r.n), align: 'right' },
      { header: 'text', value: (r) => r.text, shrink: true },
    ];

    it('aligns columns, right-aligns numbers, trims trailing spaces', () => {
      const out = renderTable(
        columns,
        [
          { id: 'a', n: 5, text: 'x' },
          { id: 'longer-id', n: 12, text: '' },
        ],
        80,
      );
      expect(out).toBe('ID          N  TEXT\na           5  x\nlonger-id  12\n');
    });

    it('cuts free-text columns first, with an ellipsis, to fit the width', () => {
      const rows = [{ id: 'identifier-kept-whole', n: 1, text: 'y'.repeat(100) }];
      const lines = renderTable(columns, rows, 40).trimEnd().split('\n');
      expect(lines.every((l) => Array.from(l).length <= 40)).toBe(true);
      expect(lines[1]).toBe(`identifier-kept-whole  1  ${'y'.repeat(13)}…`);
    });

    it('cuts other columns only when free text alone cannot make it fit', () => {
      const rows = [{ id: 'i'.repeat(60), n: 1, text: 'short text' }];
      const line = renderTable(columns, rows, 30).split('\n')[1];
      expect(Array.from(line).length).toBeLessThanOrEqual(30);
      expect(line).toMatch(/^i+… {2}1 {2}shor…$/);
    });

    it('puts multi-line values on one line', () => {
      const out = renderTable(columns, [{ id: 'a', n: 1, text: 'two\nlines' }], 80);
      expect(out.split('\n')[1]).toBe('a   1  two lines');
    });
  });

  describe('edit buffer', () => {
    const report = {
      valid: false,
      errors: [{ field: 'x', message: 'bad', line: 2, column: 3 }],
      warnings: [],
      layerResults: [
        {
          layer: 'provider',
          status: 'failed' as const,
          errors: [{ field: 'x', message: 'bad', line: 2, column: 3 }],
          warnings: [],
        },
      ],
    };

    it("strips exactly the CLI's header lines, not the content's own leading comments", () => {
      const content = '# my own comment\nitems: []\n';
      const reopened = withErrorHeader(content, report);
      expect(reopened).toContain('# catalogctl: provider: error  line 2:3  x: bad\n');
      expect(stripErrorHeader(reopened)).toBe(content);
      expect(stripErrorHeader(content)).toBe(content);
    });

    it('survives an editor that saved with CRLF line ends', () => {
      const reopened = withErrorHeader('items: []\n', report).replace(/\n/g, '\r\n');
      expect(stripErrorHeader(reopened)).toBe('items: []\r\n');
    });
  });

  describe('CatalogApiClient error mapping', () => {
    const client = (answer: () => Promise<Response>) =>
      new CatalogApiClient({ server: 'http://catalog.test/', timeoutMs: 1000 }, answer);

    it('describes a connection refused on every address of a name (AggregateError cause)', async () => {
      const refused = (address: string) =>
        Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
      const failure = new TypeError('fetch failed', {
        cause: new AggregateError([refused('::1:8080'), refused('127.0.0.1:8080')], ''),
      });
      const err = await client(() => Promise.reject(failure))
        .listPlugins()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as Error).message).toBe(
        'cannot reach http://catalog.test/api/catalog-management/v1alpha1/plugins: ' +
          'connect ECONNREFUSED ::1:8080; connect ECONNREFUSED 127.0.0.1:8080',
      );
    });

    it('keeps a non-JSON error answer readable and reads an HTTP-date Retry-After', async () => {
      const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
      const err = await client(
        async () =>
          new Response('<h1>busy</h1>', {
            status: 503,
            statusText: 'Service Unavailable',
            headers: { 'content-type': 'text/html', 'retry-after': inTwoMinutes },
          }),
      )
        .listPlugins()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      const apiError = err as ApiError;
      expect(apiError.status).toBe(503);
      expect(apiError.message).toBe('503 Service Unavailable: text/html: <h1>busy</h1>');
      expect(apiError.retryAfterSeconds).toBeGreaterThan(100);
      expect(apiError.retryAfterSeconds).toBeLessThanOrEqual(120);
    });
  });
});
