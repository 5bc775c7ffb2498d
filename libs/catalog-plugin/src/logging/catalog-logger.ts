import { LoggerService, LogLevel } from '@nestjs/common';
import { redactLogValue } from './log-redaction';

export type CatalogLogFormat = 'json' | 'pretty';
export type CatalogLogLevel = 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<CatalogLogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Nest's boot chatter (module and route listings) is debug-level noise for operators. */
const FRAMEWORK_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

export interface LogSink {
  write(line: string): void;
}

const stdoutSink: LogSink = { write: (line) => process.stdout.write(line) };

/**
 * Nest logger writing one JSON object per line (or a readable line with LOG_FORMAT=pretty).
 * Objects passed as messages become fields; sensitive keys are redacted before writing.
 */
export class CatalogLogger implements LoggerService {
  constructor(
    private readonly format: CatalogLogFormat = 'json',
    private readonly level: CatalogLogLevel = 'info',
    private readonly sink: LogSink = stdoutSink,
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  setLogLevels?(_levels: LogLevel[]): void {
    // Level comes from LOG_LEVEL; Nest's own level list is ignored.
  }

  private emit(requested: CatalogLogLevel, message: unknown, rest: unknown[]): void {
    // Nest passes (message, context) or (message, stack, context) for errors.
    const context =
      typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const level =
      requested === 'info' && context && FRAMEWORK_CONTEXTS.has(context) ? 'debug' : requested;
    if (RANK[level] > RANK[this.level]) return;
    const stack =
      level === 'error' && rest.length >= 2 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const record: Record<string, unknown> = { time: new Date().toISOString(), level };
    if (context) record.context = context;
    if (message instanceof Error) {
      record.msg = message.message;
      record.stack = message.stack;
    } else if (message && typeof message === 'object') {
      Object.assign(record, redactLogValue(message) as Record<string, unknown>);
    } else {
      record.msg = String(message);
    }
    if (stack) record.stack = stack;
    this.sink.write(this.format === 'json' ? `${safeStringify(record)}\n` : `${pretty(record)}\n`);
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify({ msg: 'unserializable log record' });
  }
}

function pretty(record: Record<string, unknown>): string {
  const { time, level, context, msg, stack, ...fields } = record;
  const extra = Object.keys(fields).length ? ` ${safeStringify(fields)}` : '';
  const head = `${String(time)} ${String(level).toUpperCase().padEnd(5)} ${context ? `[${String(context)}] ` : ''}${String(msg ?? '')}`;
  return `${head}${extra}${stack ? `\n${String(stack)}` : ''}`;
}
