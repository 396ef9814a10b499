/**
 * A DynamoDB table in SQLite: one WITHOUT ROWID table whose primary key is the
 * order-preserving encoded key (key-layout.ts: h = partition hash + partition key,
 * r = sort key), so Query ranges are index range scans and Scan order is hash-spread.
 * put and delete keep every secondary index in step inside the caller's transaction;
 * only the tenant store's change function calls them.
 *
 * The only SQL built from strings uses identifiers we generate (items_<hex table id>).
 */
import type { AttributeValue, Item } from '../../model/attribute-value.js';
import { keyAttributeNames } from '../../model/keys.js';
import { indexesOf, indexKeyProblem, primaryKeyOf, resolveIndexKey } from '../index-keys.js';
import { indexSortRange } from '../key-range.js';
import { decodePartition, encodePartition, encodeSort } from '../key-layout.js';
import { storedItem } from '../stored-item.js';
import type {
  EncodedKey,
  GlobalSecondaryIndexDefinition,
  IndexKeyProblem,
  IndexStatus,
  Page,
  PageRequest,
  PrimaryKey,
  SortCondition,
  SortRange,
  StoredItem,
  Table,
  TableDefinition,
} from '../types.js';
import { StaleCatalogError, type AccountDatabase } from './account-database.js';
import { collectPage, pageStatement, rowLayout, StatementCache, type Statement } from './statement-cache.js';
import { SqliteIndex } from './table-index.js';

const EMPTY = Buffer.alloc(0);

/** A table's rows: ordered by sort key within a partition. */
const TABLE_ROWS = rowLayout(['r']);

const hexOf = (id: string): string => {
  const hex = id.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) throw new Error(`not a storage id: ${id}`);
  return hex;
};

/** The SQLite table of a DynamoDB table. */
export const tableStorageName = (tableId: string): string => `items_${hexOf(tableId)}`;

/** The SQLite table of a secondary index. */
export const indexStorageName = (tableId: string, indexId: string): string => `ix_${hexOf(tableId)}_${hexOf(indexId)}`;

/** A stored row with its key, as the backfill reads it. */
export interface KeyedRow {
  readonly h: Buffer;
  readonly r: Buffer;
  readonly json: string;
  readonly size: number;
}

export class SqliteTable implements Table {
  readonly #account: AccountDatabase;
  /** The account's catalog generation this table was loaded under. */
  readonly #generation: number;
  /** Set when this process changed or dropped the table's catalog entry. */
  #retired = false;
  /** The tenant store that loaded the table (a write plan may only name its own tables). */
  readonly owner: object;
  readonly storageName: string;
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

  constructor(account: AccountDatabase, owner: object, storageName: string, definition: TableDefinition) {
    const db = account.db;
    this.#account = account;
    this.#generation = account.generation;
    this.owner = owner;
    this.storageName = storageName;
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
    const tableKeyNames = keyAttributeNames(this.key);
    const live: SqliteIndex[] = [];
    const owned = { fresh: () => this.fresh(), settle: <T>(value: T) => account.settle(value, storageName) };
    for (const { kind, index } of indexesOf(definition)) {
      const status: IndexStatus = kind === 'GLOBAL' ? (index as GlobalSecondaryIndexDefinition).IndexStatus : 'ACTIVE';
      if (status === 'DELETING') continue;
      const ix = new SqliteIndex(db, owned, indexStorageName(definition.TableId, index.IndexId), kind, index, status, {
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

  /** Throws StaleCatalogError when the table's catalog entry changed since it was loaded. */
  fresh(): void {
    if (this.#retired || this.#generation !== this.#account.generation) throw new StaleCatalogError();
  }

  /** Marks the table stale: its catalog entry was changed or removed by this process. */
  retire(): void {
    this.#retired = true;
  }

  encodeKey(key: Item): EncodedKey {
    const h = encodePartition([key[this.key.partition.name]]);
    const r = this.key.sort ? encodeSort([key[this.key.sort.name]]) : EMPTY;
    return { h, r };
  }

  decodePartition(h: Buffer): AttributeValue {
    return decodePartition(h, this.key.partition.type);
  }

  encodePartition(values: readonly AttributeValue[]): Buffer {
    return encodePartition(values);
  }

  sortRange(prefix: readonly AttributeValue[], last?: SortCondition): SortRange {
    return indexSortRange(this.key.sort ? 1 : 0, prefix, last);
  }

  index(name: string): SqliteIndex | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  /** An index by storage id (ACTIVE or CREATING). */
  indexById(indexId: string): SqliteIndex | undefined {
    return this.#byId.get(indexId);
  }

  indexKeyProblem(item: Item): IndexKeyProblem | undefined {
    for (const index of this.indexes) {
      const problem = indexKeyProblem(index.layout, item);
      if (problem) return problem;
    }
    return undefined;
  }

  get(key: EncodedKey): Promise<StoredItem | undefined> {
    try {
      this.fresh();
      return this.#account.settle(this.current(key), this.storageName);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  readPage(request: PageRequest): Promise<Page> {
    try {
      this.fresh();
      return this.#account.settle(this.page(request), this.storageName);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  stats(): Promise<{ itemCount: number; sizeBytes: number }> {
    try {
      this.fresh();
      const row = this.#stats.get() as { n: number; bytes: number };
      return this.#account.settle({ itemCount: row.n, sizeBytes: row.bytes }, this.storageName);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  collectionSize(h: Buffer): Promise<number> {
    try {
      this.fresh();
      // an LSI's partition is the table's, encoded the same way
      let size = this.#partitionSize.get(h) as number;
      for (const index of this.indexes) if (index.kind === 'LOCAL') size += index.partitionSize(h);
      return this.#account.settle(size, this.storageName);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  // ---------------------------------------------------------------- engine-internal, synchronous

  /** The stored item under a key; the caller has checked freshness. */
  current(key: EncodedKey): StoredItem | undefined {
    const row = this.#get.get(key.h, key.r) as { item: string; size: number } | undefined;
    return row ? storedItem(row.item, row.size) : undefined;
  }

  /** Every item, in storage order. */
  all(): StoredItem[] {
    return this.page({}).rows.map((row) => storedItem(row.json, row.size));
  }

  /** One page of items (see PageRequest); the caller has checked freshness. */
  page(request: PageRequest): Page {
    const { stmt, params } = pageStatement(this.#ranges, this.#t, TABLE_ROWS, request);
    return collectPage(stmt, params, request.limit, request.maxBytes);
  }

  /** Up to `limit` rows in storage order strictly after a key (from the start without one). */
  rowsAfter(after: EncodedKey | undefined, limit: number): KeyedRow[] {
    return (after ? this.#after.all(after.h, after.r, limit) : this.#first.all(limit)) as KeyedRow[];
  }

  /** Stores an item and its index entries. Only the tenant store's change function calls it. */
  put(key: EncodedKey, item: Item, size: number): void {
    const json = JSON.stringify(item);
    this.#put.run(key.h, key.r, json, size);
    for (const index of this.indexes) index.write(key, item, json, size);
  }

  /** Removes an item and its index entries. Only the tenant store's change function calls it. */
  delete(key: EncodedKey): void {
    this.#delete.run(key.h, key.r);
    for (const index of this.indexes) index.remove(key);
  }
}
