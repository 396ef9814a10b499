/**
 * Secondary index keys and entries, as pure functions: which attributes make an item's
 * index key, how the key is encoded (the table's encoding for one attribute, a tuple for
 * several), what the index stores of the item (its projection), and the ValidationException
 * DynamoDB answers when a write carries an unusable index key attribute.
 *
 * An item is in an index only when it has every index key attribute ("sparse" indexes).
 * Items stored before a GSI was added may carry an attribute of the wrong type, an empty
 * string or an oversized value: DynamoDB leaves those out of the index (an "index key
 * violation"), and so does {@link indexKeyOf}.
 */
import { validation, type DynamoDBError } from '../errors.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { typeOf } from '../model/attribute-value.js';
import { encodeKeyTuple, encodeKeyValue, partitionHash } from '../model/key-codec.js';
import { MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES } from '../model/validate.js';
import type { AttributeDefinition, EncodedKey, IndexKey, KeyAttribute, KeySchemaElement, Projection, TableDefinition } from './types.js';
import { emptyRecord } from '../model/records.js';

const EMPTY = Buffer.alloc(0);

/** DynamoDB's texts for an unusable index key attribute in a written item. */
export const INDEX_KEY_MESSAGES = {
  typeMismatch: (name: string, expected: string, actual: string, indexName: string) =>
    `One or more parameter values were invalid: Type mismatch for Index Key ${name} Expected: ${expected} Actual: ${actual} IndexName: ${indexName}`,
  emptyValue: (kind: 'string' | 'binary', indexName: string, name: string) =>
    `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value. IndexName: ${indexName}, IndexKey: ${name}`,
  tooLarge: (name: string, actual: number, max: number, indexName: string) =>
    `One or more parameter values were invalid: Size limit exceeded for Index Key ${name} Actual Size: ${actual} bytes Max Size: ${max} bytes IndexName: ${indexName}`,
} as const;

/** What entry computation needs to know of an index. */
export interface IndexLayout {
  readonly name: string;
  readonly key: IndexKey;
  readonly projection: Projection;
  /** The table's key attribute names: always projected. */
  readonly tableKeyNames: readonly string[];
}

/** Resolves an index KeySchema against AttributeDefinitions (every key attribute must be defined). */
export function resolveIndexKey(keySchema: readonly KeySchemaElement[], attributeDefinitions: readonly AttributeDefinition[]): IndexKey {
  const attribute = (name: string): KeyAttribute => {
    const def = attributeDefinitions.find((d) => d.AttributeName === name);
    if (!def) throw new Error(`index key attribute ${name} has no definition`);
    return { name, type: def.AttributeType };
  };
  return {
    partition: keySchema.filter((k) => k.KeyType === 'HASH').map((k) => attribute(k.AttributeName)),
    sort: keySchema.filter((k) => k.KeyType === 'RANGE').map((k) => attribute(k.AttributeName)),
  };
}

/** Byte length DynamoDB counts for a key value (numbers are always small enough). */
function keyBytes(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S, 'utf8');
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  return 0;
}

/** Why one present index key value cannot be indexed, as DynamoDB words it; undefined when it can. */
function valueProblem(attr: KeyAttribute, value: AttributeValue, maxBytes: number, indexName: string): string | undefined {
  const actual = typeOf(value);
  if (actual !== attr.type) return INDEX_KEY_MESSAGES.typeMismatch(attr.name, attr.type, actual, indexName);
  const bytes = keyBytes(value);
  if (bytes === 0 && actual !== 'N') return INDEX_KEY_MESSAGES.emptyValue(actual === 'S' ? 'string' : 'binary', indexName, attr.name);
  if (bytes > maxBytes) return INDEX_KEY_MESSAGES.tooLarge(attr.name, bytes, maxBytes, indexName);
  return undefined;
}

/**
 * The ValidationException for the first index key attribute of `item` (partition
 * attributes, then sort attributes) that is present but unusable, or undefined.
 * Absent attributes are fine: the item is then simply not in the index.
 */
export function indexKeyViolation(layout: IndexLayout, item: Item): DynamoDBError | undefined {
  const check = (attrs: readonly KeyAttribute[], maxBytes: number): string | undefined => {
    for (const attr of attrs) {
      const value = item[attr.name];
      if (value === undefined) continue;
      const problem = valueProblem(attr, value, maxBytes, layout.name);
      if (problem) return problem;
    }
    return undefined;
  };
  const problem = check(layout.key.partition, MAX_PARTITION_KEY_BYTES) ?? check(layout.key.sort, MAX_SORT_KEY_BYTES);
  return problem === undefined ? undefined : validation(problem);
}

/** Encoded index partition (h): 4-byte hash of the encoded key, then the key itself. */
export function encodeIndexPartition(values: readonly AttributeValue[]): Buffer {
  const encoded = values.length === 1 ? encodeKeyValue(values[0]) : encodeKeyTuple(values);
  return Buffer.concat([partitionHash(encoded), encoded]);
}

/** Encoded index sort key (r): empty without sort attributes. */
export function encodeIndexSort(values: readonly AttributeValue[]): Buffer {
  if (values.length === 0) return EMPTY;
  return values.length === 1 ? encodeKeyValue(values[0]) : encodeKeyTuple(values);
}

/**
 * For a multi-attribute sort key: every encoded sort key whose leading attributes equal
 * the values that `encodeKeyTuple(leading)` encoded lies in [prefix, tuplePrefixEnd(prefix)).
 * (Each tuple component ends with 0x00 0x00; raising the last byte bounds the prefix.)
 */
export function tuplePrefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  end[end.length - 1] += 1;
  return end;
}

function usableValues(attrs: readonly KeyAttribute[], item: Item, maxBytes: number, indexName: string): AttributeValue[] | undefined {
  const values: AttributeValue[] = [];
  for (const attr of attrs) {
    const value = item[attr.name];
    if (value === undefined || valueProblem(attr, value, maxBytes, indexName) !== undefined) return undefined;
    values.push(value);
  }
  return values;
}

/** The encoded index key of an item, or undefined when the item is not in the index. */
export function indexKeyOf(layout: IndexLayout, item: Item): EncodedKey | undefined {
  const partition = usableValues(layout.key.partition, item, MAX_PARTITION_KEY_BYTES, layout.name);
  if (!partition) return undefined;
  const sort = usableValues(layout.key.sort, item, MAX_SORT_KEY_BYTES, layout.name);
  if (!sort) return undefined;
  return { h: encodeIndexPartition(partition), r: encodeIndexSort(sort) };
}

/**
 * What the index stores of an item: everything (ALL), or the table key and index key
 * attributes plus, for INCLUDE, the listed non-key attributes the item has.
 */
export function projectItem(layout: IndexLayout, item: Item): Item {
  if (layout.projection.ProjectionType === 'ALL') return item;
  const names = [
    ...layout.tableKeyNames,
    ...layout.key.partition.map((a) => a.name),
    ...layout.key.sort.map((a) => a.name),
    ...(layout.projection.ProjectionType === 'INCLUDE' ? (layout.projection.NonKeyAttributes ?? []) : []),
  ];
  const out: Item = emptyRecord<AttributeValue>();
  for (const name of names) {
    const value = item[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Attribute names some key schema of the definition (table, LSIs, GSIs) uses. */
export function keyAttributeNames(def: Pick<TableDefinition, 'KeySchema' | 'LocalSecondaryIndexes' | 'GlobalSecondaryIndexes'>): Set<string> {
  const names = new Set<string>();
  for (const schema of [def.KeySchema, ...(def.LocalSecondaryIndexes ?? []).map((i) => i.KeySchema), ...(def.GlobalSecondaryIndexes ?? []).map((i) => i.KeySchema)]) {
    for (const k of schema) names.add(k.AttributeName);
  }
  return names;
}

/** The definition without AttributeDefinitions no key schema uses (as DynamoDB prunes them after a GSI delete). */
export function pruneAttributeDefinitions(def: TableDefinition): TableDefinition {
  const used = keyAttributeNames(def);
  return { ...def, AttributeDefinitions: def.AttributeDefinitions.filter((d) => used.has(d.AttributeName)) };
}
