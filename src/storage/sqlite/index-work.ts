/**
 * Background index work of one namespace: a GSI added by UpdateTable is backfilled from
 * the table's items, a few hundred rows per transaction, from a cursor kept in
 * sqynamo_backfill; a GSI marked DELETING is dropped. Both run a step per event-loop turn,
 * so requests are served between steps, and the catalog records both states, so a
 * restart (or another worker process) resumes them.
 */
import type { Item } from '../../model/attribute-value.js';
import { parseStoredJson } from '../../model/records.js';
import { pruneAttributeDefinitions } from '../index-keys.js';
import { RetryableStorageError, type GlobalSecondaryIndexDefinition, type TableDefinition } from '../types.js';
import type { AccountDatabase } from './account-database.js';
import type { BackfillProgress } from './sqlite-storage.js';
import { indexStorageName, type SqliteTable } from './table.js';

/** Pause before retrying background index work that failed. */
const RETRY_DELAY_MS = 1000;
/** Pause before retrying background index work that met a busy write lock or a changed catalog. */
const BUSY_RETRY_DELAY_MS = 5;
const EMPTY = Buffer.alloc(0);

/** What the work needs of its tenant store. */
export interface IndexWorkHost {
  readonly account: AccountDatabase;
  /** The namespace, for progress reports. */
  readonly accountId: string;
  readonly region: string;
  /** Runs fn in a savepoint of the account's group transaction. */
  run<T>(fn: () => T): T;
  /** The table as the catalog has it now (inside a transaction), or undefined. */
  table(name: string): SqliteTable | undefined;
  /** Replaces a table's definition inside the current transaction (and schedules its work). */
  replaceDefinition(name: string, def: TableDefinition): void;
}

export interface IndexWorkOptions {
  /** Rows per backfill transaction. */
  readonly chunkRows: number;
  /** Called when a step fails (it is retried a second later). */
  readonly onError: (err: unknown) => void;
  /** Told of every backfilled chunk (metrics, progress logs). */
  readonly onBackfill?: (progress: BackfillProgress) => void;
}

/** A scheduled step: an immediate, or a timer after a failure. */
interface Pending {
  cancel(): void;
}

export class IndexWork {
  readonly #host: IndexWorkHost;
  readonly #options: IndexWorkOptions;
  /** Pending work by job key (kind of work, table name, index id). */
  readonly #jobs = new Map<string, Pending>();
  readonly #idle: (() => void)[] = [];
  #stopped = false;

  constructor(host: IndexWorkHost, options: IndexWorkOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** Schedules the work a definition records: backfills of CREATING GSIs, drops of DELETING ones. */
  schedule(def: TableDefinition): void {
    for (const gsi of def.GlobalSecondaryIndexes ?? []) {
      // a backfill still scheduled when its index turns DELETING finds that out and stops
      const key = (work: string) => `${work}\u0000${def.TableName}\u0000${gsi.IndexId}`;
      if (gsi.IndexStatus === 'CREATING' && gsi.Backfilling) this.#schedule(key('backfill'), () => this.#backfillStep(def.TableName, gsi.IndexId));
      else if (gsi.IndexStatus === 'DELETING') this.#schedule(key('drop'), () => this.#dropStep(def.TableName, gsi.IndexId));
    }
  }

  /** Resolves once no work is pending. */
  settled(): Promise<void> {
    if (this.#jobs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Cancels pending work; the catalog keeps its state for the next start. */
  stop(): void {
    this.#stopped = true;
    for (const pending of this.#jobs.values()) pending.cancel();
    this.#jobs.clear();
    this.#notifyIdle();
  }

  /**
   * Runs `step` in its own turn of the event loop, again and again while it returns true,
   * so other requests are served between steps.
   */
  #schedule(key: string, step: () => boolean): void {
    if (this.#stopped || this.#jobs.has(key)) return;
    const run = (): void => {
      this.#jobs.delete(key);
      if (this.#stopped) return;
      let more: boolean;
      try {
        more = step();
      } catch (err) {
        const retryable = err instanceof RetryableStorageError;
        if (!retryable) this.#options.onError(err);
        const timer = setTimeout(run, retryable ? BUSY_RETRY_DELAY_MS : RETRY_DELAY_MS);
        this.#jobs.set(key, { cancel: () => clearTimeout(timer) });
        return;
      }
      if (more) {
        const next = setImmediate(run);
        this.#jobs.set(key, { cancel: () => clearImmediate(next) });
      } else if (this.#jobs.size === 0) {
        this.#notifyIdle();
      }
    };
    const first = setImmediate(run);
    this.#jobs.set(key, { cancel: () => clearImmediate(first) });
  }

  #notifyIdle(): void {
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Indexes the next chunk of table rows into a CREATING GSI; true while rows remain. */
  #backfillStep(tableName: string, indexId: string): boolean {
    const { account } = this.#host;
    return this.#host.run(() => {
      const table = this.#host.table(tableName);
      const gsi = table?.definition.GlobalSecondaryIndexes?.find((g) => g.IndexId === indexId);
      const index = table?.indexById(indexId);
      if (!table || !gsi || !index || gsi.IndexStatus !== 'CREATING' || !gsi.Backfilling) return false;
      const ix = indexStorageName(table.definition.TableId, indexId);
      const cursor = account.cursorGet.get(ix) as { h: Buffer | null; r: Buffer | null } | undefined;
      const after = cursor?.h ? { h: cursor.h, r: cursor.r ?? EMPTY } : undefined;
      const rows = table.rowsAfter(after, this.#options.chunkRows);
      // reads of the index must not answer before these entries are committed
      account.wrote(table.storageName);
      for (const row of rows) index.write({ h: row.h, r: row.r }, parseStoredJson<Item>(row.json), row.json, row.size);
      const more = rows.length === this.#options.chunkRows;
      this.#options.onBackfill?.({ accountId: this.#host.accountId, region: this.#host.region, table: tableName, index: gsi.IndexName, rows: rows.length, done: !more });
      if (more) {
        const last = rows[rows.length - 1];
        account.cursorSet.run(last.h, last.r, ix);
        return true;
      }
      account.cursorDelete.run(ix);
      const done: GlobalSecondaryIndexDefinition = { ...gsi, IndexStatus: 'ACTIVE' };
      delete done.Backfilling;
      this.#host.replaceDefinition(tableName, {
        ...table.definition,
        GlobalSecondaryIndexes: table.definition.GlobalSecondaryIndexes!.map((g) => (g.IndexId === indexId ? done : g)),
      });
      return false;
    });
  }

  /** Drops a DELETING GSI's storage and removes it from the definition. */
  #dropStep(tableName: string, indexId: string): boolean {
    const { account } = this.#host;
    this.#host.run(() => {
      const def = this.#host.table(tableName)?.definition;
      const gsi = def?.GlobalSecondaryIndexes?.find((g) => g.IndexId === indexId);
      if (!def || gsi?.IndexStatus !== 'DELETING') return;
      const ix = indexStorageName(def.TableId, indexId);
      account.db.exec(`DROP TABLE IF EXISTS "${ix}"`);
      account.cursorDelete.run(ix);
      const remaining = def.GlobalSecondaryIndexes!.filter((g) => g.IndexId !== indexId);
      const next: TableDefinition = { ...def, GlobalSecondaryIndexes: remaining };
      if (remaining.length === 0) delete next.GlobalSecondaryIndexes;
      this.#host.replaceDefinition(tableName, pruneAttributeDefinitions(next));
    });
    return false;
  }
}
