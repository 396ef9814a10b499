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

/** What the catalog keeps of a table: the parts of TableDescription we own. */
export interface TableDefinition {
  TableName: string;
  TableId: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  BillingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  ProvisionedThroughput: { ReadCapacityUnits: number; WriteCapacityUnits: number };
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

/** A slice of the partition-hash space (Scan segments): [from, to), `to` open when absent. */
export interface HashRange {
  readonly from: Buffer;
  readonly to?: Buffer;
}

export interface Table {
  readonly definition: TableDefinition;
  readonly key: PrimaryKey;
  /** Encodes the key attributes of a (validated) item or key. */
  encodeKey(key: Record<string, AttributeValue>): EncodedKey;
  get(key: EncodedKey): StoredItem | undefined;
  put(key: EncodedKey, item: Item, size: number): void;
  delete(key: EncodedKey): void;
  /**
   * Rows of one partition (h) within a sort range, in sort-key order (or reversed),
   * strictly after `exclusiveStart` (a sort key, in the direction of travel). Lazy.
   */
  query(h: Buffer, range: SortRange, forward: boolean, exclusiveStart?: Buffer): IterableIterator<Row>;
  /** All rows in storage order (partition hash, then sort key), optionally one hash slice, after a key. Lazy. */
  scan(slice?: HashRange, exclusiveStart?: EncodedKey): IterableIterator<Row>;
  /** Item count and total size in bytes. */
  stats(): { itemCount: number; sizeBytes: number };
}

export interface TenantStore {
  readonly accountId: string;
  readonly region: string;
  /** Table names in this namespace, sorted as DynamoDB lists them. */
  listTableNames(): string[];
  /** The table, or undefined when it does not exist (or has finished deleting). */
  getTable(name: string): Table | undefined;
  createTable(def: TableDefinition): Table;
  /** Updates the catalog entry (status times, billing, tags...). */
  updateTableDefinition(name: string, def: TableDefinition): void;
  /** Removes the table and all its items now. */
  dropTable(name: string): void;
  /** Runs fn in one write transaction (BEGIN IMMEDIATE); everything it wrote commits or none. */
  transaction<T>(fn: () => T): T;
}
