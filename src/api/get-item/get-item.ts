/** GetItem. Without a projection the stored item text is spliced into the response unparsed. */
import { applyProjection } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import { validateItem } from '../../model/validate.js';
import { consumedCapacity, readUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { checkKey } from '../shared/keys.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { checkShape, ConsistentReadSpec, ExpressionAttributeNamesSpec, KeySpec, ReturnConsumedCapacitySpec, TableNameSpec, type RequestSpec } from '../shared/shape.js';
import { requireActiveTable } from '../shared/tables.js';
import { RawResponse, type JsonObject, type OperationContext } from '../context.js';

const GetItemSpec: RequestSpec = {
  TableName: TableNameSpec,
  Key: { ...KeySpec, notNull: true },
  AttributesToGet: { type: 'List', minLength: 1, of: { type: 'String' } },
  ConsistentRead: ConsistentReadSpec,
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
  ProjectionExpression: { type: 'String' },
  ExpressionAttributeNames: ExpressionAttributeNamesSpec,
};

export function getItem(request: JsonObject, ctx: OperationContext): RawResponse {
  checkShape(request, GetItemSpec);
  const key = validateItem(request.Key as JsonObject);
  const { projection } = compileRequestExpressions(request, { projection: true, operation: 'GetItem' });
  const table = requireActiveTable(ctx, request.TableName as string);
  checkKey(table.key, key);
  const stored = table.getJson(table.encodeKey(key));
  const units = readUnits(stored?.size ?? 0, request.ConsistentRead === true);
  const capacity = consumedCapacity(request.ReturnConsumedCapacity as ReturnConsumedCapacity, table.definition.TableName, units);
  const parts: string[] = [];
  if (stored) parts.push(`"Item":${projection ? JSON.stringify(applyProjection(projection, JSON.parse(stored.json) as Item)) : stored.json}`);
  if (capacity) parts.push(`"ConsumedCapacity":${JSON.stringify(capacity)}`);
  return new RawResponse(`{${parts.join(',')}}`, { returned: stored ? 1 : 0 });
}
