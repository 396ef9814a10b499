/** UpdateItem: prepare (validate, compile) outside the transaction, then a pure apply inside it. */
import { conditionalCheckFailed, validation } from '../../errors.js';
import { applyUpdate, evaluateCondition } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import { itemSize, MAX_ITEM_SIZE } from '../../model/item-size.js';
import { validateItem } from '../../model/validate.js';
import { withCapacity, writeUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { checkKey } from '../shared/keys.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { checkShape, KeySpec } from '../shared/shape.js';
import { WriteRequestSpec } from '../shared/specs.js';
import { requireActiveTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';

export const UPDATE_SIZE_EXCEEDED = 'Item size to update has exceeded the maximum allowed size';

const AttributeUpdatesSpec = {
  type: 'Map',
  of: {
    type: 'Structure',
    fields: {
      Value: { type: 'AttributeValue' },
      Action: { type: 'String', enum: ['ADD', 'PUT', 'DELETE'] },
    },
  },
} as const;

function pick(item: Item | undefined, names: Iterable<string>): Item | undefined {
  if (!item) return undefined;
  const out: Item = {};
  for (const name of names) if (item[name] !== undefined) out[name] = item[name];
  return Object.keys(out).length > 0 ? out : undefined;
}

export function updateItem(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, {
    ...WriteRequestSpec,
    Key: { ...KeySpec, notNull: true },
    AttributeUpdates: AttributeUpdatesSpec,
    UpdateExpression: { type: 'String' },
  });
  const key = validateItem(request.Key as JsonObject);
  const { update, condition } = compileRequestExpressions(request, { update: true, condition: true });
  const table = requireActiveTable(ctx, request.TableName as string);
  checkKey(table.key, key);
  const keyNames = table.key.sort ? [table.key.partition.name, table.key.sort.name] : [table.key.partition.name];
  const encoded = table.encodeKey(key);
  const returnOnFailure = request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';

  const { old, next, updatedNames, size } = ctx.store.transaction(() => {
    const existing = table.get(encoded);
    if (condition && !evaluateCondition(condition, existing?.item)) {
      throw conditionalCheckFailed(returnOnFailure ? existing?.item : undefined);
    }
    const base: Item = existing?.item ?? { ...key };
    const result = update ? applyUpdate(update, base, keyNames) : { item: base, updatedNames: new Set<string>() };
    const newSize = itemSize(result.item);
    if (newSize > MAX_ITEM_SIZE) throw validation(UPDATE_SIZE_EXCEEDED);
    table.put(encoded, result.item, newSize);
    return { old: existing, next: result.item, updatedNames: result.updatedNames, size: newSize };
  });

  let attributes: Item | undefined;
  switch (request.ReturnValues ?? 'NONE') {
    case 'ALL_OLD':
      attributes = old?.item;
      break;
    case 'ALL_NEW':
      attributes = next;
      break;
    case 'UPDATED_OLD':
      attributes = pick(old?.item, updatedNames);
      break;
    case 'UPDATED_NEW':
      attributes = pick(next, updatedNames);
      break;
  }
  const response: JsonObject = attributes ? { Attributes: attributes } : {};
  return withCapacity(response, request.ReturnConsumedCapacity as ReturnConsumedCapacity, table.definition.TableName, writeUnits(Math.max(size, old?.size ?? 0)));
}
