/**
 * What Query and Scan share: member specs, the Select rules, compiling the expressions
 * (or legacy parameters), ExclusiveStartKey checks, the lookup of what is read (a table,
 * or one of its secondary indexes: a "read target"), the rows of a target, the page loop
 * (Limit, the 1 MB page, filter, projection, LastEvaluatedKey) and the response with its
 * consumed capacity. PartiQL reads through the same target functions.
 *
 * The page loop reads rows in storage order (the storage's range scans on encoded keys
 * give DynamoDB's order; nothing is sorted here). Limit and the 1 MB page count the data
 * read before the filter: every row read counts towards ScannedCount, its size towards
 * the page and the consumed capacity, whether the filter keeps it or not.
 *
 * An index returns what it stores of each item (its projection; Select defaults to
 * ALL_PROJECTED_ATTRIBUTES). A local secondary index asked for more (Select
 * ALL_ATTRIBUTES, or a projection naming an attribute it does not store) reads each item
 * from the table, and each such read costs the table a read of the whole item; a global
 * secondary index cannot: ALL_ATTRIBUTES is refused unless it projects ALL, and a
 * projection of attributes it does not store returns them absent. Reads of an index are
 * charged to the index.
 */
import { DynamoDBError, validation } from '../../errors.js';
import {
  applyProjection,
  compileCondition,
  compileProjection,
  evaluateCondition,
  projectionTopLevelNames,
  type ComparisonOperator,
  type Condition,
  type ConditionNode,
  type DocumentPath,
  type KeyTerm,
  type Operand,
  type Projection,
} from '../../expressions/index.js';
import { attributesToGetToProjection, filterToCondition, keyConditionsToCondition, type LegacyCondition } from '../../expressions/legacy.js';
import { KEY_CONDITION_MESSAGES } from '../../expressions/messages.js';
import { typeOf, type Item } from '../../model/attribute-value.js';
import { decodeKeyValue } from '../../model/key-codec.js';
import { validateItem, validateKeyValue } from '../../model/validate.js';
import type { EncodedKey, HashRange, IndexKey, IndexPosition, IndexRow, ItemRow, KeyAttribute, PrimaryKey, Row, SortRange, Table, TableIndex } from '../../storage/types.js';
import { MAX_KEY_ATTRIBUTES_PER_PART } from '../query/target-key-condition.js';
import { describeCapacity, indexCapacity, readUnits, tableCapacity, type CapacityUnits, type ReturnConsumedCapacity } from './capacity.js';
import { KEY_SCHEMA_MISMATCH } from './keys.js';
import { AttributeValueSpec, TABLE_NAME_PATTERN, type FieldSpec } from './shape.js';
import { requireActiveTable } from './tables.js';
import { RawResponse, type JsonObject, type OperationContext } from '../context.js';
import { requestScope } from './request-expressions.js';

/** DynamoDB stops a Query or Scan page once it has read 1 MB of items. */
export const MAX_PAGE_BYTES = 1024 * 1024;

/** Bytes of partition hash in front of every encoded partition key. */
const HASH_PREFIX_BYTES = 4;

export type ReadOperation = 'Query' | 'Scan';
export type Select = 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';

/** AWS's texts for Select conflicts and ExclusiveStartKey problems. */
export const READ_MESSAGES = {
  cannotSpecify: (member: 'ProjectionExpression' | 'AttributesToGet', what: string) =>
    `Cannot specify the ${member} when choosing to get ${what}`,
  mustSpecify: 'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
  projectedNeedsIndex: 'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName',
  startKeyInvalid: 'The provided starting key is invalid',
  startKeyInvalidBecause: (message: string) => `The provided starting key is invalid: ${message}`,
  noSuchIndex: (name: string) => `The table does not have the specified index: ${name}`,
  nestedKeyPath: (name: string) => `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: ${name}`,
  nestedIndexKeyPath: (name: string) => `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: ${name}`,
  consistentReadOnGlobalIndex: 'Consistent reads are not supported on global secondary indexes',
  backfillingIndex: (name: string) => `Cannot read from backfilling global secondary index: ${name}`,
  selectAllOnGlobalIndex: (name: string) =>
    `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${name} because its projection type is not ALL`,
} as const;

/** Select, with its values in the order AWS lists them. */
export const SelectSpec: FieldSpec = Object.freeze({
  type: 'String',
  enum: Object.freeze(['SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES']),
});

/** An index name. */
export const IndexNameSpec: FieldSpec = Object.freeze({ type: 'String', minLength: 3, maxLength: 255, pattern: TABLE_NAME_PATTERN });

/** Limit: at least one item. */
export const LimitSpec: FieldSpec = Object.freeze({ type: 'Integer', min: 1 });

/** An ExclusiveStartKey: a map of attribute values. */
export const StartKeySpec: FieldSpec = Object.freeze({ type: 'Map', of: AttributeValueSpec });

/** Legacy KeyConditions / QueryFilter / ScanFilter, ComparisonOperator values in AWS's order. */
export const LegacyConditionsSpec: FieldSpec = Object.freeze<FieldSpec>({
  type: 'Map',
  of: {
    type: 'Structure',
    name: 'Condition',
    fields: {
      AttributeValueList: { type: 'List', of: AttributeValueSpec },
      ComparisonOperator: {
        type: 'String',
        notNull: true,
        enum: ['IN', 'NULL', 'BETWEEN', 'LT', 'NOT_CONTAINS', 'EQ', 'GT', 'NOT_NULL', 'NE', 'LE', 'BEGINS_WITH', 'GE', 'CONTAINS'],
      },
    },
  },
});

/** ConditionalOperator of the legacy filters. */
export const ConditionalOperatorSpec: FieldSpec = Object.freeze({ type: 'String', enum: Object.freeze(['OR', 'AND']) });

/** What a Query or Scan reads: a table, or one of its secondary indexes. */
export interface ReadTarget {
  readonly table: Table;
  readonly index?: TableIndex;
  /** The key of what is read: the table's (one attribute per part), or the index's. */
  readonly key: IndexKey;
  /** The table's key attribute names. */
  readonly tableKeyNames: readonly string[];
  /** The attributes of a LastEvaluatedKey / ExclusiveStartKey: the table key, then index key attributes not in it. */
  readonly positionNames: readonly string[];
  /** The attributes an index stores of each item; undefined when it stores them all (a table, or an ALL projection). */
  readonly projected?: ReadonlySet<string>;
}

/** The table's primary key as an index key. */
const tableKeyAsIndexKey = (key: PrimaryKey): IndexKey => ({ partition: [key.partition], sort: key.sort ? [key.sort] : [] });

/** The read target of a table, or of one of its indexes. */
export function readTarget(table: Table, index?: TableIndex): ReadTarget {
  const tableKeyNames = table.key.sort ? [table.key.partition.name, table.key.sort.name] : [table.key.partition.name];
  if (!index) return { table, key: tableKeyAsIndexKey(table.key), tableKeyNames, positionNames: tableKeyNames };
  const indexKeyNames = [...index.key.partition, ...index.key.sort].map((a) => a.name);
  const positionNames = [...tableKeyNames, ...indexKeyNames.filter((name) => !tableKeyNames.includes(name))];
  const { ProjectionType, NonKeyAttributes } = index.projection;
  const projected = ProjectionType === 'ALL' ? undefined : new Set([...positionNames, ...(ProjectionType === 'INCLUDE' ? (NonKeyAttributes ?? []) : [])]);
  return { table, index, key: index.key, tableKeyNames, positionNames, ...(projected ? { projected } : {}) };
}

/**
 * What a Query or Scan reads: the (ACTIVE) table, and the index IndexName names, which
 * must exist, take eventually consistent reads if global, and not be backfilling.
 */
export function requireReadTarget(ctx: OperationContext, request: JsonObject): ReadTarget {
  const table = requireActiveTable(ctx, request.TableName as string);
  if (request.IndexName == null) return readTarget(table);
  const name = request.IndexName as string;
  const index = table.index(name);
  if (!index) throw validation(READ_MESSAGES.noSuchIndex(name));
  if (index.kind === 'GLOBAL' && request.ConsistentRead === true) throw validation(READ_MESSAGES.consistentReadOnGlobalIndex);
  if (index.status === 'CREATING') throw validation(READ_MESSAGES.backfillingIndex(name));
  return readTarget(table, index);
}

/** Select ALL_ATTRIBUTES is refused on a global secondary index that does not project ALL. */
export function checkSelectAllAttributes(target: ReadTarget, select: unknown): void {
  const index = target.index;
  if (select === 'ALL_ATTRIBUTES' && index?.kind === 'GLOBAL' && index.projection.ProjectionType !== 'ALL') {
    throw validation(READ_MESSAGES.selectAllOnGlobalIndex(index.name));
  }
}

/**
 * Query reports Select conflicts as a (single) constraint failure, Scan as a bare
 * message: AWS's own inconsistency, recorded by tests run against DynamoDB.
 */
const selectError = (operation: ReadOperation, message: string): DynamoDBError =>
  validation(operation === 'Query' ? `1 validation error detected: ${message}` : message);

/**
 * Checks Select against ProjectionExpression / AttributesToGet / IndexName as DynamoDB
 * does, and returns whether only the count is wanted.
 */
export function checkSelect(request: JsonObject, operation: ReadOperation): { countOnly: boolean } {
  const select = request.Select as Select | undefined;
  const projectionMember = request.ProjectionExpression != null ? 'ProjectionExpression' : request.AttributesToGet != null ? 'AttributesToGet' : undefined;
  switch (select) {
    case 'ALL_ATTRIBUTES':
      if (projectionMember) throw selectError(operation, READ_MESSAGES.cannotSpecify(projectionMember, 'ALL_ATTRIBUTES'));
      break;
    case 'ALL_PROJECTED_ATTRIBUTES':
      if (projectionMember) throw selectError(operation, READ_MESSAGES.cannotSpecify(projectionMember, 'ALL_PROJECTED_ATTRIBUTES'));
      if (request.IndexName == null) throw selectError(operation, READ_MESSAGES.projectedNeedsIndex);
      break;
    case 'COUNT':
      if (projectionMember) throw selectError(operation, READ_MESSAGES.cannotSpecify(projectionMember, 'only the Count'));
      break;
    case 'SPECIFIC_ATTRIBUTES':
      if (!projectionMember) throw selectError(operation, READ_MESSAGES.mustSpecify);
      break;
    default:
      break;
  }
  return { countOnly: select === 'COUNT' };
}

/** The compiled expressions (or legacy parameters) of a Query or Scan. */
export interface ReadExpressions {
  readonly keyCondition?: Condition;
  readonly filter?: Condition;
  readonly projection?: Projection;
}

/**
 * Compiles a Query's or Scan's expressions, or their legacy counterparts, in one scope
 * (in DynamoDB's order: key condition, filter, projection), then rejects unused
 * ExpressionAttributeNames/Values. The mixing rules must have been checked already.
 */
export function compileReadExpressions(request: JsonObject, operation: ReadOperation): ReadExpressions {
  const scope = requestScope(request);
  let keyCondition: Condition | undefined;
  if (operation === 'Query') {
    if (typeof request.KeyConditionExpression === 'string') keyCondition = compileCondition(request.KeyConditionExpression, 'KeyCondition', scope);
    else if (request.KeyConditions != null) keyCondition = legacyKeyCondition(request.KeyConditions as Record<string, LegacyCondition>, request.IndexName != null);
  }
  const legacyFilter = request[operation === 'Query' ? 'QueryFilter' : 'ScanFilter'] as Record<string, LegacyCondition> | undefined;
  let filter: Condition | undefined;
  if (typeof request.FilterExpression === 'string') filter = compileCondition(request.FilterExpression, 'Filter', scope);
  else if (legacyFilter != null) filter = filterToCondition(legacyFilter, request.ConditionalOperator as 'AND' | 'OR' | undefined);
  let projection: Projection | undefined;
  if (typeof request.ProjectionExpression === 'string') projection = compileProjection(request.ProjectionExpression, scope);
  else if (Array.isArray(request.AttributesToGet)) projection = attributesToGetToProjection(request.AttributesToGet as string[]);
  scope.assertAllUsed();
  return { ...(keyCondition ? { keyCondition } : {}), ...(filter ? { filter } : {}), ...(projection ? { projection } : {}) };
}

/** Most conditions a KeyConditions map may hold: one per attribute of a multi-attribute GSI key. */
const MAX_LEGACY_KEY_CONDITIONS = 2 * MAX_KEY_ATTRIBUTES_PER_PART;

/**
 * KeyConditions as a Condition. More than two conditions can only serve an index with a
 * multi-attribute key, which is not known before the table is read: with an IndexName
 * they are accepted here (up to eight) and the key condition analysis rejects them when
 * the key has fewer attributes.
 */
function legacyKeyCondition(keyConditions: Record<string, LegacyCondition>, onIndex: boolean): Condition {
  const count = Object.keys(keyConditions).length;
  if (!onIndex || count <= 2 || count > MAX_LEGACY_KEY_CONDITIONS) return keyConditionsToCondition(keyConditions);
  const all = filterToCondition(keyConditions, 'AND');
  if (all === undefined) throw validation(KEY_CONDITION_MESSAGES.conditionCount);
  const terms = new Map<string, KeyTerm>(
    Object.entries(keyConditions).map(([name, c]) => [name, { op: c.ComparisonOperator as ComparisonOperator, values: c.AttributeValueList ?? [] }]),
  );
  return Object.freeze({ kind: 'KeyCondition', root: all.root, keyTerms: terms });
}

/** Every document path a condition reads, in the order written. */
export function conditionPaths(node: ConditionNode, out: DocumentPath[] = []): DocumentPath[] {
  const operand = (o: Operand): void => {
    if (o.kind === 'path') out.push(o);
    else if (o.kind === 'function') o.args.forEach(operand);
  };
  switch (node.kind) {
    case 'comparison':
      [node.left, node.right].forEach(operand);
      break;
    case 'between':
      [node.operand, node.lower, node.upper].forEach(operand);
      break;
    case 'in':
      [node.operand, ...node.list].forEach(operand);
      break;
    case 'function':
      operand(node);
      break;
    case 'not':
      conditionPaths(node.operand, out);
      break;
    case 'and':
    case 'or':
      conditionPaths(node.left, out);
      conditionPaths(node.right, out);
      break;
  }
  return out;
}

const looksInside = (paths: readonly DocumentPath[], name: string): boolean => paths.some((path) => path.elements.length > 1 && path.elements[0] === name);

/** Key attributes are scalars: an expression may not look inside one (`pk.a`, `pk[0]`). */
export function checkKeyPaths(key: PrimaryKey, paths: readonly DocumentPath[]): void {
  const names = key.sort ? [key.partition.name, key.sort.name] : [key.partition.name];
  for (const name of names) {
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
 * Validates the attribute values of an ExclusiveStartKey (before the table is looked
 * up); a bad value is reported as "The provided starting key is invalid: <why>".
 */
export function validateStartKeyValues(raw: JsonObject | undefined): Item | undefined {
  if (raw == null) return undefined;
  let key: Item | undefined;
  wrapStartKeyError(() => {
    key = validateItem(raw);
  });
  return key;
}

/** Runs `check`, reporting a ValidationException it throws as "The provided starting key is invalid: <why>". */
export function wrapStartKeyError(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof DynamoDBError && error.code === 'ValidationException') {
      throw validation(READ_MESSAGES.startKeyInvalidBecause(error.message));
    }
    throw error;
  }
}

/**
 * The index part of an index read's ExclusiveStartKey: exactly the table and index key
 * attributes ("The provided starting key is invalid" otherwise), the index key
 * attributes of their types ("The provided key element does not match the schema") and
 * usable as keys.
 */
export function checkStartKeyIndexPart(target: ReadTarget, start: Item): void {
  const names = Object.keys(start);
  if (names.length !== target.positionNames.length) throw validation(READ_MESSAGES.startKeyInvalid);
  const roles = [...target.key.partition.map((a) => [a, 'partition'] as const), ...target.key.sort.map((a) => [a, 'sort'] as const)];
  for (const [attr] of roles) {
    const value = start[attr.name];
    if (value === undefined) throw validation(READ_MESSAGES.startKeyInvalid);
    if (typeOf(value) !== attr.type) throw validation(KEY_SCHEMA_MISMATCH);
  }
  wrapStartKeyError(() => {
    for (const [attr, role] of roles) validateKeyValue(attr.name, start[attr.name], attr.type, role, 'key');
  });
}

/**
 * The table part of an index read's ExclusiveStartKey: every table key attribute, of its
 * type ("The provided starting key is invalid: The provided key element does not match
 * the schema" otherwise) and usable as a key.
 */
export function checkStartKeyTablePart(target: ReadTarget, start: Item): void {
  const { partition, sort } = target.table.key;
  const roles: [KeyAttribute, 'partition' | 'sort'][] = [[partition, 'partition'], ...(sort ? [[sort, 'sort'] as [KeyAttribute, 'sort']] : [])];
  wrapStartKeyError(() => {
    for (const [attr, role] of roles) {
      const value = start[attr.name];
      if (value === undefined) throw validation(KEY_SCHEMA_MISMATCH);
      validateKeyValue(attr.name, value, attr.type, role, 'key');
    }
  });
}

/** Where a read resumes: the encoded key of an item, and for an index its index key first. */
export interface StartPosition {
  /** The partition (hash prefix included) of the table or index. */
  readonly h: Buffer;
  /** The sort key of the table or index (empty without one). */
  readonly r: Buffer;
  /** For an index: the item's table key. */
  readonly th?: Buffer;
  readonly tr?: Buffer;
}

/** The position of a checked ExclusiveStartKey in the target's order. */
export function startPosition(target: ReadTarget, start: Item): StartPosition {
  const tableKey = target.table.encodeKey(start);
  if (!target.index) return tableKey;
  const indexKey = target.index.keyOf(start);
  if (!indexKey) throw validation(READ_MESSAGES.startKeyInvalid);
  return { h: indexKey.h, r: indexKey.r, th: tableKey.h, tr: tableKey.r };
}

/** A row of a table or an index (index rows carry the item's table key as th, tr). */
export type TargetRow = Row & Partial<Pick<IndexRow, 'th' | 'tr'>>;

const indexPosition = (start: StartPosition): IndexPosition => ({ h: start.h, r: start.r, th: start.th ?? Buffer.alloc(0), tr: start.tr ?? Buffer.alloc(0) });

/** The rows of one partition of a target within a sort range, in key order (or reversed), after a position. Lazy. */
export function queryTargetRows(target: ReadTarget, h: Buffer, range: SortRange, forward: boolean, start?: StartPosition): Iterable<TargetRow> {
  if (!target.index) return target.table.query(h, range, forward, start?.r);
  return target.index.query(h, range, forward, start ? indexPosition(start) : undefined);
}

/** The rows of a target in storage order, optionally one hash slice (a Scan segment), after a position. Lazy. */
export function scanTargetRows(target: ReadTarget, slice?: HashRange, start?: StartPosition): Iterable<TargetRow> {
  if (!target.index) return target.table.scan(slice, start ? ({ h: start.h, r: start.r } satisfies EncodedKey) : undefined);
  return target.index.scan(slice, start ? indexPosition(start) : undefined);
}

/**
 * {@link queryTargetRows} without the key columns: each row is only the stored item text
 * and size (a key BLOB costs a Buffer allocation per row). Enough for every page that
 * does not read items from the table: the LastEvaluatedKey is in the last item itself.
 */
export function queryTargetItems(target: ReadTarget, h: Buffer, range: SortRange, forward: boolean, start?: StartPosition): Iterable<ItemRow> {
  if (!target.index) return target.table.queryItems(h, range, forward, start?.r);
  return target.index.queryItems(h, range, forward, start ? indexPosition(start) : undefined);
}

/** {@link scanTargetRows} without the key columns (see {@link queryTargetItems}). */
export function scanTargetItems(target: ReadTarget, slice?: HashRange, start?: StartPosition): Iterable<ItemRow> {
  if (!target.index) return target.table.scanItems(slice, start ? ({ h: start.h, r: start.r } satisfies EncodedKey) : undefined);
  return target.index.scanItems(slice, start ? indexPosition(start) : undefined);
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

/** The key attributes of a row of the target (its LastEvaluatedKey): the table key, and the index key for an index. */
export function targetRowKey(target: ReadTarget, row: TargetRow): Item {
  if (!target.index) return rowKey(target.table.key, row);
  return targetItemKey(target, JSON.parse(row.json) as Item);
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

/** The primary key of a stored row, decoded from its encoded key bytes (no JSON parse). */
export function rowKey(key: PrimaryKey, row: Pick<Row, 'h' | 'r'>): Item {
  const out: Item = { [key.partition.name]: decodeKeyValue(row.h.subarray(HASH_PREFIX_BYTES), key.partition.type) };
  if (key.sort) out[key.sort.name] = decodeKeyValue(row.r, key.sort.type);
  return out;
}

/** How one page is read. */
export interface PageSpec<R extends ItemRow = Row> {
  /** Items to read at most (before the filter). */
  readonly limit?: number;
  readonly filter?: Condition;
  readonly projection?: Projection;
  /** Select COUNT: items are counted, not returned. */
  readonly countOnly: boolean;
  /**
   * The key of a row, for LastEvaluatedKey; `item` is the row's own item when the page
   * parsed it (a filter or projection without itemOf), to spare parsing it again.
   */
  readonly keyOf: (row: R, item?: Item) => Item;
  /** The item a row stands for, when it is not the row's own JSON (an LSI reading items from its table). */
  readonly itemOf?: (row: R) => Item;
  /**
   * Keep the rows' stored JSON text as it is, unparsed, in `rawItems` (only when nothing needs
   * the parsed item: no filter, projection, itemOf or countOnly), for a response that splices it.
   */
  readonly raw?: boolean;
}

/** One page as read. */
export interface Page {
  /** Items kept by the filter, projected (empty when countOnly). */
  readonly items: Item[];
  /** Items kept by the filter. */
  readonly count: number;
  /** Items read. */
  readonly scannedCount: number;
  /** Sum of the sizes of the items read. */
  readonly bytesRead: number;
  /** Key of the last item read, when the page stopped at Limit or at the size limit. */
  readonly lastEvaluatedKey?: Item;
  /** The items' stored JSON text, instead of `items`, for a raw page (PageSpec.raw). */
  readonly rawItems?: string[];
}

/**
 * Reads one page from `rows`: stops after `limit` items, or after the item that brings
 * the data read to 1 MB (that item is included), and then reports the key of
 * the last item read as LastEvaluatedKey. The iterator is closed when the page ends.
 */
export function readPage<R extends ItemRow>(rows: Iterable<R>, spec: PageSpec<R>): Page {
  if (spec.raw && spec.filter === undefined && spec.projection === undefined && spec.itemOf === undefined && !spec.countOnly) return readRawPage(rows, spec);
  const items: Item[] = [];
  const needItem = spec.filter !== undefined || !spec.countOnly;
  let count = 0;
  let scannedCount = 0;
  let bytesRead = 0;
  let lastEvaluatedKey: Item | undefined;
  for (const row of rows) {
    scannedCount++;
    bytesRead += row.size;
    const item = needItem ? (spec.itemOf ? spec.itemOf(row) : (JSON.parse(row.json) as Item)) : undefined;
    if (spec.filter === undefined || evaluateCondition(spec.filter, item)) {
      count++;
      if (!spec.countOnly && item) items.push(spec.projection ? applyProjection(spec.projection, item) : item);
    }
    if ((spec.limit !== undefined && scannedCount >= spec.limit) || bytesRead >= MAX_PAGE_BYTES) {
      lastEvaluatedKey = spec.keyOf(row, spec.itemOf ? undefined : item);
      break;
    }
  }
  return { items, count, scannedCount, bytesRead, ...(lastEvaluatedKey ? { lastEvaluatedKey } : {}) };
}

/** readPage for a page whose items are returned exactly as stored: no JSON parsing at all. */
function readRawPage<R extends ItemRow>(rows: Iterable<R>, spec: PageSpec<R>): Page {
  const rawItems: string[] = [];
  let bytesRead = 0;
  let lastEvaluatedKey: Item | undefined;
  for (const row of rows) {
    rawItems.push(row.json);
    bytesRead += row.size;
    if ((spec.limit !== undefined && rawItems.length >= spec.limit) || bytesRead >= MAX_PAGE_BYTES) {
      lastEvaluatedKey = spec.keyOf(row);
      break;
    }
  }
  const n = rawItems.length;
  return { items: [], rawItems, count: n, scannedCount: n, bytesRead, ...(lastEvaluatedKey ? { lastEvaluatedKey } : {}) };
}

/** How one page of a read target is read. */
export interface TargetPageSpec {
  readonly limit?: number;
  readonly filter?: Condition;
  readonly projection?: Projection;
  readonly countOnly: boolean;
  /** Read each item from the table (see {@link needsTableFetch}). */
  readonly fetch: boolean;
  /** Splice stored item text into the response where possible (see PageSpec.raw). */
  readonly raw?: boolean;
}

/** One page of a read target. */
export interface TargetPage extends Page {
  /** Sizes of the items read from the table for an LSI, one per item. */
  readonly fetchedSizes: readonly number[];
}

/**
 * Reads one page of a target from its rows ({@link queryTargetRows} or
 * {@link scanTargetRows}): a table's items, or an index's entries (or, fetching, the
 * table's items they stand for), with the LastEvaluatedKey of the target. A page that
 * does not fetch can read rows without key columns instead: {@link readTargetItemsPage}.
 */
export function readTargetPage(target: ReadTarget, rows: Iterable<TargetRow>, spec: TargetPageSpec): TargetPage {
  const fetchedSizes: number[] = [];
  const fetchItem = (row: TargetRow): Item => {
    const stored = row.th && row.tr ? target.table.get({ h: row.th, r: row.tr }) : undefined;
    if (!stored) return JSON.parse(row.json) as Item;
    fetchedSizes.push(stored.size);
    return stored.item;
  };
  const page = readPage(rows, {
    limit: spec.limit,
    filter: spec.filter,
    projection: spec.projection,
    countOnly: spec.countOnly,
    keyOf: (row) => targetRowKey(target, row),
    itemOf: spec.fetch ? fetchItem : undefined,
    raw: !spec.fetch && spec.raw === true,
  });
  return withFetchedSizes(page, fetchedSizes);
}

/**
 * {@link readTargetPage} of rows without key columns ({@link queryTargetItems} or
 * {@link scanTargetItems}), for a page that does not fetch items from the table: the
 * LastEvaluatedKey is taken from the last item read.
 */
export function readTargetItemsPage(target: ReadTarget, rows: Iterable<ItemRow>, spec: Omit<TargetPageSpec, 'fetch'>): TargetPage {
  const page = readPage(rows, {
    limit: spec.limit,
    filter: spec.filter,
    projection: spec.projection,
    countOnly: spec.countOnly,
    keyOf: (row, item) => targetItemKey(target, item ?? (JSON.parse(row.json) as Item)),
    raw: spec.raw === true,
  });
  return withFetchedSizes(page, []);
}

/**
 * The page as a TargetPage, by adding the member to the page object itself: in V8 (Node
 * 20) an object spread followed by another member (`{ ...page, fetchedSizes }`) takes a
 * slow path, about 1 µs, where adding a member costs next to nothing.
 */
function withFetchedSizes(page: Page, fetchedSizes: readonly number[]): TargetPage {
  const out = page as Page & { fetchedSizes: readonly number[] };
  out.fetchedSizes = fetchedSizes;
  return out;
}

/**
 * The capacity a page of the target consumed: the data read (4 KB units, half for
 * eventually consistent reads) charged to the table or the index read, plus for each
 * item an LSI read from the table a read of that whole item, charged to the table.
 */
export function targetCapacity(target: ReadTarget, page: Pick<TargetPage, 'bytesRead' | 'fetchedSizes'>, consistent: boolean): CapacityUnits {
  const units = readUnits(page.bytesRead, consistent);
  if (!target.index) return tableCapacity(units);
  const fetched = page.fetchedSizes.reduce((sum, size) => sum + readUnits(size, consistent), 0);
  return indexCapacity(target.index, units, fetched);
}

/** The Query/Scan response for a page of a target, with ConsumedCapacity (table and index) when asked for. */
export function targetPageResponse(
  target: ReadTarget,
  page: TargetPage,
  options: { countOnly: boolean; consistent: boolean; capacity: ReturnConsumedCapacity },
): JsonObject | RawResponse {
  const capacity = describeCapacity(options.capacity, target.table.definition.TableName, targetCapacity(target, page, options.consistent));
  if (page.rawItems) {
    // the same members in the same order, with the stored item text spliced in
    let json = `{"Items":[${page.rawItems.join(',')}],"Count":${page.count},"ScannedCount":${page.scannedCount}`;
    if (page.lastEvaluatedKey) json += `,"LastEvaluatedKey":${JSON.stringify(page.lastEvaluatedKey)}`;
    if (capacity) json += `,"ConsumedCapacity":${JSON.stringify(capacity)}`;
    return new RawResponse(json + '}', { returned: page.count, scanned: page.scannedCount });
  }
  const response: JsonObject = {
    ...(options.countOnly ? {} : { Items: page.items }),
    Count: page.count,
    ScannedCount: page.scannedCount,
    ...(page.lastEvaluatedKey ? { LastEvaluatedKey: page.lastEvaluatedKey } : {}),
  };
  return capacity ? { ...response, ConsumedCapacity: capacity } : response;
}
