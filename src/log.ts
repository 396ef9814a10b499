/** pino logger construction. Request logs carry ids, never secrets or signatures. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { verbose: boolean; destination?: NodeJS.WritableStream | 'silent' }): Logger {
  if (options.destination === 'silent') return pino({ level: 'silent' });
  return pino(
    {
      level: options.verbose ? 'debug' : 'info',
      base: { service: 'sqynamo' },
      // Defence in depth: whatever a caller logs, these never reach the output.
      redact: { paths: ['authorization', 'headers.authorization', 'secretAccessKey', '*.secretAccessKey', 'signature', 'sessionToken'], censor: '[redacted]' },
    },
    options.destination ?? process.stdout,
  );
}
