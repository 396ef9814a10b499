/**
 * Query: the items of one partition of a table or a secondary index, in sort key order
 * (or reversed; an index orders entries by its key, then by the table key), within an
 * optional sort key range, read a page at a time.
 *
 * Order of checks, as DynamoDB makes them: request shape; Select; the mixing rules,
 * ExclusiveStartKey values, a key condition being present, and the expressions (and
 * AttributesToGet); then the table and index (which must exist, take eventually
 * consistent reads if global, and not be backfilling); then ExclusiveStartKey against the
 * schema (for an index: its index key, Select ALL_ATTRIBUTES against a GSI's projection,
 * then its table key), the key condition against the key schema, ExclusiveStartKey
 * against the key condition, a projection that looks inside a key attribute, and a
 * filter that names one.
 */
import { validation } from '../../errors.js';
import type { Condition } from '../../expressions/index.js';
import { checkNoMixing } from '../../expressions/legacy.js';
import { typeOf, type Item } from '../../model/attribute-value.js';
import { validateKeyValue } from '../../model/validate.js';
import { encodeIndexPartition } from '../../storage/index-keys.js';
import type { IndexKey, PrimaryKey, SortRange } from '../../storage/types.js';
import type { ReturnConsumedCapacity } from '../shared/capacity.js';
import { KEY_SCHEMA_MISMATCH } from '../shared/keys.js';
import {
  checkSelect,
  checkSelectAllAttributes,
  checkStartKeyIndexPart,
  checkStartKeyTablePart,
  checkTargetKeyPaths,
  compileReadExpressions,
  conditionPaths,
  ConditionalOperatorSpec,
  IndexNameSpec,
  LegacyConditionsSpec,
  LimitSpec,
  needsTableFetch,
  queryTargetItems,
  queryTargetRows,
  READ_MESSAGES,
  readTargetItemsPage,
  readTargetPage,
  requireReadTarget,
  SelectSpec,
  StartKeySpec,
  startPosition,
  targetPageResponse,
  validateStartKeyValues,
  wrapStartKeyError,
  type ReadExpressions,
  type ReadTarget,
  type TargetPageSpec,
  type StartPosition,
} from '../read/page.js';
import {
  AttributesToGetSpec,
  ConsistentReadSpec,
  ExpressionAttributeNamesSpec,
  ExpressionAttributeValuesSpec,
  ExpressionSpec,
  ReturnConsumedCapacitySpec,
  checkShape,
  TableNameSpec,
  type RequestSpec,
} from '../shared/shape.js';
import type { JsonObject, OperationContext, RawResponse } from '../context.js';
import { indexSortRange, inSortRange } from '../../storage/key-range.js';
import { analyzeTargetKeyCondition, type TargetKeyCondition } from './target-key-condition.js';

/** AWS's texts for Query's own checks. */
export const QUERY_MESSAGES = {
  keyConditionRequired: 'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
  outsideBoundaries: 'The provided starting key is outside query boundaries based on provided conditions',
  rangePredicate: 'The provided starting key does not match the range key predicate',
  atMostOneRow: 'The query can return at most one row and cannot be restarted',
  filterOnKey: (parameter: 'Filter Expression' | 'QueryFilter', name: string) =>
    `${parameter} can only contain non-primary key attributes: Primary key attribute: ${name}`,
} as const;

/** Query's members, in the order AWS lists their constraint failures. */
export const QuerySpec: RequestSpec = {
  Limit: LimitSpec,
  ExclusiveStartKey: StartKeySpec,
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
  AttributesToGet: AttributesToGetSpec,
  QueryFilter: LegacyConditionsSpec,
  Select: SelectSpec,
  ConditionalOperator: ConditionalOperatorSpec,
  KeyConditions: LegacyConditionsSpec,
  TableName: TableNameSpec,
  ConsistentRead: ConsistentReadSpec,
  IndexName: IndexNameSpec,
  ScanIndexForward: { type: 'Boolean' },
  KeyConditionExpression: ExpressionSpec,
  FilterExpression: ExpressionSpec,
  ProjectionExpression: ExpressionSpec,
  ExpressionAttributeValues: ExpressionAttributeValuesSpec,
  ExpressionAttributeNames: ExpressionAttributeNamesSpec,
};

const keyNames = (key: PrimaryKey): string[] => (key.sort ? [key.partition.name, key.sort.name] : [key.partition.name]);

/**
 * A table read's ExclusiveStartKey must name exactly the key attributes ("The provided
 * starting key is invalid"), each of its key type ("The provided key element does not
 * match the schema").
 */
function checkTableStartKey(key: PrimaryKey, start: Item): void {
  const names = keyNames(key);
  if (Object.keys(start).length !== names.length || names.some((name) => start[name] === undefined)) {
    throw validation(READ_MESSAGES.startKeyInvalid);
  }
  const attrs = key.sort ? [key.partition, key.sort] : [key.partition];
  for (const attr of attrs) {
    if (typeOf(start[attr.name]) !== attr.type) throw validation(KEY_SCHEMA_MISMATCH);
  }
  wrapStartKeyError(() => {
    validateKeyValue(key.partition.name, start[key.partition.name], key.partition.type, 'partition', 'key');
    if (key.sort) validateKeyValue(key.sort.name, start[key.sort.name], key.sort.type, 'sort', 'key');
  });
}

/**
 * The target's ExclusiveStartKey checks, with the Select ALL_ATTRIBUTES check of an
 * index between its index part and its table part (DynamoDB's order).
 */
function checkStartKeyAndSelect(target: ReadTarget, start: Item | undefined, select: unknown): void {
  if (!target.index) {
    if (start) checkTableStartKey(target.table.key, start);
    return;
  }
  if (start) checkStartKeyIndexPart(target, start);
  checkSelectAllAttributes(target, select);
  if (start) checkStartKeyTablePart(target, start);
}

/** Key condition values follow the key value rules (no empty strings, size limits). */
function checkKeyConditionValues(key: IndexKey, condition: TargetKeyCondition): void {
  key.partition.forEach((attr, i) => validateKeyValue(attr.name, condition.partition[i], attr.type, 'partition', 'key'));
  condition.sortPrefix.forEach((value, i) => validateKeyValue(key.sort[i].name, value, key.sort[i].type, 'sort', 'key'));
  const lastAttr = key.sort[condition.sortPrefix.length];
  if (condition.last && lastAttr) {
    for (const value of condition.last.values) validateKeyValue(lastAttr.name, value, lastAttr.type, 'sort', 'key');
  }
}

/**
 * An ExclusiveStartKey must lie within what the key condition selects: in its partition,
 * and within its sort key range.
 */
function checkStartKeyBounds(start: StartPosition, h: Buffer, range: SortRange | undefined): void {
  const samePartition = start.h.equals(h);
  if (range === undefined) {
    if (!samePartition) throw validation(QUERY_MESSAGES.outsideBoundaries);
    return;
  }
  if (!inSortRange(start.r, range)) throw validation(QUERY_MESSAGES.rangePredicate);
  if (!samePartition) throw validation(QUERY_MESSAGES.atMostOneRow);
}

/** A Query filter may not name an attribute of the key queried (the index's, on an index). */
function checkFilterKeys(key: IndexKey, filter: Condition | undefined, parameter: 'Filter Expression' | 'QueryFilter'): void {
  if (!filter) return;
  const names = new Set(conditionPaths(filter.root).map((path) => path.elements[0]));
  for (const attr of [...key.partition, ...key.sort]) {
    if (names.has(attr.name)) throw validation(QUERY_MESSAGES.filterOnKey(parameter, attr.name));
  }
}

/** Compiles and checks everything that does not need the table. */
function prepare(request: JsonObject): { keyCondition: Condition; expressions: ReadExpressions; start?: Item; countOnly: boolean } {
  checkShape(request, QuerySpec);
  const { countOnly } = checkSelect(request, 'Query');
  checkNoMixing(request, 'Query');
  const start = validateStartKeyValues(request.ExclusiveStartKey as JsonObject | undefined);
  if (request.KeyConditions == null && request.KeyConditionExpression == null) throw validation(QUERY_MESSAGES.keyConditionRequired);
  const expressions = compileReadExpressions(request, 'Query');
  return { keyCondition: expressions.keyCondition as Condition, expressions, ...(start ? { start } : {}), countOnly };
}

export function query(request: JsonObject, ctx: OperationContext): JsonObject | RawResponse {
  const { keyCondition, expressions, start, countOnly } = prepare(request);
  const target = requireReadTarget(ctx, request);
  checkStartKeyAndSelect(target, start, request.Select);

  const condition = analyzeTargetKeyCondition(keyCondition, target.key);
  checkKeyConditionValues(target.key, condition);
  const h = encodeIndexPartition(condition.partition);
  const constrained = condition.last !== undefined || condition.sortPrefix.length > 0;
  const range = constrained ? indexSortRange(target.key.sort.length, condition.sortPrefix, condition.last) : undefined;
  const position = start ? startPosition(target, start) : undefined;
  if (position) checkStartKeyBounds(position, h, range);
  if (expressions.projection) checkTargetKeyPaths(target, expressions.projection.paths);
  checkFilterKeys(target.key, expressions.filter, request.QueryFilter != null ? 'QueryFilter' : 'Filter Expression');

  const forward = request.ScanIndexForward !== false;
  const limit = request.Limit != null ? Math.trunc(request.Limit as number) : undefined;
  const fetch = needsTableFetch(target, request.Select, expressions.projection);
  const spec: TargetPageSpec = { limit, filter: expressions.filter, projection: expressions.projection, countOnly, fetch, raw: true };
  // only a page that reads items from the table needs each entry's table key (key columns)
  const page = fetch
    ? readTargetPage(target, queryTargetRows(target, h, range ?? {}, forward, position), spec)
    : readTargetItemsPage(target, queryTargetItems(target, h, range ?? {}, forward, position), spec);
  return targetPageResponse(target, page, {
    countOnly,
    consistent: request.ConsistentRead === true,
    capacity: request.ReturnConsumedCapacity as ReturnConsumedCapacity,
  });
}
