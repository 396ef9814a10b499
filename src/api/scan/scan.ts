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
import { conditionPaths } from '../../expressions/walk.js';
import { inHashSlice } from '../../storage/key-layout.js';
import type { ReturnConsumedCapacity } from '../shared/capacity.js';
import { compileReadExpressions } from '../shared/request-expressions.js';
import { checkShape } from '../shared/shape.js';
import { ScanSpec } from '../shared/specs.js';
import { readTargetPage } from '../read/page.js';
import { targetPageResponse } from '../read/response.js';
import { checkSelect } from '../read/select.js';
import { checkStartKey, startPosition, validateStartKeyValues } from '../read/start-key.js';
import { checkTargetKeyPaths, needsTableFetch, requireReadTarget } from '../read/target.js';
import type { JsonObject, OperationContext, RawResponse } from '../context.js';
import { checkSegment, SEGMENT_MESSAGES, segmentSlice } from './segments.js';

const integer = (value: unknown): number | undefined => (typeof value === 'number' ? Math.trunc(value) : undefined);

export async function scan(request: JsonObject, ctx: OperationContext): Promise<JsonObject | RawResponse> {
  checkShape(request, ScanSpec);
  const { countOnly } = checkSelect(request, 'Scan');
  checkNoMixing(request, 'Scan');
  const start = validateStartKeyValues(request.ExclusiveStartKey as JsonObject | undefined);
  const segment = checkSegment(integer(request.Segment), integer(request.TotalSegments));
  const expressions = compileReadExpressions(request, 'Scan');

  const target = await requireReadTarget(ctx, request);
  const slice = segment ? segmentSlice(segment) : undefined;
  checkStartKey(target, start, request.Select, 'Scan');
  const position = start ? startPosition(target, start) : undefined;
  // the start key must lie in the segment being scanned
  if (segment && slice && position && !inHashSlice(position.h, slice)) throw validation(SEGMENT_MESSAGES.startKeyOutsideSegment(segment.segment, segment.total));
  if (expressions.projection) checkTargetKeyPaths(target, expressions.projection.paths);
  if (expressions.filter) checkTargetKeyPaths(target, conditionPaths(expressions.filter.root));

  const limit = request.Limit != null ? Math.trunc(request.Limit as number) : undefined;
  const fetch = needsTableFetch(target, request.Select, expressions.projection);
  const spec = { limit, filter: expressions.filter, projection: expressions.projection, countOnly, fetch, raw: true };
  const page = await readTargetPage(target, { slice }, position, spec);
  return targetPageResponse(target, page, {
    countOnly,
    consistent: request.ConsistentRead === true,
    capacity: request.ReturnConsumedCapacity as ReturnConsumedCapacity,
  });
}
