/**
 * BatchGetItem: up to 100 keys across tables, each table with its own projection and
 * read consistency. Items come back under Responses, keyed as the request named the
 * table; once the response would pass 16 MB of item data, the keys not yet read are
 * handed back in UnprocessedKeys (always present, `{}` when everything was read).
 *
 * Order of checks, as DynamoDB makes them: request shape; per table: mixing rules, each
 * key's attribute values, duplicate keys, the total count, the projection (and
 * duplicate AttributesToGet); then per table: the table and each key against its schema.
 */
import { validation } from '../../errors.js';
import { applyProjection, type Projection } from '../../expressions/index.js';
import { checkNoMixing } from '../../expressions/legacy.js';
import type { Item } from '../../model/attribute-value.js';
import { validateItem } from '../../model/validate.js';
import { consumedCapacity, readUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { checkKey } from '../shared/keys.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { AttributeValueSpec, checkShape, type RequestSpec } from '../shared/shape.js';
import { requireActiveTable } from '../shared/tables.js';
import type { StoredItem, Table } from '../../storage/types.js';
import type { JsonObject, OperationContext } from '../context.js';
import { AttributesToGetSpec, ConsistentReadSpec, ExpressionAttributeNamesSpec, ExpressionSpec, ReturnConsumedCapacitySpec } from '../shared/specs.js';

/** At most this many keys in one call, over all tables. */
export const MAX_BATCH_KEYS = 100;

/** DynamoDB returns at most 16 MB of items from one BatchGetItem. */
export const MAX_BATCH_GET_BYTES = 16 * 1024 * 1024;

/** AWS's texts for BatchGetItem's own checks. */
export const BATCH_GET_MESSAGES = {
  tooMany: 'Too many items requested for the BatchGetItem call',
  duplicates: 'Provided list of item keys contains duplicates',
} as const;

export const BatchGetItemSpec: RequestSpec = {
  RequestItems: {
    type: 'Map',
    notNull: true,
    minLength: 1,
    maxLength: MAX_BATCH_KEYS,
    keyMinLength: 1,
    keyMaxLength: 1024,
    of: {
      type: 'Structure',
      name: 'KeysAndAttributes',
      fields: {
        Keys: { type: 'List', notNull: true, minLength: 1, maxLength: MAX_BATCH_KEYS, of: { type: 'Map', of: AttributeValueSpec } },
        AttributesToGet: AttributesToGetSpec,
        ConsistentRead: ConsistentReadSpec,
        ProjectionExpression: ExpressionSpec,
        ExpressionAttributeNames: ExpressionAttributeNamesSpec,
      },
    },
  },
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
};

interface KeysAndAttributes {
  Keys: JsonObject[];
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}

/** One table's part of the request, validated. */
interface TableRequest {
  /** The table as the request named it (a name or an ARN). */
  readonly requested: string;
  readonly spec: KeysAndAttributes;
  readonly keys: Item[];
  readonly projection?: Projection;
}

/** A key's identity regardless of attribute order (values are normalized by validateItem). */
const keyIdentity = (key: Item): string =>
  JSON.stringify(
    Object.keys(key)
      .sort()
      .map((name) => [name, key[name]]),
  );

/** The checks that need no table: values, duplicates, the total count, the projection. */
function validateRequests(requestItems: Record<string, KeysAndAttributes>): TableRequest[] {
  let total = 0;
  const out: TableRequest[] = [];
  for (const [requested, spec] of Object.entries(requestItems)) {
    checkNoMixing(spec as unknown as JsonObject, 'GetItem');
    const seen = new Set<string>();
    const keys: Item[] = [];
    for (const raw of spec.Keys) {
      const key = validateItem(raw);
      const identity = keyIdentity(key);
      if (seen.has(identity)) throw validation(BATCH_GET_MESSAGES.duplicates);
      seen.add(identity);
      if (++total > MAX_BATCH_KEYS) throw validation(BATCH_GET_MESSAGES.tooMany);
      keys.push(key);
    }
    const { projection } = compileRequestExpressions(spec as unknown as JsonObject, { projection: true, operation: 'GetItem' });
    out.push({ requested, spec, keys, ...(projection ? { projection } : {}) });
  }
  return out;
}

/** What was read for one table. */
interface TableResult {
  readonly items: Item[];
  readonly unprocessed: Item[];
  readonly units: number;
}

/** How much of the response's 16 MB is used, and whether it is full. */
interface Budget {
  bytes: number;
  full: boolean;
}

/**
 * Reads one table's keys in order. Once the next item would take the response past
 * 16 MB, it and every key after it (in this table and the following ones) are left
 * unprocessed (and cost nothing); every other key costs a read, found or not.
 */
function readTable(request: TableRequest, found: readonly (StoredItem | undefined)[], budget: Budget): TableResult {
  const consistent = request.spec.ConsistentRead === true;
  const items: Item[] = [];
  const unprocessed: Item[] = [];
  let units = 0;
  for (const [i, key] of request.keys.entries()) {
    const stored = budget.full ? undefined : found[i];
    if (stored && budget.bytes + stored.size > MAX_BATCH_GET_BYTES) budget.full = true;
    if (budget.full) {
      unprocessed.push(key);
      continue;
    }
    units += readUnits(stored?.size ?? 0, consistent);
    if (!stored) continue;
    budget.bytes += stored.size;
    items.push(request.projection ? applyProjection(request.projection, stored.item) : stored.item);
  }
  return { items, unprocessed, units };
}

export async function batchGetItem(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, BatchGetItemSpec);
  const requests = validateRequests(request.RequestItems as Record<string, KeysAndAttributes>);
  const tables: Table[] = [];
  for (const r of requests) {
    const table = await requireActiveTable(ctx, r.requested);
    for (const key of r.keys) checkKey(table.key, key);
    tables.push(table);
  }

  // Every key is read; once the response would pass 16 MB, the rest is handed back unprocessed.
  const found = await ctx.store.read(requests.flatMap((r, i) => r.keys.map((key) => ({ table: tables[i], key: tables[i].encodeKey(key) }))));
  const budget: Budget = { bytes: 0, full: false };
  let offset = 0;
  const results = requests.map((r) => {
    const result = readTable(r, found.slice(offset, offset + r.keys.length), budget);
    offset += r.keys.length;
    return result;
  });

  const responses: JsonObject = {};
  const unprocessedKeys: JsonObject = {};
  const capacity: JsonObject[] = [];
  const mode = request.ReturnConsumedCapacity as ReturnConsumedCapacity;
  requests.forEach((r, i) => {
    const { items, unprocessed, units } = results[i];
    responses[r.requested] = items;
    if (unprocessed.length > 0) unprocessedKeys[r.requested] = { ...r.spec, Keys: unprocessed };
    const consumed = consumedCapacity(mode, tables[i].definition.TableName, units);
    if (consumed) capacity.push(consumed);
  });
  return { Responses: responses, UnprocessedKeys: unprocessedKeys, ...(capacity.length > 0 ? { ConsumedCapacity: capacity } : {}) };
}
