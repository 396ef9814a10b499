/**
 * BatchWriteItem: up to 25 puts and deletes across tables. Everything is validated
 * before anything is written (an invalid request writes nothing), then every write is
 * applied in one transaction (one write plan). Sqynamo never throttles, so UnprocessedItems is
 * always empty.
 *
 * Order of checks, as DynamoDB makes them: request shape; the total count; each
 * request's attribute values and item size; then per table: the table, each request's
 * key, duplicate keys.
 */
import { DynamoDBError, validation } from '../../errors.js';
import { assertItemSize } from '../../model/item-size.js';
import { validateItem } from '../../model/validate.js';
import { addCapacity, describeCapacity, type CapacityUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { KEY_SCHEMA_MISMATCH } from '../shared/keys.js';
import { checkShape, type FieldSpec, type RequestSpec } from '../shared/shape.js';
import { appliedWriteCapacity, itemCollectionMetricsPerTable, mutationOf, readsOf, type PreparedWrite } from '../shared/write-operation.js';
import type { Mutation, WritePlan } from '../../storage/types.js';
import { prepareDelete } from '../delete-item/delete-item.js';
import { preparePut } from '../put-item/put-item.js';
import type { JsonObject, OperationContext } from '../context.js';
import { ItemSpec, KeySpec, ReturnConsumedCapacitySpec, ReturnItemCollectionMetricsSpec } from '../shared/specs.js';

/** At most this many puts and deletes in one call, over all tables. */
export const MAX_BATCH_WRITES = 25;

/** AWS's texts for BatchWriteItem's own checks. */
export const BATCH_WRITE_MESSAGES = {
  tooMany: 'Too many items requested for the BatchWriteItem call',
  /** sic: a WriteRequest with neither (or both) of PutRequest and DeleteRequest. */
  notExactlyOne: 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
  duplicates: 'Provided list of item keys contains duplicates',
} as const;

const WriteRequestSpec: FieldSpec = {
  type: 'Structure',
  name: 'WriteRequest',
  fields: {
    PutRequest: { type: 'Structure', name: 'PutRequest', fields: { Item: ItemSpec } },
    DeleteRequest: { type: 'Structure', name: 'DeleteRequest', fields: { Key: KeySpec } },
  },
};

export const BatchWriteItemSpec: RequestSpec = {
  RequestItems: {
    type: 'Map',
    notNull: true,
    minLength: 1,
    maxLength: MAX_BATCH_WRITES,
    keyMinLength: 1,
    keyMaxLength: 1024,
    of: { type: 'List', minLength: 1, maxLength: MAX_BATCH_WRITES, of: WriteRequestSpec },
  },
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
  ReturnItemCollectionMetrics: ReturnItemCollectionMetricsSpec,
};

interface WriteRequest {
  PutRequest?: { Item: JsonObject };
  DeleteRequest?: { Key: JsonObject };
}

/** Each request holds exactly one action with valid attribute values; a put item fits 400 KB. */
function checkRequestValues(requests: readonly WriteRequest[]): void {
  for (const request of requests) {
    const put = request.PutRequest != null;
    const del = request.DeleteRequest != null;
    if (put === del) throw validation(BATCH_WRITE_MESSAGES.notExactlyOne);
    if (put) assertItemSize(validateItem(request.PutRequest!.Item));
    else validateItem(request.DeleteRequest!.Key);
  }
}

/** In a batch, an item whose key attributes are missing or mistyped "does not match the schema". */
function asSchemaMismatch(error: unknown): unknown {
  if (error instanceof DynamoDBError && /^One or more parameter values were invalid: (Missing the key|Type mismatch for key) /.test(error.message)) {
    return validation(KEY_SCHEMA_MISMATCH);
  }
  return error;
}

async function prepareRequest(tableName: string, request: WriteRequest, ctx: OperationContext): Promise<PreparedWrite> {
  try {
    return await (request.PutRequest
      ? preparePut({ TableName: tableName, Item: request.PutRequest.Item }, ctx)
      : prepareDelete({ TableName: tableName, Key: request.DeleteRequest!.Key }, ctx));
  } catch (error) {
    throw asSchemaMismatch(error);
  }
}

/** The encoded key of a write, as a string, for duplicate detection. */
const keyString = (write: PreparedWrite): string => `${write.encoded.h.toString('hex')}/${write.encoded.r.toString('hex')}`;

/** Validates every request of every table and prepares its write; throws before anything is written. */
async function prepareAll(requestItems: Record<string, WriteRequest[]>, ctx: OperationContext): Promise<PreparedWrite[]> {
  const writes: PreparedWrite[] = [];
  const seen = new Map<string, Set<string>>();
  for (const [tableName, requests] of Object.entries(requestItems)) {
    for (const request of requests) {
      const write = await prepareRequest(tableName, request, ctx);
      const table = write.table.definition.TableName;
      const keys = seen.get(table) ?? new Set<string>();
      seen.set(table, keys);
      const key = keyString(write);
      if (keys.has(key)) throw validation(BATCH_WRITE_MESSAGES.duplicates);
      keys.add(key);
      writes.push(write);
    }
  }
  return writes;
}

/** Every write in one transaction; its result is the capacity consumed per table (tables in request order). */
function batchPlan(writes: readonly PreparedWrite[]): WritePlan<Map<string, CapacityUnits>> {
  return {
    reads: readsOf(writes),
    apply({ items }) {
      const units = new Map<string, CapacityUnits>();
      const mutations: Mutation[] = [];
      writes.forEach((write, i) => {
        const current = items[i];
        const applied = write.apply(current);
        const mutation = mutationOf(i, current, applied);
        if (mutation) mutations.push(mutation);
        const table = write.table.definition.TableName;
        const consumed = appliedWriteCapacity(write, current, applied);
        const sum = units.get(table);
        units.set(table, sum ? addCapacity(sum, consumed) : consumed);
      });
      return { result: units, mutations };
    },
  };
}

export async function batchWriteItem(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, BatchWriteItemSpec);
  const requestItems = request.RequestItems as Record<string, WriteRequest[]>;
  const lists = Object.values(requestItems);
  if (lists.reduce((n, list) => n + list.length, 0) > MAX_BATCH_WRITES) throw validation(BATCH_WRITE_MESSAGES.tooMany);
  for (const list of lists) checkRequestValues(list);

  const writes = await prepareAll(requestItems, ctx);
  const units = await ctx.store.write(batchPlan(writes));

  const mode = request.ReturnConsumedCapacity as ReturnConsumedCapacity;
  const capacity = [...units].map(([table, n]) => describeCapacity(mode, table, n)).filter((c) => c !== undefined);
  const metrics = request.ReturnItemCollectionMetrics === 'SIZE' ? await itemCollectionMetricsPerTable(writes) : {};
  return {
    UnprocessedItems: {},
    ...(Object.keys(metrics).length > 0 ? { ItemCollectionMetrics: metrics } : {}),
    ...(capacity.length > 0 ? { ConsumedCapacity: capacity } : {}),
  };
}
