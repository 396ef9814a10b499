/**
 * Secondary index definitions at CreateTable and UpdateTable: the request shapes, the
 * semantic checks in DynamoDB's order with its messages, and the catalog definitions
 * built from a valid request.
 *
 * Messages come from DynamoDB's answers as recorded by tests run against it (dynalite's
 * test suite, the ack-api-quirks DynamoDB lab, nubo-db/dynamodb-conformance) and from
 * users' reports; see each constant.
 */
import { randomBytes } from 'node:crypto';
import { validation } from '../../errors.js';
import { MAX_KEY_ATTRIBUTES_PER_PART } from '../../model/keys.js';
import type {
  AttributeDefinition,
  GlobalSecondaryIndexDefinition,
  IndexStatus,
  KeySchemaElement,
  LocalSecondaryIndexDefinition,
  Projection,
  ProjectionType,
  ThroughputSettings,
} from '../../storage/types.js';
import { javaHashSetOrder } from './hash-set-order.js';

const INVALID = 'One or more parameter values were invalid: ';

/** Up to five LSIs, twenty GSIs, a hundred INCLUDE attributes over all indexes; four attributes per GSI key part. */
export const INDEX_LIMITS = { localIndexes: 5, globalIndexes: 20, nonKeyAttributes: 100, keyAttributesPerPart: MAX_KEY_ATTRIBUTES_PER_PART } as const;

/** DynamoDB's texts for invalid key schemas and index definitions. */
export const INDEX_MESSAGES = {
  attributeDuplicated: (name: string) => `Attribute Name is duplicated: ${name}`,
  keyWithoutDefinition: 'Invalid KeySchema: Some index key attribute have no definition',
  keysNotDefined: (keys: readonly string[], definitions: readonly string[]) =>
    `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${definitions.join(', ')}]`,
  definitionsNotUsed: (definitions: readonly string[], used: readonly string[]) =>
    `${INVALID}Some AttributeDefinitions are not used. AttributeDefinitions: [${definitions.join(', ')}], keys used: [${used.join(', ')}]`,
  definitionCountMismatch: `${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`,
  firstNotHash: 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type',
  secondNotRange: 'Invalid KeySchema: The second KeySchemaElement is not a RANGE key type',
  hashRangeSameName: 'Both the Hash Key and the Range Key element in the KeySchema have the same name',
  duplicateKeyAttribute: 'The KeySchema contains multiple key attributes with the same name',
  hashAfterRange: `${INVALID}All HASH key attributes must precede RANGE key attributes in the KeySchema`,
  tooManyHashAttributes: `${INVALID}The KeySchema exceeds the maximum allowed number of HASH key attributes`,
  tooManyRangeAttributes: `${INVALID}The KeySchema exceeds the maximum allowed number of RANGE key attributes`,
  localListEmpty: `${INVALID}List of LocalSecondaryIndexes is empty`,
  globalListEmpty: `${INVALID}List of GlobalSecondaryIndexes is empty`,
  tableWithoutRange: `${INVALID}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`,
  localWithoutRange: (index: string) => `${INVALID}Index KeySchema does not have a range key for index: ${index}`,
  localHashMismatch: (index: string, indexHash: string, tableHash: string) =>
    `${INVALID}Index KeySchema does not have the same leading hash key as table KeySchema for index: ${index}. index hash key: ${indexHash}, table hash key: ${tableHash}`,
  tooManyLocal: `${INVALID}Number of LocalSecondaryIndexes exceeds per-table limit of 5`,
  tooManyGlobal: `${INVALID}GlobalSecondaryIndex count exceeds the per-table limit of 20`,
  duplicateIndexName: (index: string) => `${INVALID}Duplicate index name: ${index}`,
  unknownProjectionType: `${INVALID}Unknown ProjectionType: null`,
  nonKeyAttributesNotAllowed: (type: ProjectionType) => `${INVALID}ProjectionType is ${type}, but NonKeyAttributes is specified`,
  nonKeyAttributesMissing: `${INVALID}ProjectionType is INCLUDE, but NonKeyAttributes is not specified`,
  duplicateNonKeyAttribute: (name: string) => `${INVALID}Duplicate element in NonKeyAttributes: ${name}`,
  /** Not confirmed against DynamoDB: no recorded answer for more than 100 projected attributes. */
  tooManyNonKeyAttributes: `${INVALID}Number of NonKeyAttributes in all indexes exceeds the per-table limit of 100`,
  globalThroughputNotAllowed: (index: string) => `${INVALID}ProvisionedThroughput should not be specified for index: ${index} when BillingMode is PAY_PER_REQUEST`,
  globalThroughputMissing: (index: string) => `${INVALID}ProvisionedThroughput is not specified for index: ${index}`,
} as const;

/** An index as a request carries it (after the shape checks). */
export interface IndexInput {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType?: ProjectionType; NonKeyAttributes?: string[] };
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
}

/** A table's billing mode. */
export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

// ---------------------------------------------------------------- checks

/** AttributeDefinitions must not name an attribute twice. */
export function checkDefinitionsUnique(definitions: readonly AttributeDefinition[]): void {
  const seen = new Set<string>();
  for (const d of definitions) {
    if (seen.has(d.AttributeName)) throw validation(INDEX_MESSAGES.attributeDuplicated(d.AttributeName));
    seen.add(d.AttributeName);
  }
}

/** Every attribute of a key schema must be defined. */
export function checkKeysDefined(keySchema: readonly KeySchemaElement[], definitions: readonly AttributeDefinition[]): void {
  const defined = new Set(definitions.map((d) => d.AttributeName));
  if (keySchema.every((k) => defined.has(k.AttributeName))) return;
  throw validation(
    INDEX_MESSAGES.keysNotDefined(
      javaHashSetOrder(keySchema.map((k) => k.AttributeName)),
      definitions.map((d) => d.AttributeName),
    ),
  );
}

/** A table's (or LSI's) key schema: a HASH element, then at most one RANGE element of another name. */
export function checkTableKeySchema(keySchema: readonly KeySchemaElement[]): void {
  const [first, second] = keySchema;
  if (second && second.AttributeName === first.AttributeName) throw validation(INDEX_MESSAGES.hashRangeSameName);
  if (first.KeyType !== 'HASH') throw validation(INDEX_MESSAGES.firstNotHash);
  if (second && second.KeyType !== 'RANGE') throw validation(INDEX_MESSAGES.secondNotRange);
}

/** A GSI key schema: one to four HASH elements, then up to four RANGE elements, no name twice. */
export function checkGlobalKeySchema(keySchema: readonly KeySchemaElement[]): void {
  if (keySchema[0].KeyType !== 'HASH') throw validation(INDEX_MESSAGES.firstNotHash);
  const names = keySchema.map((k) => k.AttributeName);
  if (new Set(names).size !== names.length) {
    const pair = keySchema.length === 2 && keySchema[1].KeyType === 'RANGE';
    throw validation(pair ? INDEX_MESSAGES.hashRangeSameName : INDEX_MESSAGES.duplicateKeyAttribute);
  }
  const firstRange = keySchema.findIndex((k) => k.KeyType === 'RANGE');
  if (firstRange >= 0 && keySchema.slice(firstRange).some((k) => k.KeyType === 'HASH')) throw validation(INDEX_MESSAGES.hashAfterRange);
  const hashes = keySchema.filter((k) => k.KeyType === 'HASH').length;
  if (hashes > INDEX_LIMITS.keyAttributesPerPart) throw validation(INDEX_MESSAGES.tooManyHashAttributes);
  if (keySchema.length - hashes > INDEX_LIMITS.keyAttributesPerPart) throw validation(INDEX_MESSAGES.tooManyRangeAttributes);
}

/** An LSI: the table's partition key, then its own sort key. */
export function checkLocalKeySchema(index: IndexInput, tableKeySchema: readonly KeySchemaElement[]): void {
  checkTableKeySchema(index.KeySchema);
  if (index.KeySchema.length !== 2) throw validation(INDEX_MESSAGES.localWithoutRange(index.IndexName));
  const indexHash = index.KeySchema[0].AttributeName;
  const tableHash = tableKeySchema[0].AttributeName;
  if (indexHash !== tableHash) throw validation(INDEX_MESSAGES.localHashMismatch(index.IndexName, indexHash, tableHash));
}

/** A projection: a type; NonKeyAttributes with INCLUDE only, and then required and distinct. */
export function checkProjection(projection: IndexInput['Projection']): void {
  const type = projection.ProjectionType;
  if (type === undefined) throw validation(INDEX_MESSAGES.unknownProjectionType);
  const attributes = projection.NonKeyAttributes;
  if (type !== 'INCLUDE') {
    if (attributes) throw validation(INDEX_MESSAGES.nonKeyAttributesNotAllowed(type));
    return;
  }
  if (!attributes) throw validation(INDEX_MESSAGES.nonKeyAttributesMissing);
  const seen = new Set<string>();
  for (const name of attributes) {
    if (seen.has(name)) throw validation(INDEX_MESSAGES.duplicateNonKeyAttribute(name));
    seen.add(name);
  }
}

/** NonKeyAttributes summed over the indexes (the same name in two indexes counts twice). */
export function nonKeyAttributeCount(indexes: readonly { Projection: IndexInput['Projection'] }[]): number {
  return indexes.reduce((n, index) => n + (index.Projection.NonKeyAttributes?.length ?? 0), 0);
}

/** A CreateTable GSI's throughput must follow the table's billing mode. */
export function checkGlobalThroughput(index: IndexInput, billing: BillingMode): void {
  if (billing === 'PAY_PER_REQUEST' && index.ProvisionedThroughput) throw validation(INDEX_MESSAGES.globalThroughputNotAllowed(index.IndexName));
  if (billing === 'PROVISIONED' && !index.ProvisionedThroughput) throw validation(INDEX_MESSAGES.globalThroughputMissing(index.IndexName));
}

// ---------------------------------------------------------------- definitions

/** A fresh storage id for an index (names may be reused after a delete). */
export const newIndexId = (): string => randomBytes(8).toString('hex');

const projectionOf = (projection: IndexInput['Projection']): Projection => ({
  ProjectionType: projection.ProjectionType!,
  ...(projection.NonKeyAttributes ? { NonKeyAttributes: [...projection.NonKeyAttributes] } : {}),
});

const keySchemaOf = (keySchema: readonly KeySchemaElement[]): KeySchemaElement[] => keySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType }));

/** The catalog definition of a validated LSI. */
export function localIndexDefinition(index: IndexInput): LocalSecondaryIndexDefinition {
  return { IndexName: index.IndexName, IndexId: newIndexId(), KeySchema: keySchemaOf(index.KeySchema), Projection: projectionOf(index.Projection) };
}

/** The catalog definition of a validated GSI (zero throughput under PAY_PER_REQUEST). */
export function globalIndexDefinition(index: IndexInput, status: IndexStatus, backfilling: boolean): GlobalSecondaryIndexDefinition {
  const throughput: ThroughputSettings = index.ProvisionedThroughput
    ? { ReadCapacityUnits: Math.trunc(index.ProvisionedThroughput.ReadCapacityUnits), WriteCapacityUnits: Math.trunc(index.ProvisionedThroughput.WriteCapacityUnits) }
    : { ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
  return {
    IndexName: index.IndexName,
    IndexId: newIndexId(),
    KeySchema: keySchemaOf(index.KeySchema),
    Projection: projectionOf(index.Projection),
    ProvisionedThroughput: throughput,
    IndexStatus: status,
    ...(backfilling ? { Backfilling: true } : {}),
  };
}
