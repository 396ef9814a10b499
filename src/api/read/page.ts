/**
 * One page of a read target. The engine reads the rows (storage order: its range scans on
 * encoded keys give DynamoDB's order; nothing is sorted here) up to Limit and the 1 MB
 * page, which both count the data read before the filter; this module filters, projects,
 * counts and names the LastEvaluatedKey. Every row read counts towards ScannedCount, its
 * size towards the page and the consumed capacity, whether the filter keeps it or not.
 */
import { applyProjection, evaluateCondition, type Condition, type Projection } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import type { HashRange, PageRow, Position, SortRange, StoredItem } from '../../storage/types.js';
import { MAX_PAGE_BYTES } from './messages.js';
import { targetItemKey, type ReadTarget } from './target.js';

/** What a page reads: one partition (a Query) within a sort range, in either direction, or a Scan (of one hash slice). */
export interface PageRange {
  readonly partition?: Buffer;
  readonly range?: SortRange;
  readonly forward?: boolean;
  readonly slice?: HashRange;
}

/** How one page is read. */
export interface PageSpec {
  /** Items to read at most (before the filter). */
  readonly limit?: number;
  readonly filter?: Condition;
  readonly projection?: Projection;
  /** Select COUNT: items are counted, not returned. */
  readonly countOnly: boolean;
  /** Read each item from the table (an LSI that does not store what is asked: see needsTableFetch). */
  readonly fetch: boolean;
  /**
   * Keep the rows' stored JSON text as it is, unparsed, in `rawItems` (only when nothing needs
   * the parsed item: no filter, projection, fetch or countOnly), for a response that splices it.
   */
  readonly raw?: boolean;
}

/** One page as read. */
export interface TargetPage {
  /** Items kept by the filter, projected (empty when countOnly, or raw). */
  readonly items: Item[];
  /** The items' stored JSON text, instead of `items`, for a raw page (PageSpec.raw). */
  readonly rawItems?: string[];
  /** Items kept by the filter. */
  readonly count: number;
  /** Items read. */
  readonly scannedCount: number;
  /** Sum of the sizes of the items (or index entries) read. */
  readonly bytesRead: number;
  /** Key of the last item read, when the page stopped at Limit or at the size limit. */
  readonly lastEvaluatedKey?: Item;
  /** Sizes of the items an LSI read from the table, one per item found. */
  readonly fetchedSizes: readonly number[];
}

/** Reads one page of a target from `start` on (see the module comment). */
export async function readTargetPage(target: ReadTarget, range: PageRange, start: Position | undefined, spec: PageSpec): Promise<TargetPage> {
  // Only a page that reads items from the table needs each entry's table key (key columns).
  // The request is built member by member: an object spread costs about 1 µs in V8 here.
  const page = await target.source.readPage({
    partition: range.partition,
    range: range.range,
    forward: range.forward,
    slice: range.slice,
    exclusiveStart: start,
    limit: spec.limit,
    maxBytes: MAX_PAGE_BYTES,
    keys: spec.fetch,
  });
  const fetched = spec.fetch ? await target.store.read(page.rows.map((row) => ({ table: target.table, key: { h: row.th!, r: row.tr! } }))) : undefined;
  return pageOf(target, page.rows, page.stopped, spec, fetched);
}

/**
 * The page of rows a target's source read (`stopped`: at the limit or the size limit).
 * With `fetched` (the table's items for an LSI's rows), each row stands for its table
 * item where there is one.
 */
export function pageOf(target: ReadTarget, rows: readonly PageRow[], stopped: boolean, spec: Omit<PageSpec, 'fetch'>, fetched?: readonly (StoredItem | undefined)[]): TargetPage {
  const n = rows.length;
  let bytesRead = 0;
  if (spec.raw && spec.filter === undefined && spec.projection === undefined && fetched === undefined && !spec.countOnly) {
    // pushed, not preallocated: a holey array makes the response's join() several times slower
    const rawItems: string[] = [];
    for (let i = 0; i < n; i++) {
      rawItems.push(rows[i].json);
      bytesRead += rows[i].size;
    }
    const lastEvaluatedKey = stopped && n > 0 ? targetItemKey(target, JSON.parse(rows[n - 1].json) as Item) : undefined;
    return { items: [], rawItems, count: n, scannedCount: n, bytesRead, ...(lastEvaluatedKey ? { lastEvaluatedKey } : {}), fetchedSizes: [] };
  }
  const items: Item[] = [];
  const fetchedSizes: number[] = [];
  const needItem = spec.filter !== undefined || !spec.countOnly;
  let count = 0;
  let own: Item | undefined;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    bytesRead += row.size;
    own = undefined;
    let item: Item | undefined;
    if (needItem) {
      const stored = fetched?.[i];
      if (stored) {
        fetchedSizes.push(stored.size);
        item = stored.item;
      } else {
        item = own = JSON.parse(row.json) as Item;
      }
    }
    if (spec.filter === undefined || evaluateCondition(spec.filter, item)) {
      count++;
      if (!spec.countOnly && item) items.push(spec.projection ? applyProjection(spec.projection, item) : item);
    }
  }
  // the entry's own item holds the table and index key attributes
  const lastEvaluatedKey = stopped && n > 0 ? targetItemKey(target, own ?? (JSON.parse(rows[n - 1].json) as Item)) : undefined;
  return { items, count, scannedCount: n, bytesRead, ...(lastEvaluatedKey ? { lastEvaluatedKey } : {}), fetchedSizes };
}
