/**
 * Tables for tests, in one line: `tableInput('Things', 'pk:S sk:N')` is the CreateTable
 * input of an on-demand table with that key. Key specs name attributes with their types:
 * `'pk:S'` (a partition key), `'pk:S sk:N'` (partition, then sort key), and for a GSI's
 * multi-attribute key `'a:S b:N | c:S'` (partition attributes, then sort attributes).
 * AttributeDefinitions are derived from the table's and its indexes' keys.
 */
import { CreateTableCommand, type CreateTableCommandInput, type DynamoDBClient, type GlobalSecondaryIndex, type LocalSecondaryIndex, type Projection, type TableDescription } from '@aws-sdk/client-dynamodb';

type ScalarType = 'S' | 'N' | 'B';
type KeyRole = 'HASH' | 'RANGE';

/** A KeySchema from (name, role) pairs. */
export const keySchema = (...keys: [string, KeyRole][]) => keys.map(([AttributeName, KeyType]) => ({ AttributeName, KeyType }));

/** AttributeDefinitions from (name, type) pairs. */
export const defs = (...attrs: [string, ScalarType][]) => attrs.map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));

/** The (name, role, type) of each attribute of a key spec (see the module comment). */
function parseKey(spec: string): { name: string; role: KeyRole; type: ScalarType }[] {
  const [hashPart, rangePart] = spec.includes('|') ? spec.split('|') : [undefined, undefined];
  const attribute = (token: string, role: KeyRole) => {
    const [name, type] = token.split(':');
    if (!name || (type !== 'S' && type !== 'N' && type !== 'B')) throw new Error(`bad key attribute '${token}' in '${spec}'`);
    return { name, role, type: type as ScalarType };
  };
  const tokens = (text: string) => text.trim().split(/\s+/).filter(Boolean);
  if (hashPart !== undefined) return [...tokens(hashPart).map((t) => attribute(t, 'HASH')), ...tokens(rangePart ?? '').map((t) => attribute(t, 'RANGE'))];
  return tokens(spec).map((t, i) => attribute(t, i === 0 ? 'HASH' : 'RANGE'));
}

/** Attribute types the key specs of a table and its indexes name, in order of appearance. */
const typesOf = new WeakMap<object, [string, ScalarType][]>();

const schemaOf = (spec: string) => parseKey(spec).map((a) => ({ AttributeName: a.name, KeyType: a.role }));

/** A GSI (projection ALL by default). */
export function gsi(IndexName: string, key: string, Projection: Projection = { ProjectionType: 'ALL' }, extra: Partial<GlobalSecondaryIndex> = {}): GlobalSecondaryIndex {
  const index = { IndexName, KeySchema: schemaOf(key), Projection, ...extra };
  typesOf.set(index, parseKey(key).map((a) => [a.name, a.type]));
  return index;
}

/** An LSI (projection ALL by default); its key spec names the table's partition key too. */
export function lsi(IndexName: string, key: string, Projection: Projection = { ProjectionType: 'ALL' }): LocalSecondaryIndex {
  const index = { IndexName, KeySchema: schemaOf(key), Projection };
  typesOf.set(index, parseKey(key).map((a) => [a.name, a.type]));
  return index;
}

/**
 * The CreateTable input of an on-demand table (PAY_PER_REQUEST unless `extra` says
 * otherwise) with key `key`, its indexes' attributes defined as their key specs say.
 */
export function tableInput(TableName: string, key: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput {
  const types = new Map<string, ScalarType>(parseKey(key).map((a) => [a.name, a.type]));
  for (const index of [...(extra.LocalSecondaryIndexes ?? []), ...(extra.GlobalSecondaryIndexes ?? [])]) {
    for (const [name, type] of typesOf.get(index) ?? []) if (!types.has(name)) types.set(name, type);
  }
  return {
    TableName,
    KeySchema: schemaOf(key),
    AttributeDefinitions: [...types].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    ...(extra.ProvisionedThroughput ? {} : { BillingMode: 'PAY_PER_REQUEST' }),
    ...extra,
  };
}

/** Creates a table (see {@link tableInput}) and returns its description. */
export async function createTable(db: DynamoDBClient, name: string, key: string, extra: Partial<CreateTableCommandInput> = {}): Promise<TableDescription> {
  return (await db.send(new CreateTableCommand(tableInput(name, key, extra)))).TableDescription!;
}
