/**
 * What a Query, Scan or PartiQL SELECT reads (a "read target"): a table, or one of its
 * secondary indexes, with the attributes of a position in it and what it stores.
 *
 * An index returns what it stores of each item (its projection; Select defaults to
 * ALL_PROJECTED_ATTRIBUTES). A local secondary index asked for more (Select
 * ALL_ATTRIBUTES, or a projection naming an attribute it does not store) reads each item
 * from the table, and each such read costs the table a read of the whole item; a global
 * secondary index cannot: ALL_ATTRIBUTES is refused unless it projects ALL, and a
 * projection of attributes it does not store returns them absent.
 */
import { validation } from '../../errors.js';
import { projectionTopLevelNames, type DocumentPath, type Projection } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import { keyAttributeNames, keyParts } from '../../model/keys.js';
import type { IndexKey, PrimaryKey, ReadSource, Table, TableIndex, TenantStore } from '../../storage/types.js';
import type { JsonObject, OperationContext } from '../context.js';
import { requireActiveTable } from '../shared/tables.js';
import { READ_MESSAGES } from './messages.js';

/** What a Query or Scan reads: a table, or one of its secondary indexes. */
export interface ReadTarget {
  readonly table: Table;
  readonly index?: TableIndex;
  /** The table or the index: where the pages come from. */
  readonly source: ReadSource;
  /** The store the table belongs to (an LSI reads items from its table through it). */
  readonly store: TenantStore;
  /** The key of what is read: the table's (one attribute per part), or the index's. */
  readonly key: IndexKey;
  /** The table's key attribute names. */
  readonly tableKeyNames: readonly string[];
  /** The attributes of a LastEvaluatedKey / ExclusiveStartKey: the table key, then index key attributes not in it. */
  readonly positionNames: readonly string[];
  /** The attributes an index stores of each item; undefined when it stores them all (a table, or an ALL projection). */
  readonly projected?: ReadonlySet<string>;
}

/** The read target of a table, or of one of its indexes. */
export function readTarget(store: TenantStore, table: Table, index?: TableIndex): ReadTarget {
  const tableKeyNames = keyAttributeNames(table.key);
  if (!index) return { table, source: table, store, key: keyParts(table.key), tableKeyNames, positionNames: tableKeyNames };
  const indexKeyNames = [...index.key.partition, ...index.key.sort].map((a) => a.name);
  const positionNames = [...tableKeyNames, ...indexKeyNames.filter((name) => !tableKeyNames.includes(name))];
  const { ProjectionType, NonKeyAttributes } = index.projection;
  const projected = ProjectionType === 'ALL' ? undefined : new Set([...positionNames, ...(ProjectionType === 'INCLUDE' ? (NonKeyAttributes ?? []) : [])]);
  return { table, index, source: index, store, key: index.key, tableKeyNames, positionNames, ...(projected ? { projected } : {}) };
}

/**
 * What a Query or Scan reads: the (ACTIVE) table, and the index IndexName names, which
 * must exist, take eventually consistent reads if global, and not be backfilling.
 */
export async function requireReadTarget(ctx: OperationContext, request: JsonObject): Promise<ReadTarget> {
  const table = await requireActiveTable(ctx, request.TableName as string);
  if (request.IndexName == null) return readTarget(ctx.store, table);
  const name = request.IndexName as string;
  const index = table.index(name);
  if (!index) throw validation(READ_MESSAGES.noSuchIndex(name));
  if (index.kind === 'GLOBAL' && request.ConsistentRead === true) throw validation(READ_MESSAGES.consistentReadOnGlobalIndex);
  if (index.status === 'CREATING') throw validation(READ_MESSAGES.backfillingIndex(name));
  return readTarget(ctx.store, table, index);
}

/** Select ALL_ATTRIBUTES is refused on a global secondary index that does not project ALL. */
export function checkSelectAllAttributes(target: ReadTarget, select: unknown): void {
  const index = target.index;
  if (select === 'ALL_ATTRIBUTES' && index?.kind === 'GLOBAL' && index.projection.ProjectionType !== 'ALL') {
    throw validation(READ_MESSAGES.selectAllOnGlobalIndex(index.name));
  }
}

/**
 * True when a read of the target must read items from the table: a local secondary
 * index that does not store everything, asked for all attributes or for one it lacks.
 */
export function needsTableFetch(target: ReadTarget, select: unknown, projection: Projection | undefined): boolean {
  const projected = target.projected;
  if (target.index?.kind !== 'LOCAL' || projected === undefined || select === 'COUNT') return false;
  if (select === 'ALL_ATTRIBUTES') return true;
  return projection !== undefined && projectionTopLevelNames(projection).some((name) => !projected.has(name));
}

const looksInside = (paths: readonly DocumentPath[], name: string): boolean => paths.some((path) => path.elements.length > 1 && path.elements[0] === name);

/** Key attributes are scalars: an expression may not look inside one (`pk.a`, `pk[0]`). */
export function checkKeyPaths(key: PrimaryKey, paths: readonly DocumentPath[]): void {
  for (const name of keyAttributeNames(key)) {
    if (looksInside(paths, name)) throw validation(READ_MESSAGES.nestedKeyPath(name));
  }
}

/** {@link checkKeyPaths} for a read target: the table's key attributes, then the index's own ("IndexKey"). */
export function checkTargetKeyPaths(target: ReadTarget, paths: readonly DocumentPath[]): void {
  checkKeyPaths(target.table.key, paths);
  for (const name of target.positionNames.slice(target.tableKeyNames.length)) {
    if (looksInside(paths, name)) throw validation(READ_MESSAGES.nestedIndexKeyPath(name));
  }
}

/**
 * The key attributes (a LastEvaluatedKey) of an item of the target as stored: a table
 * item, or an index entry, which always holds the table key and the index key (an item
 * without a usable index key has no entry).
 */
export function targetItemKey(target: ReadTarget, item: Item): Item {
  const key: Item = {};
  for (const name of target.positionNames) key[name] = item[name];
  return key;
}
