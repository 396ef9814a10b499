/**
 * The storage interface the API layer sees. Everything is scoped to one tenant
 * (account id + region): an operation is handed a TenantStore and has no way to name
 * another tenant's tables. SQLite implements it today (sqlite-store.ts); a server
 * engine can implement it later without touching the API layer.
 */
import type { AttributeValue, Item } from '../model/attribute-value.js';

export type KeyType = 'HASH' | 'RANGE';
export type ScalarType = 'S' | 'N' | 'B';

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: KeyType;
}
export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: ScalarType;
}

/** Provisioned capacity and the history DescribeTable reports (epoch ms). */
export interface ThroughputSettings {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
  LastIncreaseDateTime?: number;
  LastDecreaseDateTime?: number;
  /** Decreases made on the UTC day of LastDecreaseDateTime. */
  DecreasesOnLastDay?: number;
}

export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';

export interface Projection {
  ProjectionType: ProjectionType;
  /** INCLUDE only: the non-key attributes copied into the index. */
  NonKeyAttributes?: string[];
}

export type IndexStatus = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';

/** A local secondary index as the catalog keeps it. */
export interface LocalSecondaryIndexDefinition {
  IndexName: string;
  /** Storage id (lower-case hex), new for every index created: names can be reused. */
  IndexId: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
}

/** A global secondary index as the catalog keeps it. */
export interface GlobalSecondaryIndexDefinition extends LocalSecondaryIndexDefinition {
  /** Zero under PAY_PER_REQUEST. */
  ProvisionedThroughput: ThroughputSettings;
  /** ACTIVE, CREATING (added by UpdateTable, backfilling) or DELETING (being dropped). */
  IndexStatus: IndexStatus;
  /** True while an index added by UpdateTable is being filled from the table's items. */
  Backfilling?: boolean;
}

/** What the catalog keeps of a table: the parts of TableDescription we own. */
export interface TableDefinition {
  TableName: string;
  TableId: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  BillingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  ProvisionedThroughput: ThroughputSettings;
  LocalSecondaryIndexes?: LocalSecondaryIndexDefinition[];
  GlobalSecondaryIndexes?: GlobalSecondaryIndexDefinition[];
  /** Epoch milliseconds. */
  CreationDateTime: number;
  /** Epoch milliseconds of the switch to on-demand, when BillingMode is PAY_PER_REQUEST. */
  LastUpdateToPayPerRequestDateTime?: number;
  DeletionProtectionEnabled: boolean;
  Tags: { Key: string; Value: string }[];
  TableClass: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
  /** Epoch ms until which the table reports CREATING (the opt-in status delay). */
  ActiveAt?: number;
  /** Epoch ms at which a DELETING table disappears (the opt-in status delay). */
  DeletingUntil?: number;
  /** UpdateTimeToLive settings: the attribute holding expiry epoch seconds; UpdatedAt: epoch ms of the last change. */
  TimeToLive?: { AttributeName: string; Enabled: boolean; UpdatedAt?: number };
}

/** The table's primary key, resolved from KeySchema + AttributeDefinitions. */
export interface PrimaryKey {
  partition: { name: string; type: ScalarType };
  sort?: { name: string; type: ScalarType };
}

/** A stored item with its size in bytes (DynamoDB's item-size rules). */
export interface StoredItem {
  item: Item;
  size: number;
}

/** Encoded key of one item: partition part and sort part (empty for hash-only tables). */
export interface EncodedKey {
  readonly h: Buffer;
  readonly r: Buffer;
}

/** One bound of a sort-key range, on encoded bytes. */
export interface Bound {
  readonly value: Buffer;
  readonly inclusive: boolean;
}

/** A sort-key range within one partition; either side may be open. */
export interface SortRange {
  readonly lower?: Bound;
  readonly upper?: Bound;
}

/** A stored row as read: encoded key, the item's stored JSON text, and its size. */
export interface Row {
  readonly h: Buffer;
  readonly r: Buffer;
  /** The item as stored DynamoDB JSON (numbers normalized). */
  readonly json: string;
  readonly size: number;
}

/** A stored item as read without its encoded key. */
export interface ItemRow {
  readonly json: string;
  readonly size: number;
}

/** A slice of the partition-hash space (Scan segments): [from, to), `to` open when absent. */
export interface HashRange {
  readonly from: Buffer;
  readonly to?: Buffer;
}

/** One key attribute of an index, with its type from AttributeDefinitions. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: ScalarType;
}

/**
 * An index's key: one or more partition attributes and zero or more sort attributes
 * (GSIs take up to four of each; LSIs exactly one of each). With one attribute the
 * encoding is the table's (encodeKeyValue); with several it is encodeKeyTuple of the
 * values in KeySchema order, so memcmp order is the tuple order.
 */
export interface IndexKey {
  readonly partition: readonly KeyAttribute[];
  readonly sort: readonly KeyAttribute[];
}

/**
 * A stored index entry as read: the index key (h: partition hash + encoded partition
 * key, r: encoded sort key, empty without one), the table key of the item (th, tr), and
 * the projected item's stored JSON and size. Entries are ordered by (h, r, th, tr).
 */
export interface IndexRow {
  readonly h: Buffer;
  readonly r: Buffer;
  readonly th: Buffer;
  readonly tr: Buffer;
  /** The projected item as stored DynamoDB JSON: table keys, index keys, projected attributes. */
  readonly json: string;
  readonly size: number;
}

/** A position in an index (LastEvaluatedKey / ExclusiveStartKey): index key, then table key. */
export interface IndexPosition {
  readonly h: Buffer;
  readonly r: Buffer;
  readonly th: Buffer;
  readonly tr: Buffer;
}

/** A secondary index of a table, for reads (Query/Scan with IndexName). */
export interface TableIndex {
  readonly name: string;
  readonly kind: 'LOCAL' | 'GLOBAL';
  readonly definition: LocalSecondaryIndexDefinition | GlobalSecondaryIndexDefinition;
  readonly key: IndexKey;
  readonly projection: Projection;
  /** ACTIVE, or CREATING while an index added by UpdateTable is backfilling. */
  readonly status: IndexStatus;
  /**
   * The index key of an item, or undefined when the item is not in the index (an index
   * key attribute is missing, or, for items stored before the index existed, unusable).
   */
  keyOf(item: Record<string, AttributeValue>): EncodedKey | undefined;
  /**
   * Entries of one index partition (h) within a sort range, in (r, th, tr) order or
   * reversed, strictly after `exclusiveStart` in the direction of travel. Lazy.
   */
  query(h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Omit<IndexPosition, 'h'>): IterableIterator<IndexRow>;
  /** All entries in (h, r, th, tr) order, optionally one hash slice, strictly after a position. Lazy. */
  scan(slice?: HashRange, exclusiveStart?: IndexPosition): IterableIterator<IndexRow>;
  /**
   * query() and scan() without the key columns: only each entry's stored text and size (see
   * Table.queryItems). The entry's item holds the table and index key attributes, which is
   * all a LastEvaluatedKey needs.
   */
  queryItems(h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Omit<IndexPosition, 'h'>): IterableIterator<ItemRow>;
  scanItems(slice?: HashRange, exclusiveStart?: IndexPosition): IterableIterator<ItemRow>;
  /** Entry count and total projected size in bytes (ItemCount, IndexSizeBytes). */
  stats(): { itemCount: number; sizeBytes: number };
}

export interface Table {
  readonly definition: TableDefinition;
  readonly key: PrimaryKey;
  /** Encodes the key attributes of a (validated) item or key. */
  encodeKey(key: Record<string, AttributeValue>): EncodedKey;
  get(key: EncodedKey): StoredItem | undefined;
  /** The stored item as its DynamoDB JSON text (for responses that splice it in unparsed). */
  getJson(key: EncodedKey): { json: string; size: number } | undefined;
  put(key: EncodedKey, item: Item, size: number): void;
  delete(key: EncodedKey): void;
  /**
   * Rows of one partition (h) within a sort range, in sort-key order (or reversed),
   * strictly after `exclusiveStart` (a sort key, in the direction of travel). Lazy.
   */
  query(h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Buffer): IterableIterator<Row>;
  /** All rows in storage order (partition hash, then sort key), optionally one hash slice, after a key. Lazy. */
  scan(slice?: HashRange, exclusiveStart?: EncodedKey): IterableIterator<Row>;
  /**
   * query() and scan() without the key columns: only each item's stored text and size. Key
   * BLOBs cost a Buffer allocation per row; a Query or Scan page needs the key of its last
   * item only, which is in that item.
   */
  queryItems(h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Buffer): IterableIterator<ItemRow>;
  scanItems(slice?: HashRange, exclusiveStart?: EncodedKey): IterableIterator<ItemRow>;
  /** Item count and total size in bytes. */
  stats(): { itemCount: number; sizeBytes: number };
  /**
   * Bytes of one item collection: the items of partition `h` and their entries in the
   * local secondary indexes (what ItemCollectionMetrics estimates). Zero without LSIs'
   * entries or items.
   */
  collectionSize(h: Buffer): number;
  /** The secondary indexes kept up to date by put/delete: LSIs, then GSIs (DELETING ones are not). */
  readonly indexes: readonly TableIndex[];
  /** A secondary index by name (ACTIVE or CREATING), or undefined. */
  index(name: string): TableIndex | undefined;
  /**
   * Throws DynamoDB's ValidationException when an index key attribute of the item has
   * the wrong type, is an empty string/binary or is too large. Call before writing.
   */
  checkIndexKeys(item: Item): void;
}

export interface TenantStore {
  readonly accountId: string;
  readonly region: string;
  /** Table names in this namespace, sorted as DynamoDB lists them. */
  listTableNames(): string[];
  /** The table, or undefined when it does not exist (or has finished deleting). */
  getTable(name: string): Table | undefined;
  createTable(def: TableDefinition): Table;
  /**
   * Updates the catalog entry (status times, billing, tags, indexes...). A GSI that is
   * new in `def` gets its storage; one marked CREATING with Backfilling is filled from
   * the table's items in the background (then turns ACTIVE); one marked DELETING is
   * dropped in the background (then leaves the definition, with AttributeDefinitions no
   * key uses any more). The catalog records these states, so a restart resumes them.
   */
  updateTableDefinition(name: string, def: TableDefinition): void;
  /** Removes the table and all its items now. */
  dropTable(name: string): void;
  /**
   * Runs fn atomically: everything it wrote commits or none (a savepoint of the account's
   * group transaction, committed on the next event-loop turn with the other requests').
   */
  transaction<T>(fn: () => T): T;
  /**
   * The commit that makes what this namespace's account has written so far durable, or
   * undefined when nothing is waiting. A request is acknowledged only after it resolves.
   */
  pending(): Promise<void> | undefined;
  /**
   * The request remembered under a ClientRequestToken in this namespace, unless expired
   * at `now`: its fingerprint and response JSON. Call inside a transaction.
   */
  recallToken(token: string, now: number): { fingerprint: string; response: string } | undefined;
  /** Remembers a request under its token until `expires`; forgets expired ones. Call inside a transaction. */
  rememberToken(token: string, fingerprint: string, response: string, expires: number, now: number): void;
  /** Resolves once no background index work (backfill, drop) of this namespace is pending. */
  settled(): Promise<void>;
}
