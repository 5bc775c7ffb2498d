import { CatalogLogger, LogSink } from '@catalog/plugin';

/** Collects log lines in memory so tests can assert on them (and keep test output quiet). */
export class MemoryLogSink implements LogSink {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  get text(): string {
    return this.lines.join('');
  }
  records(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export function memoryLogger(level: 'error' | 'warn' | 'info' | 'debug' = 'debug'): {
  logger: CatalogLogger;
  sink: MemoryLogSink;
} {
  const sink = new MemoryLogSink();
  return { logger: new CatalogLogger('json', level, sink), sink };
}
