import { CatalogLogger, LogSink } from './catalog-logger';

function capture(format: 'json' | 'pretty', level: 'error' | 'warn' | 'info' | 'debug') {
  const lines: string[] = [];
  const sink: LogSink = { write: (l) => lines.push(l) };
  return { logger: new CatalogLogger(format, level, sink), lines };
}

describe('CatalogLogger', () => {
  it('writes one JSON object per line, objects as fields, context from Nest', () => {
    const { logger, lines } = capture('json', 'info');
    logger.log({ msg: 'source refreshed', plugin: 'mcp', sourceId: 'a' }, 'Engine');
    const record = JSON.parse(lines[0]);
    expect(record).toMatchObject({
      level: 'info',
      context: 'Engine',
      msg: 'source refreshed',
      plugin: 'mcp',
      sourceId: 'a',
    });
    expect(lines[0].endsWith('\n')).toBe(true);
  });

  it('filters by level and demotes Nest boot chatter to debug', () => {
    const { logger, lines } = capture('json', 'info');
    logger.debug('hidden');
    logger.log('Mapped {/x, GET} route', 'RouterExplorer');
    logger.warn('shown');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['shown']);
  });

  it('redacts sensitive keys in logged objects', () => {
    const { logger, lines } = capture('json', 'debug');
    logger.log({ msg: 'x', password: 'hunter2', nested: { apiKey: 'k', ok: 1 } });
    expect(lines[0]).not.toContain('hunter2');
    expect(JSON.parse(lines[0]).nested).toEqual({ apiKey: '***REDACTED***', ok: 1 });
  });

  it('prints a readable line with LOG_FORMAT=pretty, errors with their stack', () => {
    const { logger, lines } = capture('pretty', 'info');
    logger.log({ msg: 'listening', url: 'http://x' }, 'main');
    logger.error(new Error('boom'));
    expect(lines[0]).toMatch(/^\S+ INFO {2}\[main\] listening \{"url":"http:\/\/x"\}\n$/);
    expect(lines[1]).toContain('ERROR boom');
    expect(lines[1]).toContain('at ');
  });
});
