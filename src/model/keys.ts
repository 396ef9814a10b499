/**
 * A table's primary key as the API and storage both see it: the partition attribute and
 * the optional sort attribute, each with its scalar type. The attribute lists are built
 * once per (immutable) key: every item request asks for them.
 */
import type { ScalarKeyType } from './attribute-value.js';

/** At most this many attributes in each part (partition, sort) of a multi-attribute GSI key. */
export const MAX_KEY_ATTRIBUTES_PER_PART = 4;

/** One key attribute, with its type from AttributeDefinitions. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: ScalarKeyType;
}

/** The table's primary key, resolved from KeySchema + AttributeDefinitions. */
export interface PrimaryKey {
  readonly partition: KeyAttribute;
  readonly sort?: KeyAttribute;
}

/** A key attribute with its role in the key. */
export interface KeyRole extends KeyAttribute {
  readonly role: 'partition' | 'sort';
}

const roles = new WeakMap<PrimaryKey, readonly KeyRole[]>();
const parts = new WeakMap<PrimaryKey, { readonly partition: readonly KeyAttribute[]; readonly sort: readonly KeyAttribute[] }>();
const names = new WeakMap<PrimaryKey, readonly string[]>();

/** The key attributes, partition first, with their roles. */
export function keyAttributes(key: PrimaryKey): readonly KeyRole[] {
  let attrs = roles.get(key);
  if (!attrs) {
    attrs = Object.freeze([{ ...key.partition, role: 'partition' as const }, ...(key.sort ? [{ ...key.sort, role: 'sort' as const }] : [])]);
    roles.set(key, attrs);
  }
  return attrs;
}

/** The key attribute names, partition first. */
export function keyAttributeNames(key: PrimaryKey): readonly string[] {
  let list = names.get(key);
  if (!list) {
    list = Object.freeze(key.sort ? [key.partition.name, key.sort.name] : [key.partition.name]);
    names.set(key, list);
  }
  return list;
}

/** The key as an index key's parts (one attribute each, or no sort attribute). */
export function keyParts(key: PrimaryKey): { readonly partition: readonly KeyAttribute[]; readonly sort: readonly KeyAttribute[] } {
  let out = parts.get(key);
  if (!out) {
    out = Object.freeze({ partition: [key.partition], sort: key.sort ? [key.sort] : [] });
    parts.set(key, out);
  }
  return out;
}
