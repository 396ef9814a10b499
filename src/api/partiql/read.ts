/**
 * Executing reads: a SELECT as a Query of each partition its plan names, or as a Scan,
 * a page at a time, through Query's and Scan's read paths (read-pages.ts: Limit and the
 * 1 MB page count items read before the WHERE clause; LastEvaluatedKey and capacity of
 * the table or index read), and single-item reads by key (batches and transactions).
 */
import { evaluateCondition } from '../../expressions/index.js';
import type { AttributeValue, Item } from '../../model/attribute-value.js';
import { projectSelect, type GetStatement, type ReadPlan, type ReadPosition, type SelectStatement } from '../../partiql/index.js';
import { encodeIndexPartition } from '../../storage/index-keys.js';
import type { SortRange, StoredItem } from '../../storage/types.js';
import type { CapacityUnits } from '../shared/capacity.js';
import { queryTargetRows, readTarget, readTargetPage, scanTargetRows, targetCapacity, type ReadTarget, type TargetRow } from '../read/page.js';
import { sortKeyRange } from '../../storage/key-range.js';

/** One page of a SELECT. */
export interface SelectPage {
  readonly items: Item[];
  /** Where the page stopped, when there may be more. */
  readonly next?: ReadPosition;
  /** The key attributes (table, then index) of the last item read, when the page stopped early. */
  readonly lastEvaluatedKey?: Item;
  /** What the page consumed, on the table or the index read. */
  readonly capacity: CapacityUnits;
}

/** The encoded partition (hash prefix included) of a partition's key values; one value encodes as the table's key. */
const partitionBytes = (values: readonly AttributeValue[]): Buffer => encodeIndexPartition(values);

/** The rows of the partitions a query plan names, from a position on, noting the partition being read. */
function* queryRows(target: ReadTarget, plan: Extract<ReadPlan, { kind: 'query' }>, start: ReadPosition | undefined, seen: { partition: number }): Generator<TargetRow> {
  const range: SortRange = plan.sort ? sortKeyRange(plan.sort.op, plan.sort.values) : {};
  for (let p = start?.partition ?? 0; p < plan.partitions.length; p++) {
    seen.partition = p;
    const resume = start && p === start.partition ? start : undefined;
    yield* queryTargetRows(target, partitionBytes(plan.partitions[p]), range, plan.forward, resume);
  }
}

/**
 * Reads one page of a SELECT from `start` (a decoded NextToken) on: at most `limit`
 * items read, at most 1 MB; the WHERE clause filters, the projection shapes.
 */
export function readSelectPage(statement: SelectStatement, options: { limit?: number; start?: ReadPosition; consistent: boolean }): SelectPage {
  const target = readTarget(statement.table, statement.index);
  const seen = { partition: options.start?.partition ?? 0 };
  let last: TargetRow | undefined;
  const source = statement.plan.kind === 'query' ? queryRows(target, statement.plan, options.start, seen) : scanTargetRows(target, undefined, options.start);
  const tracked = (function* track(): Generator<TargetRow> {
    for (const row of source) {
      last = row;
      yield row;
    }
  })();
  const page = readTargetPage(target, tracked, {
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(statement.where ? { filter: { kind: 'Filter' as const, root: statement.where } } : {}),
    countOnly: false,
    fetch: false,
  });
  const items = page.items.map((item) => projectSelect(item, statement.projection));
  const capacity = targetCapacity(target, page, options.consistent);
  if (page.lastEvaluatedKey === undefined || last === undefined) return { items, capacity };
  const next: ReadPosition = {
    partition: seen.partition,
    h: last.h,
    r: last.r,
    ...(last.th !== undefined ? { th: last.th } : {}),
    ...(last.tr !== undefined ? { tr: last.tr } : {}),
  };
  return { items, next, lastEvaluatedKey: page.lastEvaluatedKey, capacity };
}

/** What a single-item read returns of the stored item (nothing when it is missing or fails the WHERE clause). */
export function readItem(statement: GetStatement, stored: StoredItem | undefined): Item | undefined {
  if (stored === undefined) return undefined;
  if (statement.filter && !evaluateCondition({ kind: 'Filter', root: statement.filter }, stored.item)) return undefined;
  return projectSelect(stored.item, statement.projection);
}
