/**
 * A secondary index in SQLite: its own WITHOUT ROWID table keyed by (h, r, th, tr): the
 * index key, then the item's table key, so entries are unique and ordered by index key
 * then table key. It stores the projected item (what a read of the index returns), so
 * index reads never join back to the table and IndexSizeBytes is the sum of entry sizes.
 * A second B-tree on (th, tr) lets a write find the entry of an item it replaces.
 */
import type { AttributeValue, Item } from '../../model/attribute-value.js';
import { itemSize } from '../../model/item-size.js';
import { indexKeyOf, projectItem, type IndexLayout } from '../index-keys.js';
import { indexSortRange } from '../key-range.js';
import { encodePartition } from '../key-layout.js';
import type {
  EncodedKey,
  GlobalSecondaryIndexDefinition,
  IndexKey,
  IndexStatus,
  LocalSecondaryIndexDefinition,
  Page,
  PageRequest,
  Projection,
  SortCondition,
  SortRange,
  TableIndex,
} from '../types.js';
import { collectPage, pageStatement, rowLayout, StatementCache, type Db, type Statement } from './statement-cache.js';

/** What an index needs of its table: freshness, and the durability rule of reads. */
export interface IndexOwner {
  /** Throws StaleCatalogError when the table's definition is stale. */
  fresh(): void;
  /** `value` once what a read of the table may have seen is committed. */
  settle<T>(value: T): Promise<T>;
}

/** An index's entries: ordered by index sort key, then by the item's table key, within a partition. */
const INDEX_ROWS = rowLayout(['r', 'th', 'tr']);

export class SqliteIndex implements TableIndex {
  readonly name: string;
  readonly kind: 'LOCAL' | 'GLOBAL';
  readonly definition: LocalSecondaryIndexDefinition | GlobalSecondaryIndexDefinition;
  readonly key: IndexKey;
  readonly projection: Projection;
  readonly status: IndexStatus;
  readonly layout: IndexLayout;
  readonly storageName: string;
  readonly #owner: IndexOwner;
  readonly #t: string;
  readonly #insert: Statement;
  readonly #removeByTableKey: Statement;
  readonly #stats: Statement;
  readonly #partitionSize: Statement;
  readonly #ranges: StatementCache;

  constructor(
    db: Db,
    owner: IndexOwner,
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
    this.storageName = storageName;
    this.#owner = owner;
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

  project(item: Item): Item {
    return projectItem(this.layout, item);
  }

  encodePartition(values: readonly AttributeValue[]): Buffer {
    return encodePartition(values);
  }

  sortRange(prefix: readonly AttributeValue[], last?: SortCondition): SortRange {
    return indexSortRange(this.key.sort.length, prefix, last);
  }

  readPage(request: PageRequest): Promise<Page> {
    try {
      this.#owner.fresh();
      return this.#owner.settle(this.page(request));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  stats(): Promise<{ itemCount: number; sizeBytes: number }> {
    try {
      this.#owner.fresh();
      const row = this.#stats.get() as { n: number; bytes: number };
      return this.#owner.settle({ itemCount: row.n, sizeBytes: row.bytes });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  // ---------------------------------------------------------------- engine-internal, synchronous

  /** One page of entries (see PageRequest); the caller has checked freshness. */
  page(request: PageRequest): Page {
    const { stmt, params } = pageStatement(this.#ranges, this.#t, INDEX_ROWS, request);
    return collectPage(stmt, params, request.limit, request.maxBytes);
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

  /** Total size of the entries of index partition `h`. */
  partitionSize(h: Buffer): number {
    return this.#partitionSize.get(h) as number;
  }
}
