/**
 * One account's SQLite database: the single place a database file is opened (created 0600,
 * pragmas, schema), the group commit, the cross-process catalog version, and the rule that no
 * read answers before what it saw is durable.
 *
 * Group commit. Writes run in savepoints of one open transaction per account; the
 * transaction commits on the next event-loop turn (setImmediate), so every request that
 * wrote in the meantime shares one WAL sync. A write resolves only once that commit is
 * done (with synchronous=FULL, on disk). A request whose savepoint throws is undone alone.
 *
 * Reads see the open transaction (one connection per account), so a read of a table that
 * the open group wrote, or any catalog read while the group changed the catalog, waits
 * for the commit before it answers ({@link AccountDatabase.settle}).
 */
import Database from 'better-sqlite3';
import { createPrivateFile } from '../data-dir.js';
import { RetryableStorageError } from '../types.js';
import type { Db, Statement } from './statement-cache.js';

/**
 * Thrown by a table whose catalog entry changed since it was loaded (a table updated or
 * dropped by another request, or by another process: a worker, the admin CLI). Nothing
 * was written; the operation runs again on the new definition.
 */
export class StaleCatalogError extends RetryableStorageError {
  constructor() {
    super('the table definition changed; retry the request');
  }
}

/**
 * Thrown, with several worker processes, when another process holds the account's write
 * lock. SQLite's own busy handler would sleep, blocking every request of this process for
 * 1, 2, 5, 10... ms; instead the write waits without blocking and runs again.
 */
export class WriteLockBusyError extends RetryableStorageError {
  constructor() {
    super("another process holds the account's write lock; retry the request");
  }
}

const SCHEMA_VERSION = 1;
/** How long SQLite waits for a lock before SQLITE_BUSY (opening files, reads, one process). */
const BUSY_TIMEOUT_MS = 5000;

interface Group {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
  /** Storage names of the tables written in this group. */
  readonly tables: Set<string>;
  /** True once the group changed the catalog. */
  catalog: boolean;
  /** Write transactions (savepoints) the group holds. */
  writes: number;
}

export interface AccountOptions {
  /** The database file, or ':memory:'. */
  readonly file: string;
  readonly sync: 'full' | 'normal';
  /** Other processes write to the same file (see SqliteStorageOptions.shared). */
  readonly shared: boolean;
  /** Told of every group commit: its write transactions and the seconds COMMIT took (metrics). */
  readonly onCommit?: (writes: number, seconds: number) => void;
}

const DONE = Promise.resolve();

export class AccountDatabase {
  readonly db: Db;
  readonly catalogGet: Statement;
  readonly catalogList: Statement;
  readonly catalogDefinitions: Statement;
  readonly catalogRegions: Statement;
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
   * Bumped when a catalog change committed by another connection is noticed, or when a
   * group that changed the catalog failed to commit: tables loaded under an older
   * generation are stale.
   */
  generation = 0;
  /** Catalog changes this connection has made (bumpCatalogVersion calls). */
  catalogChanges = 0;
  readonly #onStale: (() => void)[] = [];
  readonly #dataVersion: Statement;
  readonly #catalogVersion: Statement;
  readonly #bumpCatalogVersion: Statement;
  #lastDataVersion: number;
  #lastCatalogVersion: number;
  readonly #shared: boolean;
  readonly #busyWait: Statement;
  readonly #busyFail: Statement;
  readonly #savepoint: Statement;
  readonly #release: Statement;
  readonly #rollbackTo: Statement;
  #group: Group | undefined;
  readonly #onCommit: ((writes: number, seconds: number) => void) | undefined;

  constructor(options: AccountOptions) {
    this.#shared = options.shared;
    this.#onCommit = options.onCommit;
    // 0600 before SQLite creates it (its -wal and -shm files take the same mode)
    if (options.file !== ':memory:') createPrivateFile(options.file);
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'}`);
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
    this.catalogRegions = this.db.prepare('SELECT DISTINCT region FROM sqynamo_catalog ORDER BY region').pluck();
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
   * Runs fn in a savepoint of the account's open group transaction (beginning one when
   * none is open): everything fn wrote is kept, or, when it throws, undone.
   *
   * @throws WriteLockBusyError (shared files) when another process holds the write lock
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

  /** Notes, inside run(), that the open group writes table `storageName` (its reads must wait for the commit). */
  wrote(storageName: string): void {
    this.#group?.tables.add(storageName);
  }

  /** Notes, inside run(), that the open group changes the catalog. */
  changedCatalog(): void {
    if (this.#group) this.#group.catalog = true;
  }

  /**
   * True when a read of table `storageName` (or, without one, of the catalog) may have
   * seen writes of the open group: it must not answer before the group commits.
   */
  mustWait(storageName?: string): boolean {
    const group = this.#group;
    return group !== undefined && (group.catalog || (storageName !== undefined && group.tables.has(storageName)));
  }

  /** `value`, once what a read of table `storageName` (or of the catalog) may have seen is committed. */
  settle<T>(value: T, storageName?: string): Promise<T> {
    return this.mustWait(storageName) ? this.#group!.promise.then(() => value) : Promise.resolve(value);
  }

  /** Resolves once the open group (if any) has committed; rejects when its commit failed. */
  committed(): Promise<void> {
    return this.#group?.promise ?? DONE;
  }

  /**
   * Runs reads from one snapshot: inside the open group if there is one (it holds the write
   * lock), else, when other processes write to the file, in a read transaction.
   */
  snapshot<T>(fn: () => T): T {
    if (this.#group || !this.#shared) return fn();
    this.db.exec('BEGIN');
    try {
      this.refresh();
      return fn();
    } finally {
      if (this.db.inTransaction) this.db.exec('COMMIT');
    }
  }

  /** Registers a callback run when the generation moves (tenant stores drop their caches). */
  onStale(fn: () => void): void {
    this.#onStale.push(fn);
  }

  #stale(): void {
    this.generation++;
    for (const fn of this.#onStale) fn();
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
    this.#stale();
    return true;
  }

  /** PRAGMA data_version: moves on every commit of another connection, never on our own. */
  foreignVersion(): number {
    return this.#dataVersion.get() as number;
  }

  /** Records a catalog change of ours (inside run()), for the other connections. */
  bumpCatalogVersion(): void {
    this.changedCatalog();
    this.catalogChanges++;
    const previous = this.#lastCatalogVersion;
    const next = this.#bumpCatalogVersion.get() as number;
    // A version other than ours + 1 means a foreign change we had not seen yet.
    if (next !== previous + 1) this.#stale();
    this.#lastCatalogVersion = next;
  }

  /** True while a statement outside run() would see the open group's writes. */
  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

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
    this.#group = { promise, resolve, reject, tables: new Set(), catalog: false, writes: 0 };
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
      const started = this.#onCommit ? process.hrtime.bigint() : 0n;
      this.db.exec('COMMIT');
      if (this.#onCommit) this.#onCommit(group.writes, Number(process.hrtime.bigint() - started) / 1e9);
      group.resolve();
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      // tables created or redefined in the group never happened
      if (group.catalog) this.#stale();
      group.reject(err);
    }
  }

  close(): void {
    if (!this.db.open) return;
    this.commit();
    this.db.close();
  }
}
