/**
 * Samples what the metrics report about storage: each table's item count and size (a full
 * COUNT/SUM over the table, so at most once per interval, and only when /metrics is read),
 * and the size of each account's write-ahead log.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from '../storage/types.js';
import type { TableSample } from './metrics.js';

/** Longest a table sample is reused. */
export const TABLE_SAMPLE_INTERVAL_MS = 30_000;

/** The tables' sizes, recomputed at most every `intervalMs`. */
export function tableSampler(storage: Pick<Storage, 'namespaces' | 'tenant'>, now: () => number, intervalMs = TABLE_SAMPLE_INTERVAL_MS): () => Promise<readonly TableSample[]> {
  let last: { at: number; samples: readonly TableSample[] } | undefined;
  return async () => {
    if (last !== undefined && now() - last.at < intervalMs) return last.samples;
    const samples: TableSample[] = [];
    for (const { accountId, region } of await storage.namespaces()) {
      const store = storage.tenant(accountId, region);
      for (const name of await store.listTableNames()) {
        const table = await store.getTable(name);
        if (table === undefined) continue;
        const { itemCount, sizeBytes } = await table.stats();
        samples.push({ accountId, region, table: name, items: itemCount, bytes: sizeBytes });
      }
    }
    last = { at: now(), samples };
    return samples;
  };
}

/** The size of every `account-<id>.sqlite3-wal` of the data directory, by account id (empty in memory). */
export function walSizes(dataDir: string | undefined): () => Promise<ReadonlyMap<string, number>> {
  return async () => {
    const sizes = new Map<string, number>();
    if (dataDir === undefined) return sizes;
    for (const file of await readdir(dataDir)) {
      const m = /^account-(\d{12})\.sqlite3-wal$/.exec(file);
      if (m === null) continue;
      try {
        sizes.set(m[1], (await stat(join(dataDir, file))).size);
      } catch {
        // checkpointed away meanwhile
      }
    }
    return sizes;
  };
}
