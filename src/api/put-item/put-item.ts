/** PutItem: prepare (validate, compile), then read-check-write in one transaction. */
import { validation } from '../../errors.js';
import { itemSize, ITEM_SIZE_MESSAGE, MAX_ITEM_SIZE } from '../../model/item-size.js';
import { validateItem } from '../../model/validate.js';
import { checkIndexKeys, checkItemKey } from '../shared/keys.js';
import { checkSchemaFit } from '../shared/schema-fit.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { checkShape } from '../shared/shape.js';
import { ItemSpec, WriteRequestSpec } from '../shared/specs.js';
import { requireActiveTable } from '../shared/tables.js';
import { executeWrite, writeResponseExtras, type PreparedWrite } from '../shared/write-operation.js';
import type { JsonObject, OperationContext } from '../context.js';

export const RETURN_VALUES_ALL_OLD_OR_NONE = 'ReturnValues can only be ALL_OLD or NONE';

export const PutItemSpec = { ...WriteRequestSpec, Item: { ...ItemSpec, notNull: true } };

/** Validates a Put (PutItem, or a Put action of a transaction) and prepares its write. */
export async function preparePut(request: JsonObject, ctx: OperationContext): Promise<PreparedWrite> {
  const item = validateItem(request.Item as JsonObject);
  const { condition } = compileRequestExpressions(request, { condition: true, operation: 'PutItem' });
  const size = itemSize(item);
  if (size > MAX_ITEM_SIZE) throw validation(ITEM_SIZE_MESSAGE);
  const table = await requireActiveTable(ctx, request.TableName as string);
  checkSchemaFit(() => {
    checkItemKey(table.key, item);
    checkIndexKeys(table, item);
  });
  return {
    table,
    encoded: table.encodeKey(item),
    condition,
    returnOldOnFailure: request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
    apply: () => ({ next: { item, size }, writes: true }),
  };
}

export async function putItem(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, PutItemSpec);
  const returnValues = (request.ReturnValues as string | undefined) ?? 'NONE';
  if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') throw validation(RETURN_VALUES_ALL_OLD_OR_NONE);
  const write = await preparePut(request, ctx);
  const result = await executeWrite(ctx.store, write);
  return { ...(returnValues === 'ALL_OLD' && result.old ? { Attributes: result.old.item } : {}), ...(await writeResponseExtras(request, write, result)) };
}
