/** DeleteItem. */
import { validation } from '../../errors.js';
import { validateItem } from '../../model/validate.js';
import { RETURN_VALUES_ALL_OLD_OR_NONE } from '../put-item/put-item.js';
import { checkKey } from '../shared/keys.js';
import { checkSchemaFit } from '../shared/schema-fit.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { checkShape } from '../shared/shape.js';
import { KeySpec, WriteRequestSpec } from '../shared/specs.js';
import { requireActiveTable } from '../shared/tables.js';
import { executeWrite, writeResponseExtras, type PreparedWrite } from '../shared/write-operation.js';
import type { JsonObject, OperationContext } from '../context.js';

export const DeleteItemSpec = { ...WriteRequestSpec, Key: { ...KeySpec, notNull: true } };

/** Validates a Delete (DeleteItem, or a transaction's Delete action) and prepares its write. */
export async function prepareDelete(request: JsonObject, ctx: OperationContext): Promise<PreparedWrite> {
  const key = validateItem(request.Key as JsonObject);
  const { condition } = compileRequestExpressions(request, { condition: true, operation: 'DeleteItem' });
  const table = await requireActiveTable(ctx, request.TableName as string);
  checkSchemaFit(() => checkKey(table.key, key));
  return {
    table,
    encoded: table.encodeKey(key),
    condition,
    returnOldOnFailure: request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
    apply: () => ({ writes: true }),
  };
}

export async function deleteItem(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, DeleteItemSpec);
  const returnValues = (request.ReturnValues as string | undefined) ?? 'NONE';
  if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') throw validation(RETURN_VALUES_ALL_OLD_OR_NONE);
  const write = await prepareDelete(request, ctx);
  const result = await executeWrite(ctx.store, write);
  return { ...(returnValues === 'ALL_OLD' && result.old ? { Attributes: result.old.item } : {}), ...(await writeResponseExtras(request, write, result)) };
}
