/** The Query/Scan response for a page of a target, and the capacity the page consumed. */
import type { CapacityUnits, ReturnConsumedCapacity } from '../shared/capacity.js';
import { describeCapacity, indexCapacity, readUnits, tableCapacity } from '../shared/capacity.js';
import { RawResponse, type JsonObject } from '../context.js';
import type { TargetPage } from './page.js';
import type { ReadTarget } from './target.js';

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
