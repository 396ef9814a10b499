/**
 * Executing reads: a SELECT as a Query of each partition its plan names, or as a Scan,
 * a page at a time, through the read path of Query and Scan (api/read/: Limit and the
 * 1 MB page count items read before the WHERE clause; LastEvaluatedKey and capacity of
 * the table or index read), and single-item reads by key (batches and transactions).
 */
import { evaluateCondition } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import { projectSelect, type GetStatement, type ReadPosition, type SelectStatement } from '../../partiql/index.js';
import type { Page, PageRow, StoredItem, TenantStore } from '../../storage/types.js';
import type { CapacityUnits } from '../shared/capacity.js';
import { MAX_PAGE_BYTES } from '../read/messages.js';
import { pageOf } from '../read/page.js';
import { targetCapacity } from '../read/response.js';
import { readTarget, type ReadTarget } from '../read/target.js';

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

/** The rows of one page, the partition (of a query plan) it ended in, and whether it stopped early. */
interface PlanRows {
  readonly rows: PageRow[];
  readonly stopped: boolean;
  readonly partition: number;
}

/**
 * The rows of a page from `start` on: the partitions a query plan names one after another
 * (each from where the last one left the page's Limit and size), or a Scan.
 */
async function planRows(target: ReadTarget, statement: SelectStatement, limit: number | undefined, start: ReadPosition | undefined): Promise<PlanRows> {
  const plan = statement.plan;
  if (plan.kind !== 'query') {
    const page = await target.source.readPage({ exclusiveStart: start, limit, maxBytes: MAX_PAGE_BYTES, keys: true });
    return { rows: [...page.rows], stopped: page.stopped, partition: 0 };
  }
  const range = plan.sort ? target.source.sortRange([], plan.sort) : undefined;
  const rows: PageRow[] = [];
  let bytes = 0;
  let p = start?.partition ?? 0;
  for (; p < plan.partitions.length; p++) {
    const resume = start && p === start.partition ? start : undefined;
    const page: Page = await target.source.readPage({
      partition: target.source.encodePartition(plan.partitions[p]),
      range,
      forward: plan.forward,
      exclusiveStart: resume,
      limit: limit === undefined ? undefined : limit - rows.length,
      maxBytes: MAX_PAGE_BYTES - bytes,
      keys: true,
    });
    for (const row of page.rows) {
      rows.push(row);
      bytes += row.size;
    }
    if (page.stopped) return { rows, stopped: true, partition: p };
  }
  return { rows, stopped: false, partition: Math.max(0, p - 1) };
}

/**
 * Reads one page of a SELECT from `start` (a decoded NextToken) on: at most `limit`
 * items read, at most 1 MB; the WHERE clause filters, the projection shapes.
 */
export async function readSelectPage(store: TenantStore, statement: SelectStatement, options: { limit?: number; start?: ReadPosition; consistent: boolean }): Promise<SelectPage> {
  const target = readTarget(store, statement.table, statement.index);
  const { rows, stopped, partition } = await planRows(target, statement, options.limit, options.start);
  const page = pageOf(target, rows, stopped, {
    ...(statement.where ? { filter: { kind: 'Filter' as const, root: statement.where } } : {}),
    countOnly: false,
  });
  const items = page.items.map((item) => projectSelect(item, statement.projection));
  const capacity = targetCapacity(target, page, options.consistent);
  const last = rows[rows.length - 1];
  if (page.lastEvaluatedKey === undefined || last === undefined) return { items, capacity };
  const next: ReadPosition = {
    partition,
    h: last.h!,
    r: last.r!,
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
