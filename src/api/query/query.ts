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
import { conditionPaths } from '../../expressions/walk.js';
import type { Item } from '../../model/attribute-value.js';
import { validateKeyValue } from '../../model/validate.js';
import { inSortRange } from '../../storage/key-range.js';
import type { IndexKey, Position, SortRange } from '../../storage/types.js';
import type { ReturnConsumedCapacity } from '../shared/capacity.js';
import { compileReadExpressions, type ReadExpressions } from '../shared/request-expressions.js';
import { checkShape } from '../shared/shape.js';
import { QuerySpec } from '../shared/specs.js';
import { readTargetPage } from '../read/page.js';
import { targetPageResponse } from '../read/response.js';
import { checkSelect } from '../read/select.js';
import { checkStartKey, startPosition, validateStartKeyValues } from '../read/start-key.js';
import { checkTargetKeyPaths, needsTableFetch, requireReadTarget } from '../read/target.js';
import type { JsonObject, OperationContext, RawResponse } from '../context.js';
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
function checkStartKeyBounds(start: Position, h: Buffer, range: SortRange | undefined): void {
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

export async function query(request: JsonObject, ctx: OperationContext): Promise<JsonObject | RawResponse> {
  const { keyCondition, expressions, start, countOnly } = prepare(request);
  const target = await requireReadTarget(ctx, request);
  checkStartKey(target, start, request.Select, 'Query');

  const condition = analyzeTargetKeyCondition(keyCondition, target.key);
  checkKeyConditionValues(target.key, condition);
  const h = target.source.encodePartition(condition.partition);
  const constrained = condition.last !== undefined || condition.sortPrefix.length > 0;
  const range = constrained ? target.source.sortRange(condition.sortPrefix, condition.last) : undefined;
  const position = start ? startPosition(target, start) : undefined;
  if (position) checkStartKeyBounds(position, h, range);
  if (expressions.projection) checkTargetKeyPaths(target, expressions.projection.paths);
  checkFilterKeys(target.key, expressions.filter, request.QueryFilter != null ? 'QueryFilter' : 'Filter Expression');

  const forward = request.ScanIndexForward !== false;
  const limit = request.Limit != null ? Math.trunc(request.Limit as number) : undefined;
  const fetch = needsTableFetch(target, request.Select, expressions.projection);
  const spec = { limit, filter: expressions.filter, projection: expressions.projection, countOnly, fetch, raw: true };
  const page = await readTargetPage(target, { partition: h, range, forward }, position, spec);
  return targetPageResponse(target, page, {
    countOnly,
    consistent: request.ConsistentRead === true,
    capacity: request.ReturnConsumedCapacity as ReturnConsumedCapacity,
  });
}
