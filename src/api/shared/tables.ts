/** Table lookup in the caller's namespace, and the TableDescription AWS returns. */
import { accessDenied, resourceNotFound } from '../../errors.js';
import type { Table, TableDefinition } from '../../storage/types.js';
import type { OperationContext } from '../context.js';

const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([a-zA-Z0-9_.-]{3,255})$/;

export function tableArn(ctx: OperationContext, name: string): string {
  return `arn:aws:dynamodb:${ctx.caller.region}:${ctx.caller.accountId}:table/${name}`;
}

/**
 * A TableName member may be a name or a table ARN. An ARN of another account or region
 * is refused as AWS refuses it (the caller has no access to that resource).
 */
export function resolveTableName(ctx: OperationContext, tableName: string): string {
  if (!tableName.startsWith('arn:')) return tableName;
  const m = TABLE_ARN.exec(tableName);
  if (!m) return tableName; // not an ARN we understand: looked up as a name, so "not found"
  const [, region, account, name] = m;
  if (account !== ctx.caller.accountId || region !== ctx.caller.region) {
    throw accessDenied(
      `User: ${ctx.caller.principalArn} is not authorized to perform: dynamodb:${ctx.operation} on resource: ${tableName} because no resource-based policy allows the dynamodb:${ctx.operation} action`,
    );
  }
  return name;
}

export type TableStatus = 'CREATING' | 'ACTIVE' | 'DELETING';

/** Status from the opt-in delays; tables are ACTIVE at once by default. */
export function tableStatus(def: TableDefinition, now: number): TableStatus {
  if (def.DeletingUntil !== undefined) return 'DELETING';
  if (def.ActiveAt !== undefined && now < def.ActiveAt) return 'CREATING';
  return 'ACTIVE';
}

/**
 * Looks a table up, finishing a delayed delete whose time has come.
 * Returns undefined when there is no such table.
 */
export function findTable(ctx: OperationContext, name: string): Table | undefined {
  const table = ctx.store.getTable(name);
  if (table?.definition.DeletingUntil !== undefined && ctx.now() >= table.definition.DeletingUntil) {
    ctx.store.dropTable(name);
    return undefined;
  }
  return table;
}

/** The table for a data-plane operation: it must exist and be ACTIVE. */
export function requireActiveTable(ctx: OperationContext, tableName: string): Table {
  const name = resolveTableName(ctx, tableName);
  const table = findTable(ctx, name);
  if (!table || tableStatus(table.definition, ctx.now()) !== 'ACTIVE') throw resourceNotFound();
  return table;
}

/** The table for a control-plane operation, in any status. */
export function requireTable(ctx: OperationContext, tableName: string): Table {
  const name = resolveTableName(ctx, tableName);
  const table = findTable(ctx, name);
  if (!table) throw resourceNotFound(`Requested resource not found: Table: ${name} not found`);
  return table;
}

const seconds = (ms: number) => ms / 1000;

/** The TableDescription shape of CreateTable/DescribeTable/DeleteTable responses. */
export function describeTable(ctx: OperationContext, table: Table, status?: TableStatus): Record<string, unknown> {
  const def = table.definition;
  const stats = table.stats();
  const onDemand = def.BillingMode === 'PAY_PER_REQUEST';
  return {
    AttributeDefinitions: def.AttributeDefinitions,
    TableName: def.TableName,
    KeySchema: def.KeySchema,
    TableStatus: status ?? tableStatus(def, ctx.now()),
    CreationDateTime: seconds(def.CreationDateTime),
    ProvisionedThroughput: {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: onDemand ? 0 : def.ProvisionedThroughput.ReadCapacityUnits,
      WriteCapacityUnits: onDemand ? 0 : def.ProvisionedThroughput.WriteCapacityUnits,
    },
    TableSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    TableArn: tableArn(ctx, def.TableName),
    TableId: def.TableId,
    ...(onDemand
      ? { BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: seconds(def.LastUpdateToPayPerRequestDateTime ?? def.CreationDateTime) } }
      : {}),
    ...(def.TableClass !== 'STANDARD' ? { TableClassSummary: { TableClass: def.TableClass } } : {}),
    DeletionProtectionEnabled: def.DeletionProtectionEnabled,
  };
}
