/** GetItem. */
import { applyProjection } from '../../expressions/index.js';
import { validateItem } from '../../model/validate.js';
import { readUnits, withCapacity, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { checkKey } from '../shared/keys.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { checkShape, ConsistentReadSpec, ExpressionAttributeNamesSpec, KeySpec, ReturnConsumedCapacitySpec, TableNameSpec } from '../shared/shape.js';
import { requireActiveTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';

export function getItem(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, {
    TableName: TableNameSpec,
    Key: { ...KeySpec, notNull: true },
    AttributesToGet: { type: 'List', minLength: 1, of: { type: 'String' } },
    ConsistentRead: ConsistentReadSpec,
    ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
    ProjectionExpression: { type: 'String' },
    ExpressionAttributeNames: ExpressionAttributeNamesSpec,
  });
  const key = validateItem(request.Key as JsonObject);
  const { projection } = compileRequestExpressions(request, { projection: true, operation: 'GetItem' });
  const table = requireActiveTable(ctx, request.TableName as string);
  checkKey(table.key, key);
  const stored = table.get(table.encodeKey(key));
  const consistent = request.ConsistentRead === true;
  const response: JsonObject = stored ? { Item: projection ? applyProjection(projection, stored.item) : stored.item } : {};
  return withCapacity(response, request.ReturnConsumedCapacity as ReturnConsumedCapacity, table.definition.TableName, readUnits(stored?.size ?? 0, consistent));
}
