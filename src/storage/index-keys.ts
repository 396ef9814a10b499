/**
 * Secondary index keys and entries, as pure functions: which attributes make an item's
 * index key, how the key is encoded (key-layout.ts: the table's encoding for one
 * attribute, a tuple for several), what the index stores of the item (its projection),
 * and what is wrong with an index key attribute a write carries ({@link IndexKeyProblem};
 * the API layer words it as DynamoDB does).
 *
 * An item is in an index only when it has every index key attribute ("sparse" indexes).
 * Items stored before a GSI was added may carry an attribute of the wrong type, an empty
 * string or an oversized value: DynamoDB leaves those out of the index (an "index key
 * violation"), and so does {@link indexKeyOf}.
 */
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { typeOf } from '../model/attribute-value.js';
import { MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES } from '../model/validate.js';
import { encodePartition, encodeSort } from './key-layout.js';
import type {
  AttributeDefinition,
  EncodedKey,
  GlobalSecondaryIndexDefinition,
  IndexKey,
  IndexKeyProblem,
  KeyAttribute,
  KeySchemaElement,
  LocalSecondaryIndexDefinition,
  PrimaryKey,
  Projection,
  TableDefinition,
} from './types.js';

/** What entry computation needs to know of an index. */
export interface IndexLayout {
  readonly name: string;
  readonly key: IndexKey;
  readonly projection: Projection;
  /** The table's key attribute names: always projected. */
  readonly tableKeyNames: readonly string[];
}

/** Resolves a table's primary key from its KeySchema and AttributeDefinitions. */
export function primaryKeyOf(def: Pick<TableDefinition, 'KeySchema' | 'AttributeDefinitions'>): PrimaryKey {
  const typeOf = (name: string) => def.AttributeDefinitions.find((d) => d.AttributeName === name)!.AttributeType;
  const hash = def.KeySchema.find((k) => k.KeyType === 'HASH')!;
  const range = def.KeySchema.find((k) => k.KeyType === 'RANGE');
  return {
    partition: { name: hash.AttributeName, type: typeOf(hash.AttributeName) },
    ...(range ? { sort: { name: range.AttributeName, type: typeOf(range.AttributeName) } } : {}),
  };
}

/** Every index of a definition, LSIs first, with its kind. */
export function indexesOf(def: TableDefinition): { kind: 'LOCAL' | 'GLOBAL'; index: LocalSecondaryIndexDefinition | GlobalSecondaryIndexDefinition }[] {
  return [
    ...(def.LocalSecondaryIndexes ?? []).map((index) => ({ kind: 'LOCAL' as const, index })),
    ...(def.GlobalSecondaryIndexes ?? []).map((index) => ({ kind: 'GLOBAL' as const, index })),
  ];
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

/** Why one present index key value cannot be indexed; undefined when it can. */
function valueProblem(attr: KeyAttribute, value: AttributeValue, maxBytes: number, index: string): IndexKeyProblem | undefined {
  const actual = typeOf(value);
  if (actual !== attr.type) return { kind: 'type', index, attribute: attr.name, expected: attr.type, actual };
  const bytes = keyBytes(value);
  if (bytes === 0 && actual !== 'N') return { kind: 'empty', index, attribute: attr.name, valueType: actual === 'S' ? 'string' : 'binary' };
  if (bytes > maxBytes) return { kind: 'size', index, attribute: attr.name, bytes, max: maxBytes };
  return undefined;
}

/**
 * The first index key attribute of `item` (partition attributes, then sort attributes)
 * that is present but unusable, or undefined. Absent attributes are fine: the item is
 * then simply not in the index.
 */
export function indexKeyProblem(layout: IndexLayout, item: Item): IndexKeyProblem | undefined {
  const check = (attrs: readonly KeyAttribute[], maxBytes: number): IndexKeyProblem | undefined => {
    for (const attr of attrs) {
      const value = item[attr.name];
      if (value === undefined) continue;
      const problem = valueProblem(attr, value, maxBytes, layout.name);
      if (problem) return problem;
    }
    return undefined;
  };
  return check(layout.key.partition, MAX_PARTITION_KEY_BYTES) ?? check(layout.key.sort, MAX_SORT_KEY_BYTES);
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
  return { h: encodePartition(partition), r: encodeSort(sort) };
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
  const out: Item = {};
  for (const name of names) {
    const value = item[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Attribute names some key schema of the definition (table, LSIs, GSIs) uses. */
export function schemaAttributeNames(def: Pick<TableDefinition, 'KeySchema' | 'LocalSecondaryIndexes' | 'GlobalSecondaryIndexes'>): Set<string> {
  const names = new Set<string>();
  for (const schema of [def.KeySchema, ...(def.LocalSecondaryIndexes ?? []).map((i) => i.KeySchema), ...(def.GlobalSecondaryIndexes ?? []).map((i) => i.KeySchema)]) {
    for (const k of schema) names.add(k.AttributeName);
  }
  return names;
}

/** The definition without AttributeDefinitions no key schema uses (as DynamoDB prunes them after a GSI delete). */
export function pruneAttributeDefinitions(def: TableDefinition): TableDefinition {
  const used = schemaAttributeNames(def);
  return { ...def, AttributeDefinitions: def.AttributeDefinitions.filter((d) => used.has(d.AttributeName)) };
}
