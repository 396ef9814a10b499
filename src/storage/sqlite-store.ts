/**
 * SQLite storage: one database file per account (WAL), a catalog of table definitions
 * keyed by (region, name), and one WITHOUT ROWID SQLite table per DynamoDB table whose
 * primary key is the order-preserving encoded key (h = partition hash + partition key,
 * r = sort key), so Query ranges are index range scans and Scan order is hash-spread.
 *
 * Each secondary index is its own WITHOUT ROWID table keyed by (h, r, th, tr): the index
 * key, then the item's table key, so entries are unique and ordered by index key then
 * table key. It stores the projected item (what a read of the index returns), so index
 * reads never join back to the table and IndexSizeBytes is the sum of entry sizes. A
 * second B-tree on (th, tr) lets a write find the entry of an item it replaces.
 * Table.put and Table.delete keep every index in step inside the caller's transaction.
 *
 * A GSI added by UpdateTable is backfilled in the background, a few hundred rows per
 * transaction, from a cursor kept in sqynamo_backfill; a dropped GSI is removed in the
 * background too. The catalog records both states, so a restart resumes them.
 *
 * The only SQL built from strings uses identifiers we generate (items_<hex table id>,
 * ix_<hex table id>_<hex index id>).
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { encodeKeyValue, partitionHash } from '../model/key-codec.js';
import { itemSize } from '../model/item-size.js';
import { indexKeyOf, indexKeyViolation, projectItem, pruneAttributeDefinitions, resolveIndexKey, type IndexLayout } from './index-keys.js';
import type {
  EncodedKey,
  GlobalSecondaryIndexDefinition,
  HashRange,
  IndexKey,
  IndexPosition,
  IndexRow,
  ItemRow,
  IndexStatus,
  LocalSecondaryIndexDefinition,
  PrimaryKey,
  Projection,
  Row,
  SortRange,
  StoredItem,
  Table,
  TableDefinition,
  TableIndex,
  TenantStore,
} from './types.js';

/**
 * A storage error after which the request can simply run again: it is thrown before the
 * request wrote anything (a write transaction begins at a request's first write, and every
 * write of a request happens in one turn of the event loop).
 */
export class RetryableStorageError extends Error {}

/**
 * Thrown by a table whose catalog entry another connection (another worker process, or
 * the admin CLI) changed since it was loaded. The request's savepoint has rolled back
 * and it held no write before this point, so the caller may run the request again.
 */
export class StaleCatalogError extends RetryableStorageError {
  constructor() {
    super('the table definition changed in another process; retry the request');
  }
}

/**
 * Thrown, with several worker processes, when another process holds the account's write
 * lock. SQLite's own busy handler would sleep, blocking every request of this process for
 * 1, 2, 5, 10... ms; instead the request waits without blocking and runs again.
 */
export class WriteLockBusyError extends RetryableStorageError {
  constructor() {
    super("another process holds the account's write lock; retry the request");
  }
}

type Db = Database.Database;
type Statement = Database.Statement;

const SCHEMA_VERSION = 1;
const EMPTY = Buffer.alloc(0);
/** Rows a backfill transaction indexes before yielding to other work. */
const DEFAULT_BACKFILL_CHUNK_ROWS = 256;
/** Pause before retrying background index work that failed. */
const RETRY_DELAY_MS = 1000;
/** Pause before retrying background index work that met a busy write lock or a changed catalog. */
const BUSY_RETRY_DELAY_MS = 5;
/** How long SQLite waits for a lock before SQLITE_BUSY (opening files, reads, one process). */
const BUSY_TIMEOUT_MS = 5000;

/** How SqliteStorage stores accounts and runs background index work. */
export interface StorageOptions {
  /** Directory of the account files; ignored when inMemory. */
  dataDir: string;
  inMemory: boolean;
  sync: 'full' | 'normal';
  /**
   * Other processes write to the same files (--workers > 1): table definitions cached by
   * this process are checked against the catalog on every lookup and write transaction,
   * and a write transaction that finds the write lock taken throws WriteLockBusyError
   * instead of sleeping in SQLite.
   */
  shared?: boolean;
  /** Rows per backfill transaction (default 256). */
  backfillChunkRows?: number;
  /** Called when background index work fails (it is retried a second later). */
  onBackgroundError?: (err: unknown) => void;
  /** Observes storage work (metrics, progress logs). */
  observer?: StorageObserver;
}

/** What storage reports as it works; every callback must be cheap and must not throw. */
export interface StorageObserver {
  /** A group commit: how many write transactions (savepoints) it held, and how long COMMIT took. */
  onCommit?(writes: number, seconds: number): void;
  /** A chunk of an index backfill was indexed; `done` on the last one. */
  onBackfill?(progress: BackfillProgress): void;
}

export interface BackfillProgress {
  readonly accountId: string;
  readonly region: string;
  readonly table: string;
  readonly index: string;
  /** Rows indexed in this chunk. */
  readonly rows: number;
  readonly done: boolean;
}

/** Resolves a table's primary key from its KeySchema and AttributeDefinitions. */
export function primaryKeyOf(def: Pick<TableDefinition, 'KeySchema' | 'AttributeDefinitions'>): PrimaryKey {
  const typeOf = (name: string) => def.AttributeDefinitions.find((d) => d.AttributeName === name)!.AttributeType;
  const hash = def.KeySchema.find((k) => k.KeyType === 'HASH')!;
  const range = def.KeySchema.find((k) => k.KeyType === 'RANGE');
  return {
    partition: { name: hash.AttributeName, type: typeOf(hash.AttributeName) },
    ...(range ? { sort: { name: range.AttributeName, type: typeOf(range.AttributeName) } } : {}),
  };
}

const hexOf = (id: string): string => {
  const hex = id.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) throw new Error(`not a storage id: ${id}`);
  return hex;
};

/** The SQLite table of a DynamoDB table. */
export const tableStorageName = (tableId: string): string => `items_${hexOf(tableId)}`;

/** The SQLite table of a secondary index. */
export const indexStorageName = (tableId: string, indexId: string): string => `ix_${hexOf(tableId)}_${hexOf(indexId)}`;

/** Every index of a definition, LSIs first, with its kind. */
function indexesOf(def: TableDefinition): { kind: 'LOCAL' | 'GLOBAL'; index: LocalSecondaryIndexDefinition | GlobalSecondaryIndexDefinition }[] {
  return [
    ...(def.LocalSecondaryIndexes ?? []).map((index) => ({ kind: 'LOCAL' as const, index })),
    ...(def.GlobalSecondaryIndexes ?? []).map((index) => ({ kind: 'GLOBAL' as const, index })),
  ];
}

/** Owns the per-account database handles; hands out tenant-scoped stores. */
export class SqliteStorage {
  readonly #options: StorageOptions;
  readonly #accounts = new Map<string, AccountDatabase>();
  readonly #tenants = new Map<string, SqliteTenantStore>();

  constructor(options: StorageOptions) {
    this.#options = Object.freeze({ ...options });
    if (!options.inMemory) mkdirSync(options.dataDir, { recursive: true });
  }

  /** The store for one (account, region) namespace; opening it resumes pending index work. */
  tenant(accountId: string, region: string): TenantStore {
    const id = `${accountId}/${region}`;
    let store = this.#tenants.get(id);
    if (!store) {
      store = new SqliteTenantStore(this.#account(accountId), accountId, region, {
        chunkRows: this.#options.backfillChunkRows ?? DEFAULT_BACKFILL_CHUNK_ROWS,
        onError: this.#options.onBackgroundError ?? (() => {}),
        onBackfill: this.#options.observer?.onBackfill?.bind(this.#options.observer),
      });
      this.#tenants.set(id, store);
      store.resumeIndexWork();
    }
    return store;
  }

  #account(accountId: string): AccountDatabase {
    let account = this.#accounts.get(accountId);
    if (!account) {
      if (!/^\d{12}$/.test(accountId)) throw new Error(`invalid account id ${accountId}`);
      const file = this.#options.inMemory ? ':memory:' : join(this.#options.dataDir, `account-${accountId}.sqlite3`);
      account = new AccountDatabase(file, this.#options.sync, this.#options.shared === true && !this.#options.inMemory, this.#options.observer);
      this.#accounts.set(accountId, account);
    }
    return account;
  }

  /**
   * Every (account, region) namespace that has tables: the account files in the data
   * directory (and the accounts open in memory), and the regions in their catalogs.
   */
  namespaces(): { accountId: string; region: string }[] {
    const ids = new Set(this.#accounts.keys());
    if (!this.#options.inMemory) {
      for (const file of readdirSync(this.#options.dataDir)) {
        const m = /^account-(\d{12})\.sqlite3$/.exec(file);
        if (m) ids.add(m[1]);
      }
    }
    const out: { accountId: string; region: string }[] = [];
    for (const accountId of [...ids].sort()) {
      const regions = this.#account(accountId).db.prepare('SELECT DISTINCT region FROM sqynamo_catalog ORDER BY region').pluck().all() as string[];
      for (const region of regions) out.push({ accountId, region });
    }
    return out;
  }

  /** Stops background index work (the catalog keeps its state) and closes every database. */
  close(): void {
    for (const tenant of this.#tenants.values()) tenant.stop();
    for (const account of this.#accounts.values()) account.close();
    this.#accounts.clear();
    this.#tenants.clear();
  }
}

/** One account's SQLite database and its catalog statements. */
class AccountDatabase {
  readonly db: Db;
  readonly catalogGet: Statement;
  readonly catalogList: Statement;
  readonly catalogDefinitions: Statement;
  readonly catalogInsert: Statement;
  readonly catalogUpdate: Statement;
  readonly catalogDelete: Statement;
  readonly cursorGet: Statement;
  readonly cursorStart: Statement;
  readonly cursorSet: Statement;
  readonly cursorDelete: Statement;
  readonly tokenGet: Statement;
  readonly tokenPut: Statement;
  readonly tokenExpire: Statement;
  /**
   * Bumped when a catalog change committed by another connection is noticed: tables
   * loaded under an older generation are stale (see refresh()).
   */
  generation = 0;
  /** Called with no argument when the generation changes (tenant stores drop their caches). */
  readonly #onStale: (() => void)[] = [];
  readonly #dataVersion: Statement;
  readonly #catalogVersion: Statement;
  readonly #bumpCatalogVersion: Statement;
  #lastDataVersion: number;
  #lastCatalogVersion: number;

  readonly #shared: boolean;
  readonly #busyWait: Statement;
  readonly #busyFail: Statement;

  readonly #observer: StorageObserver | undefined;

  constructor(file: string, sync: 'full' | 'normal', shared: boolean, observer?: StorageObserver) {
    this.#shared = shared;
    this.#observer = observer;
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('foreign_keys = OFF');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS sqynamo_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT OR IGNORE INTO sqynamo_meta (key, value) VALUES ('schema_version', '${SCHEMA_VERSION}');
      CREATE TABLE IF NOT EXISTS sqynamo_catalog (
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        storage_name TEXT NOT NULL UNIQUE,
        definition TEXT NOT NULL,
        PRIMARY KEY (region, name)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO sqynamo_meta (key, value) VALUES ('catalog_version', '0');
      CREATE TABLE IF NOT EXISTS sqynamo_backfill (
        storage_name TEXT PRIMARY KEY,
        h BLOB,
        r BLOB
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS sqynamo_tokens (
        region TEXT NOT NULL,
        token TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        response TEXT NOT NULL,
        expires INTEGER NOT NULL,
        PRIMARY KEY (region, token)
      ) WITHOUT ROWID;`);
    this.catalogGet = this.db.prepare('SELECT storage_name, definition FROM sqynamo_catalog WHERE region = ? AND name = ?');
    this.catalogList = this.db.prepare('SELECT name FROM sqynamo_catalog WHERE region = ? ORDER BY name').pluck();
    this.catalogDefinitions = this.db.prepare('SELECT name, definition FROM sqynamo_catalog WHERE region = ?');
    this.catalogInsert = this.db.prepare('INSERT INTO sqynamo_catalog (region, name, storage_name, definition) VALUES (?, ?, ?, ?)');
    this.catalogUpdate = this.db.prepare('UPDATE sqynamo_catalog SET definition = ? WHERE region = ? AND name = ?');
    this.catalogDelete = this.db.prepare('DELETE FROM sqynamo_catalog WHERE region = ? AND name = ?');
    this.cursorGet = this.db.prepare('SELECT h, r FROM sqynamo_backfill WHERE storage_name = ?');
    this.cursorStart = this.db.prepare('INSERT OR IGNORE INTO sqynamo_backfill (storage_name, h, r) VALUES (?, NULL, NULL)');
    this.cursorSet = this.db.prepare('UPDATE sqynamo_backfill SET h = ?, r = ? WHERE storage_name = ?');
    this.cursorDelete = this.db.prepare('DELETE FROM sqynamo_backfill WHERE storage_name = ?');
    this.tokenGet = this.db.prepare('SELECT fingerprint, response, expires FROM sqynamo_tokens WHERE region = ? AND token = ?');
    this.tokenPut = this.db.prepare('INSERT OR REPLACE INTO sqynamo_tokens (region, token, fingerprint, response, expires) VALUES (?, ?, ?, ?, ?)');
    this.tokenExpire = this.db.prepare('DELETE FROM sqynamo_tokens WHERE expires <= ?');
    this.#dataVersion = this.db.prepare('PRAGMA data_version').pluck();
    this.#catalogVersion = this.db.prepare("SELECT CAST(value AS INTEGER) FROM sqynamo_meta WHERE key = 'catalog_version'").pluck();
    this.#bumpCatalogVersion = this.db.prepare(
      "UPDATE sqynamo_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'catalog_version' RETURNING CAST(value AS INTEGER)",
    ).pluck();
    this.#lastDataVersion = this.#dataVersion.get() as number;
    this.#lastCatalogVersion = this.#catalogVersion.get() as number;
    this.#busyWait = this.db.prepare(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.#busyFail = this.db.prepare('PRAGMA busy_timeout = 0');
    this.#savepoint = this.db.prepare('SAVEPOINT request');
    this.#release = this.db.prepare('RELEASE request');
    this.#rollbackTo = this.db.prepare('ROLLBACK TO request');
  }

  /**
   * Group commit. Writes run in savepoints of one open transaction per account; the
   * transaction commits on the next event-loop turn (setImmediate), so every request that
   * wrote in the meantime shares one WAL sync. Callers acknowledge a request only after
   * `pending()` resolves, so an acknowledged write is always committed (and with
   * synchronous=FULL, on disk). A request whose savepoint throws is undone alone.
   */
  run<T>(fn: () => T): T {
    if (!this.#group) this.#begin();
    this.#group!.writes++;
    // Savepoints by cached statements (nested ones may share a name: RELEASE and ROLLBACK TO
    // act on the innermost); about 10 µs cheaper per call than building db.transaction(fn).
    this.#savepoint.run();
    try {
      const result = fn();
      this.#release.run();
      return result;
    } catch (err) {
      // an SQLite error may already have rolled the whole transaction back
      if (this.db.inTransaction) {
        this.#rollbackTo.run();
        this.#release.run();
      }
      throw err;
    }
  }

  readonly #savepoint: Statement;
  readonly #release: Statement;
  readonly #rollbackTo: Statement;

  /** Registers a callback run when catalog changes of another connection are noticed. */
  onStale(fn: () => void): void {
    this.#onStale.push(fn);
  }

  /**
   * Notices catalog changes committed by other connections to this file (other worker
   * processes): `PRAGMA data_version` moves on any foreign commit, and then the catalog
   * version says whether a table definition changed. Costs one PRAGMA step (about 10 µs,
   * measured) when nothing changed, so a single process, the only writer of its files,
   * skips it. Returns true when the generation moved.
   */
  refresh(): boolean {
    if (!this.#shared) return false;
    const dataVersion = this.#dataVersion.get() as number;
    if (dataVersion === this.#lastDataVersion) return false;
    this.#lastDataVersion = dataVersion;
    const catalogVersion = this.#catalogVersion.get() as number;
    if (catalogVersion === this.#lastCatalogVersion) return false;
    this.#lastCatalogVersion = catalogVersion;
    this.generation++;
    for (const fn of this.#onStale) fn();
    return true;
  }

  /** Records a catalog change of ours (inside a write transaction), for the other connections. */
  bumpCatalogVersion(): void {
    const previous = this.#lastCatalogVersion;
    const next = this.#bumpCatalogVersion.get() as number;
    // A version other than ours + 1 means a foreign change we had not seen yet.
    if (next !== previous + 1) {
      this.generation++;
      for (const fn of this.#onStale) fn();
    }
    this.#lastCatalogVersion = next;
  }

  /** The commit of the current group, or undefined when nothing is waiting to commit. */
  pending(): Promise<void> | undefined {
    return this.#group?.promise;
  }

  #group: { promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void; writes: number } | undefined;

  #begin(): void {
    if (this.#shared) this.#beginShared();
    else this.db.exec('BEGIN IMMEDIATE');
    // Holding the write lock now: tables loaded before a foreign catalog change are stale.
    this.refresh();
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => {}); // the waiting requests handle it; never an unhandled rejection
    this.#group = { promise, resolve, reject, writes: 0 };
    setImmediate(() => this.commit());
  }

  /** BEGIN IMMEDIATE that fails at once, with WriteLockBusyError, when another process writes. */
  #beginShared(): void {
    this.#busyFail.get();
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      if ((err as { code?: unknown }).code === 'SQLITE_BUSY') throw new WriteLockBusyError();
      throw err;
    } finally {
      this.#busyWait.get();
    }
  }

  /** Commits the open group now (also before closing). */
  commit(): void {
    const group = this.#group;
    if (!group) return;
    this.#group = undefined;
    try {
      const started = this.#observer?.onCommit ? process.hrtime.bigint() : 0n;
      this.db.exec('COMMIT');
      if (this.#observer?.onCommit) this.#observer.onCommit(group.writes, Number(process.hrtime.bigint() - started) / 1e9);
      group.resolve();
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      group.reject(err);
    }
  }

  close(): void {
    if (!this.db.open) return;
    this.commit();
    this.db.close();
  }
}

interface IndexWorkOptions {
  readonly chunkRows: number;
  readonly onError: (err: unknown) => void;
  readonly onBackfill?: (progress: BackfillProgress) => void;
}

/** A scheduled step of background work: an immediate, or a timer after a failure. */
interface Pending {
  cancel(): void;
}

class SqliteTenantStore implements TenantStore {
  readonly #account: AccountDatabase;
  readonly accountId: string;
  readonly region: string;
  readonly #tables = new Map<string, SqliteTable>();
  readonly #work: IndexWorkOptions;
  /** Background index work by job key (kind of work, table name, index id). */
  readonly #jobs = new Map<string, Pending>();
  readonly #idle: (() => void)[] = [];
  #stopped = false;

  constructor(account: AccountDatabase, accountId: string, region: string, work: IndexWorkOptions) {
    this.#account = account;
    this.accountId = accountId;
    this.region = region;
    this.#work = work;
    account.onStale(() => this.#tables.clear());
  }

  listTableNames(): string[] {
    // SQLite orders TEXT by memcmp of UTF-8, which is how DynamoDB orders table names.
    return this.#account.catalogList.all(this.region) as string[];
  }

  getTable(name: string): Table | undefined {
    // outside our own write transaction, another process may have changed the catalog
    if (!this.#account.db.inTransaction) this.#account.refresh();
    return this.#table(name);
  }

  #table(name: string): SqliteTable | undefined {
    const cached = this.#tables.get(name);
    if (cached) return cached;
    const row = this.#account.catalogGet.get(this.region, name) as { storage_name: string; definition: string } | undefined;
    if (!row) return undefined;
    const table = new SqliteTable(this.#account, row.storage_name, JSON.parse(row.definition) as TableDefinition);
    this.#tables.set(name, table);
    return table;
  }

  createTable(def: TableDefinition): Table {
    const storageName = tableStorageName(def.TableId);
    this.transaction(() => {
      this.#account.db.exec(
        `CREATE TABLE "${storageName}" (h BLOB NOT NULL, r BLOB NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (h, r)) WITHOUT ROWID`,
      );
      this.#ensureIndexStorage(def);
      this.#account.catalogInsert.run(this.region, def.TableName, storageName, JSON.stringify(def));
      this.#account.bumpCatalogVersion();
    });
    this.#scheduleIndexWork(def);
    return this.getTable(def.TableName)!;
  }

  updateTableDefinition(name: string, def: TableDefinition): void {
    this.transaction(() => {
      this.#ensureIndexStorage(def);
      this.#account.catalogUpdate.run(JSON.stringify(def), this.region, name);
      this.#account.bumpCatalogVersion();
    });
    this.#tables.delete(name);
    this.#scheduleIndexWork(def);
  }

  dropTable(name: string): void {
    this.transaction(() => {
      const row = this.#account.catalogGet.get(this.region, name) as { storage_name: string; definition: string } | undefined;
      if (!row) return;
      const def = JSON.parse(row.definition) as TableDefinition;
      for (const { index } of indexesOf(def)) {
        const ix = indexStorageName(def.TableId, index.IndexId);
        this.#account.db.exec(`DROP TABLE IF EXISTS "${ix}"`);
        this.#account.cursorDelete.run(ix);
      }
      this.#account.db.exec(`DROP TABLE IF EXISTS "${row.storage_name}"`);
      this.#account.catalogDelete.run(this.region, name);
      this.#account.bumpCatalogVersion();
    });
    // Background work of the dropped indexes finds no table and stops by itself.
    this.#tables.delete(name);
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.#account.run(fn);
    } catch (err) {
      // Tables loaded or redefined inside the rolled-back transaction must not outlive it.
      this.#tables.clear();
      throw err;
    }
  }

  pending(): Promise<void> | undefined {
    return this.#account.pending();
  }

  recallToken(token: string, now: number): { fingerprint: string; response: string } | undefined {
    const row = this.#account.tokenGet.get(this.region, token) as { fingerprint: string; response: string; expires: number } | undefined;
    return row && row.expires > now ? { fingerprint: row.fingerprint, response: row.response } : undefined;
  }

  rememberToken(token: string, fingerprint: string, response: string, expires: number, now: number): void {
    this.#account.tokenExpire.run(now);
    this.#account.tokenPut.run(this.region, token, fingerprint, response, expires);
  }

  settled(): Promise<void> {
    if (this.#jobs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Schedules the index work the catalog records for this namespace (after a restart). */
  resumeIndexWork(): void {
    const rows = this.#account.catalogDefinitions.all(this.region) as { name: string; definition: string }[];
    for (const row of rows) this.#scheduleIndexWork(JSON.parse(row.definition) as TableDefinition);
  }

  /** Cancels pending background work; the catalog keeps its state for the next start. */
  stop(): void {
    this.#stopped = true;
    for (const pending of this.#jobs.values()) pending.cancel();
    this.#jobs.clear();
    this.#notifyIdle();
  }

  // ---------------------------------------------------------------- index storage and work

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

  #scheduleIndexWork(def: TableDefinition): void {
    for (const gsi of def.GlobalSecondaryIndexes ?? []) {
      // a backfill still scheduled when its index turns DELETING finds that out and stops
      const key = (work: string) => `${work}\u0000${def.TableName}\u0000${gsi.IndexId}`;
      if (gsi.IndexStatus === 'CREATING' && gsi.Backfilling) this.#schedule(key('backfill'), () => this.#backfillStep(def.TableName, gsi.IndexId));
      else if (gsi.IndexStatus === 'DELETING') this.#schedule(key('drop'), () => this.#dropStep(def.TableName, gsi.IndexId));
    }
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
        if (!retryable) this.#work.onError(err);
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
    return this.transaction(() => {
      const table = this.#table(tableName);
      const gsi = table?.definition.GlobalSecondaryIndexes?.find((g) => g.IndexId === indexId);
      const index = table?.indexById(indexId);
      if (!table || !gsi || !index || gsi.IndexStatus !== 'CREATING' || !gsi.Backfilling) return false;
      const ix = indexStorageName(table.definition.TableId, indexId);
      const cursor = this.#account.cursorGet.get(ix) as { h: Buffer | null; r: Buffer | null } | undefined;
      const after = cursor?.h ? { h: cursor.h, r: cursor.r ?? EMPTY } : undefined;
      const rows = table.rowsAfter(after, this.#work.chunkRows);
      for (const row of rows) index.write({ h: row.h, r: row.r }, JSON.parse(row.json) as Item, row.json, row.size);
      const more = rows.length === this.#work.chunkRows;
      this.#work.onBackfill?.({ accountId: this.accountId, region: this.region, table: tableName, index: gsi.IndexName, rows: rows.length, done: !more });
      if (more) {
        const last = rows[rows.length - 1];
        this.#account.cursorSet.run(last.h, last.r, ix);
        return true;
      }
      this.#account.cursorDelete.run(ix);
      const done: GlobalSecondaryIndexDefinition = { ...gsi, IndexStatus: 'ACTIVE' };
      delete done.Backfilling;
      this.updateTableDefinition(tableName, {
        ...table.definition,
        GlobalSecondaryIndexes: table.definition.GlobalSecondaryIndexes!.map((g) => (g.IndexId === indexId ? done : g)),
      });
      return false;
    });
  }

  /** Drops a DELETING GSI's storage and removes it from the definition. */
  #dropStep(tableName: string, indexId: string): boolean {
    this.transaction(() => {
      const def = this.#table(tableName)?.definition;
      const gsi = def?.GlobalSecondaryIndexes?.find((g) => g.IndexId === indexId);
      if (!def || gsi?.IndexStatus !== 'DELETING') return;
      const ix = indexStorageName(def.TableId, indexId);
      this.#account.db.exec(`DROP TABLE IF EXISTS "${ix}"`);
      this.#account.cursorDelete.run(ix);
      const remaining = def.GlobalSecondaryIndexes!.filter((g) => g.IndexId !== indexId);
      const next: TableDefinition = { ...def, GlobalSecondaryIndexes: remaining };
      if (remaining.length === 0) delete next.GlobalSecondaryIndexes;
      this.updateTableDefinition(tableName, pruneAttributeDefinitions(next));
    });
    return false;
  }
}

/** Range statements prepared once per WHERE shape (a handful of shapes per table). */
class StatementCache {
  readonly #db: Db;
  readonly #statements = new Map<string, Statement>();

  constructor(db: Db) {
    this.#db = db;
  }

  get(shape: string, sql: () => string): Statement {
    let stmt = this.#statements.get(shape);
    if (!stmt) {
      stmt = this.#db.prepare(sql());
      this.#statements.set(shape, stmt);
    }
    return stmt;
  }
}

/**
 * A stored item whose JSON is parsed only when `item` is first read: a write that needs
 * only to know the old item exists, or its size (a plain PutItem), never parses it.
 */
function lazyStoredItem(json: string, size: number): StoredItem {
  let item: Item | undefined;
  return {
    size,
    get item(): Item {
      return (item ??= JSON.parse(json) as Item);
    },
  };
}

/** The WHERE terms of one partition (h) within a sort-key range, for tables and indexes alike. */
function partitionRange(h: Buffer, range: SortRange): { where: string[]; params: Buffer[] } {
  const where = ['h = ?'];
  const params: Buffer[] = [h];
  if (range.lower) {
    where.push(range.lower.inclusive ? 'r >= ?' : 'r > ?');
    params.push(range.lower.value);
  }
  if (range.upper) {
    where.push(range.upper.inclusive ? 'r <= ?' : 'r < ?');
    params.push(range.upper.value);
  }
  return { where, params };
}

/** Adds the bounds of a Scan segment's slice of the partition-hash space to a WHERE clause. */
function addHashSlice(slice: HashRange | undefined, where: string[], params: Buffer[]): void {
  if (!slice) return;
  where.push('h >= ?');
  params.push(slice.from);
  if (slice.to) {
    where.push('h < ?');
    params.push(slice.to);
  }
}

class SqliteTable implements Table {
  readonly #account: AccountDatabase;
  /** The account's catalog generation this table was loaded under. */
  readonly #generation: number;
  readonly definition: TableDefinition;
  readonly key: PrimaryKey;
  readonly indexes: readonly SqliteIndex[];
  readonly #get: Statement;
  readonly #put: Statement;
  readonly #delete: Statement;
  readonly #stats: Statement;
  readonly #partitionSize: Statement;
  readonly #after: Statement;
  readonly #first: Statement;
  readonly #t: string;
  readonly #ranges: StatementCache;
  /** Every index with storage, CREATING ones included, by IndexId. */
  readonly #byId = new Map<string, SqliteIndex>();

  constructor(account: AccountDatabase, storageName: string, definition: TableDefinition) {
    const db = account.db;
    this.#account = account;
    this.#generation = account.generation;
    this.definition = Object.freeze(definition);
    this.key = primaryKeyOf(definition);
    const t = `"${storageName}"`;
    this.#t = t;
    this.#ranges = new StatementCache(db);
    this.#get = db.prepare(`SELECT item, size FROM ${t} WHERE h = ? AND r = ?`);
    this.#put = db.prepare(`INSERT OR REPLACE INTO ${t} (h, r, item, size) VALUES (?, ?, ?, ?)`);
    this.#delete = db.prepare(`DELETE FROM ${t} WHERE h = ? AND r = ?`);
    this.#stats = db.prepare(`SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM ${t}`);
    this.#partitionSize = db.prepare(`SELECT coalesce(sum(size), 0) FROM ${t} WHERE h = ?`).pluck();
    this.#after = db.prepare(`SELECT h, r, item AS json, size FROM ${t} WHERE (h, r) > (?, ?) ORDER BY h, r LIMIT ?`);
    this.#first = db.prepare(`SELECT h, r, item AS json, size FROM ${t} ORDER BY h, r LIMIT ?`);
    const tableKeyNames = this.key.sort ? [this.key.partition.name, this.key.sort.name] : [this.key.partition.name];
    const live: SqliteIndex[] = [];
    for (const { kind, index } of indexesOf(definition)) {
      const status: IndexStatus = kind === 'GLOBAL' ? (index as GlobalSecondaryIndexDefinition).IndexStatus : 'ACTIVE';
      if (status === 'DELETING') continue;
      const ix = new SqliteIndex(db, () => this.#fresh(), indexStorageName(definition.TableId, index.IndexId), kind, index, status, {
        name: index.IndexName,
        key: resolveIndexKey(index.KeySchema, definition.AttributeDefinitions),
        projection: index.Projection,
        tableKeyNames,
      });
      live.push(ix);
      this.#byId.set(index.IndexId, ix);
    }
    this.indexes = Object.freeze(live);
  }

  /** Throws StaleCatalogError when another process changed the catalog since this table was loaded. */
  #fresh(): void {
    if (this.#generation !== this.#account.generation) throw new StaleCatalogError();
  }

  encodeKey(key: Record<string, AttributeValue>): EncodedKey {
    const pk = encodeKeyValue(key[this.key.partition.name]);
    const h = Buffer.concat([partitionHash(pk), pk]);
    const r = this.key.sort ? encodeKeyValue(key[this.key.sort.name]) : EMPTY;
    return { h, r };
  }

  get(key: EncodedKey): StoredItem | undefined {
    this.#fresh();
    const row = this.#get.get(key.h, key.r) as { item: string; size: number } | undefined;
    return row ? lazyStoredItem(row.item, row.size) : undefined;
  }

  getJson(key: EncodedKey): { json: string; size: number } | undefined {
    this.#fresh();
    const row = this.#get.get(key.h, key.r) as { item: string; size: number } | undefined;
    return row ? { json: row.item, size: row.size } : undefined;
  }

  put(key: EncodedKey, item: Item, size: number): void {
    this.#fresh();
    const json = JSON.stringify(item);
    this.#put.run(key.h, key.r, json, size);
    for (const index of this.indexes) index.write(key, item, json, size);
  }

  delete(key: EncodedKey): void {
    this.#fresh();
    this.#delete.run(key.h, key.r);
    for (const index of this.indexes) index.remove(key);
  }

  index(name: string): TableIndex | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  /** An index by storage id (ACTIVE or CREATING). */
  indexById(indexId: string): SqliteIndex | undefined {
    return this.#byId.get(indexId);
  }

  checkIndexKeys(item: Item): void {
    for (const index of this.indexes) {
      const violation = indexKeyViolation(index.layout, item);
      if (violation) throw violation;
    }
  }

  /** Up to `limit` rows in storage order strictly after a key (from the start without one). */
  rowsAfter(after: EncodedKey | undefined, limit: number): Row[] {
    this.#fresh();
    return (after ? this.#after.all(after.h, after.r, limit) : this.#first.all(limit)) as Row[];
  }

  query(h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Buffer): IterableIterator<Row> {
    return this.#query('h, r, item AS json, size', h, range, forward, exclusiveStart) as IterableIterator<Row>;
  }

  queryItems(h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Buffer): IterableIterator<ItemRow> {
    return this.#query('item AS json, size', h, range, forward, exclusiveStart) as IterableIterator<ItemRow>;
  }

  #query(columns: string, h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Buffer): IterableIterator<unknown> {
    this.#fresh();
    const { where, params } = partitionRange(h, range);
    if (exclusiveStart) {
      where.push(forward ? 'r > ?' : 'r < ?');
      params.push(exclusiveStart);
    }
    const shape = `q|${columns}|${where.join(' AND ')}|${forward}`;
    const stmt = this.#ranges.get(shape, () => `SELECT ${columns} FROM ${this.#t} WHERE ${where.join(' AND ')} ORDER BY r ${forward ? 'ASC' : 'DESC'}`);
    return stmt.iterate(...params);
  }

  scan(slice?: HashRange, exclusiveStart?: EncodedKey): IterableIterator<Row> {
    return this.#scan('h, r, item AS json, size', slice, exclusiveStart) as IterableIterator<Row>;
  }

  scanItems(slice?: HashRange, exclusiveStart?: EncodedKey): IterableIterator<ItemRow> {
    return this.#scan('item AS json, size', slice, exclusiveStart) as IterableIterator<ItemRow>;
  }

  #scan(columns: string, slice?: HashRange, exclusiveStart?: EncodedKey): IterableIterator<unknown> {
    this.#fresh();
    const where: string[] = [];
    const params: Buffer[] = [];
    addHashSlice(slice, where, params);
    if (exclusiveStart) {
      where.push('(h, r) > (?, ?)');
      params.push(exclusiveStart.h, exclusiveStart.r);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const stmt = this.#ranges.get(`s|${columns}|${clause}`, () => `SELECT ${columns} FROM ${this.#t} ${clause} ORDER BY h, r`);
    return stmt.iterate(...params);
  }

  stats(): { itemCount: number; sizeBytes: number } {
    this.#fresh();
    const row = this.#stats.get() as { n: number; bytes: number };
    return { itemCount: row.n, sizeBytes: row.bytes };
  }

  collectionSize(h: Buffer): number {
    this.#fresh();
    // an LSI's partition is the table's, encoded the same way
    const local = this.indexes.filter((i) => i.kind === 'LOCAL').reduce((sum, index) => sum + index.partitionSize(h), 0);
    return (this.#partitionSize.get(h) as number) + local;
  }
}

class SqliteIndex implements TableIndex {
  readonly name: string;
  readonly kind: 'LOCAL' | 'GLOBAL';
  readonly definition: LocalSecondaryIndexDefinition | GlobalSecondaryIndexDefinition;
  readonly key: IndexKey;
  readonly projection: Projection;
  readonly status: IndexStatus;
  readonly layout: IndexLayout;
  readonly #t: string;
  readonly #insert: Statement;
  readonly #removeByTableKey: Statement;
  readonly #stats: Statement;
  readonly #partitionSize: Statement;
  readonly #ranges: StatementCache;
  /** Throws StaleCatalogError when the table's definition is stale. */
  readonly #fresh: () => void;

  constructor(
    db: Db,
    fresh: () => void,
    storageName: string,
    kind: 'LOCAL' | 'GLOBAL',
    definition: LocalSecondaryIndexDefinition | GlobalSecondaryIndexDefinition,
    status: IndexStatus,
    layout: IndexLayout,
  ) {
    this.name = definition.IndexName;
    this.kind = kind;
    this.definition = definition;
    this.key = layout.key;
    this.projection = layout.projection;
    this.status = status;
    this.layout = layout;
    this.#fresh = fresh;
    const t = `"${storageName}"`;
    this.#t = t;
    this.#ranges = new StatementCache(db);
    this.#insert = db.prepare(`INSERT OR REPLACE INTO ${t} (h, r, th, tr, item, size) VALUES (?, ?, ?, ?, ?, ?)`);
    this.#removeByTableKey = db.prepare(`DELETE FROM ${t} WHERE th = ? AND tr = ?`);
    this.#stats = db.prepare(`SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM ${t}`);
    this.#partitionSize = db.prepare(`SELECT coalesce(sum(size), 0) FROM ${t} WHERE h = ?`).pluck();
  }

  keyOf(item: Item): EncodedKey | undefined {
    return indexKeyOf(this.layout, item);
  }

  /**
   * Makes the index entry of the item stored under `tableKey` match `item`: the old entry
   * goes (its index key may differ), the new one comes when the item has an index key.
   * `json` and `size` are the whole item's, reused for an ALL projection.
   */
  write(tableKey: EncodedKey, item: Item, json: string, size: number): void {
    this.#removeByTableKey.run(tableKey.h, tableKey.r);
    const key = this.keyOf(item);
    if (!key) return;
    if (this.projection.ProjectionType === 'ALL') {
      this.#insert.run(key.h, key.r, tableKey.h, tableKey.r, json, size);
    } else {
      const projected = projectItem(this.layout, item);
      this.#insert.run(key.h, key.r, tableKey.h, tableKey.r, JSON.stringify(projected), itemSize(projected));
    }
  }

  /** Removes the entry of the item stored under `tableKey`, if any. */
  remove(tableKey: EncodedKey): void {
    this.#removeByTableKey.run(tableKey.h, tableKey.r);
  }

  query(h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Omit<IndexPosition, 'h'>): IterableIterator<IndexRow> {
    return this.#query('h, r, th, tr, item AS json, size', h, range, forward, exclusiveStart) as IterableIterator<IndexRow>;
  }

  queryItems(h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Omit<IndexPosition, 'h'>): IterableIterator<ItemRow> {
    return this.#query('item AS json, size', h, range, forward, exclusiveStart) as IterableIterator<ItemRow>;
  }

  #query(columns: string, h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Omit<IndexPosition, 'h'>): IterableIterator<unknown> {
    this.#fresh();
    const { where, params } = partitionRange(h, range);
    if (exclusiveStart) {
      where.push(forward ? '(r, th, tr) > (?, ?, ?)' : '(r, th, tr) < (?, ?, ?)');
      params.push(exclusiveStart.r, exclusiveStart.th, exclusiveStart.tr);
    }
    const order = forward ? 'r ASC, th ASC, tr ASC' : 'r DESC, th DESC, tr DESC';
    const shape = `q|${columns}|${where.join(' AND ')}|${forward}`;
    const stmt = this.#ranges.get(shape, () => `SELECT ${columns} FROM ${this.#t} WHERE ${where.join(' AND ')} ORDER BY ${order}`);
    return stmt.iterate(...params);
  }

  scan(slice?: HashRange, exclusiveStart?: IndexPosition): IterableIterator<IndexRow> {
    return this.#scan('h, r, th, tr, item AS json, size', slice, exclusiveStart) as IterableIterator<IndexRow>;
  }

  scanItems(slice?: HashRange, exclusiveStart?: IndexPosition): IterableIterator<ItemRow> {
    return this.#scan('item AS json, size', slice, exclusiveStart) as IterableIterator<ItemRow>;
  }

  #scan(columns: string, slice?: HashRange, exclusiveStart?: IndexPosition): IterableIterator<unknown> {
    this.#fresh();
    const where: string[] = [];
    const params: Buffer[] = [];
    addHashSlice(slice, where, params);
    if (exclusiveStart) {
      where.push('(h, r, th, tr) > (?, ?, ?, ?)');
      params.push(exclusiveStart.h, exclusiveStart.r, exclusiveStart.th, exclusiveStart.tr);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const stmt = this.#ranges.get(`s|${columns}|${clause}`, () => `SELECT ${columns} FROM ${this.#t} ${clause} ORDER BY h, r, th, tr`);
    return stmt.iterate(...params);
  }

  stats(): { itemCount: number; sizeBytes: number } {
    this.#fresh();
    const row = this.#stats.get() as { n: number; bytes: number };
    return { itemCount: row.n, sizeBytes: row.bytes };
  }

  /** Total size of the entries of index partition `h`. */
  partitionSize(h: Buffer): number {
    return this.#partitionSize.get(h) as number;
  }
}
