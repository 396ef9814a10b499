/**
 * Query: the items of one partition, in sort key order (or reversed), within an optional
 * sort key range, read a page at a time.
 *
 * Order of checks, as DynamoDB makes them: request shape; Select; the mixing rules,
 * ExclusiveStartKey values, a key condition being present, and the expressions (and
 * AttributesToGet); then the table and index; then ExclusiveStartKey against the schema, the
 * key condition against the schema, ExclusiveStartKey against the key condition, a
 * projection that looks inside a key attribute, and a filter that names one.
 */
import { validation } from '../../errors.js';
import { analyzeKeyCondition, type Condition, type KeyConditionAnalysis } from '../../expressions/index.js';
import { checkNoMixing } from '../../expressions/legacy.js';
import { typeOf, type Item } from '../../model/attribute-value.js';
import { encodeKeyValue, partitionHash } from '../../model/key-codec.js';
import { validateKeyValue } from '../../model/validate.js';
import type { PrimaryKey, SortRange } from '../../storage/types.js';
import type { ReturnConsumedCapacity } from '../shared/capacity.js';
import { KEY_SCHEMA_MISMATCH } from '../shared/keys.js';
import {
  checkKeyPaths,
  checkSelect,
  compileReadExpressions,
  conditionPaths,
  ConditionalOperatorSpec,
  IndexNameSpec,
  LegacyConditionsSpec,
  LimitSpec,
  pageResponse,
  READ_MESSAGES,
  readPage,
  requireReadTable,
  rowKey,
  SelectSpec,
  StartKeySpec,
  validateStartKeyValues,
  wrapStartKeyError,
  type ReadExpressions,
} from '../shared/read-pages.js';
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
import type { JsonObject, OperationContext } from '../context.js';
import { inSortRange, sortKeyRange } from './key-range.js';

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
 * An ExclusiveStartKey must name exactly the key attributes ("The provided starting key
 * is invalid"), each of its key type ("The provided key element does not match the schema").
 */
function checkStartKeyShape(key: PrimaryKey, start: Item): void {
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

/** Key condition values follow the key value rules (no empty strings, size limits). */
function checkKeyConditionValues(key: PrimaryKey, analysis: KeyConditionAnalysis): void {
  validateKeyValue(key.partition.name, analysis.partition.value, key.partition.type, 'partition', 'key');
  if (key.sort && analysis.sort) {
    for (const value of analysis.sort.values) validateKeyValue(key.sort.name, value, key.sort.type, 'sort', 'key');
  }
}

/**
 * An ExclusiveStartKey must lie within what the key condition selects: in its partition,
 * and within its sort key range.
 */
function checkStartKeyBounds(start: { h: Buffer; r: Buffer }, h: Buffer, range: SortRange | undefined): void {
  const samePartition = start.h.equals(h);
  if (range === undefined) {
    if (!samePartition) throw validation(QUERY_MESSAGES.outsideBoundaries);
    return;
  }
  if (!inSortRange(start.r, range)) throw validation(QUERY_MESSAGES.rangePredicate);
  if (!samePartition) throw validation(QUERY_MESSAGES.atMostOneRow);
}

/** A Query filter may not name a key attribute. */
function checkFilterKeys(key: PrimaryKey, filter: Condition | undefined, parameter: 'Filter Expression' | 'QueryFilter'): void {
  if (!filter) return;
  const names = new Set(conditionPaths(filter.root).map((path) => path.elements[0]));
  for (const name of keyNames(key)) {
    if (names.has(name)) throw validation(QUERY_MESSAGES.filterOnKey(parameter, name));
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

/** The encoded partition key (hash prefix included) the key condition names. */
function partitionBytes(analysis: KeyConditionAnalysis): Buffer {
  const pk = encodeKeyValue(analysis.partition.value);
  return Buffer.concat([partitionHash(pk), pk]);
}

export function query(request: JsonObject, ctx: OperationContext): JsonObject {
  const { keyCondition, expressions, start, countOnly } = prepare(request);
  const table = requireReadTable(ctx, request);
  const key = table.key;
  if (start) checkStartKeyShape(key, start);

  const analysis = analyzeKeyCondition(keyCondition, {
    partition: key.partition.name,
    ...(key.sort ? { sort: key.sort.name } : {}),
    types: { [key.partition.name]: key.partition.type, ...(key.sort ? { [key.sort.name]: key.sort.type } : {}) },
  });
  checkKeyConditionValues(key, analysis);
  const h = partitionBytes(analysis);
  const range = analysis.sort ? sortKeyRange(analysis.sort.op, analysis.sort.values) : undefined;
  const encodedStart = start ? table.encodeKey(start) : undefined;
  if (encodedStart) checkStartKeyBounds(encodedStart, h, range);
  if (expressions.projection) checkKeyPaths(key, expressions.projection.paths);
  checkFilterKeys(key, expressions.filter, request.QueryFilter != null ? 'QueryFilter' : 'Filter Expression');

  const forward = request.ScanIndexForward !== false;
  const page = readPage(table.query(h, range ?? {}, forward, encodedStart?.r), {
    ...(request.Limit != null ? { limit: Math.trunc(request.Limit as number) } : {}),
    ...(expressions.filter ? { filter: expressions.filter } : {}),
    ...(expressions.projection ? { projection: expressions.projection } : {}),
    countOnly,
    keyOf: (row) => rowKey(key, row),
  });
  return pageResponse(page, {
    countOnly,
    consistent: request.ConsistentRead === true,
    capacity: request.ReturnConsumedCapacity as ReturnConsumedCapacity,
    tableName: table.definition.TableName,
  });
}
