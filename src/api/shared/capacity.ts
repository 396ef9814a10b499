/**
 * Consumed capacity as DynamoDB computes it: reads in 4 KB units (eventually consistent
 * reads cost half), writes in 1 KB units, and the ConsumedCapacity shape of each mode.
 */
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

/** The ConsumedCapacity member for one table, or undefined when not asked for. */
export function consumedCapacity(mode: ReturnConsumedCapacity, tableName: string, units: number): Record<string, unknown> | undefined {
  if (mode === 'TOTAL') return { TableName: tableName, CapacityUnits: units };
  if (mode === 'INDEXES') return { TableName: tableName, CapacityUnits: units, Table: { CapacityUnits: units } };
  return undefined;
}

/** Adds `ConsumedCapacity` to a response when asked for. */
export function withCapacity<T extends Record<string, unknown>>(response: T, mode: ReturnConsumedCapacity, tableName: string, units: number): T {
  const capacity = consumedCapacity(mode, tableName, units);
  return capacity ? { ...response, ConsumedCapacity: capacity } : response;
}
