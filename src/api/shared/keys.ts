/** Key checks against a table's schema, with DynamoDB's two wordings (Key members vs Item members). */
import { validation } from '../../errors.js';
import type { AttributeValue, Item } from '../../model/attribute-value.js';
import { typeOf } from '../../model/attribute-value.js';
import { validateKeyValue } from '../../model/validate.js';
import type { PrimaryKey } from '../../storage/types.js';

export const KEY_SCHEMA_MISMATCH = 'The provided key element does not match the schema';

type KeyAttribute = { readonly name: string; readonly type: 'S' | 'N' | 'B'; readonly role: 'partition' | 'sort' };

/** Key attribute lists per (immutable) PrimaryKey, built once: this runs on every item request. */
const attributeLists = new WeakMap<PrimaryKey, readonly KeyAttribute[]>();

function keyAttributes(key: PrimaryKey): readonly KeyAttribute[] {
  let attrs = attributeLists.get(key);
  if (!attrs) {
    attrs = Object.freeze([{ ...key.partition, role: 'partition' as const }, ...(key.sort ? [{ ...key.sort, role: 'sort' as const }] : [])]);
    attributeLists.set(key, attrs);
  }
  return attrs;
}

/**
 * A `Key` member (GetItem, DeleteItem, UpdateItem...): exactly the key attributes, of the
 * key types. Values must already be validated (validateItem).
 */
export function checkKey(key: PrimaryKey, value: Item): Item {
  const attrs = keyAttributes(key);
  const names = Object.keys(value);
  if (names.length !== attrs.length) throw validation(KEY_SCHEMA_MISMATCH);
  for (const attr of attrs) {
    const v = value[attr.name];
    if (v === undefined || typeOf(v) !== attr.type) throw validation(KEY_SCHEMA_MISMATCH);
    validateKeyValue(attr.name, v, attr.type, attr.role);
  }
  return value;
}

/** An `Item` member (PutItem): must contain every key attribute, of the key types. */
export function checkItemKey(key: PrimaryKey, item: Item): void {
  for (const attr of keyAttributes(key)) {
    if (item[attr.name] === undefined) throw validation(`One or more parameter values were invalid: Missing the key ${attr.name} in the item`);
  }
  for (const attr of keyAttributes(key)) validateKeyValue(attr.name, item[attr.name], attr.type, attr.role);
}

/** Just the key attributes of an item. */
export function keyOf(key: PrimaryKey, item: Item): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = { [key.partition.name]: item[key.partition.name] };
  if (key.sort) out[key.sort.name] = item[key.sort.name];
  return out;
}
