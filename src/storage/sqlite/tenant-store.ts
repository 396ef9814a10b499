/**
 * One (account, region) namespace in SQLite: the catalog of its tables (rows of
 * sqynamo_catalog keyed by region and name), write plans, snapshot reads, and its
 * background index work.
 *
 * Every write runs synchronously inside a savepoint of the account's group transaction
 * (account-database.ts) and resolves once the group has committed; a write that finds
 * another process holding the write lock waits without blocking and runs again.
 */
import {
  RetryableStorageError,
  TableExistsError,
  type GlobalSecondaryIndexDefinition,
  type ItemRef,
  type RememberedRequest,
  type StoredItem,
  type Table,
  type TableDefinition,
  type TenantStore,
  type WriteOutcome,
  type WritePlan,
} from '../types.js';
import { indexesOf } from '../index-keys.js';
import { WriteLockBusyError, type AccountDatabase } from './account-database.js';
import { IndexWork, type IndexWorkOptions } from './index-work.js';
import { indexStorageName, SqliteTable, tableStorageName } from './table.js';

/** How long a write may keep finding the write lock taken by another process before it fails. */
const LOCK_DEADLINE_MS = 5000;

/** Waits before running a write again: the next turn of the event loop, then 1 ms steps. */
function lockPause(attempt: number): Promise<void> {
  return new Promise((resolve) => (attempt <= 2 ? setImmediate(resolve) : setTimeout(resolve, 1)));
}

export class SqliteTenantStore implements TenantStore {
  readonly #account: AccountDatabase;
  readonly accountId: string;
  readonly region: string;
  readonly #tables = new Map<string, SqliteTable>();
  readonly #work: IndexWork;

  constructor(account: AccountDatabase, accountId: string, region: string, work: IndexWorkOptions) {
    this.#account = account;
    this.accountId = accountId;
    this.region = region;
    account.onStale(() => this.#tables.clear());
    this.#work = new IndexWork(
      {
        account,
        accountId,
        region,
        run: (fn) => this.#run(fn),
        table: (name) => this.#table(name),
        replaceDefinition: (name, def) => this.#replace(name, def),
      },
      work,
    );
  }

  listTableNames(): Promise<string[]> {
    try {
      if (!this.#account.inTransaction) this.#account.refresh();
      // SQLite orders TEXT by memcmp of UTF-8, which is how DynamoDB orders table names.
      return this.#account.settle(this.#account.catalogList.all(this.region) as string[]);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  getTable(name: string): Promise<Table | undefined> {
    try {
      // outside our own write transaction, another process may have changed the catalog
      if (!this.#account.inTransaction) this.#account.refresh();
      return this.#account.settle(this.#table(name));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  createTable(def: TableDefinition): Promise<Table> {
    return this.#transact(() => {
      if (this.#account.catalogGet.get(this.region, def.TableName) !== undefined) throw new TableExistsError(def.TableName);
      const storageName = tableStorageName(def.TableId);
      this.#account.db.exec(
        `CREATE TABLE "${storageName}" (h BLOB NOT NULL, r BLOB NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (h, r)) WITHOUT ROWID`,
      );
      this.#ensureIndexStorage(def);
      this.#account.catalogInsert.run(this.region, def.TableName, storageName, JSON.stringify(def));
      this.#account.bumpCatalogVersion();
      this.#work.schedule(def);
      return this.#table(def.TableName)!;
    });
  }

  updateTable(name: string, change: (current: TableDefinition) => TableDefinition): Promise<Table | undefined> {
    return this.#transact(() => {
      const row = this.#account.catalogGet.get(this.region, name) as { definition: string } | undefined;
      if (!row) return undefined;
      this.#replace(name, change(JSON.parse(row.definition) as TableDefinition));
      return this.#table(name);
    });
  }

  dropTable(name: string, check?: (current: TableDefinition) => void): Promise<boolean> {
    return this.#transact(() => {
      const row = this.#account.catalogGet.get(this.region, name) as { storage_name: string; definition: string } | undefined;
      if (!row) return false;
      const def = JSON.parse(row.definition) as TableDefinition;
      check?.(def);
      for (const { index } of indexesOf(def)) {
        const ix = indexStorageName(def.TableId, index.IndexId);
        this.#account.db.exec(`DROP TABLE IF EXISTS "${ix}"`);
        this.#account.cursorDelete.run(ix);
      }
      this.#account.db.exec(`DROP TABLE IF EXISTS "${row.storage_name}"`);
      this.#account.catalogDelete.run(this.region, name);
      this.#account.bumpCatalogVersion();
      // Background work of the dropped indexes finds no table and stops by itself.
      this.#forget(name);
      return true;
    });
  }

  write<T>(plan: WritePlan<T>): Promise<T> {
    return this.#transact(() => this.#apply(plan));
  }

  read(refs: readonly ItemRef[]): Promise<(StoredItem | undefined)[]> {
    try {
      // freshness is checked inside the snapshot: beginning it notices other processes' changes
      const items = this.#account.snapshot(() => refs.map((ref) => this.#own(ref.table).current(ref.key)));
      const waits = refs.some((ref) => this.#account.mustWait((ref.table as SqliteTable).storageName));
      return waits ? this.#account.committed().then(() => items) : Promise.resolve(items);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  settled(): Promise<void> {
    return this.#work.settled();
  }

  /** Schedules the index work the catalog records for this namespace (after a restart). */
  resumeIndexWork(): void {
    const rows = this.#account.catalogDefinitions.all(this.region) as { name: string; definition: string }[];
    for (const row of rows) this.#work.schedule(JSON.parse(row.definition) as TableDefinition);
  }

  /** Cancels pending background work; the catalog keeps its state for the next start. */
  stop(): void {
    this.#work.stop();
  }

  // ---------------------------------------------------------------- writes

  /**
   * Runs fn in the account's group transaction and resolves once the group committed.
   * A failure resolves after the commit too (it may rest on writes of other requests in
   * the group), except a retryable one, which saw nothing.
   */
  async #transact<T>(fn: () => T): Promise<T> {
    let started: number | undefined;
    for (let attempt = 1; ; attempt++) {
      let result: T;
      try {
        result = this.#run(fn);
      } catch (err) {
        if (err instanceof WriteLockBusyError) {
          started ??= Date.now();
          if (Date.now() - started < LOCK_DEADLINE_MS) {
            await lockPause(attempt);
            continue;
          }
        }
        if (!(err instanceof RetryableStorageError)) await this.#account.committed().catch(() => undefined);
        throw err;
      }
      await this.#account.committed();
      return result;
    }
  }

  /** A savepoint of the group: tables loaded or redefined inside a rolled-back one must not outlive it. */
  #run<T>(fn: () => T): T {
    const changes = this.#account.catalogChanges;
    try {
      return this.#account.run(fn);
    } catch (err) {
      if (this.#account.catalogChanges !== changes) this.#tables.clear();
      throw err;
    }
  }

  /** Runs a write plan inside the transaction: read, apply, change, remember. */
  #apply<T>(plan: WritePlan<T>): T {
    const { reads } = plan;
    const tables = reads.map((ref) => this.#own(ref.table));
    const items = reads.map((ref, i) => tables[i].current(ref.key));
    const scanned = (plan.scans ?? []).map((table) => this.#own(table).all());
    const remembered = plan.token ? this.#recall(plan.token.value, plan.token.now) : undefined;
    const outcome: WriteOutcome<T> = plan.apply(remembered ? { items, scanned, remembered } : { items, scanned });
    for (const mutation of outcome.mutations) {
      const i = mutation.target;
      this.#change(tables[i], reads[i].key, items[i], mutation.kind === 'put' ? mutation : undefined);
    }
    if (outcome.remember) {
      if (!plan.token) throw new Error('a write plan remembered a request without a token');
      this.#account.tokenExpire.run(plan.token.now);
      const { token, fingerprint, response, expires } = outcome.remember;
      this.#account.tokenPut.run(this.region, token, fingerprint, response, expires);
    }
    return outcome.result;
  }

  /**
   * The one place items change: every put and delete of every writer (item operations,
   * batches, transactions, PartiQL, the TTL sweeper, the IAM table's checked writes)
   * comes here, inside its write's transaction, with the item's old image and its new
   * one. Change records (Streams, point-in-time recovery) are to be written here, in the
   * same transaction as the change.
   */
  #change(table: SqliteTable, key: ItemRef['key'], old: StoredItem | undefined, next: { item: StoredItem['item']; size: number } | undefined): void {
    if (next) table.put(key, next.item, next.size);
    else if (old) table.delete(key);
    else return;
    this.#account.wrote(table.storageName);
  }

  #recall(token: string, now: number): RememberedRequest | undefined {
    const row = this.#account.tokenGet.get(this.region, token) as { fingerprint: string; response: string; expires: number } | undefined;
    return row && row.expires > now ? { fingerprint: row.fingerprint, response: row.response } : undefined;
  }

  /** A table of this store, not stale. */
  #own(table: Table): SqliteTable {
    if (!(table instanceof SqliteTable) || table.owner !== this) throw new Error(`table ${table.definition.TableName} is not a table of this namespace`);
    table.fresh();
    return table;
  }

  // ---------------------------------------------------------------- the catalog

  #table(name: string): SqliteTable | undefined {
    const cached = this.#tables.get(name);
    if (cached) return cached;
    const row = this.#account.catalogGet.get(this.region, name) as { storage_name: string; definition: string } | undefined;
    if (!row) return undefined;
    const table = new SqliteTable(this.#account, this, row.storage_name, JSON.parse(row.definition) as TableDefinition);
    this.#tables.set(name, table);
    return table;
  }

  /** Replaces a definition inside the current transaction: new index storage, the catalog row, its work. */
  #replace(name: string, def: TableDefinition): void {
    this.#ensureIndexStorage(def);
    this.#account.catalogUpdate.run(JSON.stringify(def), this.region, name);
    this.#account.bumpCatalogVersion();
    this.#forget(name);
    this.#work.schedule(def);
  }

  /** Drops the cached table: requests still holding it meet StaleCatalogError and run again. */
  #forget(name: string): void {
    this.#tables.get(name)?.retire();
    this.#tables.delete(name);
  }

  /** Creates the SQLite tables of the definition's live indexes, and backfill cursors of new GSIs. */
  #ensureIndexStorage(def: TableDefinition): void {
    for (const { kind, index } of indexesOf(def)) {
      const gsi = kind === 'GLOBAL' ? (index as GlobalSecondaryIndexDefinition) : undefined;
      if (gsi?.IndexStatus === 'DELETING') continue;
      const ix = indexStorageName(def.TableId, index.IndexId);
      this.#account.db.exec(`
        CREATE TABLE IF NOT EXISTS "${ix}" (
          h BLOB NOT NULL, r BLOB NOT NULL, th BLOB NOT NULL, tr BLOB NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL,
          PRIMARY KEY (h, r, th, tr)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS "${ix}_t" ON "${ix}" (th, tr);`);
      if (gsi?.IndexStatus === 'CREATING' && gsi.Backfilling) this.#account.cursorStart.run(ix);
    }
  }
}
