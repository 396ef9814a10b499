/**
 * Time to live: deletes items whose TTL attribute (a Number of epoch seconds) is in the
 * past, as DynamoDB's background process does. Like DynamoDB, items whose expiry is more
 * than five years in the past, or whose attribute is not a Number, are left alone.
 * Work is done in small chunks between event-loop turns, so requests are never blocked
 * for long; each chunk of deletes is one transaction, and every delete re-checks the item.
 */
import type { Item } from '../../model/attribute-value.js';
import { RetryableStorageError, type EncodedKey, type Mutation, type Position, type Storage, type Table, type TenantStore } from '../../storage/types.js';
import type { Logger } from '../../log.js';

const FIVE_YEARS_SECONDS = 5 * 365 * 24 * 3600;
const CHUNK_ROWS = 500;

/** True when `item` has expired at `nowSeconds` under the TTL attribute `attribute`. */
export function isExpired(item: Item, attribute: string, nowSeconds: number): boolean {
  const value = item[attribute];
  if (!value || !('N' in value)) return false;
  const expiry = Number(value.N);
  return Number.isFinite(expiry) && expiry <= nowSeconds && expiry >= nowSeconds - FIVE_YEARS_SECONDS;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function sweepTable(store: TenantStore, table: Table, attribute: string, nowSeconds: number): Promise<number> {
  let deleted = 0;
  let after: Position | undefined;
  for (;;) {
    const page = await table.readPage({ exclusiveStart: after, limit: CHUNK_ROWS, keys: true });
    const expired: EncodedKey[] = [];
    for (const row of page.rows) {
      if (isExpired(JSON.parse(row.json) as Item, attribute, nowSeconds)) expired.push({ h: row.h!, r: row.r! });
    }
    const last = page.rows[page.rows.length - 1];
    if (last) after = { h: last.h!, r: last.r! };
    if (expired.length > 0) {
      // one transaction per chunk; each item is checked again as it is now
      deleted += await store.write({
        reads: expired.map((key) => ({ table, key })),
        apply({ items }) {
          const mutations: Mutation[] = [];
          items.forEach((current, target) => {
            if (current && isExpired(current.item, attribute, nowSeconds)) mutations.push({ kind: 'delete', target });
          });
          return { result: mutations.length, mutations };
        },
      });
    }
    if (!page.stopped) return deleted;
    await nextTurn();
  }
}

/** One pass over every namespace's TTL-enabled tables; returns the number of items deleted. */
export async function sweepExpiredItems(storage: Storage, nowMs: number): Promise<number> {
  const nowSeconds = Math.floor(nowMs / 1000);
  let deleted = 0;
  for (const { accountId, region } of await storage.namespaces()) {
    const store = storage.tenant(accountId, region);
    for (const name of await store.listTableNames()) {
      const table = await store.getTable(name);
      const ttl = table?.definition.TimeToLive;
      if (!table || !ttl?.Enabled || table.definition.DeletingUntil !== undefined) continue;
      deleted += await sweepTable(store, table, ttl.AttributeName, nowSeconds);
      await nextTurn();
    }
  }
  return deleted;
}

/** Runs a sweep every `intervalMs` (never two at once); returns a stop function. */
export function startTtlSweeper(storage: Storage, intervalMs: number, now: () => number, log: Logger): () => void {
  let running = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    sweepExpiredItems(storage, now())
      .then((n) => {
        if (n > 0) log.info({ deleted: n }, 'ttl sweep');
      })
      .catch((err: unknown) => {
        // another worker holding the write lock or changing a table: the next sweep goes on
        if (err instanceof RetryableStorageError) log.debug({ err: err.message }, 'ttl sweep interrupted');
        else if (!stopped) log.error({ err }, 'ttl sweep failed');
      })
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
