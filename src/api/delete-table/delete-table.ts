/** DeleteTable: answers DELETING; the table is gone at once unless the opt-in status delay is set. */
import { resourceInUse, resourceNotFound, validation } from '../../errors.js';
import type { TableDefinition } from '../../storage/types.js';
import { checkShape, type RequestSpec } from '../shared/shape.js';
import { describeTable, indexesInFlight, INDEXES_IN_FLIGHT_MESSAGE, requireTable, tableStatus } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';
import { leniencies } from '../../compat/dynamodb-local.js';
import { TableNameSpec } from '../shared/specs.js';

/**
 * The members of DeleteTable's TableDescription. AWS answers a reduced description: no
 * CreationDateTime, KeySchema, AttributeDefinitions or indexes (AWS's DeleteTable
 * examples and the CLI's delete-table output show exactly these members).
 */
export const DELETED_TABLE_MEMBERS = ['TableName', 'TableStatus', 'ProvisionedThroughput', 'TableSizeBytes', 'ItemCount', 'TableArn', 'TableId', 'BillingModeSummary'] as const;

/** DeleteTable's TableDescription, from the full one. */
export function deletedTableDescription(full: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const member of DELETED_TABLE_MEMBERS) if (full[member] !== undefined) out[member] = full[member];
  return out;
}

/** Refuses to delete a table that is not ACTIVE, has index changes in flight, or is protected. */
function checkDeletable(def: TableDefinition, now: number): void {
  const status = tableStatus(def, now);
  if (status !== 'ACTIVE') {
    throw resourceInUse(`Attempt to change a resource which is still in use: Table is being ${status === 'CREATING' ? 'created' : 'deleted'}: ${def.TableName}`);
  }
  if (indexesInFlight(def)) throw resourceInUse(INDEXES_IN_FLIGHT_MESSAGE);
  if (def.DeletionProtectionEnabled) {
    throw validation(`Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`);
  }
}

export const DeleteTableSpec: RequestSpec = { TableName: TableNameSpec };

export async function deleteTable(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, DeleteTableSpec);
  const table = await requireTable(ctx, request.TableName as string);
  const name = table.definition.TableName;
  const now = ctx.now();
  checkDeletable(table.definition, now);
  // DynamoDB Local answers ACTIVE ("table state is always ACTIVE")
  const description = deletedTableDescription(await describeTable(ctx, table, leniencies(ctx.config).deletedStatus));
  const delay = ctx.config.tableStatusDelayMs;
  // the checks run again on the definition the change finds, atomically with it
  const done =
    delay > 0
      ? (await ctx.store.updateTable(name, (current) => {
          checkDeletable(current, now);
          return { ...current, DeletingUntil: now + delay };
        })) !== undefined
      : await ctx.store.dropTable(name, (current) => checkDeletable(current, now));
  if (!done) throw resourceNotFound(`Requested resource not found: Table: ${name} not found`);
  return { TableDescription: description };
}
