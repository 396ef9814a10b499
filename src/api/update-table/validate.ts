/**
 * UpdateTable's request shape and the checks that need no table: at least one change,
 * one action per GlobalSecondaryIndexUpdate and per index, and the members that must be
 * alone in a request. Messages as DynamoDB answers them (recorded by tests run against
 * it: dynalite's suite and the ack-api-quirks DynamoDB lab).
 */
import { validation } from '../../errors.js';
import type { AttributeDefinition, KeySchemaElement } from '../../storage/types.js';
import type { BillingMode, IndexInput } from '../shared/indexes.js';
import type { RequestSpec } from '../shared/shape.js';
import { IndexDefinitionNameSpec, keySchemaSpec, ProjectionSpec, ProvisionedThroughputSpec, TableNameSpec } from '../shared/specs.js';

const INVALID = 'One or more parameter values were invalid: ';

/** The members of "At least one of ... is required", in DynamoDB's order. */
const CHANGE_MEMBERS = [
  'ProvisionedThroughput',
  'BillingMode',
  'UpdateStreamEnabled',
  'GlobalSecondaryIndexUpdates',
  'SSESpecification',
  'ReplicaUpdates',
  'MultiAccountReplicaReady',
  'ReplicaTransitRoleArn',
  'MultiRegionConsistency',
  'DeletionProtectionEnabled',
  'OnDemandThroughput',
  'WarmThroughput',
  'TableClass',
] as const;

/** DynamoDB's texts for UpdateTable requests. */
export const UPDATE_TABLE_MESSAGES = {
  /** Members the request already carries (MultiRegionConsistency) are left out of the list. */
  nothingToUpdate: (present: ReadonlySet<string>) => {
    const names = CHANGE_MEMBERS.filter((m) => !present.has(m));
    return `At least one of ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]} is required`;
  },
  updatesListEmpty: `${INVALID}List of GlobalSecondaryIndexUpdates is empty`,
  noAction: `${INVALID}One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null`,
  severalActions: `${INVALID}Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object`,
  sameIndexTwice: (index: string) => `${INVALID}Only one global secondary index update per index is allowed simultaneously. Index: ${index}`,
  deletionProtectionAlone: `${INVALID}DeletionProtection modification must be the only operation in the request`,
  tableClassAlone: `${INVALID}TableClass modification must be the only operation in the request`,
  sseAlone: `${INVALID}Server-Side Encryption modification must be the only operation in the request`,
  indexWithThroughput: `${INVALID}You cannot create or delete index while updating table IOPS`,
  indexWithStream: `${INVALID}You cannot create or delete index while changing stream status`,
  streamWithThroughput: `${INVALID}You cannot modify stream status while updating table IOPS`,
  throughputWithOnDemand: `${INVALID}ProvisionedThroughput cannot be specified when BillingMode is PAY_PER_REQUEST`,
  /** Sqynamo's own: members of UpdateTable it does not implement. */
  unsupported: (member: string) => `Sqynamo does not support ${member} in UpdateTable yet`,
} as const;

const StreamSpecificationSpec = {
  type: 'Structure',
  name: 'StreamSpecification',
  fields: {
    StreamEnabled: { type: 'Boolean', notNull: true },
    StreamViewType: { type: 'String', enum: ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'] },
  },
} as const;

/** UpdateTable's members and their constraints. */
export const UpdateTableSpec: RequestSpec = {
  AttributeDefinitions: {
    type: 'List',
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
  BillingMode: { type: 'String', enum: ['PROVISIONED', 'PAY_PER_REQUEST'] },
  ProvisionedThroughput: ProvisionedThroughputSpec,
  GlobalSecondaryIndexUpdates: {
    type: 'List',
    of: {
      type: 'Structure',
      name: 'GlobalSecondaryIndexUpdate',
      fields: {
        Update: {
          type: 'Structure',
          name: 'UpdateGlobalSecondaryIndexAction',
          fields: { IndexName: IndexDefinitionNameSpec, ProvisionedThroughput: { ...ProvisionedThroughputSpec, notNull: true } },
        },
        Create: {
          type: 'Structure',
          name: 'CreateGlobalSecondaryIndexAction',
          fields: { IndexName: IndexDefinitionNameSpec, KeySchema: keySchemaSpec(), Projection: ProjectionSpec, ProvisionedThroughput: ProvisionedThroughputSpec },
        },
        Delete: { type: 'Structure', name: 'DeleteGlobalSecondaryIndexAction', fields: { IndexName: IndexDefinitionNameSpec } },
      },
    },
  },
  StreamSpecification: StreamSpecificationSpec,
  SSESpecification: {
    type: 'Structure',
    name: 'SSESpecification',
    fields: { Enabled: { type: 'Boolean' }, SSEType: { type: 'String', enum: ['AES256', 'KMS'] }, KMSMasterKeyId: { type: 'String' } },
  },
  ReplicaUpdates: { type: 'List', minLength: 1 },
  TableClass: { type: 'String', enum: ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'] },
  DeletionProtectionEnabled: { type: 'Boolean' },
  MultiRegionConsistency: { type: 'String', enum: ['EVENTUAL', 'STRONG'] },
  OnDemandThroughput: {
    type: 'Structure',
    name: 'OnDemandThroughput',
    fields: { MaxReadRequestUnits: { type: 'Long' }, MaxWriteRequestUnits: { type: 'Long' } },
  },
  WarmThroughput: {
    type: 'Structure',
    name: 'WarmThroughput',
    fields: { ReadUnitsPerSecond: { type: 'Long' }, WriteUnitsPerSecond: { type: 'Long' } },
  },
};

type Throughput = { ReadCapacityUnits: number; WriteCapacityUnits: number };

/** One entry of GlobalSecondaryIndexUpdates: exactly one action. */
export interface GlobalSecondaryIndexUpdate {
  Update?: { IndexName: string; ProvisionedThroughput: Throughput };
  Create?: IndexInput & { KeySchema: KeySchemaElement[] };
  Delete?: { IndexName: string };
}

/** An UpdateTable request after the shape checks. */
export interface UpdateTableInput {
  TableName: string;
  AttributeDefinitions?: AttributeDefinition[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: Throughput;
  GlobalSecondaryIndexUpdates?: GlobalSecondaryIndexUpdate[];
  StreamSpecification?: unknown;
  SSESpecification?: unknown;
  ReplicaUpdates?: unknown[];
  TableClass?: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
  DeletionProtectionEnabled?: boolean;
  MultiRegionConsistency?: string;
  OnDemandThroughput?: unknown;
  WarmThroughput?: unknown;
}

/** The changes a request asks for, by member name ("UpdateStreamEnabled" for StreamSpecification). */
export function requestedChanges(input: UpdateTableInput): Set<string> {
  const changes = new Set<string>();
  const present = (value: unknown) => value !== undefined && value !== null;
  if (present(input.ProvisionedThroughput)) changes.add('ProvisionedThroughput');
  if (present(input.BillingMode)) changes.add('BillingMode');
  if (present(input.StreamSpecification)) changes.add('UpdateStreamEnabled');
  if ((input.GlobalSecondaryIndexUpdates?.length ?? 0) > 0) changes.add('GlobalSecondaryIndexUpdates');
  if (present(input.SSESpecification)) changes.add('SSESpecification');
  if (present(input.ReplicaUpdates)) changes.add('ReplicaUpdates');
  if (present(input.DeletionProtectionEnabled)) changes.add('DeletionProtectionEnabled');
  if (present(input.OnDemandThroughput)) changes.add('OnDemandThroughput');
  if (present(input.WarmThroughput)) changes.add('WarmThroughput');
  if (present(input.TableClass)) changes.add('TableClass');
  return changes;
}

/** The index an update names, whatever its action. */
export const indexNameOf = (update: GlobalSecondaryIndexUpdate): string => (update.Update ?? update.Create ?? update.Delete)!.IndexName;

/** Checks that need no table, in DynamoDB's order. */
export function validateUpdateTable(input: UpdateTableInput): void {
  const changes = requestedChanges(input);
  if (changes.size === 0) throw validation(UPDATE_TABLE_MESSAGES.nothingToUpdate(new Set(input.MultiRegionConsistency !== undefined ? ['MultiRegionConsistency'] : [])));
  const updates = input.GlobalSecondaryIndexUpdates;
  if (updates?.length === 0) throw validation(UPDATE_TABLE_MESSAGES.updatesListEmpty);
  const names = new Set<string>();
  for (const update of updates ?? []) {
    const actions = [update.Update, update.Create, update.Delete].filter((a) => a !== undefined && a !== null).length;
    if (actions === 0) throw validation(UPDATE_TABLE_MESSAGES.noAction);
    if (actions > 1) throw validation(UPDATE_TABLE_MESSAGES.severalActions);
    const name = indexNameOf(update);
    if (names.has(name)) throw validation(UPDATE_TABLE_MESSAGES.sameIndexTwice(name));
    names.add(name);
  }
  const others = (member: string) => [...changes].some((c) => c !== member);
  if (changes.has('DeletionProtectionEnabled') && others('DeletionProtectionEnabled')) throw validation(UPDATE_TABLE_MESSAGES.deletionProtectionAlone);
  if (changes.has('TableClass') && others('TableClass')) throw validation(UPDATE_TABLE_MESSAGES.tableClassAlone);
  if (changes.has('SSESpecification') && others('SSESpecification')) throw validation(UPDATE_TABLE_MESSAGES.sseAlone);
  const createsOrDeletes = (updates ?? []).some((u) => u.Create || u.Delete);
  if (createsOrDeletes && changes.has('ProvisionedThroughput')) throw validation(UPDATE_TABLE_MESSAGES.indexWithThroughput);
  if (createsOrDeletes && changes.has('UpdateStreamEnabled')) throw validation(UPDATE_TABLE_MESSAGES.indexWithStream);
  if (changes.has('UpdateStreamEnabled') && changes.has('ProvisionedThroughput')) throw validation(UPDATE_TABLE_MESSAGES.streamWithThroughput);
  if (input.BillingMode === 'PAY_PER_REQUEST' && input.ProvisionedThroughput) throw validation(UPDATE_TABLE_MESSAGES.throughputWithOnDemand);
  for (const [member, change] of [
    ['StreamSpecification', 'UpdateStreamEnabled'],
    ['SSESpecification', 'SSESpecification'],
    ['ReplicaUpdates', 'ReplicaUpdates'],
    ['OnDemandThroughput', 'OnDemandThroughput'],
    ['WarmThroughput', 'WarmThroughput'],
  ] as const) {
    if (changes.has(change)) throw validation(UPDATE_TABLE_MESSAGES.unsupported(member));
  }
}
