/**
 * Single-item writes as "prepare, then a pure apply": everything that can be checked
 * without reading the item is checked in prepare (outside any transaction); inside the
 * transaction the current item is read, the condition evaluated, and `apply` computes the
 * new item without side effects. PutItem, UpdateItem, DeleteItem and TransactWriteItems
 * all run through here, and so does what their responses report of a write: consumed
 * capacity (the table and each index whose entry changed) and item collection metrics.
 *
 * The 10 GB item collection limit of tables with LSIs (ItemCollectionSizeLimitExceeded)
 * is not enforced: metrics report sizes, writes are never refused for them.
 */
import { conditionalCheckFailed } from '../../errors.js';
import { evaluateCondition, type Condition } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import { decodeKeyValue } from '../../model/key-codec.js';
import type { EncodedKey, StoredItem, Table } from '../../storage/types.js';
import { describeCapacity, tableCapacity, writeCapacity, writeUnits, type CapacityUnits, type ReturnConsumedCapacity } from './capacity.js';
import { emptyRecord } from '../../model/records.js';

/** The outcome of applying a write to the current item. */
export interface AppliedWrite {
  /** The new item and its size; undefined when the item is deleted (or left absent). */
  next?: { item: Item; size: number };
  /** False for a ConditionCheck: nothing is written. */
  writes: boolean;
}

export interface PreparedWrite {
  readonly table: Table;
  readonly encoded: EncodedKey;
  readonly condition?: Condition;
  /** ReturnValuesOnConditionCheckFailure = ALL_OLD */
  readonly returnOldOnFailure: boolean;
  /** Pure: computes the new item from the current one (or throws a ValidationException). */
  apply(current: StoredItem | undefined): AppliedWrite;
}

export interface WriteResult {
  old: StoredItem | undefined;
  applied: AppliedWrite;
}

/** True when the write's condition holds for the current item. */
export function conditionHolds(write: PreparedWrite, current: StoredItem | undefined): boolean {
  return !write.condition || evaluateCondition(write.condition, current?.item);
}

/** Stores an applied write. Call inside a transaction. */
export function store(write: PreparedWrite, current: StoredItem | undefined, applied: AppliedWrite): void {
  if (!applied.writes) return;
  if (applied.next) write.table.put(write.encoded, applied.next.item, applied.next.size);
  else if (current) write.table.delete(write.encoded);
}

/** Runs one prepared write atomically: read, check the condition, apply, store. */
export function executeWrite(write: PreparedWrite, transaction: <T>(fn: () => T) => T): WriteResult {
  return transaction(() => {
    const current = write.table.get(write.encoded);
    if (!conditionHolds(write, current)) throw conditionalCheckFailed(write.returnOldOnFailure ? current?.item : undefined);
    const applied = write.apply(current);
    store(write, current, applied);
    return { old: current, applied };
  });
}

const BYTES_PER_GB = 1024 ** 3;

/** Bytes of partition hash in front of every encoded partition key. */
const HASH_PREFIX_BYTES = 4;

/**
 * The ItemCollectionMetrics of a write to the item collection of partition `h`, or
 * undefined when the table has no local secondary index (DynamoDB reports none then).
 * SizeEstimateRangeGB brackets the collection's size (its items plus their LSI entries)
 * between whole gigabytes: [0, 1] below 1 GB.
 */
export function itemCollectionMetrics(table: Table, h: Buffer): Record<string, unknown> | undefined {
  if (!table.indexes.some((index) => index.kind === 'LOCAL')) return undefined;
  const { name, type } = table.key.partition;
  const lower = Math.floor(table.collectionSize(h) / BYTES_PER_GB);
  return {
    ItemCollectionKey: { [name]: decodeKeyValue(h.subarray(HASH_PREFIX_BYTES), type) },
    SizeEstimateRangeGB: [lower, lower + 1],
  };
}

/**
 * ItemCollectionMetrics by table name for the writes of a batch or transaction: one
 * entry per item collection written, in the order first written; tables without LSIs
 * are left out.
 */
export function itemCollectionMetricsPerTable(writes: readonly PreparedWrite[]): Record<string, Record<string, unknown>[]> {
  const out = emptyRecord<Record<string, unknown>[]>();
  const seen = new Set<string>();
  for (const write of writes) {
    const name = write.table.definition.TableName;
    const collection = `${name}\u0000${write.encoded.h.toString('hex')}`;
    if (seen.has(collection)) continue;
    seen.add(collection);
    const metrics = itemCollectionMetrics(write.table, write.encoded.h);
    if (metrics) (out[name] ??= []).push(metrics);
  }
  return out;
}

/** The capacity of one applied write: the table's write units, then every index whose entry it changed. */
export function appliedWriteCapacity(write: PreparedWrite, current: StoredItem | undefined, applied: AppliedWrite): CapacityUnits {
  const tableUnits = writeUnits(Math.max(applied.next?.size ?? 0, current?.size ?? 0));
  if (!applied.writes) return tableCapacity(tableUnits);
  return writeCapacity(write.table, tableUnits, current?.item, applied.next?.item);
}

/**
 * What a single-item write (PutItem, UpdateItem, DeleteItem) adds to its response:
 * ConsumedCapacity (table and indexes) and ItemCollectionMetrics, when asked for.
 */
export function writeResponseExtras(
  request: { ReturnConsumedCapacity?: unknown; ReturnItemCollectionMetrics?: unknown },
  write: PreparedWrite,
  result: WriteResult,
): Record<string, unknown> {
  const mode = request.ReturnConsumedCapacity as ReturnConsumedCapacity;
  const capacity = mode === 'TOTAL' || mode === 'INDEXES' ? describeCapacity(mode, write.table.definition.TableName, appliedWriteCapacity(write, result.old, result.applied)) : undefined;
  const metrics = request.ReturnItemCollectionMetrics === 'SIZE' ? itemCollectionMetrics(write.table, write.encoded.h) : undefined;
  return { ...(capacity ? { ConsumedCapacity: capacity } : {}), ...(metrics ? { ItemCollectionMetrics: metrics } : {}) };
}
