/**
 * Progress of index backfills in the log: a line when one starts, one every `everyMs` while
 * it runs, one when it finishes, with the rows indexed so far and the rate.
 */
import type { Logger } from '../log.js';
import type { BackfillProgress } from '../storage/sqlite/sqlite-storage.js';

export const PROGRESS_LOG_INTERVAL_MS = 10_000;

export function backfillProgressLog(log: Pick<Logger, 'info'>, now: () => number, everyMs = PROGRESS_LOG_INTERVAL_MS): (progress: BackfillProgress) => void {
  const running = new Map<string, { started: number; rows: number; logged: number }>();
  return (p) => {
    const key = `${p.accountId}\u0000${p.region}\u0000${p.table}\u0000${p.index}`;
    const at = now();
    let state = running.get(key);
    const where = { accountId: p.accountId, region: p.region, table: p.table, index: p.index };
    if (state === undefined) {
      state = { started: at, rows: 0, logged: at };
      running.set(key, state);
      log.info(where, 'index backfill started');
    }
    state.rows += p.rows;
    const seconds = (at - state.started) / 1000;
    const rate = seconds > 0 ? Math.round(state.rows / seconds) : undefined;
    if (p.done) {
      running.delete(key);
      log.info({ ...where, rows: state.rows, seconds, rowsPerSecond: rate }, 'index backfill finished');
    } else if (at - state.logged >= everyMs) {
      state.logged = at;
      log.info({ ...where, rows: state.rows, seconds, rowsPerSecond: rate }, 'index backfill progress');
    }
  };
}
