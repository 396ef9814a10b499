/**
 * Single-item writes as "prepare, then a pure apply": everything that can be checked
 * without reading the item is checked in prepare (outside any transaction); inside the
 * transaction the current item is read, the condition evaluated, and `apply` computes the
 * new item without side effects. PutItem, UpdateItem, DeleteItem and TransactWriteItems
 * all run through here.
 */
import { conditionalCheckFailed } from '../../errors.js';
import { evaluateCondition, type Condition } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import type { EncodedKey, StoredItem, Table } from '../../storage/types.js';

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
