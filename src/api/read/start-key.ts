/**
 * ExclusiveStartKey: its values (checked before the table is looked up), its attributes
 * against the target's schema (in DynamoDB's order: for an index its index key, then
 * Select ALL_ATTRIBUTES against a GSI's projection, then its table key), and the
 * position it names in the target.
 */
import { DynamoDBError, validation } from '../../errors.js';
import { typeOf, type Item } from '../../model/attribute-value.js';
import { keyAttributeNames, keyAttributes, type PrimaryKey } from '../../model/keys.js';
import { validateItem, validateKeyValue } from '../../model/validate.js';
import type { Position } from '../../storage/types.js';
import type { JsonObject } from '../context.js';
import { checkKey, KEY_SCHEMA_MISMATCH } from '../shared/keys.js';
import { READ_MESSAGES } from './messages.js';
import type { ReadOperation } from './select.js';
import { checkSelectAllAttributes, type ReadTarget } from './target.js';

/** Runs `check`, reporting a ValidationException it throws as "The provided starting key is invalid: <why>". */
export function wrapStartKeyError(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof DynamoDBError && error.code === 'ValidationException') {
      throw validation(READ_MESSAGES.startKeyInvalidBecause(error.message));
    }
    throw error;
  }
}

/**
 * Validates the attribute values of an ExclusiveStartKey (before the table is looked
 * up); a bad value is reported as "The provided starting key is invalid: <why>".
 */
export function validateStartKeyValues(raw: JsonObject | undefined): Item | undefined {
  if (raw == null) return undefined;
  let key: Item | undefined;
  wrapStartKeyError(() => {
    key = validateItem(raw);
  });
  return key;
}

/**
 * A table Query's ExclusiveStartKey must name exactly the key attributes, each of its key
 * type: "The provided starting key is invalid" otherwise, an extra, missing or mistyped
 * attribute alike (as AWS answers a Query, where a Scan adds "The provided key element
 * does not match the schema"; recorded against AWS by the Floci and ExtendDB conformance
 * work on nubo-db/dynamodb-conformance).
 */
function checkQueryTableStartKey(key: PrimaryKey, start: Item): void {
  const names = keyAttributeNames(key);
  if (Object.keys(start).length !== names.length || names.some((name) => start[name] === undefined)) {
    throw validation(READ_MESSAGES.startKeyInvalid);
  }
  const attrs = keyAttributes(key);
  for (const attr of attrs) {
    if (typeOf(start[attr.name]) !== attr.type) throw validation(READ_MESSAGES.startKeyInvalid);
  }
  wrapStartKeyError(() => {
    for (const attr of attrs) validateKeyValue(attr.name, start[attr.name], attr.type, attr.role, 'key');
  });
}

/**
 * The index part of an index read's ExclusiveStartKey: exactly the table and index key
 * attributes, the index key attributes of their types ("The provided starting key is
 * invalid" otherwise, as for a table Query) and usable as keys.
 */
export function checkStartKeyIndexPart(target: ReadTarget, start: Item): void {
  const names = Object.keys(start);
  if (names.length !== target.positionNames.length) throw validation(READ_MESSAGES.startKeyInvalid);
  const roles = [...target.key.partition.map((a) => [a, 'partition'] as const), ...target.key.sort.map((a) => [a, 'sort'] as const)];
  for (const [attr] of roles) {
    const value = start[attr.name];
    if (value === undefined || typeOf(value) !== attr.type) throw validation(READ_MESSAGES.startKeyInvalid);
  }
  wrapStartKeyError(() => {
    for (const [attr, role] of roles) validateKeyValue(attr.name, start[attr.name], attr.type, role, 'key');
  });
}

/**
 * The table part of an index read's ExclusiveStartKey: every table key attribute, of its
 * type ("The provided starting key is invalid: The provided key element does not match
 * the schema" otherwise) and usable as a key.
 */
export function checkStartKeyTablePart(target: ReadTarget, start: Item): void {
  wrapStartKeyError(() => {
    for (const attr of keyAttributes(target.table.key)) {
      const value = start[attr.name];
      if (value === undefined) throw validation(KEY_SCHEMA_MISMATCH);
      validateKeyValue(attr.name, value, attr.type, attr.role, 'key');
    }
  });
}

/**
 * The ExclusiveStartKey checks of a target, with the Select ALL_ATTRIBUTES check of an
 * index between its index part and its table part (DynamoDB's order). A table's start key
 * is a Key member for Scan, and for Query exactly its key attributes.
 */
export function checkStartKey(target: ReadTarget, start: Item | undefined, select: unknown, operation: ReadOperation): void {
  if (target.index) {
    if (start) checkStartKeyIndexPart(target, start);
    checkSelectAllAttributes(target, select);
    if (start) checkStartKeyTablePart(target, start);
  } else if (start) {
    if (operation === 'Query') checkQueryTableStartKey(target.table.key, start);
    else wrapStartKeyError(() => checkKey(target.table.key, start));
  }
}

/** The position of a checked ExclusiveStartKey in the target's order. */
export function startPosition(target: ReadTarget, start: Item): Position {
  const tableKey = target.table.encodeKey(start);
  if (!target.index) return tableKey;
  const indexKey = target.index.keyOf(start);
  if (!indexKey) throw validation(READ_MESSAGES.startKeyInvalid);
  return { h: indexKey.h, r: indexKey.r, th: tableKey.h, tr: tableKey.r };
}
