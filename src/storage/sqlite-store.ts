/**
 * SQLite storage: one database file per account (WAL), a catalog of table definitions
 * keyed by (region, name), and one WITHOUT ROWID SQLite table per DynamoDB table whose
 * primary key is the order-preserving encoded key (h = partition hash + partition key,
 * r = sort key), so Query ranges are index range scans and Scan order is hash-spread.
 *
 * The only SQL built from strings uses identifiers we generate (items_<hex table id>).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { encodeKeyValue, partitionHash } from '../model/key-codec.js';
import type { EncodedKey, HashRange, PrimaryKey, Row, SortRange, StoredItem, Table, TableDefinition, TenantStore } from './types.js';

type Db = Database.Database;
type Statement = Database.Statement;

const SCHEMA_VERSION = 1;
const EMPTY = Buffer.alloc(0);

export interface StorageOptions {
  /** Directory of the account files; ignored when inMemory. */
  dataDir: string;
  inMemory: boolean;
  sync: 'full' | 'normal';
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

/** Owns the per-account database handles; hands out tenant-scoped stores. */
export class SqliteStorage {
  readonly #options: StorageOptions;
  readonly #accounts = new Map<string, AccountDatabase>();
  readonly #tenants = new Map<string, SqliteTenantStore>();

  constructor(options: StorageOptions) {
    this.#options = Object.freeze({ ...options });
    if (!options.inMemory) mkdirSync(options.dataDir, { recursive: true });
  }

  /** The store for one (account, region) namespace. */
  tenant(accountId: string, region: string): TenantStore {
    const id = `${accountId}/${region}`;
    let store = this.#tenants.get(id);
    if (!store) {
      store = new SqliteTenantStore(this.#account(accountId), accountId, region);
      this.#tenants.set(id, store);
    }
    return store;
  }

  #account(accountId: string): AccountDatabase {
    let account = this.#accounts.get(accountId);
    if (!account) {
      if (!/^\d{12}$/.test(accountId)) throw new Error(`invalid account id ${accountId}`);
      const file = this.#options.inMemory ? ':memory:' : join(this.#options.dataDir, `account-${accountId}.sqlite3`);
      account = new AccountDatabase(file, this.#options.sync);
      this.#accounts.set(accountId, account);
    }
    return account;
  }

  /** Closes every database (checkpointing the WAL). */
  close(): void {
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
  readonly catalogInsert: Statement;
  readonly catalogUpdate: Statement;
  readonly catalogDelete: Statement;

  constructor(file: string, sync: 'full' | 'normal') {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('busy_timeout = 5000');
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
      ) WITHOUT ROWID;`);
    this.catalogGet = this.db.prepare('SELECT storage_name, definition FROM sqynamo_catalog WHERE region = ? AND name = ?');
    this.catalogList = this.db.prepare('SELECT name FROM sqynamo_catalog WHERE region = ? ORDER BY name').pluck();
    this.catalogInsert = this.db.prepare('INSERT INTO sqynamo_catalog (region, name, storage_name, definition) VALUES (?, ?, ?, ?)');
    this.catalogUpdate = this.db.prepare('UPDATE sqynamo_catalog SET definition = ? WHERE region = ? AND name = ?');
    this.catalogDelete = this.db.prepare('DELETE FROM sqynamo_catalog WHERE region = ? AND name = ?');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

class SqliteTenantStore implements TenantStore {
  readonly #account: AccountDatabase;
  readonly accountId: string;
  readonly region: string;
  readonly #tables = new Map<string, SqliteTable>();

  constructor(account: AccountDatabase, accountId: string, region: string) {
    this.#account = account;
    this.accountId = accountId;
    this.region = region;
  }

  listTableNames(): string[] {
    // SQLite orders TEXT by memcmp of UTF-8, which is how DynamoDB orders table names.
    return this.#account.catalogList.all(this.region) as string[];
  }

  getTable(name: string): Table | undefined {
    const cached = this.#tables.get(name);
    if (cached) return cached;
    const row = this.#account.catalogGet.get(this.region, name) as { storage_name: string; definition: string } | undefined;
    if (!row) return undefined;
    const table = new SqliteTable(this.#account.db, row.storage_name, JSON.parse(row.definition) as TableDefinition);
    this.#tables.set(name, table);
    return table;
  }

  createTable(def: TableDefinition): Table {
    const storageName = `items_${def.TableId.replace(/-/g, '')}`;
    this.transaction(() => {
      this.#account.db.exec(
        `CREATE TABLE "${storageName}" (h BLOB NOT NULL, r BLOB NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (h, r)) WITHOUT ROWID`,
      );
      this.#account.catalogInsert.run(this.region, def.TableName, storageName, JSON.stringify(def));
    });
    return this.getTable(def.TableName)!;
  }

  updateTableDefinition(name: string, def: TableDefinition): void {
    this.#account.catalogUpdate.run(JSON.stringify(def), this.region, name);
    this.#tables.delete(name);
  }

  dropTable(name: string): void {
    const row = this.#account.catalogGet.get(this.region, name) as { storage_name: string } | undefined;
    if (!row) return;
    this.transaction(() => {
      this.#account.db.exec(`DROP TABLE IF EXISTS "${row.storage_name}"`);
      this.#account.catalogDelete.run(this.region, name);
    });
    this.#tables.delete(name);
  }

  transaction<T>(fn: () => T): T {
    const db = this.#account.db;
    if (db.inTransaction) return fn();
    return db.transaction(fn).immediate();
  }
}

class SqliteTable implements Table {
  readonly definition: TableDefinition;
  readonly key: PrimaryKey;
  readonly #get: Statement;
  readonly #put: Statement;
  readonly #delete: Statement;
  readonly #stats: Statement;
  readonly #db: Db;
  readonly #t: string;
  /** Range statements, by the shape of their WHERE clause (a handful of shapes). */
  readonly #ranges = new Map<string, Statement>();

  constructor(db: Db, storageName: string, definition: TableDefinition) {
    this.definition = Object.freeze(definition);
    this.key = primaryKeyOf(definition);
    const t = `"${storageName}"`;
    this.#db = db;
    this.#t = t;
    this.#get = db.prepare(`SELECT item, size FROM ${t} WHERE h = ? AND r = ?`);
    this.#put = db.prepare(`INSERT OR REPLACE INTO ${t} (h, r, item, size) VALUES (?, ?, ?, ?)`);
    this.#delete = db.prepare(`DELETE FROM ${t} WHERE h = ? AND r = ?`);
    this.#stats = db.prepare(`SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM ${t}`);
  }

  encodeKey(key: Record<string, AttributeValue>): EncodedKey {
    const pk = encodeKeyValue(key[this.key.partition.name]);
    const h = Buffer.concat([partitionHash(pk), pk]);
    const r = this.key.sort ? encodeKeyValue(key[this.key.sort.name]) : EMPTY;
    return { h, r };
  }

  get(key: EncodedKey): StoredItem | undefined {
    const row = this.#get.get(key.h, key.r) as { item: string; size: number } | undefined;
    return row ? { item: JSON.parse(row.item) as Item, size: row.size } : undefined;
  }

  put(key: EncodedKey, item: Item, size: number): void {
    this.#put.run(key.h, key.r, JSON.stringify(item), size);
  }

  delete(key: EncodedKey): void {
    this.#delete.run(key.h, key.r);
  }

  #statement(shape: string, sql: () => string): Statement {
    let stmt = this.#ranges.get(shape);
    if (!stmt) {
      stmt = this.#db.prepare(sql());
      this.#ranges.set(shape, stmt);
    }
    return stmt;
  }

  query(h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Buffer): IterableIterator<Row> {
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
    if (exclusiveStart) {
      where.push(forward ? 'r > ?' : 'r < ?');
      params.push(exclusiveStart);
    }
    const shape = `q|${where.join(' AND ')}|${forward}`;
    const stmt = this.#statement(shape, () => `SELECT h, r, item AS json, size FROM ${this.#t} WHERE ${where.join(' AND ')} ORDER BY r ${forward ? 'ASC' : 'DESC'}`);
    return stmt.iterate(...params) as IterableIterator<Row>;
  }

  scan(slice?: HashRange, exclusiveStart?: EncodedKey): IterableIterator<Row> {
    const where: string[] = [];
    const params: Buffer[] = [];
    if (slice) {
      where.push('h >= ?');
      params.push(slice.from);
      if (slice.to) {
        where.push('h < ?');
        params.push(slice.to);
      }
    }
    if (exclusiveStart) {
      where.push('(h, r) > (?, ?)');
      params.push(exclusiveStart.h, exclusiveStart.r);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const stmt = this.#statement(`s|${clause}`, () => `SELECT h, r, item AS json, size FROM ${this.#t} ${clause} ORDER BY h, r`);
    return stmt.iterate(...params) as IterableIterator<Row>;
  }

  stats(): { itemCount: number; sizeBytes: number } {
    const row = this.#stats.get() as { n: number; bytes: number };
    return { itemCount: row.n, sizeBytes: row.bytes };
  }
}
