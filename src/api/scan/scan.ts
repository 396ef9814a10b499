/**
 * Scan: every item of the table (or every entry of a secondary index), or of one segment
 * of it, in storage order (partition hash, then sort key, then for an index the table
 * key: stable, and not sorted by key, as DynamoDB's), a page at a time. The segments of
 * an index are slices of its own partition hash space.
 *
 * Order of checks, as DynamoDB makes them: request shape; Select; the mixing rules,
 * ExclusiveStartKey values, Segment/TotalSegments, and the expressions; then the table
 * and index (which must exist, take eventually consistent reads if global, and not be
 * backfilling); then ExclusiveStartKey against the schema (for an index: its index key,
 * Select ALL_ATTRIBUTES against a GSI's projection, then its table key) and the segment,
 * and expressions that look inside a key attribute.
 */
import { validation } from '../../errors.js';
import { checkNoMixing } from '../../expressions/legacy.js';
import type { Item } from '../../model/attribute-value.js';
import type { HashRange } from '../../storage/types.js';
import type { ReturnConsumedCapacity } from '../shared/capacity.js';
import { checkKey } from '../shared/keys.js';
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
  readTargetItemsPage,
  readTargetPage,
  requireReadTarget,
  scanTargetItems,
  scanTargetRows,
  SelectSpec,
  StartKeySpec,
  startPosition,
  targetPageResponse,
  validateStartKeyValues,
  wrapStartKeyError,
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

/**
 * The target's ExclusiveStartKey checks (a table's key; an index's index key, then the
 * Select ALL_ATTRIBUTES check of a GSI, then its table key), and the position the start
 * key names, which must lie in the segment being scanned.
 */
function checkStart(target: ReadTarget, start: Item | undefined, select: unknown, segment: Segment | undefined, slice: HashRange | undefined): StartPosition | undefined {
  if (target.index) {
    if (start) checkStartKeyIndexPart(target, start);
    checkSelectAllAttributes(target, select);
    if (start) checkStartKeyTablePart(target, start);
  } else if (start) {
    wrapStartKeyError(() => checkKey(target.table.key, start));
  }
  if (!start) return undefined;
  const position = startPosition(target, start);
  if (segment && slice && !inSlice(position.h, slice)) throw validation(SEGMENT_MESSAGES.startKeyOutsideSegment(segment.segment, segment.total));
  return position;
}

export function scan(request: JsonObject, ctx: OperationContext): JsonObject | RawResponse {
  checkShape(request, ScanSpec);
  const { countOnly } = checkSelect(request, 'Scan');
  checkNoMixing(request, 'Scan');
  const start = validateStartKeyValues(request.ExclusiveStartKey as JsonObject | undefined);
  const segment = checkSegment(integer(request.Segment), integer(request.TotalSegments));
  const expressions = compileReadExpressions(request, 'Scan');

  const target = requireReadTarget(ctx, request);
  const slice = segment ? segmentSlice(segment) : undefined;
  const position = checkStart(target, start, request.Select, segment, slice);
  if (expressions.projection) checkTargetKeyPaths(target, expressions.projection.paths);
  if (expressions.filter) checkTargetKeyPaths(target, conditionPaths(expressions.filter.root));

  const limit = request.Limit != null ? Math.trunc(request.Limit as number) : undefined;
  const fetch = needsTableFetch(target, request.Select, expressions.projection);
  const spec: TargetPageSpec = { limit, filter: expressions.filter, projection: expressions.projection, countOnly, fetch, raw: true };
  // only a page that reads items from the table needs each entry's table key (key columns)
  const page = fetch
    ? readTargetPage(target, scanTargetRows(target, slice, position), spec)
    : readTargetItemsPage(target, scanTargetItems(target, slice, position), spec);
  return targetPageResponse(target, page, {
    countOnly,
    consistent: request.ConsistentRead === true,
    capacity: request.ReturnConsumedCapacity as ReturnConsumedCapacity,
  });
}
