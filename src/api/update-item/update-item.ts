/** UpdateItem: prepare (validate, compile) outside the transaction, then a pure apply inside it. */
import { validation } from '../../errors.js';
import { applyUpdate, checkUpdateKeys, updatedAttributes, type Update } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import { itemSize, MAX_ITEM_SIZE } from '../../model/item-size.js';
import { validateItem } from '../../model/validate.js';
import { checkKey } from '../shared/keys.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { checkShape, KeySpec } from '../shared/shape.js';
import { WriteRequestSpec } from '../shared/specs.js';
import { requireActiveTable } from '../shared/tables.js';
import { executeWrite, writeResponseExtras, type PreparedWrite } from '../shared/write-operation.js';
import type { JsonObject, OperationContext } from '../context.js';
import { copyRecord } from '../../model/records.js';

export const UPDATE_SIZE_EXCEEDED = 'Item size to update has exceeded the maximum allowed size';

export const UpdateItemSpec = {
  ...WriteRequestSpec,
  Key: { ...KeySpec, notNull: true },
  AttributeUpdates: {
    type: 'Map',
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
export function prepareUpdate(request: JsonObject, ctx: OperationContext): PreparedWrite {
  return prepareUpdateWithExpression(request, ctx).write;
}

function prepareUpdateWithExpression(request: JsonObject, ctx: OperationContext): { write: PreparedWrite; update: Update | undefined } {
  const key = validateItem(request.Key as JsonObject);
  const { update, condition } = compileRequestExpressions(request, { update: true, condition: true, operation: 'UpdateItem' });
  const table = requireActiveTable(ctx, request.TableName as string);
  checkKey(table.key, key);
  const keyNames = table.key.sort ? [table.key.partition.name, table.key.sort.name] : [table.key.partition.name];
  if (update) checkUpdateKeys(update, keyNames);
  const write: PreparedWrite = {
    table,
    encoded: table.encodeKey(key),
    condition,
    returnOldOnFailure: request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
    apply(current) {
      // An update of a missing item creates it from its key.
      const base: Item = current?.item ?? copyRecord(key);
      const result = update ? applyUpdate(update, base, keyNames) : { item: base };
      table.checkIndexKeys(result.item);
      const size = itemSize(result.item);
      if (size > MAX_ITEM_SIZE) throw validation(UPDATE_SIZE_EXCEEDED);
      return { next: { item: result.item, size }, writes: true };
    },
  };
  return { write, update };
}

export function updateItem(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, UpdateItemSpec);
  const { write, update } = prepareUpdateWithExpression(request, ctx);
  const result = executeWrite(write, ctx.store.transaction.bind(ctx.store));
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
  return { ...(attributes ? { Attributes: attributes } : {}), ...writeResponseExtras(request, write, result) };
}
