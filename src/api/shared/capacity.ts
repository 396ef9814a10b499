/**
 * Consumed capacity as DynamoDB computes it: reads in 4 KB units (eventually consistent
 * reads cost half), writes in 1 KB units, and the ConsumedCapacity shape of each mode.
 *
 * Secondary indexes are charged on their own (ReturnConsumedCapacity INDEXES lists them;
 * TOTAL adds them in): a read of an index costs the index, by the size of the entries
 * read; a write costs each index whose stored entry it changes, by the size of the
 * projected entry (DynamoDB's rules, as measured against it):
 *
 *   entry before   entry after                       index units
 *   absent         absent                            none (the index is not listed)
 *   absent         present                           units(after)
 *   present        absent                            units(before)
 *   present        present, other index key          units(before) + units(after)  (a delete and an insert)
 *   present        present, same key, identical      none
 *   present        present, same key, changed        max(units(before), units(after))
 */
import type { Item } from '../../model/attribute-value.js';
import { valuesEqual } from '../../model/compare.js';
import { itemSize } from '../../model/item-size.js';
import type { EncodedKey, Table, TableIndex } from '../../storage/types.js';

export type ReturnConsumedCapacity = 'INDEXES' | 'TOTAL' | 'NONE' | undefined;

const READ_UNIT = 4096;
const WRITE_UNIT = 1024;

/** Read capacity units for reading `bytes` (at least one unit, even for a miss). */
export function readUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT));
  return consistent ? units : units / 2;
}

/** Write capacity units for writing an item of `bytes` (at least one unit). */
export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT));
}

/** Capacity one request consumed on one table: the table itself and each index charged. */
export interface CapacityUnits {
  readonly table: number;
  /** Units by GSI name; only indexes that were charged appear. */
  readonly globalIndexes: ReadonlyMap<string, number>;
  /** Units by LSI name; only indexes that were charged appear. */
  readonly localIndexes: ReadonlyMap<string, number>;
}

/** Capacity consumed on the table alone. */
export const tableCapacity = (units: number): CapacityUnits => ({ table: units, globalIndexes: new Map(), localIndexes: new Map() });

/** Capacity charged to one secondary index (and nothing to the table). */
export function indexCapacity(index: Pick<TableIndex, 'name' | 'kind'>, units: number, tableUnits = 0): CapacityUnits {
  const charged = new Map([[index.name, units]]);
  return index.kind === 'GLOBAL'
    ? { table: tableUnits, globalIndexes: charged, localIndexes: new Map() }
    : { table: tableUnits, globalIndexes: new Map(), localIndexes: charged };
}

function mergeUnits(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [name, units] of b) out.set(name, (out.get(name) ?? 0) + units);
  return out;
}

/** The sum of two capacities of the same table. */
export function addCapacity(a: CapacityUnits, b: CapacityUnits): CapacityUnits {
  return { table: a.table + b.table, globalIndexes: mergeUnits(a.globalIndexes, b.globalIndexes), localIndexes: mergeUnits(a.localIndexes, b.localIndexes) };
}

/** The table's units with its factor applied (transactional writes and reads cost twice), index units unchanged. */
export const scaleTableUnits = (c: CapacityUnits, factor: number): CapacityUnits => ({ ...c, table: c.table * factor });

/** Table and index units together (what TOTAL reports). */
export function totalUnits(c: CapacityUnits): number {
  let total = c.table;
  for (const units of c.globalIndexes.values()) total += units;
  for (const units of c.localIndexes.values()) total += units;
  return total;
}

const unitsMap = (units: ReadonlyMap<string, number>): Record<string, { CapacityUnits: number }> =>
  Object.fromEntries([...units].map(([name, n]) => [name, { CapacityUnits: n }]));

/**
 * The ConsumedCapacity member for one table, or undefined when not asked for. `split`
 * adds the read or write figure beside CapacityUnits (as transactions report it) to the
 * total and the table.
 */
export function describeCapacity(mode: ReturnConsumedCapacity, tableName: string, c: CapacityUnits, split?: 'read' | 'write'): Record<string, unknown> | undefined {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
  const member = split === 'read' ? 'ReadCapacityUnits' : 'WriteCapacityUnits';
  const figure = (units: number) => ({ CapacityUnits: units, ...(split ? { [member]: units } : {}) });
  const total = { TableName: tableName, ...figure(totalUnits(c)) };
  if (mode === 'TOTAL') return total;
  return {
    ...total,
    Table: figure(c.table),
    ...(c.localIndexes.size > 0 ? { LocalSecondaryIndexes: unitsMap(c.localIndexes) } : {}),
    ...(c.globalIndexes.size > 0 ? { GlobalSecondaryIndexes: unitsMap(c.globalIndexes) } : {}),
  };
}

/** The ConsumedCapacity member for a table-only request, or undefined when not asked for. */
export function consumedCapacity(mode: ReturnConsumedCapacity, tableName: string, units: number): Record<string, unknown> | undefined {
  return describeCapacity(mode, tableName, tableCapacity(units));
}

/** Adds `ConsumedCapacity` to a response when asked for: table units alone, or a table's and its indexes'. */
export function withCapacity<T extends Record<string, unknown>>(response: T, mode: ReturnConsumedCapacity, tableName: string, units: number | CapacityUnits): T {
  const capacity = describeCapacity(mode, tableName, typeof units === 'number' ? tableCapacity(units) : units);
  return capacity ? { ...response, ConsumedCapacity: capacity } : response;
}

/** One index's stored view of an item: where it sits and what it holds. */
interface IndexEntry {
  readonly key: EncodedKey;
  readonly projected: Item;
  readonly units: number;
}

function entryOf(index: TableIndex, item: Item | undefined): IndexEntry | undefined {
  if (item === undefined) return undefined;
  const key = index.keyOf(item);
  if (key === undefined) return undefined;
  const projected = index.project(item);
  return { key, projected, units: writeUnits(itemSize(projected)) };
}

const sameKey = (a: EncodedKey, b: EncodedKey): boolean => a.h.equals(b.h) && a.r.equals(b.r);

/**
 * Write units one index consumes when an item goes from `before` to `after` (either
 * absent), or undefined when the index's entry does not change (see the table above).
 */
export function indexWriteUnits(index: TableIndex, before: Item | undefined, after: Item | undefined): number | undefined {
  const old = entryOf(index, before);
  const next = entryOf(index, after);
  if (!old) return next?.units;
  if (!next) return old.units;
  if (!sameKey(old.key, next.key)) return old.units + next.units;
  if (valuesEqual({ M: old.projected }, { M: next.projected })) return undefined;
  return Math.max(old.units, next.units);
}

/**
 * The capacity of one item write: `tableUnits` on the table, plus each index whose entry
 * the write from `before` to `after` changes.
 */
export function writeCapacity(table: Table, tableUnits: number, before: Item | undefined, after: Item | undefined): CapacityUnits {
  let capacity = tableCapacity(tableUnits);
  for (const index of table.indexes) {
    const units = indexWriteUnits(index, before, after);
    if (units !== undefined) capacity = addCapacity(capacity, indexCapacity(index, units));
  }
  return capacity;
}
