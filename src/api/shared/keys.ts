/** Key checks against a table's schema, with DynamoDB's two wordings (Key members vs Item members). */
import { validation } from '../../errors.js';
import type { AttributeValue, Item } from '../../model/attribute-value.js';
import { typeOf } from '../../model/attribute-value.js';
import { validateKeyValue } from '../../model/validate.js';
import type { PrimaryKey } from '../../storage/types.js';

export const KEY_SCHEMA_MISMATCH = 'The provided key element does not match the schema';

function keyAttributes(key: PrimaryKey): { name: string; type: 'S' | 'N' | 'B'; role: 'partition' | 'sort' }[] {
  const attrs: { name: string; type: 'S' | 'N' | 'B'; role: 'partition' | 'sort' }[] = [{ ...key.partition, role: 'partition' }];
  if (key.sort) attrs.push({ ...key.sort, role: 'sort' });
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
