/**
 * Key checks against a table's schema, with DynamoDB's two wordings (Key members vs Item
 * members), and the words for an item's unusable index key attribute (which storage
 * reports as an IndexKeyProblem).
 */
import { validation, type DynamoDBError } from '../../errors.js';
import type { Item } from '../../model/attribute-value.js';
import { typeOf } from '../../model/attribute-value.js';
import { keyAttributes, type PrimaryKey } from '../../model/keys.js';
import { validateKeyValue } from '../../model/validate.js';
import type { IndexKeyProblem, Table } from '../../storage/types.js';

export const KEY_SCHEMA_MISMATCH = 'The provided key element does not match the schema';

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

/** DynamoDB's texts for an unusable index key attribute in a written item. */
export const INDEX_KEY_MESSAGES = {
  typeMismatch: (name: string, expected: string, actual: string, indexName: string) =>
    `One or more parameter values were invalid: Type mismatch for Index Key ${name} Expected: ${expected} Actual: ${actual} IndexName: ${indexName}`,
  emptyValue: (kind: 'string' | 'binary', indexName: string, name: string) =>
    `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value. IndexName: ${indexName}, IndexKey: ${name}`,
  tooLarge: (name: string, actual: number, max: number, indexName: string) =>
    `One or more parameter values were invalid: Size limit exceeded for Index Key ${name} Actual Size: ${actual} bytes Max Size: ${max} bytes IndexName: ${indexName}`,
} as const;

/** The ValidationException DynamoDB answers for an unusable index key attribute. */
export function indexKeyError(problem: IndexKeyProblem): DynamoDBError {
  switch (problem.kind) {
    case 'type':
      return validation(INDEX_KEY_MESSAGES.typeMismatch(problem.attribute, problem.expected, problem.actual, problem.index));
    case 'empty':
      return validation(INDEX_KEY_MESSAGES.emptyValue(problem.valueType, problem.index, problem.attribute));
    case 'size':
      return validation(INDEX_KEY_MESSAGES.tooLarge(problem.attribute, problem.bytes, problem.max, problem.index));
  }
}

/** Throws DynamoDB's ValidationException when an index key attribute of an item about to be written is unusable. */
export function checkIndexKeys(table: Table, item: Item): void {
  const problem = table.indexKeyProblem(item);
  if (problem) throw indexKeyError(problem);
}
