/** Catalog definitions for tests of storage and the read path (what CreateTable would have stored). */
import { randomBytes, randomUUID } from 'node:crypto';
import type { GlobalSecondaryIndexDefinition, KeySchemaElement, LocalSecondaryIndexDefinition, Projection, TableDefinition } from '../../src/storage/types.js';

const ZERO = { ReadCapacityUnits: 0, WriteCapacityUnits: 0 };

const keySchema = (keys: readonly [string, 'HASH' | 'RANGE'][]): KeySchemaElement[] => keys.map(([AttributeName, KeyType]) => ({ AttributeName, KeyType }));

/** A fresh index storage id. */
const indexId = (): string => randomBytes(8).toString('hex');

export function lsiDefinition(name: string, keys: [string, 'HASH' | 'RANGE'][], projection: Projection = { ProjectionType: 'ALL' }): LocalSecondaryIndexDefinition {
  return { IndexName: name, IndexId: indexId(), KeySchema: keySchema(keys), Projection: projection };
}

export function gsiDefinition(
  name: string,
  keys: [string, 'HASH' | 'RANGE'][],
  projection: Projection = { ProjectionType: 'ALL' },
  extra: Partial<GlobalSecondaryIndexDefinition> = {},
): GlobalSecondaryIndexDefinition {
  return { ...lsiDefinition(name, keys, projection), ProvisionedThroughput: ZERO, IndexStatus: 'ACTIVE', ...extra };
}

/**
 * An on-demand table 'Things' keyed by (pk S, sk N), with the attributes `types` defines
 * besides (default: g S, n N, l S), for its indexes.
 */
export function tableDefinition(extra: Partial<TableDefinition> = {}, types: Record<string, 'S' | 'N' | 'B'> = { g: 'S', n: 'N', l: 'S' }): TableDefinition {
  return {
    TableName: 'Things',
    TableId: randomUUID(),
    KeySchema: keySchema([
      ['pk', 'HASH'],
      ['sk', 'RANGE'],
    ]),
    AttributeDefinitions: Object.entries({ pk: 'S', sk: 'N', ...types }).map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType: AttributeType as 'S' | 'N' | 'B' })),
    BillingMode: 'PAY_PER_REQUEST',
    ProvisionedThroughput: ZERO,
    CreationDateTime: 0,
    DeletionProtectionEnabled: false,
    Tags: [],
    TableClass: 'STANDARD',
    ...extra,
  };
}
