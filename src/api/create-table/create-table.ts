/** CreateTable: validates as DynamoDB does, then adds the table to the caller's namespace. */
import { randomUUID } from 'node:crypto';
import { resourceInUse, validation } from '../../errors.js';
import { TableExistsError, type AttributeDefinition, type KeySchemaElement, type Table, type TableDefinition } from '../../storage/types.js';
import { javaHashSetOrder } from '../shared/hash-set-order.js';
import { checkDefinitionsUnique, checkGlobalKeySchema, checkGlobalThroughput, checkKeysDefined, checkLocalKeySchema, checkProjection, checkTableKeySchema, globalIndexDefinition, INDEX_LIMITS, INDEX_MESSAGES, localIndexDefinition, nonKeyAttributeCount, type BillingMode, type IndexInput } from '../shared/indexes.js';
import { checkShape, type RequestSpec } from '../shared/shape.js';
import { describeTable, findTable, resolveTableName } from '../shared/tables.js';
import { checkTagKeys, MAX_TAGS, TAG_MESSAGES, TagSpec } from '../tags/tags.js';
import type { JsonObject, OperationContext } from '../context.js';
import { leniencies } from '../../compat/dynamodb-local.js';
import { pruneAttributeDefinitions } from '../../storage/index-keys.js';
import { GlobalSecondaryIndexSpec, keySchemaSpec, LocalSecondaryIndexSpec, ProvisionedThroughputSpec, TableNameSpec } from '../shared/specs.js';

const INVALID = 'One or more parameter values were invalid: ';

/** CreateTable's members and their constraints. */
export const CreateTableSpec: RequestSpec = {
  AttributeDefinitions: {
    type: 'List',
    notNull: true,
    of: {
      type: 'Structure',
      name: 'AttributeDefinition',
      fields: {
        AttributeName: { type: 'String', notNull: true, minLength: 1, maxLength: 255 },
        AttributeType: { type: 'String', notNull: true, enum: ['B', 'N', 'S'] },
      },
    },
  },
  TableName: TableNameSpec,
  KeySchema: keySchemaSpec(2),
  LocalSecondaryIndexes: { type: 'List', of: LocalSecondaryIndexSpec },
  GlobalSecondaryIndexes: { type: 'List', of: GlobalSecondaryIndexSpec },
  BillingMode: { type: 'String', enum: ['PROVISIONED', 'PAY_PER_REQUEST'] },
  ProvisionedThroughput: ProvisionedThroughputSpec,
  Tags: {
    type: 'List',
    minLength: 1,
    maxLength: 200,
    of: TagSpec,
  },
  TableClass: { type: 'String', enum: ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'] },
  DeletionProtectionEnabled: { type: 'Boolean' },
  StreamSpecification: { type: 'Structure', name: 'StreamSpecification', fields: { StreamEnabled: { type: 'Boolean', notNull: true }, StreamViewType: { type: 'String', enum: ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'] } } },
  SSESpecification: { type: 'Structure', name: 'SSESpecification', fields: { Enabled: { type: 'Boolean' }, SSEType: { type: 'String', enum: ['AES256', 'KMS'] }, KMSMasterKeyId: { type: 'String' } } },
};

interface CreateTableInput {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  LocalSecondaryIndexes?: IndexInput[];
  GlobalSecondaryIndexes?: IndexInput[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  Tags?: { Key: string; Value: string }[];
  TableClass?: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
  DeletionProtectionEnabled?: boolean;
}

/**
 * The semantic checks DynamoDB makes after the shape checks, in its order.
 * `unusedAttributeDefinitions` (DynamoDB Local mode): AttributeDefinitions that no key schema
 * uses are accepted (the caller drops them) instead of refused.
 */
export function validateCreateTable(input: CreateTableInput, options: { unusedAttributeDefinitions?: boolean } = {}): void {
  const billing = input.BillingMode ?? 'PROVISIONED';
  if (billing === 'PAY_PER_REQUEST' && input.ProvisionedThroughput) {
    throw validation(`${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`);
  }
  if (billing === 'PROVISIONED' && !input.ProvisionedThroughput) {
    throw validation(`${INVALID}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`);
  }
  const definitions = input.AttributeDefinitions;
  checkDefinitionsUnique(definitions);
  if (input.KeySchema.length > definitions.length) throw validation(INDEX_MESSAGES.keyWithoutDefinition);
  checkKeysDefined(input.KeySchema, definitions);
  checkTableKeySchema(input.KeySchema);
  const locals = input.LocalSecondaryIndexes;
  const globals = input.GlobalSecondaryIndexes;
  if (!locals && !globals) {
    if (definitions.length !== input.KeySchema.length && !options.unusedAttributeDefinitions) throw validation(INDEX_MESSAGES.definitionCountMismatch);
  } else {
    validateIndexes(input, locals ?? [], globals ?? [], billing, options.unusedAttributeDefinitions === true);
  }
  if (input.Tags) {
    const keys = new Set<string>();
    for (const tag of input.Tags) {
      if (keys.has(tag.Key)) throw validation(`${INVALID}Duplicate tag keys found. Tag keys must be unique.`);
      keys.add(tag.Key);
    }
    checkTagKeys(input.Tags);
    if (input.Tags.length > MAX_TAGS) throw validation(TAG_MESSAGES.tooMany);
  }
}

/** LSIs and GSIs, once the table key is valid: AttributeDefinitions must be exactly the key attributes. */
function validateIndexes(input: CreateTableInput, locals: readonly IndexInput[], globals: readonly IndexInput[], billing: BillingMode, unusedDefinitions: boolean): void {
  if (input.LocalSecondaryIndexes?.length === 0) throw validation(INDEX_MESSAGES.localListEmpty);
  if (input.GlobalSecondaryIndexes?.length === 0) throw validation(INDEX_MESSAGES.globalListEmpty);
  const definitions = input.AttributeDefinitions;
  const used = [...input.KeySchema, ...locals.flatMap((i) => i.KeySchema), ...globals.flatMap((i) => i.KeySchema)].map((k) => k.AttributeName);
  const usedSet = new Set(used);
  if (!unusedDefinitions && definitions.some((d) => !usedSet.has(d.AttributeName))) {
    throw validation(INDEX_MESSAGES.definitionsNotUsed(definitions.map((d) => d.AttributeName), javaHashSetOrder(used)));
  }
  const names = new Set<string>();
  const uniqueName = (index: IndexInput): void => {
    if (names.has(index.IndexName)) throw validation(INDEX_MESSAGES.duplicateIndexName(index.IndexName));
    names.add(index.IndexName);
  };
  if (locals.length > 0) {
    if (input.KeySchema.length !== 2) throw validation(INDEX_MESSAGES.tableWithoutRange);
    for (const index of locals) {
      checkKeysDefined(index.KeySchema, definitions);
      checkLocalKeySchema(index, input.KeySchema);
      checkProjection(index.Projection);
      uniqueName(index);
    }
    if (locals.length > INDEX_LIMITS.localIndexes) throw validation(INDEX_MESSAGES.tooManyLocal);
  }
  for (const index of globals) {
    checkKeysDefined(index.KeySchema, definitions);
    checkGlobalKeySchema(index.KeySchema);
    checkProjection(index.Projection);
    checkGlobalThroughput(index, billing);
    uniqueName(index);
  }
  if (globals.length > INDEX_LIMITS.globalIndexes) throw validation(INDEX_MESSAGES.tooManyGlobal);
  if (nonKeyAttributeCount([...locals, ...globals]) > INDEX_LIMITS.nonKeyAttributes) throw validation(INDEX_MESSAGES.tooManyNonKeyAttributes);
}

/** CreateTable: validates as DynamoDB does (indexes included), then creates the table and its indexes. */
export async function createTable(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, CreateTableSpec);
  const input = request as unknown as CreateTableInput;
  const name = resolveTableName(ctx, input.TableName);
  const lenient = leniencies(ctx.config);
  validateCreateTable(input, lenient);

  const exists = () => resourceInUse(`Table already exists: ${name}`);
  if (await findTable(ctx, name)) throw exists();
  const now = ctx.now();
  const billing = input.BillingMode ?? 'PROVISIONED';
  const def: TableDefinition = {
    TableName: name,
    TableId: randomUUID(),
    KeySchema: input.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
    AttributeDefinitions: input.AttributeDefinitions.map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })),
    BillingMode: billing,
    ProvisionedThroughput: input.ProvisionedThroughput
      ? { ReadCapacityUnits: Math.trunc(input.ProvisionedThroughput.ReadCapacityUnits), WriteCapacityUnits: Math.trunc(input.ProvisionedThroughput.WriteCapacityUnits) }
      : { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    ...(input.LocalSecondaryIndexes ? { LocalSecondaryIndexes: input.LocalSecondaryIndexes.map(localIndexDefinition) } : {}),
    ...(input.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: input.GlobalSecondaryIndexes.map((i) => globalIndexDefinition(i, 'ACTIVE', false)) } : {}),
    CreationDateTime: now,
    ...(billing === 'PAY_PER_REQUEST' ? { LastUpdateToPayPerRequestDateTime: now } : {}),
    DeletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
    Tags: input.Tags?.map((t) => ({ Key: t.Key, Value: t.Value })) ?? [],
    TableClass: input.TableClass ?? 'STANDARD',
    ...(ctx.config.tableStatusDelayMs > 0 ? { ActiveAt: now + ctx.config.tableStatusDelayMs } : {}),
  };
  let table: Table;
  try {
    table = await ctx.store.createTable(lenient.unusedAttributeDefinitions ? pruneAttributeDefinitions(def) : def);
  } catch (err) {
    throw err instanceof TableExistsError ? exists() : err;
  }
  // AWS answers CREATING (indexes too); without the opt-in delay the table is usable at once.
  // DynamoDB Local answers ACTIVE.
  return { TableDescription: await describeTable(ctx, table, lenient.createdStatus) };
}
