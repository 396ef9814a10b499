/** UpdateItem: prepare (validate, compile) outside the transaction, then a pure apply inside it. */
import { validation } from '../../errors.js';
import { applyUpdate, checkUpdateKeys, checkUpdateNames, updatedAttributes, updateOfMissingItem, type Update } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import { itemSize, MAX_ITEM_SIZE } from '../../model/item-size.js';
import { validateItem } from '../../model/validate.js';
import { keyAttributeNames } from '../../model/keys.js';
import { checkIndexKeys, checkKey } from '../shared/keys.js';
import { checkSchemaFit } from '../shared/schema-fit.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { checkShape } from '../shared/shape.js';
import { ATTRIBUTE_NAME_MAX_LENGTH, KeySpec, WriteRequestSpec } from '../shared/specs.js';
import { requireActiveTable } from '../shared/tables.js';
import { executeWrite, writeResponseExtras, type PreparedWrite } from '../shared/write-operation.js';
import type { JsonObject, OperationContext } from '../context.js';

export const UPDATE_SIZE_EXCEEDED = 'Item size to update has exceeded the maximum allowed size';

export const UpdateItemSpec = {
  ...WriteRequestSpec,
  Key: { ...KeySpec, notNull: true },
  AttributeUpdates: {
    type: 'Map',
    keyMaxLength: ATTRIBUTE_NAME_MAX_LENGTH,
    of: {
      type: 'Structure',
      name: 'AttributeValueUpdate',
      fields: {
        Value: { type: 'AttributeValue' },
        Action: { type: 'String', enum: ['ADD', 'PUT', 'DELETE'] },
      },
    },
  },
  UpdateExpression: { type: 'String' },
} as const;

/** Validates an Update (UpdateItem, or a transaction's Update action) and prepares its write. */
export async function prepareUpdate(request: JsonObject, ctx: OperationContext): Promise<PreparedWrite> {
  return (await prepareUpdateWithExpression(request, ctx)).write;
}

async function prepareUpdateWithExpression(request: JsonObject, ctx: OperationContext): Promise<{ write: PreparedWrite; update: Update | undefined }> {
  const key = validateItem(request.Key as JsonObject);
  const { update, condition } = compileRequestExpressions(request, { update: true, condition: true, operation: 'UpdateItem' });
  if (update) checkUpdateNames(update);
  const table = await requireActiveTable(ctx, request.TableName as string);
  checkSchemaFit(() => checkKey(table.key, key));
  const keyNames = keyAttributeNames(table.key);
  if (update) checkUpdateKeys(update, keyNames);
  const write: PreparedWrite = {
    table,
    encoded: table.encodeKey(key),
    condition,
    returnOldOnFailure: request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
    apply(current) {
      // An update of a missing item creates it from its key, unless it only removes things.
      const effective = update && !current ? updateOfMissingItem(update) : update;
      if (update && !effective) return { writes: true };
      const base: Item = current?.item ?? { ...key };
      const result = effective ? applyUpdate(effective, base, keyNames) : { item: base };
      checkIndexKeys(table, result.item);
      const size = itemSize(result.item);
      if (size > MAX_ITEM_SIZE) throw validation(UPDATE_SIZE_EXCEEDED);
      return { next: { item: result.item, size }, writes: true };
    },
  };
  return { write, update };
}

export async function updateItem(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, UpdateItemSpec);
  const { write, update } = await prepareUpdateWithExpression(request, ctx);
  const result = await executeWrite(ctx.store, write);
  const { old, applied } = result;
  const next = applied.next?.item;
  let attributes: Item | undefined;
  switch (request.ReturnValues ?? 'NONE') {
    case 'ALL_OLD':
      attributes = old?.item;
      break;
    case 'ALL_NEW':
      attributes = next;
      break;
    case 'UPDATED_OLD':
      attributes = update ? updatedAttributes(update, old?.item) : undefined;
      break;
    case 'UPDATED_NEW':
      attributes = update ? updatedAttributes(update, next) : undefined;
      break;
  }
  return { ...(attributes ? { Attributes: attributes } : {}), ...(await writeResponseExtras(request, write, result)) };
}
