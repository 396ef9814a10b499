/**
 * Scan: every item of the table, or of one segment of it, in storage order (partition
 * hash, then sort key: stable, and not sorted by key, as DynamoDB's), a page at a time.
 *
 * Order of checks, as DynamoDB makes them: request shape; Select; the mixing rules,
 * ExclusiveStartKey values, Segment/TotalSegments, and the expressions; then the table
 * and index; then ExclusiveStartKey against the schema and the segment, and expressions
 * that look inside a key attribute.
 */
import { validation } from '../../errors.js';
import { checkNoMixing } from '../../expressions/legacy.js';
import type { Item } from '../../model/attribute-value.js';
import type { EncodedKey, HashRange, Table } from '../../storage/types.js';
import type { ReturnConsumedCapacity } from '../shared/capacity.js';
import { checkKey } from '../shared/keys.js';
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
  readPage,
  requireReadTable,
  rowKey,
  SelectSpec,
  StartKeySpec,
  validateStartKeyValues,
  wrapStartKeyError,
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
import { checkSegment, inSlice, SEGMENT_MESSAGES, segmentSlice, type Segment } from './segments.js';

/** Scan's members, in the order AWS lists their constraint failures. */
export const ScanSpec: RequestSpec = {
  Limit: LimitSpec,
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
  AttributesToGet: AttributesToGetSpec,
  Segment: { type: 'Integer', min: 0, max: 999_999 },
  Select: SelectSpec,
  ScanFilter: LegacyConditionsSpec,
  ConditionalOperator: ConditionalOperatorSpec,
  TotalSegments: { type: 'Integer', min: 1, max: 1_000_000 },
  TableName: TableNameSpec,
  ExclusiveStartKey: StartKeySpec,
  IndexName: IndexNameSpec,
  ConsistentRead: ConsistentReadSpec,
  FilterExpression: ExpressionSpec,
  ProjectionExpression: ExpressionSpec,
  ExpressionAttributeValues: ExpressionAttributeValuesSpec,
  ExpressionAttributeNames: ExpressionAttributeNamesSpec,
};

const integer = (value: unknown): number | undefined => (typeof value === 'number' ? Math.trunc(value) : undefined);

/** The encoded start key, which must be a key of the table and lie in the segment being scanned. */
function encodeStartKey(start: Item, table: Table, segment: Segment | undefined, slice: HashRange | undefined): EncodedKey {
  wrapStartKeyError(() => checkKey(table.key, start));
  const encoded = table.encodeKey(start);
  if (segment && slice && !inSlice(encoded.h, slice)) throw validation(SEGMENT_MESSAGES.startKeyOutsideSegment(segment.segment, segment.total));
  return encoded;
}

export function scan(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, ScanSpec);
  const { countOnly } = checkSelect(request, 'Scan');
  checkNoMixing(request, 'Scan');
  const start = validateStartKeyValues(request.ExclusiveStartKey as JsonObject | undefined);
  const segment = checkSegment(integer(request.Segment), integer(request.TotalSegments));
  const expressions = compileReadExpressions(request, 'Scan');

  const table = requireReadTable(ctx, request);
  const slice = segment ? segmentSlice(segment) : undefined;
  const encodedStart = start ? encodeStartKey(start, table, segment, slice) : undefined;
  if (expressions.projection) checkKeyPaths(table.key, expressions.projection.paths);
  if (expressions.filter) checkKeyPaths(table.key, conditionPaths(expressions.filter.root));

  const page = readPage(table.scan(slice, encodedStart), {
    ...(request.Limit != null ? { limit: Math.trunc(request.Limit as number) } : {}),
    ...(expressions.filter ? { filter: expressions.filter } : {}),
    ...(expressions.projection ? { projection: expressions.projection } : {}),
    countOnly,
    keyOf: (row) => rowKey(table.key, row),
  });
  return pageResponse(page, {
    countOnly,
    consistent: request.ConsistentRead === true,
    capacity: request.ReturnConsumedCapacity as ReturnConsumedCapacity,
    tableName: table.definition.TableName,
  });
}
