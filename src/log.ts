/**
 * pino logger construction. What is logged is built from ids and outcomes only (request id,
 * access key id, account, operation, status, time; authentication failures by reason), never
 * from secrets, signatures, session tokens or Authorization headers, so nothing needs redacting
 * on the hot path.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * `process` names the process of a multi-worker server in every record: 'primary' or the
 * worker's index.
 */
export function createLogger(options: { verbose: boolean; destination?: NodeJS.WritableStream | 'silent'; process?: 'primary' | number }): Logger {
  if (options.destination === 'silent') return pino({ level: 'silent' });
  const base = options.process === undefined ? { service: 'sqynamo' } : { service: 'sqynamo', process: options.process };
  const settings = { level: options.verbose ? 'debug' : 'info', base };
  if (options.destination) return pino(settings, options.destination);
  // stdout through a buffered asynchronous writer: one write(2) per few KB of log lines
  // instead of one per request; flushed on shutdown (flushLogger).
  // A cluster's primary logs a few lines (workers starting and dying): written at once.
  if (options.process === 'primary') return pino(settings, pino.destination({ dest: 1, sync: true }));
  return pino(settings, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}

/** Writes out what the logger has buffered (before exit). */
export function flushLogger(log: Logger): void {
  try {
    log.flush();
  } catch {
    // nothing buffered, or stdout closed
  }
}
