/**
 * The SQLite engine: one database file per account (WAL), a catalog of table definitions
 * keyed by (region, name), one WITHOUT ROWID SQLite table per DynamoDB table and one per
 * secondary index. This class owns the per-account databases and hands out tenant stores.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDataDir } from '../data-dir.js';
import type { Namespace, Storage, TenantStore } from '../types.js';
import { AccountDatabase } from './account-database.js';
import { SqliteTenantStore } from './tenant-store.js';

/** Rows a backfill transaction indexes before yielding to other work. */
const DEFAULT_BACKFILL_CHUNK_ROWS = 256;

/** How SqliteStorage stores accounts and runs background index work. */
export interface SqliteStorageOptions {
  /** Directory of the account files; ignored when inMemory. */
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly sync: 'full' | 'normal';
  /**
   * Other processes write to the same files (--workers > 1): table definitions cached by
   * this process are checked against the catalog on every lookup and write transaction,
   * and a write that finds the write lock taken waits without blocking instead of
   * sleeping in SQLite.
   */
  readonly shared?: boolean;
  /** Rows per backfill transaction (default 256). */
  readonly backfillChunkRows?: number;
  /** Called when background index work fails (it is retried a second later). */
  readonly onBackgroundError?: (err: unknown) => void;
  /** Observes storage work (metrics, progress logs). */
  readonly observer?: StorageObserver;
}

/** What the SQLite engine reports as it works; every callback must be cheap and must not throw. */
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

export class SqliteStorage implements Storage {
  readonly #options: SqliteStorageOptions;
  readonly #accounts = new Map<string, AccountDatabase>();
  readonly #tenants = new Map<string, SqliteTenantStore>();

  constructor(options: SqliteStorageOptions) {
    this.#options = Object.freeze({ ...options });
    if (!options.inMemory) ensureDataDir(options.dataDir);
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
      account = new AccountDatabase({
        file,
        sync: this.#options.sync,
        shared: this.#options.shared === true && !this.#options.inMemory,
        onCommit: this.#options.observer?.onCommit?.bind(this.#options.observer),
      });
      this.#accounts.set(accountId, account);
    }
    return account;
  }

  /**
   * Every (account, region) namespace that has tables: the account files in the data
   * directory (and the accounts open in memory), and the regions in their catalogs.
   */
  namespaces(): Promise<Namespace[]> {
    try {
      const ids = new Set(this.#accounts.keys());
      if (!this.#options.inMemory) {
        for (const file of readdirSync(this.#options.dataDir)) {
          const m = /^account-(\d{12})\.sqlite3$/.exec(file);
          if (m) ids.add(m[1]);
        }
      }
      const out: Namespace[] = [];
      for (const accountId of [...ids].sort()) {
        const regions = this.#account(accountId).catalogRegions.all() as string[];
        for (const region of regions) out.push({ accountId, region });
      }
      return Promise.resolve(out);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * A number that changes whenever another connection (another worker process) commits to
   * the account's file: SQLite's `PRAGMA data_version`, one step. Our own commits leave it.
   */
  foreignVersion(accountId: string): number {
    return this.#account(accountId).foreignVersion();
  }

  /** Stops background index work (the catalog keeps its state) and closes every database. */
  close(): Promise<void> {
    for (const tenant of this.#tenants.values()) tenant.stop();
    for (const account of this.#accounts.values()) account.close();
    this.#accounts.clear();
    this.#tenants.clear();
    return Promise.resolve();
  }
}
