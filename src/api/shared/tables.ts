/** Table lookup in the caller's namespace, and the TableDescription AWS returns. */
import { accessDenied, resourceNotFound } from '../../errors.js';
import type { GlobalSecondaryIndexDefinition, LocalSecondaryIndexDefinition, Projection, Table, TableDefinition, ThroughputSettings } from '../../storage/types.js';
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
 * The TableStatus DescribeTable reports: {@link tableStatus}, but UPDATING while a GSI
 * is being dropped (a backfilling GSI leaves the table ACTIVE, as in DynamoDB).
 */
export function describedTableStatus(def: TableDefinition, now: number): TableStatus | 'UPDATING' {
  const status = tableStatus(def, now);
  if (status === 'ACTIVE' && def.GlobalSecondaryIndexes?.some((g) => g.IndexStatus === 'DELETING')) return 'UPDATING';
  return status;
}

/** DeleteTable's answer while a GSI is being created or deleted (the table cannot be deleted then). */
export const INDEXES_IN_FLIGHT_MESSAGE =
  'Attempt to change a resource which is still in use: Cannot delete table while indexes are being created, updated, or deleted.';

/** True while a GSI of the table is CREATING or DELETING. */
export function indexesInFlight(def: TableDefinition): boolean {
  return def.GlobalSecondaryIndexes?.some((g) => g.IndexStatus !== 'ACTIVE') ?? false;
}

/**
 * Looks a table up, finishing a delayed delete whose time has come.
 * Returns undefined when there is no such table.
 */
export async function findTable(ctx: OperationContext, name: string): Promise<Table | undefined> {
  const table = await ctx.store.getTable(name);
  const until = table?.definition.DeletingUntil;
  if (until !== undefined && ctx.now() >= until) {
    await ctx.store.dropTable(name);
    return undefined;
  }
  return table;
}

/** The table for a data-plane operation: it must exist and be ACTIVE. */
export async function requireActiveTable(ctx: OperationContext, tableName: string): Promise<Table> {
  const name = resolveTableName(ctx, tableName);
  const table = await findTable(ctx, name);
  if (!table || tableStatus(table.definition, ctx.now()) !== 'ACTIVE') throw resourceNotFound();
  return table;
}

/** The table for a control-plane operation, in any status. */
export async function requireTable(ctx: OperationContext, tableName: string): Promise<Table> {
  const name = resolveTableName(ctx, tableName);
  const table = await findTable(ctx, name);
  if (!table) throw resourceNotFound(`Requested resource not found: Table: ${name} not found`);
  return table;
}

const seconds = (ms: number) => ms / 1000;

/** Java's String.compareTo order (UTF-16 code units), in which DynamoDB sorts names it echoes. */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const utcDay = (ms: number): number => Math.floor(ms / 86_400_000);

/** The ProvisionedThroughputDescription of a table or GSI: zero under PAY_PER_REQUEST. */
export function describeThroughput(settings: ThroughputSettings, onDemand: boolean, now: number): Record<string, unknown> {
  if (onDemand) return { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
  const decreasedToday = settings.LastDecreaseDateTime !== undefined && utcDay(settings.LastDecreaseDateTime) === utcDay(now);
  return {
    ...(settings.LastIncreaseDateTime !== undefined ? { LastIncreaseDateTime: seconds(settings.LastIncreaseDateTime) } : {}),
    ...(settings.LastDecreaseDateTime !== undefined ? { LastDecreaseDateTime: seconds(settings.LastDecreaseDateTime) } : {}),
    NumberOfDecreasesToday: decreasedToday ? (settings.DecreasesOnLastDay ?? 0) : 0,
    ReadCapacityUnits: settings.ReadCapacityUnits,
    WriteCapacityUnits: settings.WriteCapacityUnits,
  };
}

/** A Projection as DynamoDB echoes it: NonKeyAttributes sorted by name. */
const describeProjection = (projection: Projection): Record<string, unknown> => ({
  ProjectionType: projection.ProjectionType,
  ...(projection.NonKeyAttributes ? { NonKeyAttributes: [...projection.NonKeyAttributes].sort(byName) } : {}),
});

type Stats = { itemCount: number; sizeBytes: number };

const NO_STATS: Stats = { itemCount: 0, sizeBytes: 0 };

function describeLocalIndex(ctx: OperationContext, table: Table, index: LocalSecondaryIndexDefinition, stats: Stats): Record<string, unknown> {
  return {
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: describeProjection(index.Projection),
    IndexSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    IndexArn: `${tableArn(ctx, table.definition.TableName)}/index/${index.IndexName}`,
  };
}

function describeGlobalIndex(ctx: OperationContext, table: Table, index: GlobalSecondaryIndexDefinition, creating: boolean, stats: Stats): Record<string, unknown> {
  const def = table.definition;
  return {
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: describeProjection(index.Projection),
    IndexStatus: creating ? 'CREATING' : index.IndexStatus,
    ...(index.Backfilling !== undefined ? { Backfilling: index.Backfilling } : {}),
    ProvisionedThroughput: describeThroughput(index.ProvisionedThroughput, def.BillingMode === 'PAY_PER_REQUEST', ctx.now()),
    IndexSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    IndexArn: `${tableArn(ctx, def.TableName)}/index/${index.IndexName}`,
  };
}

/** The TableDescription shape of CreateTable/DescribeTable/DeleteTable/UpdateTable responses. */
export async function describeTable(ctx: OperationContext, table: Table, status?: TableStatus | 'UPDATING'): Promise<Record<string, unknown>> {
  const def = table.definition;
  const stats = await table.stats();
  const statsOf = new Map<string, Stats>();
  for (const index of table.indexes) statsOf.set(index.name, await index.stats());
  const indexStats = (name: string): Stats => statsOf.get(name) ?? NO_STATS;
  const onDemand = def.BillingMode === 'PAY_PER_REQUEST';
  const shownStatus = status ?? describedTableStatus(def, ctx.now());
  const everOnDemand = onDemand || def.LastUpdateToPayPerRequestDateTime !== undefined;
  return {
    AttributeDefinitions: [...def.AttributeDefinitions].sort((a, b) => byName(a.AttributeName, b.AttributeName)),
    TableName: def.TableName,
    KeySchema: def.KeySchema,
    TableStatus: shownStatus,
    CreationDateTime: seconds(def.CreationDateTime),
    ProvisionedThroughput: describeThroughput(def.ProvisionedThroughput, onDemand, ctx.now()),
    TableSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    TableArn: tableArn(ctx, def.TableName),
    TableId: def.TableId,
    ...(everOnDemand
      ? { BillingModeSummary: { BillingMode: def.BillingMode, LastUpdateToPayPerRequestDateTime: seconds(def.LastUpdateToPayPerRequestDateTime ?? def.CreationDateTime) } }
      : {}),
    ...(def.LocalSecondaryIndexes ? { LocalSecondaryIndexes: def.LocalSecondaryIndexes.map((i) => describeLocalIndex(ctx, table, i, indexStats(i.IndexName))) } : {}),
    ...(def.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: def.GlobalSecondaryIndexes.map((i) => describeGlobalIndex(ctx, table, i, shownStatus === 'CREATING', indexStats(i.IndexName))) } : {}),
    ...(def.TableClass !== 'STANDARD' ? { TableClassSummary: { TableClass: def.TableClass } } : {}),
    DeletionProtectionEnabled: def.DeletionProtectionEnabled,
  };
}
