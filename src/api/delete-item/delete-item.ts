/** DeleteItem. */
import { conditionalCheckFailed, validation } from '../../errors.js';
import { evaluateCondition } from '../../expressions/index.js';
import { validateItem } from '../../model/validate.js';
import { RETURN_VALUES_ALL_OLD_OR_NONE } from '../put-item/put-item.js';
import { withCapacity, writeUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { checkKey } from '../shared/keys.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { checkShape, KeySpec } from '../shared/shape.js';
import { WriteRequestSpec } from '../shared/specs.js';
import { requireActiveTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';

export function deleteItem(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, { ...WriteRequestSpec, Key: { ...KeySpec, notNull: true } });
  const key = validateItem(request.Key as JsonObject);
  const returnValues = (request.ReturnValues as string | undefined) ?? 'NONE';
  if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') throw validation(RETURN_VALUES_ALL_OLD_OR_NONE);
  const { condition } = compileRequestExpressions(request, { condition: true });
  const table = requireActiveTable(ctx, request.TableName as string);
  checkKey(table.key, key);
  const encoded = table.encodeKey(key);
  const returnOnFailure = request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';

  const old = ctx.store.transaction(() => {
    const existing = table.get(encoded);
    if (condition && !evaluateCondition(condition, existing?.item)) {
      throw conditionalCheckFailed(returnOnFailure ? existing?.item : undefined);
    }
    if (existing) table.delete(encoded);
    return existing;
  });

  const response: JsonObject = returnValues === 'ALL_OLD' && old ? { Attributes: old.item } : {};
  return withCapacity(response, request.ReturnConsumedCapacity as ReturnConsumedCapacity, table.definition.TableName, writeUnits(old?.size ?? 0));
}
