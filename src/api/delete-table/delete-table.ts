/** DeleteTable: answers DELETING; the table is gone at once unless the opt-in status delay is set. */
import { resourceInUse, validation } from '../../errors.js';
import { checkShape, TableNameSpec } from '../shared/shape.js';
import { describeTable, indexesInFlight, INDEXES_IN_FLIGHT_MESSAGE, requireTable, tableStatus } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';
import { leniencies } from '../../compat/dynamodb-local.js';

export function deleteTable(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, { TableName: TableNameSpec });
  return ctx.store.transaction(() => {
    const table = requireTable(ctx, request.TableName as string);
    const def = table.definition;
    const status = tableStatus(def, ctx.now());
    if (status !== 'ACTIVE') {
      throw resourceInUse(`Attempt to change a resource which is still in use: Table is being ${status === 'CREATING' ? 'created' : 'deleted'}: ${def.TableName}`);
    }
    if (indexesInFlight(def)) throw resourceInUse(INDEXES_IN_FLIGHT_MESSAGE);
    if (def.DeletionProtectionEnabled) {
      throw validation(`Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`);
    }
    // DynamoDB Local answers ACTIVE ("table state is always ACTIVE")
    const description = describeTable(ctx, table, leniencies(ctx.config).deletedStatus);
    if (ctx.config.tableStatusDelayMs > 0) {
      ctx.store.updateTableDefinition(def.TableName, { ...def, DeletingUntil: ctx.now() + ctx.config.tableStatusDelayMs });
    } else {
      ctx.store.dropTable(def.TableName);
    }
    return { TableDescription: description };
  });
}
