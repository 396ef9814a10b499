/** PutItem: validate, then read-check-write in one transaction. */
import { conditionalCheckFailed, validation } from '../../errors.js';
import { evaluateCondition } from '../../expressions/index.js';
import { itemSize, MAX_ITEM_SIZE, ITEM_SIZE_EXCEEDED } from '../../model/item-size.js';
import { validateItem } from '../../model/validate.js';
import type { Item } from '../../model/attribute-value.js';
import { withCapacity, writeUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { checkItemKey } from '../shared/keys.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { checkShape, ItemSpec } from '../shared/shape.js';
import { WriteRequestSpec } from '../shared/specs.js';
import { requireActiveTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';

export const RETURN_VALUES_ALL_OLD_OR_NONE = 'ReturnValues can only be ALL_OLD or NONE';

export function putItem(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, { ...WriteRequestSpec, Item: { ...ItemSpec, notNull: true } });
  const item = validateItem(request.Item as JsonObject);
  const returnValues = (request.ReturnValues as string | undefined) ?? 'NONE';
  if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') throw validation(RETURN_VALUES_ALL_OLD_OR_NONE);
  const { condition } = compileRequestExpressions(request, { condition: true });
  const size = itemSize(item);
  if (size > MAX_ITEM_SIZE) throw validation(ITEM_SIZE_EXCEEDED);

  const table = requireActiveTable(ctx, request.TableName as string);
  checkItemKey(table.key, item);
  const encoded = table.encodeKey(item);
  const returnOnFailure = request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';

  const old = ctx.store.transaction(() => {
    const existing = table.get(encoded);
    if (condition && !evaluateCondition(condition, existing?.item)) {
      throw conditionalCheckFailed(returnOnFailure ? existing?.item : undefined);
    }
    table.put(encoded, item, size);
    return existing;
  });

  const response: JsonObject = returnValues === 'ALL_OLD' && old ? { Attributes: old.item as Item } : {};
  return withCapacity(response, request.ReturnConsumedCapacity as ReturnConsumedCapacity, table.definition.TableName, writeUnits(Math.max(size, old?.size ?? 0)));
}
