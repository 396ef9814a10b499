/** TransactGetItems: up to 100 Gets read from one consistent snapshot. */
import { validation } from '../../errors.js';
import { applyProjection, type Projection } from '../../expressions/index.js';
import type { EncodedKey, Table } from '../../storage/types.js';
import { validateItem } from '../../model/validate.js';
import { readUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { checkKey } from '../shared/keys.js';
import { compileRequestExpressions } from '../shared/request-expressions.js';
import { checkShape } from '../shared/shape.js';
import { requireActiveTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';
import { ExpressionAttributeNamesSpec, KeySpec, ReturnConsumedCapacitySpec, TableNameSpec } from '../shared/specs.js';

export const TransactGetItemsSpec = {
  TransactItems: {
    type: 'List',
    notNull: true,
    minLength: 1,
    maxLength: 100,
    of: {
      type: 'Structure',
      name: 'TransactGetItem',
      fields: {
        Get: {
          type: 'Structure',
          name: 'Get',
          notNull: true,
          fields: {
            TableName: TableNameSpec,
            Key: { ...KeySpec, notNull: true },
            ProjectionExpression: { type: 'String' },
            ExpressionAttributeNames: ExpressionAttributeNamesSpec,
          },
        },
      },
    },
  },
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
} as const;

export async function transactGetItems(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, TransactGetItemsSpec);
  const gets: { table: Table; encoded: EncodedKey; projection: Projection | undefined }[] = [];
  for (const entry of request.TransactItems as JsonObject[]) {
    const get = entry.Get as JsonObject;
    const key = validateItem(get.Key as JsonObject);
    const { projection } = compileRequestExpressions(get, { projection: true, operation: 'GetItem' });
    const table = await requireActiveTable(ctx, get.TableName as string);
    checkKey(table.key, key);
    gets.push({ table, encoded: table.encodeKey(key), projection });
  }
  const targets = new Set<string>();
  for (const g of gets) {
    const target = `${g.table.definition.TableId}\u0000${g.encoded.h.toString('hex')}\u0000${g.encoded.r.toString('hex')}`;
    if (targets.has(target)) throw validation('Transaction request cannot include multiple operations on one item');
    targets.add(target);
  }
  // One snapshot: every Get sees the same state.
  const found = await ctx.store.read(gets.map((g) => ({ table: g.table, key: g.encoded })));
  const responses = found.map((stored, i) => (stored ? { Item: gets[i].projection ? applyProjection(gets[i].projection!, stored.item) : stored.item } : {}));
  const mode = request.ReturnConsumedCapacity as ReturnConsumedCapacity;
  const response: JsonObject = { Responses: responses };
  if (mode === 'TOTAL' || mode === 'INDEXES') {
    const perTable = new Map<string, number>();
    found.forEach((stored, i) => {
      const name = gets[i].table.definition.TableName;
      perTable.set(name, (perTable.get(name) ?? 0) + 2 * readUnits(stored?.size ?? 0, true));
    });
    response.ConsumedCapacity = [...perTable].map(([TableName, units]) =>
      mode === 'INDEXES' ? { TableName, CapacityUnits: units, ReadCapacityUnits: units, Table: { CapacityUnits: units, ReadCapacityUnits: units } } : { TableName, CapacityUnits: units, ReadCapacityUnits: units },
    );
  }
  return response;
}
