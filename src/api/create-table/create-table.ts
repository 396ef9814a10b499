/** CreateTable: validates as DynamoDB does, then adds the table to the caller's namespace. */
import { randomUUID } from 'node:crypto';
import { resourceInUse, validation } from '../../errors.js';
import type { AttributeDefinition, KeySchemaElement, TableDefinition } from '../../storage/types.js';
import { checkShape, TableNameSpec, type RequestSpec } from '../shared/shape.js';
import { describeTable, findTable, resolveTableName } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';

const INVALID = 'One or more parameter values were invalid: ';

const KeySchemaSpec = {
  type: 'List',
  notNull: true,
  minLength: 1,
  maxLength: 2,
  of: {
    type: 'Structure',
    name: 'KeySchemaElement',
    fields: {
      AttributeName: { type: 'String', notNull: true, minLength: 1, maxLength: 255 },
      KeyType: { type: 'String', notNull: true, enum: ['HASH', 'RANGE'] },
    },
  },
} as const;

const ProvisionedThroughputSpec = {
  type: 'Structure',
  name: 'ProvisionedThroughput',
  fields: {
    ReadCapacityUnits: { type: 'Long', notNull: true, min: 1 },
    WriteCapacityUnits: { type: 'Long', notNull: true, min: 1 },
  },
} as const;

const ProjectionSpec = {
  type: 'Structure',
  name: 'Projection',
  fields: {
    ProjectionType: { type: 'String', enum: ['ALL', 'KEYS_ONLY', 'INCLUDE'] },
    NonKeyAttributes: { type: 'List', minLength: 1, maxLength: 20, of: { type: 'String', minLength: 1, maxLength: 255 } },
  },
} as const;

const IndexSpec = {
  type: 'Structure',
  fields: {
    IndexName: { type: 'String', notNull: true, minLength: 3, maxLength: 255, pattern: '[a-zA-Z0-9_.-]+' },
    KeySchema: KeySchemaSpec,
    Projection: { ...ProjectionSpec, notNull: true },
    ProvisionedThroughput: ProvisionedThroughputSpec,
  },
} as const;

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
  KeySchema: KeySchemaSpec,
  LocalSecondaryIndexes: { type: 'List', of: IndexSpec },
  GlobalSecondaryIndexes: { type: 'List', of: IndexSpec },
  BillingMode: { type: 'String', enum: ['PROVISIONED', 'PAY_PER_REQUEST'] },
  ProvisionedThroughput: ProvisionedThroughputSpec,
  Tags: {
    type: 'List',
    minLength: 1,
    maxLength: 200,
    of: {
      type: 'Structure',
      name: 'Tag',
      fields: {
        Key: { type: 'String', notNull: true, minLength: 1, maxLength: 128 },
        Value: { type: 'String', notNull: true, minLength: 0, maxLength: 256 },
      },
    },
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
  LocalSecondaryIndexes?: unknown[];
  GlobalSecondaryIndexes?: unknown[];
  BillingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST';
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  Tags?: { Key: string; Value: string }[];
  TableClass?: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
  DeletionProtectionEnabled?: boolean;
}

/** The semantic checks DynamoDB makes after the shape checks, in its order. */
export function validateCreateTable(input: CreateTableInput): void {
  const billing = input.BillingMode ?? 'PROVISIONED';
  if (billing === 'PAY_PER_REQUEST' && input.ProvisionedThroughput) {
    throw validation(`${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`);
  }
  if (billing === 'PROVISIONED' && !input.ProvisionedThroughput) {
    throw validation(`${INVALID}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`);
  }
  const defined = new Set<string>();
  for (const def of input.AttributeDefinitions) {
    if (defined.has(def.AttributeName)) throw validation('Cannot have two attributes with the same name');
    defined.add(def.AttributeName);
  }
  const [first, second] = input.KeySchema;
  if (first.KeyType !== 'HASH') throw validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (second) {
    if (second.KeyType !== 'RANGE') throw validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
    if (second.AttributeName === first.AttributeName) throw validation('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  }
  const keyNames = input.KeySchema.map((k) => k.AttributeName);
  const missing = keyNames.filter((n) => !defined.has(n));
  if (missing.length > 0) {
    throw validation(
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [${keyNames.join(', ')}], AttributeDefinitions: [${[...defined].join(', ')}]`,
    );
  }
  if ((input.LocalSecondaryIndexes?.length ?? 0) > 0 || (input.GlobalSecondaryIndexes?.length ?? 0) > 0) {
    throw validation('Sqynamo does not support secondary indexes yet: create the table without LocalSecondaryIndexes and GlobalSecondaryIndexes');
  }
  if (defined.size !== keyNames.length) {
    throw validation(`${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`);
  }
  if (input.Tags) {
    const keys = new Set<string>();
    for (const tag of input.Tags) {
      if (keys.has(tag.Key)) throw validation(`${INVALID}Duplicate tag keys found. Tag keys must be unique.`);
      keys.add(tag.Key);
    }
  }
}

export function createTable(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, CreateTableSpec);
  const input = request as unknown as CreateTableInput;
  const name = resolveTableName(ctx, input.TableName);
  validateCreateTable(input);

  return ctx.store.transaction(() => {
    if (findTable(ctx, name)) throw resourceInUse(`Table already exists: ${name}`);
    const now = ctx.now();
    const billing = input.BillingMode ?? 'PROVISIONED';
    const def: TableDefinition = {
      TableName: name,
      TableId: randomUUID(),
      KeySchema: input.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
      AttributeDefinitions: input.AttributeDefinitions.map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })),
      BillingMode: billing,
      ProvisionedThroughput: input.ProvisionedThroughput
        ? { ReadCapacityUnits: input.ProvisionedThroughput.ReadCapacityUnits, WriteCapacityUnits: input.ProvisionedThroughput.WriteCapacityUnits }
        : { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      CreationDateTime: now,
      ...(billing === 'PAY_PER_REQUEST' ? { LastUpdateToPayPerRequestDateTime: now } : {}),
      DeletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
      Tags: input.Tags?.map((t) => ({ Key: t.Key, Value: t.Value })) ?? [],
      TableClass: input.TableClass ?? 'STANDARD',
      ...(ctx.config.tableStatusDelayMs > 0 ? { ActiveAt: now + ctx.config.tableStatusDelayMs } : {}),
    };
    const table = ctx.store.createTable(def);
    // AWS answers CREATING; without the opt-in delay the table is usable at once.
    return { TableDescription: describeTable(ctx, table, 'CREATING') };
  });
}
