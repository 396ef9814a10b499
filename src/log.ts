/**
 * pino logger construction. What is logged is built from ids and outcomes only (request id,
 * access key id, account, operation, status, time; authentication failures by reason), never
 * from secrets, signatures, session tokens or Authorization headers, so nothing needs redacting
 * on the hot path.
 *
 * Levels: trace, debug, info (the default; one line per request unless --access-log off),
 * warn, error, silent. Format: JSON lines, or pino-pretty's human format when stdout is a
 * terminal (--log-format auto) or when asked for (--log-format pretty).
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

export interface LoggerOptions {
  /** The level; `verbose` (debug) when not given, else info. */
  readonly level?: LogLevel;
  readonly verbose?: boolean;
  /** Where records go (default stdout); 'silent' logs nothing. */
  readonly destination?: NodeJS.WritableStream | 'silent';
  /** Names the process of a multi-worker server in every record: 'primary' or the worker's index. */
  readonly process?: 'primary' | number;
}

export function createLogger(options: LoggerOptions): Logger {
  if (options.destination === 'silent') return pino({ level: 'silent' });
  const base = options.process === undefined ? { service: 'sqynamo' } : { service: 'sqynamo', process: options.process };
  const settings = { level: options.level ?? (options.verbose ? 'debug' : 'info'), base };
  if (options.destination) return pino(settings, options.destination);
  // stdout through a buffered asynchronous writer: one write(2) per few KB of log lines
  // instead of one per request; flushed on shutdown (flushLogger).
  // A cluster's primary logs a few lines (workers starting and dying): written at once.
  if (options.process === 'primary') return pino(settings, pino.destination({ dest: 1, sync: true }));
  return pino(settings, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}

/** Whether records are written in pino-pretty's human format. */
export function wantsPretty(format: 'auto' | 'json' | 'pretty', stdoutIsTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTerminal);
}

/**
 * The logger of a server process: JSON lines on stdout, or the human format (pino-pretty,
 * loaded only then, run in this thread: a terminal reads few lines).
 */
export async function createConsoleLogger(options: {
  level: LogLevel;
  format: 'auto' | 'json' | 'pretty';
  process?: 'primary' | number;
  stdoutIsTerminal: boolean;
}): Promise<Logger> {
  if (!wantsPretty(options.format, options.stdoutIsTerminal)) return createLogger({ level: options.level, process: options.process });
  const { default: pretty } = await import('pino-pretty');
  const stream = pretty({
    colorize: options.stdoutIsTerminal,
    destination: 1,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
  });
  return createLogger({ level: options.level, process: options.process, destination: stream });
}

/** Writes out what the logger has buffered (before exit). */
export function flushLogger(log: Logger): void {
  try {
    log.flush();
  } catch {
    // nothing buffered, or stdout closed
  }
}
