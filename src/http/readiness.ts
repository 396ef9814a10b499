/**
 * `GET /ready`: the server is not shutting down, and its storage can be written (a probe file
 * is written, synced and removed in the data directory; in memory there is nothing to check).
 */
import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readiness } from './side-routes.js';

export function readiness(options: { dataDir: string | undefined; closing: () => boolean }): () => Promise<Readiness> {
  return async (): Promise<Readiness> => {
    if (options.closing()) return { ready: false, checks: { server: 'shutting down' } };
    if (options.dataDir === undefined) return { ready: true, checks: { server: 'ok', storage: 'in memory' } };
    const probe = join(options.dataDir, `.ready-${randomBytes(6).toString('hex')}`);
    try {
      const file = await open(probe, 'wx', 0o600);
      try {
        await file.write('ok');
        await file.sync();
      } finally {
        await file.close();
      }
      await unlink(probe);
      return { ready: true, checks: { server: 'ok', storage: 'writable' } };
    } catch (err) {
      await unlink(probe).catch(() => undefined);
      return { ready: false, checks: { server: 'ok', storage: `not writable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` } };
    }
  };
}
