/** GetItem. Without a projection the stored item text is spliced into the response unparsed. */
import { applyProjection } from '../../expressions/index.js';
import { validateItem } from '../../model/validate.js';
import { consumedCapacity, readUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { checkKey } from '../shared/keys.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { checkShape, type RequestSpec } from '../shared/shape.js';
import { requireActiveTable } from '../shared/tables.js';
import { RawResponse, type JsonObject, type OperationContext } from '../context.js';
import { AttributesToGetSpec, ConsistentReadSpec, ExpressionAttributeNamesSpec, KeySpec, ReturnConsumedCapacitySpec, TableNameSpec } from '../shared/specs.js';

export const GetItemSpec: RequestSpec = {
  TableName: TableNameSpec,
  Key: { ...KeySpec, notNull: true },
  AttributesToGet: AttributesToGetSpec,
  ConsistentRead: ConsistentReadSpec,
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
  ProjectionExpression: { type: 'String' },
  ExpressionAttributeNames: ExpressionAttributeNamesSpec,
};

export async function getItem(request: JsonObject, ctx: OperationContext): Promise<RawResponse> {
  checkShape(request, GetItemSpec);
  const key = validateItem(request.Key as JsonObject);
  const { projection } = compileRequestExpressions(request, { projection: true, operation: 'GetItem' });
  const table = await requireActiveTable(ctx, request.TableName as string);
  checkKey(table.key, key);
  const stored = await table.get(table.encodeKey(key));
  const units = readUnits(stored?.size ?? 0, request.ConsistentRead === true);
  const capacity = consumedCapacity(request.ReturnConsumedCapacity as ReturnConsumedCapacity, table.definition.TableName, units);
  const parts: string[] = [];
  if (stored) parts.push(`"Item":${projection ? JSON.stringify(applyProjection(projection, stored.item)) : stored.json}`);
  if (capacity) parts.push(`"ConsumedCapacity":${JSON.stringify(capacity)}`);
  return new RawResponse(`{${parts.join(',')}}`, { returned: stored ? 1 : 0 });
}
