/**
 * Item writes as "prepare, then a pure apply": everything that can be checked without
 * reading the item is checked in prepare (outside any transaction); the write then goes to
 * storage as a plan (storage/types.ts WritePlan): the engine reads the item inside its
 * transaction, and the plan's pure apply evaluates the condition and computes the new
 * item. PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems and PartiQL's
 * writes all run through here, and so does what their responses report of a write:
 * consumed capacity (the table and each index whose entry changed) and item collection
 * metrics.
 *
 * The 10 GB item collection limit of tables with LSIs (ItemCollectionSizeLimitExceeded)
 * is not enforced: metrics report sizes, writes are never refused for them.
 */
import { conditionalCheckFailed } from '../../errors.js';
import { evaluateCondition, type Condition } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import type { EncodedKey, ItemRef, Mutation, StoredItem, Table, TenantStore, WritePlan } from '../../storage/types.js';
import { describeCapacity, tableCapacity, writeCapacity, writeUnits, type CapacityUnits, type ReturnConsumedCapacity } from './capacity.js';

/** The outcome of applying a write to the current item. */
export interface AppliedWrite {
  /** The new item and its size; undefined when the item is deleted (or left absent). */
  readonly next?: { readonly item: Item; readonly size: number };
  /** False for a ConditionCheck: nothing is written. */
  readonly writes: boolean;
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
  readonly old: StoredItem | undefined;
  readonly applied: AppliedWrite;
}

/** True when the write's condition holds for the current item. */
export function conditionHolds(write: PreparedWrite, current: StoredItem | undefined): boolean {
  return !write.condition || evaluateCondition(write.condition, current?.item);
}

/** What a plan reads for these writes: each one's item, in order. */
export const readsOf = (writes: readonly PreparedWrite[]): ItemRef[] => writes.map((write) => ({ table: write.table, key: write.encoded }));

/** The change an applied write makes to the item at `target` of its plan's reads, if any. */
export function mutationOf(target: number, current: StoredItem | undefined, applied: AppliedWrite): Mutation | undefined {
  if (!applied.writes) return undefined;
  if (applied.next) return { kind: 'put', target, item: applied.next.item, size: applied.next.size };
  return current ? { kind: 'delete', target } : undefined;
}

/** The plan of one write: read the item, check the condition, apply. */
function writePlan(write: PreparedWrite): WritePlan<WriteResult> {
  return {
    reads: readsOf([write]),
    apply({ items }) {
      const current = items[0];
      if (!conditionHolds(write, current)) throw conditionalCheckFailed(write.returnOldOnFailure ? current?.item : undefined);
      const applied = write.apply(current);
      const mutation = mutationOf(0, current, applied);
      return { result: { old: current, applied }, mutations: mutation ? [mutation] : [] };
    },
  };
}

/** Runs one prepared write atomically: read, check the condition, apply, store. */
export function executeWrite(store: TenantStore, write: PreparedWrite): Promise<WriteResult> {
  return store.write(writePlan(write));
}

const BYTES_PER_GB = 1024 ** 3;

/**
 * The ItemCollectionMetrics of a write to the item collection of partition `h`, or
 * undefined when the table has no local secondary index (DynamoDB reports none then).
 * SizeEstimateRangeGB brackets the collection's size (its items plus their LSI entries)
 * between whole gigabytes: [0, 1] below 1 GB.
 */
async function itemCollectionMetrics(table: Table, h: Buffer): Promise<Record<string, unknown> | undefined> {
  if (!table.indexes.some((index) => index.kind === 'LOCAL')) return undefined;
  const lower = Math.floor((await table.collectionSize(h)) / BYTES_PER_GB);
  return {
    ItemCollectionKey: { [table.key.partition.name]: table.decodePartition(h) },
    SizeEstimateRangeGB: [lower, lower + 1],
  };
}

/**
 * ItemCollectionMetrics by table name for the writes of a batch or transaction: one
 * entry per item collection written, in the order first written; tables without LSIs
 * are left out.
 */
export async function itemCollectionMetricsPerTable(writes: readonly PreparedWrite[]): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  const seen = new Set<string>();
  for (const write of writes) {
    const name = write.table.definition.TableName;
    const collection = `${name}\u0000${write.encoded.h.toString('hex')}`;
    if (seen.has(collection)) continue;
    seen.add(collection);
    const metrics = await itemCollectionMetrics(write.table, write.encoded.h);
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
export async function writeResponseExtras(
  request: { ReturnConsumedCapacity?: unknown; ReturnItemCollectionMetrics?: unknown },
  write: PreparedWrite,
  result: WriteResult,
): Promise<Record<string, unknown>> {
  const mode = request.ReturnConsumedCapacity as ReturnConsumedCapacity;
  const capacity = mode === 'TOTAL' || mode === 'INDEXES' ? describeCapacity(mode, write.table.definition.TableName, appliedWriteCapacity(write, result.old, result.applied)) : undefined;
  const metrics = request.ReturnItemCollectionMetrics === 'SIZE' ? await itemCollectionMetrics(write.table, write.encoded.h) : undefined;
  return { ...(capacity ? { ConsumedCapacity: capacity } : {}), ...(metrics ? { ItemCollectionMetrics: metrics } : {}) };
}
