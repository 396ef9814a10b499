/**
 * UpdateTable: billing mode and provisioned throughput, deletion protection, table
 * class, and GSI changes (GlobalSecondaryIndexUpdates Create / Update / Delete).
 *
 * Changes apply at once except the GSI life cycle: a created GSI is CREATING while the
 * storage layer backfills it from the table's items in the background (the table stays
 * usable, writes keep the index in step), then ACTIVE; a deleted GSI is DELETING until
 * the storage layer has dropped it. Like DynamoDB, the response echoes the old capacity
 * of a throughput change (the index or table is shown UPDATING) and a new GSI in its
 * resource-allocation phase (CREATING, Backfilling false).
 */
import { limitExceeded, resourceInUse, resourceNotFound, validation, type DynamoDBError } from '../../errors.js';
import type { AttributeDefinition, GlobalSecondaryIndexDefinition, KeySchemaElement, TableDefinition, ThroughputSettings } from '../../storage/types.js';
import { javaHashSetOrder } from '../shared/hash-set-order.js';
import {
  checkGlobalKeySchema,
  checkProjection,
  globalIndexDefinition,
  INDEX_LIMITS,
  INDEX_MESSAGES,
  nonKeyAttributeCount,
  type BillingMode,
  type IndexInput,
} from '../shared/indexes.js';
import { checkShape } from '../shared/shape.js';
import { describeTable, describeThroughput, requireTable, resolveTableName, tableStatus } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';
import { requestedChanges, UpdateTableSpec, validateUpdateTable, type GlobalSecondaryIndexUpdate, type UpdateTableInput } from './validate.js';

const INVALID = 'One or more parameter values were invalid: ';
const IN_USE = 'Attempt to change a resource which is still in use: ';
const LIMITS_HINT = 'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.';

type Throughput = { ReadCapacityUnits: number; WriteCapacityUnits: number };

/** DynamoDB's texts for UpdateTable requests that do not fit the table's state. */
export const UPDATE_TABLE_STATE_MESSAGES = {
  tableCreating: (table: string) => `${IN_USE}Table is being created: ${table}`,
  tableDeleting: (table: string) => `${IN_USE}Table is being deleted: ${table}`,
  oneOnlineIndex: 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
  tooManyGlobalIndexes: 'Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of 20',
  indexNotFound: (index: string, table: string) => `Requested resource not found: Index ${index} for table ${table}`,
  notGlobal: (action: 'update' | 'delete', index: string) => `Cannot ${action} an index that is not a GlobalSecondaryIndex: ${index}`,
  indexExists: 'Attempting to create an index which already exists',
  indexDeleting: (table: string, index: string) => `${IN_USE}Index is being deleted. Table: ${table} Index: ${index}`,
  deleteDuringAllocation: (table: string, index: string) =>
    `${IN_USE}Index creation is in resource allocation phase. Retry deletion during backfilling phase or when the index is active. Table: ${table} Index: ${index}`,
  throughputWhileDeleting: (table: string, indexes: readonly string[]) =>
    `${IN_USE}Can't change table IOPS when an index is being deleted. Table: ${table} Indexes: [${indexes.join(', ')}]`,
  throughputWithOnDemandTable: `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
  throughputRequired: `${INVALID}ProvisionedThroughput must be specified when BillingMode is PROVISIONED`,
  indexThroughputRequired: (index: string) => `${INVALID}ProvisionedThroughput must be specified for index: ${index}`,
  onDemandIndexUpdate: (index: string) =>
    `${INVALID}The only Updates for index: ${index} when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput`,
  newIndexThroughputNotAllowed: (index: string) =>
    `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: ${index} when BillingMode is PAY_PER_REQUEST`,
  newIndexThroughputMissing: (index: string) => `${INVALID}Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: ${index}`,
  definitionsMissing: (index: string) => `${INVALID}AttributeDefinitions is not specified for index: ${index}`,
  /**
   * A new index key attribute defined with another type than the table has for it. The
   * text is AWS's as quoted by ScyllaDB's AWS-validated suite (test_gsi_updatetable.py);
   * how a schema of several elements is listed (", " between them) is not recorded.
   */
  attributeRedefined: (existing: string, requested: string) =>
    `${INVALID}Attributes cannot be redefined. Please check that your attribute has the same type as previously defined. Existing schema: ${existing} New schema: ${requested}`,
  tableThroughputUnchanged: (current: Throughput, requested: Throughput) =>
    `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${current.ReadCapacityUnits}. Requested ReadCapacityUnits: ${requested.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for the table: ${current.WriteCapacityUnits}. Requested WriteCapacityUnits: ${requested.WriteCapacityUnits}. ${LIMITS_HINT}`,
  indexThroughputUnchanged: (index: string, current: Throughput, requested: Throughput) =>
    `The provisioned throughput for the index ${index} will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for index ${index}: ${current.ReadCapacityUnits}. Requested ReadCapacityUnits: ${requested.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for index ${index}: ${current.WriteCapacityUnits}. Requested WriteCapacityUnits: ${requested.WriteCapacityUnits}. ${LIMITS_HINT}`,
} as const;

const M = UPDATE_TABLE_STATE_MESSAGES;

const truncate = (t: Throughput): Throughput => ({ ReadCapacityUnits: Math.trunc(t.ReadCapacityUnits), WriteCapacityUnits: Math.trunc(t.WriteCapacityUnits) });

const sameThroughput = (a: Throughput, b: Throughput): boolean => a.ReadCapacityUnits === b.ReadCapacityUnits && a.WriteCapacityUnits === b.WriteCapacityUnits;

/** New capacity with the increase/decrease history DescribeTable reports (one decrease per call). */
export function changeThroughput(current: ThroughputSettings, requested: Throughput, now: number): ThroughputSettings {
  const next: ThroughputSettings = { ...current, ...truncate(requested) };
  const up = next.ReadCapacityUnits > current.ReadCapacityUnits || next.WriteCapacityUnits > current.WriteCapacityUnits;
  const down = next.ReadCapacityUnits < current.ReadCapacityUnits || next.WriteCapacityUnits < current.WriteCapacityUnits;
  if (up) next.LastIncreaseDateTime = now;
  if (down) {
    const sameDay = current.LastDecreaseDateTime !== undefined && Math.floor(current.LastDecreaseDateTime / 86_400_000) === Math.floor(now / 86_400_000);
    next.DecreasesOnLastDay = (sameDay ? (current.DecreasesOnLastDay ?? 0) : 0) + 1;
    next.LastDecreaseDateTime = now;
  }
  return next;
}

interface Actions {
  creates: NonNullable<GlobalSecondaryIndexUpdate['Create']>[];
  updates: NonNullable<GlobalSecondaryIndexUpdate['Update']>[];
  deletes: NonNullable<GlobalSecondaryIndexUpdate['Delete']>[];
}

const actionsOf = (input: UpdateTableInput): Actions => {
  const updates = input.GlobalSecondaryIndexUpdates ?? [];
  return {
    creates: updates.flatMap((u) => (u.Create ? [u.Create] : [])),
    updates: updates.flatMap((u) => (u.Update ? [u.Update] : [])),
    deletes: updates.flatMap((u) => (u.Delete ? [u.Delete] : [])),
  };
};

/** The table's state must allow the request (existence, status, concurrent index work). */
function checkState(def: TableDefinition, input: UpdateTableInput, actions: Actions, now: number): void {
  const status = tableStatus(def, now);
  if (status === 'CREATING') throw resourceInUse(M.tableCreating(def.TableName));
  if (status === 'DELETING') throw resourceInUse(M.tableDeleting(def.TableName));
  const gsis = def.GlobalSecondaryIndexes ?? [];
  const lsis = def.LocalSecondaryIndexes ?? [];
  const online = actions.creates.length + actions.deletes.length;
  if (online > 1) throw limitExceeded(M.oneOnlineIndex);
  for (const action of [...actions.updates.map((a) => ['update', a.IndexName] as const), ...actions.deletes.map((a) => ['delete', a.IndexName] as const)]) {
    const [verb, name] = action;
    if (!gsis.some((g) => g.IndexName === name)) {
      if (lsis.some((l) => l.IndexName === name)) throw validation(M.notGlobal(verb, name));
      throw resourceNotFound(M.indexNotFound(name, def.TableName));
    }
  }
  for (const { IndexName } of actions.deletes) {
    const gsi = gsis.find((g) => g.IndexName === IndexName)!;
    if (gsi.IndexStatus === 'CREATING' && !gsi.Backfilling) throw resourceInUse(M.deleteDuringAllocation(def.TableName, IndexName));
  }
  if (online > 0) {
    const deleting = actions.deletes[0]?.IndexName;
    // a backfilling index may itself be deleted; any other index work blocks the request
    const busy = gsis.filter((g) => g.IndexStatus !== 'ACTIVE' && !(g.IndexName === deleting && g.IndexStatus === 'CREATING'));
    if (busy.length > 0) throw limitExceeded(M.oneOnlineIndex);
  }
  for (const create of actions.creates) {
    if ([...gsis, ...lsis].some((i) => i.IndexName === create.IndexName)) throw validation(M.indexExists);
    if (gsis.length >= INDEX_LIMITS.globalIndexes) throw limitExceeded(M.tooManyGlobalIndexes);
  }
  for (const update of actions.updates) {
    if (gsis.find((g) => g.IndexName === update.IndexName)?.IndexStatus === 'DELETING') throw resourceInUse(M.indexDeleting(def.TableName, update.IndexName));
  }
  const deletingNow = gsis.filter((g) => g.IndexStatus === 'DELETING').map((g) => g.IndexName);
  if (deletingNow.length > 0 && (input.ProvisionedThroughput || (input.BillingMode && input.BillingMode !== def.BillingMode))) {
    throw resourceInUse(M.throughputWhileDeleting(def.TableName, deletingNow));
  }
}

/** Billing mode and capacity of the table and its GSIs must agree. */
function checkThroughput(def: TableDefinition, input: UpdateTableInput, actions: Actions): void {
  const billing: BillingMode = input.BillingMode ?? def.BillingMode;
  const switching = billing !== def.BillingMode;
  if (billing === 'PAY_PER_REQUEST' && input.ProvisionedThroughput) throw validation(M.throughputWithOnDemandTable);
  if (input.BillingMode === 'PROVISIONED' && !input.ProvisionedThroughput) throw validation(M.throughputRequired);
  if (switching && billing === 'PROVISIONED') {
    const deleted = new Set(actions.deletes.map((d) => d.IndexName));
    for (const gsi of def.GlobalSecondaryIndexes ?? []) {
      if (gsi.IndexStatus === 'DELETING' || deleted.has(gsi.IndexName)) continue;
      if (!actions.updates.some((u) => u.IndexName === gsi.IndexName)) throw validation(M.indexThroughputRequired(gsi.IndexName));
    }
  }
  if (!switching && billing === 'PROVISIONED' && input.ProvisionedThroughput && sameThroughput(def.ProvisionedThroughput, truncate(input.ProvisionedThroughput))) {
    throw validation(M.tableThroughputUnchanged(def.ProvisionedThroughput, truncate(input.ProvisionedThroughput)));
  }
  for (const update of actions.updates) {
    if (billing === 'PAY_PER_REQUEST') throw validation(M.onDemandIndexUpdate(update.IndexName));
    const current = def.GlobalSecondaryIndexes!.find((g) => g.IndexName === update.IndexName)!.ProvisionedThroughput;
    const requested = truncate(update.ProvisionedThroughput);
    if (!switching && sameThroughput(current, requested)) throw validation(M.indexThroughputUnchanged(update.IndexName, current, requested));
  }
  for (const create of actions.creates) {
    if (billing === 'PAY_PER_REQUEST' && create.ProvisionedThroughput) throw validation(M.newIndexThroughputNotAllowed(create.IndexName));
    if (billing === 'PROVISIONED' && !create.ProvisionedThroughput) throw validation(M.newIndexThroughputMissing(create.IndexName));
  }
}

/** A key schema as DynamoDB prints it in the redefinition message: `Schema:[SchemaElement: key{name:type:HASH}, ...]`. */
function schemaText(keySchema: readonly KeySchemaElement[], typeOf: (name: string) => string): string {
  return `Schema:[${keySchema.map((k) => `SchemaElement: key{${k.AttributeName}:${typeOf(k.AttributeName)}:${k.KeyType}}`).join(', ')}]`;
}

/**
 * The ValidationException for a new index whose key attribute the request defines with
 * another type than the table (its key, an LSI's or a GSI's) already uses for it; undefined
 * when the types agree. The existing schema shown is the first that uses the attribute.
 */
export function redefinitionError(def: TableDefinition, requested: readonly AttributeDefinition[], keySchema: readonly KeySchemaElement[]): DynamoDBError | undefined {
  const current = new Map(def.AttributeDefinitions.map((d) => [d.AttributeName, d.AttributeType]));
  const asked = new Map(requested.map((d) => [d.AttributeName, d.AttributeType]));
  const redefined = keySchema.find((k) => current.has(k.AttributeName) && asked.has(k.AttributeName) && asked.get(k.AttributeName) !== current.get(k.AttributeName));
  if (!redefined) return undefined;
  const schemas = [def.KeySchema, ...(def.LocalSecondaryIndexes ?? []).map((i) => i.KeySchema), ...(def.GlobalSecondaryIndexes ?? []).map((i) => i.KeySchema)];
  const existing = schemas.find((schema) => schema.some((k) => k.AttributeName === redefined.AttributeName)) ?? [redefined];
  return validation(
    M.attributeRedefined(
      schemaText(existing, (name) => current.get(name) ?? ''),
      schemaText(keySchema, (name) => asked.get(name) ?? current.get(name) ?? ''),
    ),
  );
}

/**
 * A new GSI's definition checks; returns the AttributeDefinitions the table gains. The
 * request's AttributeDefinitions need only name the new key attributes; entries for
 * attributes the table already defines must give the same type (or the attribute is
 * "redefined").
 */
function checkCreate(def: TableDefinition, input: UpdateTableInput, create: IndexInput): AttributeDefinition[] {
  checkGlobalKeySchema(create.KeySchema);
  const redefined = redefinitionError(def, input.AttributeDefinitions ?? [], create.KeySchema);
  if (redefined) throw redefined;
  const known = new Set(def.AttributeDefinitions.map((d) => d.AttributeName));
  const requested = input.AttributeDefinitions ?? [];
  const added: AttributeDefinition[] = [];
  for (const { AttributeName } of create.KeySchema) {
    if (known.has(AttributeName) || added.some((d) => d.AttributeName === AttributeName)) continue;
    const definition = requested.find((d) => d.AttributeName === AttributeName);
    if (!definition) {
      if (!input.AttributeDefinitions) throw validation(M.definitionsMissing(create.IndexName));
      throw validation(INDEX_MESSAGES.keysNotDefined(javaHashSetOrder(create.KeySchema.map((k) => k.AttributeName)), requested.map((d) => d.AttributeName)));
    }
    added.push({ AttributeName, AttributeType: definition.AttributeType });
  }
  checkProjection(create.Projection);
  const existing = [...(def.LocalSecondaryIndexes ?? []), ...(def.GlobalSecondaryIndexes ?? [])];
  if (nonKeyAttributeCount([...existing, create]) > INDEX_LIMITS.nonKeyAttributes) throw validation(INDEX_MESSAGES.tooManyNonKeyAttributes);
  return added;
}

/** The definition after the request. */
function applyUpdate(def: TableDefinition, input: UpdateTableInput, actions: Actions, added: AttributeDefinition[], now: number): TableDefinition {
  const billing: BillingMode = input.BillingMode ?? def.BillingMode;
  const switching = billing !== def.BillingMode;
  const next: TableDefinition = { ...def, AttributeDefinitions: [...def.AttributeDefinitions, ...added] };
  if (input.DeletionProtectionEnabled !== undefined) next.DeletionProtectionEnabled = input.DeletionProtectionEnabled;
  if (input.TableClass !== undefined) next.TableClass = input.TableClass;
  if (switching && billing === 'PAY_PER_REQUEST') {
    next.BillingMode = 'PAY_PER_REQUEST';
    next.ProvisionedThroughput = { ...def.ProvisionedThroughput, ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
    next.LastUpdateToPayPerRequestDateTime = now;
  } else if (switching) {
    next.BillingMode = 'PROVISIONED';
    next.ProvisionedThroughput = { ...def.ProvisionedThroughput, ...truncate(input.ProvisionedThroughput!) };
  } else if (input.ProvisionedThroughput) {
    next.ProvisionedThroughput = changeThroughput(def.ProvisionedThroughput, input.ProvisionedThroughput, now);
  }
  const gsis = (def.GlobalSecondaryIndexes ?? []).map((gsi): GlobalSecondaryIndexDefinition => {
    const update = actions.updates.find((u) => u.IndexName === gsi.IndexName);
    let result: GlobalSecondaryIndexDefinition = gsi;
    if (switching && billing === 'PAY_PER_REQUEST') result = { ...result, ProvisionedThroughput: { ...result.ProvisionedThroughput, ReadCapacityUnits: 0, WriteCapacityUnits: 0 } };
    if (update) {
      result = {
        ...result,
        ProvisionedThroughput: switching ? { ...result.ProvisionedThroughput, ...truncate(update.ProvisionedThroughput) } : changeThroughput(result.ProvisionedThroughput, update.ProvisionedThroughput, now),
      };
    }
    if (actions.deletes.some((d) => d.IndexName === gsi.IndexName)) {
      result = { ...result, IndexStatus: 'DELETING' };
      delete result.Backfilling;
    }
    return result;
  });
  for (const create of actions.creates) gsis.push(globalIndexDefinition(create, 'CREATING', true));
  if (gsis.length > 0) next.GlobalSecondaryIndexes = gsis;
  return next;
}

/**
 * The response: the new description, with what DynamoDB shows at this moment in place
 * of the settled state (old capacity while UPDATING, a new GSI not yet backfilling).
 */
function responseDescription(ctx: OperationContext, before: TableDefinition, input: UpdateTableInput, actions: Actions, description: Record<string, unknown>): Record<string, unknown> {
  const switching = input.BillingMode !== undefined && input.BillingMode !== before.BillingMode;
  const now = ctx.now();
  const out = { ...description };
  if (input.ProvisionedThroughput && !switching) {
    out.ProvisionedThroughput = { ...(out.ProvisionedThroughput as object), ReadCapacityUnits: before.ProvisionedThroughput.ReadCapacityUnits, WriteCapacityUnits: before.ProvisionedThroughput.WriteCapacityUnits };
  }
  const gsis = out.GlobalSecondaryIndexes as Record<string, unknown>[] | undefined;
  if (gsis) {
    out.GlobalSecondaryIndexes = gsis.map((gsi) => {
      const name = gsi.IndexName as string;
      if (actions.creates.some((c) => c.IndexName === name)) return { ...gsi, Backfilling: false };
      const update = actions.updates.find((u) => u.IndexName === name);
      if (!update || switching) return gsi;
      const old = before.GlobalSecondaryIndexes!.find((g) => g.IndexName === name)!;
      return { ...gsi, IndexStatus: 'UPDATING', ProvisionedThroughput: describeThroughput(old.ProvisionedThroughput, false, now) };
    });
  }
  return out;
}

/** UpdateTable: validates as DynamoDB does, applies the changes and answers the TableDescription. */
export async function updateTable(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, UpdateTableSpec);
  const input = request as unknown as UpdateTableInput;
  const name = resolveTableName(ctx, input.TableName);
  validateUpdateTable(input);
  const actions = actionsOf(input);

  const table = await requireTable(ctx, name);
  const now = ctx.now();
  let before = table.definition;
  // validated against the definition the change finds, atomically with it
  const updated = await ctx.store.updateTable(table.definition.TableName, (current) => {
    before = current;
    checkState(current, input, actions, now);
    checkThroughput(current, input, actions);
    const added = actions.creates.flatMap((create) => checkCreate(current, input, create));
    return applyUpdate(current, input, actions, added, now);
  });
  if (!updated) throw resourceNotFound(`Requested resource not found: Table: ${table.definition.TableName} not found`);
  const changes = requestedChanges(input);
  const settling =
    actions.creates.length + actions.deletes.length > 0 ||
    changes.has('ProvisionedThroughput') ||
    changes.has('TableClass') ||
    (input.BillingMode !== undefined && input.BillingMode !== before.BillingMode);
  const description = await describeTable(ctx, updated, settling ? 'UPDATING' : 'ACTIVE');
  return { TableDescription: responseDescription(ctx, before, input, actions, description) };
}
