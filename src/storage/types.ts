/**
 * The storage interface: what the API layer, the HTTP layer, the TTL sweeper and the
 * control plane see of storage, and all they see. An engine implements it; SQLite does
 * today (sqlite/), and nothing outside that directory knows SQLite.
 *
 * Everything is scoped to one tenant (account id + region): an operation is handed a
 * TenantStore and has no way to name another tenant's tables.
 *
 * Asynchronous wherever an engine may need I/O (catalog lookups, reads, writes, stats,
 * table changes, namespace listing, close); pure helpers (key encoding, definitions)
 * stay synchronous. A promise resolves only once what it reports is durable: a write
 * after its commit, and a read that may have seen another request's writes not yet
 * committed only once they are (the engine knows which reads that is).
 *
 * Reads come a page at a time (an async engine cannot afford an await per row), writes as
 * a plan: the items read, and a pure `apply` the engine runs inside its transaction on
 * what it read, writing what apply returns (see {@link WritePlan}).
 */
import type { AttributeValue, Item, ScalarKeyType } from '../model/attribute-value.js';
import type { KeyAttribute, PrimaryKey } from '../model/keys.js';

export type { KeyAttribute, PrimaryKey } from '../model/keys.js';

export type KeyType = 'HASH' | 'RANGE';
export type ScalarType = ScalarKeyType;

// ---------------------------------------------------------------- the catalog

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

// ---------------------------------------------------------------- keys and rows

/** Encoded key of one item (key-layout.ts): partition part and sort part (empty for hash-only tables). */
export interface EncodedKey {
  readonly h: Buffer;
  readonly r: Buffer;
}

/**
 * A position in a table or an index (ExclusiveStartKey, LastEvaluatedKey): the encoded
 * key of what is read, and for an index the item's table key after it (index entries
 * are ordered by index key, then table key).
 */
export interface Position extends EncodedKey {
  readonly th?: Buffer;
  readonly tr?: Buffer;
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

/** A slice of the partition-hash space (Scan segments): [from, to), `to` open when absent. */
export interface HashRange {
  readonly from: Buffer;
  readonly to?: Buffer;
}

/**
 * A stored item: its DynamoDB JSON text (numbers normalized) and its size in bytes
 * (DynamoDB's item-size rules). `item` parses the text on first use.
 */
export interface StoredItem {
  readonly json: string;
  readonly size: number;
  readonly item: Item;
}

/** A row of a page: the stored item (or index entry) text and size, and its key bytes when asked for. */
export interface PageRow {
  readonly json: string;
  readonly size: number;
  /** With PageRequest.keys: the key of the table or index. */
  readonly h?: Buffer;
  readonly r?: Buffer;
  /** With PageRequest.keys, for an index: the item's table key. */
  readonly th?: Buffer;
  readonly tr?: Buffer;
}

/**
 * One page of a Query (a partition, optionally a sort range within it) or a Scan (the
 * whole table or index, optionally one hash slice). Rows come in storage order: sort key
 * order within a partition (or reversed), partition hash order across partitions; an
 * index orders entries with equal index keys by table key.
 */
export interface PageRequest {
  /** Query: the stored partition (h). A Scan without it. */
  readonly partition?: Buffer;
  /** Query: the sort keys to read within the partition. */
  readonly range?: SortRange;
  /** Query: ascending sort order (the default) or descending. */
  readonly forward?: boolean;
  /** Scan: a slice of the hash space (a parallel Scan segment). */
  readonly slice?: HashRange;
  /** Read strictly after this position (in the direction of travel). */
  readonly exclusiveStart?: Position;
  /** Read at most this many rows. */
  readonly limit?: number;
  /** Stop after the row that brings the sizes read to this many bytes (that row included). */
  readonly maxBytes?: number;
  /** Return each row's key bytes (a page otherwise carries only text and size). */
  readonly keys?: boolean;
}

/** The rows of a page, and whether it stopped at its limit or byte budget (more rows may follow). */
export interface Page {
  readonly rows: readonly PageRow[];
  readonly stopped: boolean;
}

// ---------------------------------------------------------------- tables and indexes

/**
 * Why an item's index key attribute cannot be stored in an index (the API layer words
 * it as DynamoDB does): of another type than AttributeDefinitions says, an empty string
 * or binary, or larger than a key may be.
 */
export type IndexKeyProblem =
  | { readonly kind: 'type'; readonly index: string; readonly attribute: string; readonly expected: ScalarType; readonly actual: string }
  | { readonly kind: 'empty'; readonly index: string; readonly attribute: string; readonly valueType: 'string' | 'binary' }
  | { readonly kind: 'size'; readonly index: string; readonly attribute: string; readonly bytes: number; readonly max: number };

/**
 * An index's key: one or more partition attributes and zero or more sort attributes
 * (GSIs take up to four of each; LSIs exactly one of each), in KeySchema order.
 */
export interface IndexKey {
  readonly partition: readonly KeyAttribute[];
  readonly sort: readonly KeyAttribute[];
}

/** What a table and its indexes share: the key encoding, pages, counts. */
export interface ReadSource {
  /** The stored partition of the key's partition attribute values. */
  encodePartition(values: readonly AttributeValue[]): Buffer;
  /**
   * The sort keys a key condition selects: equality values for the leading sort
   * attributes, then optionally one condition on the next (key-range.ts).
   */
  sortRange(prefix: readonly AttributeValue[], last?: SortCondition): SortRange;
  readPage(request: PageRequest): Promise<Page>;
  /** Item (or entry) count and total size in bytes (ItemCount, TableSizeBytes / IndexSizeBytes). */
  stats(): Promise<{ itemCount: number; sizeBytes: number }>;
}

/** A condition on one sort attribute, as a key condition analysis gives it. */
export interface SortCondition {
  readonly op: 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'BEGINS_WITH' | 'BETWEEN';
  readonly values: readonly AttributeValue[];
}

/** A secondary index of a table, kept in step with every write of the table. */
export interface TableIndex extends ReadSource {
  readonly name: string;
  readonly key: IndexKey;
  readonly kind: 'LOCAL' | 'GLOBAL';
  readonly definition: LocalSecondaryIndexDefinition | GlobalSecondaryIndexDefinition;
  readonly projection: Projection;
  /** ACTIVE, or CREATING while an index added by UpdateTable is backfilling. */
  readonly status: IndexStatus;
  /**
   * The index key of an item, or undefined when the item is not in the index (an index
   * key attribute is missing, or, for items stored before the index existed, unusable).
   */
  keyOf(item: Item): EncodedKey | undefined;
  /** What the index stores of an item: all of it, or its keys and projected attributes. */
  project(item: Item): Item;
}

export interface Table extends ReadSource {
  readonly definition: TableDefinition;
  readonly key: PrimaryKey;
  /** The secondary indexes kept up to date by writes: LSIs, then GSIs (DELETING ones are not). */
  readonly indexes: readonly TableIndex[];
  /** A secondary index by name (ACTIVE or CREATING), or undefined. */
  index(name: string): TableIndex | undefined;
  /** Encodes the key attributes of a (validated) item or key. */
  encodeKey(key: Item): EncodedKey;
  /** The partition key value of a stored partition (no JSON parse). */
  decodePartition(h: Buffer): AttributeValue;
  /** The first unusable index key attribute of an item about to be written (indexes in order), or undefined. */
  indexKeyProblem(item: Item): IndexKeyProblem | undefined;
  /** One item, or undefined. */
  get(key: EncodedKey): Promise<StoredItem | undefined>;
  /**
   * Bytes of one item collection: the items of partition `h` and their entries in the
   * local secondary indexes (what ItemCollectionMetrics estimates).
   */
  collectionSize(h: Buffer): Promise<number>;
}

// ---------------------------------------------------------------- writes

/** An item a write plan reads, by table and encoded key. */
export interface ItemRef {
  readonly table: Table;
  readonly key: EncodedKey;
}

/** A request remembered under its ClientRequestToken: its fingerprint and response. */
export interface RememberedRequest {
  readonly fingerprint: string;
  readonly response: string;
}

/** What the engine read for a plan, inside its transaction. */
export interface WriteInput {
  /** The current item of each of the plan's `reads`, in order (undefined: absent). */
  readonly items: readonly (StoredItem | undefined)[];
  /** Every item of each of the plan's `scans`, in storage order. */
  readonly scanned: readonly (readonly StoredItem[])[];
  /** The request remembered under the plan's token, unless it has expired. */
  readonly remembered?: RememberedRequest;
}

/**
 * One change to an item the plan read: `target` is its position in the plan's `reads`
 * (a write always reads what it writes, so the engine knows each change's old image).
 */
export type Mutation =
  | { readonly kind: 'put'; readonly target: number; readonly item: Item; readonly size: number }
  | { readonly kind: 'delete'; readonly target: number };

/** What apply returns: the result for the caller, the mutations to write, a token to remember. */
export interface WriteOutcome<T> {
  readonly result: T;
  readonly mutations: readonly Mutation[];
  readonly remember?: RememberedRequest & { readonly token: string; readonly expires: number };
}

/**
 * A write as a plan: the engine opens its transaction, reads `reads` (and `scans`, and the
 * record of `token`), calls `apply`, writes the mutations it returns with every index
 * kept in step, remembers what it asks to, and resolves with its result once the commit
 * is durable. If apply throws, nothing is written and the promise rejects with its error.
 *
 * `apply` must be pure: an engine may run it more than once (a retried serialization
 * failure, an optimistic attempt), and only the last run's outcome is written.
 */
export interface WritePlan<T> {
  readonly reads: readonly ItemRef[];
  /** Tables read whole inside the transaction (small ones only: the IAM table's checks). */
  readonly scans?: readonly Table[];
  /** A ClientRequestToken whose remembered request apply receives (expired ones are not). */
  readonly token?: { readonly value: string; readonly now: number };
  apply(input: WriteInput): WriteOutcome<T>;
}

// ---------------------------------------------------------------- tenants and the storage

export interface TenantStore {
  readonly accountId: string;
  readonly region: string;
  /** Table names in this namespace, sorted as DynamoDB lists them (UTF-8 byte order). */
  listTableNames(): Promise<string[]>;
  /** The table, or undefined when it does not exist. */
  getTable(name: string): Promise<Table | undefined>;
  /** Creates a table and the storage of its indexes; TableExistsError when the name is taken. */
  createTable(def: TableDefinition): Promise<Table>;
  /**
   * Replaces a table's definition by `change(current)`, atomically (undefined when there
   * is no such table). `change` may throw to refuse the change, and may run more than once
   * (only its last result is kept), so it has no other effect. A GSI new in
   * the definition gets its storage; one CREATING with Backfilling is filled from the
   * table's items in the background (then turns ACTIVE); one DELETING is dropped in the
   * background (then leaves the definition, with AttributeDefinitions no key uses any
   * more). The catalog records these states, so a restart resumes them.
   */
  updateTable(name: string, change: (current: TableDefinition) => TableDefinition): Promise<Table | undefined>;
  /**
   * Removes a table and all its items, after `check(current)` (which may throw to refuse),
   * atomically; false when there is no such table.
   */
  dropTable(name: string, check?: (current: TableDefinition) => void): Promise<boolean>;
  /** Runs a write plan (see {@link WritePlan}). */
  write<T>(plan: WritePlan<T>): Promise<T>;
  /** Reads several items from one consistent snapshot (undefined: absent), in order. */
  read(refs: readonly ItemRef[]): Promise<(StoredItem | undefined)[]>;
  /** Resolves once no background index work (backfill, drop) of this namespace is pending. */
  settled(): Promise<void>;
}

/** One (account, region) that has tables. */
export interface Namespace {
  readonly accountId: string;
  readonly region: string;
}

export interface Storage {
  /** The store of one (account, region) namespace. */
  tenant(accountId: string, region: string): TenantStore;
  /** Every namespace that has tables. */
  namespaces(): Promise<Namespace[]>;
  /** Stops background work (its state is kept for the next start) and closes the engine. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------- neutral errors

/**
 * A storage error after which the operation can simply run again from the start: it
 * wrote nothing (e.g. a table definition changed under it, in this process or another).
 */
export class RetryableStorageError extends Error {}

/** createTable of a name a table already has. */
export class TableExistsError extends Error {
  constructor(name: string) {
    super(`table ${name} exists`);
  }
}
