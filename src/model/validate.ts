/**
 * Semantic validation of attribute values, after the request's shape check
 * (api/shared/shape.ts has already checked every member's JSON type).
 *
 * Checks and messages follow DynamoDB: each attribute value holds exactly one type,
 * sets are non-empty and duplicate-free, numbers are valid DynamoDB numbers, NULL is
 * true, documents nest at most 32 levels, attribute names are non-empty and < 64 KB.
 * Empty strings and empty binary values are allowed (except in keys: validateKeyValue).
 *
 * Wording: the long-standing form still answered by most regions (us-east-1). Some
 * regions were seen in 2026 wrapping these in "1 validation error detected: " and
 * rendering collections as ["a", "a"]; we do not.
 */
import type { AttributeValue, Item, ScalarKeyType } from './attribute-value.js';
import { typeOf } from './attribute-value.js';
import { normalizeNumber } from './number.js';
import { DynamoDBError, serialization, validation } from '../errors.js';

const INVALID = 'One or more parameter values were invalid: ';
const NOT_VALID = 'One or more parameter values are not valid. ';
/** How every message about an empty key value (table or index key) begins. */
export const EMPTY_KEY_VALUE_PREFIX = NOT_VALID;

/** DynamoDB's ValidationException texts for attribute values and keys. */
export const VALIDATION_MESSAGES = {
  emptyValue: 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
  multipleTypes:
    'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
  nullValue: 'The supplied Item contains a null AttributeValue',
  nullMustBeTrue: `${INVALID}Null attribute value types must have the value of true`,
  // sic: "An string set  may" with two spaces, as AWS sends it
  emptyStringSet: `${INVALID}An string set  may not be empty`,
  emptyNumberSet: `${INVALID}An number set  may not be empty`,
  emptyBinarySet: `${INVALID}Binary sets should not be empty`,
  nullStringSetMember: `${INVALID}An string set may not have a null string as a member`,
  nullBinarySetMember: `${INVALID}Binary sets may not contain null or empty values`,
  duplicateStrings: (rendered: string) => `${INVALID}Input collection ${rendered} contains duplicates.`,
  // sic: no prefix, no collection
  duplicateNumbers: 'Input collection contains duplicates',
  // sic: no space before "of"
  duplicateBinaries: (rendered: string) => `${INVALID}Input collection ${rendered}of type BS contains duplicates.`,
  emptyNumber: 'The parameter cannot be converted to a numeric value',
  nesting: 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit',
  emptyAttributeName: 'Empty attribute name',
  attributeNameTooLong: 'Attribute name is too large, must be less than 65536 bytes',
  expressionAttributeValue: (message: string, key: string) =>
    `ExpressionAttributeValues contains invalid value: ${message} for key ${key}`,
  keyTypeMismatch: (name: string, expected: string, actual: string) =>
    `${INVALID}Type mismatch for key ${name} expected: ${expected} actual: ${actual}`,
  keySchemaMismatch: 'The provided key element does not match the schema',
  emptyStringKey: (name: string) =>
    `${NOT_VALID}The AttributeValue for a key attribute cannot contain an empty string value. Key: ${name}`,
  emptyBinaryKey: (name: string) =>
    `${NOT_VALID}The AttributeValue for a key attribute cannot contain an empty binary value. Key: ${name}`,
  // sic: "limit of2048"
  partitionKeyTooLarge: `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
  sortKeyTooLarge: `${INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`,
} as const;

/** SerializationException texts for a base64 (Blob) value that cannot be decoded. */
export const BLOB_MESSAGES = {
  length: (length: number) => `Base64 encoded length is expected a multiple of 4 bytes but found: ${length}`,
  // sic: "dectected"
  lastCharacter: 'Invalid last non-pad Base64 character dectected',
  character: (character: string) => `Invalid Base64 character: '${character}'`,
} as const;

/** Documents (M, L) may sit at levels 1..31; the top-level attribute value is level 1. */
export const MAX_NESTING_LEVEL = 32;
/** Attribute names must be shorter than 64 KB (UTF-8). */
export const MAX_ATTRIBUTE_NAME_BYTES = 65535;
/** Largest partition key value in bytes. */
export const MAX_PARTITION_KEY_BYTES = 2048;
/** Largest sort key value in bytes. */
export const MAX_SORT_KEY_BYTES = 1024;

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Why `text` is not canonical base64 as DynamoDB's parser demands, or undefined when it
 * is: length a multiple of 4, at most two trailing pads, unused bits of the last
 * character zero, only alphabet characters before the padding.
 */
export function base64Problem(text: string): string | undefined {
  if (text.length % 4 !== 0) return BLOB_MESSAGES.length(text.length);
  if (text.length === 0) return undefined;
  let pads = 0;
  while (pads < text.length && text[text.length - 1 - pads] === '=') pads++;
  const data = text.slice(0, text.length - pads);
  const last = data.length > 0 ? BASE64_ALPHABET.indexOf(data[data.length - 1]) : -1;
  const unusedBits = pads === 1 ? 0b11 : pads === 2 ? 0b1111 : 0;
  if (pads > 2 || last < 0 || (last & unusedBits) !== 0) return BLOB_MESSAGES.lastCharacter;
  for (const character of data) {
    if (!BASE64_ALPHABET.includes(character)) return BLOB_MESSAGES.character(character);
  }
  return undefined;
}

// ---------------------------------------------------------------- helpers

/** Thrown for input that skipped the shape check (wrong JSON type inside a value). */
const unexpectedPayload = (): DynamoDBError => serialization('Unexpected value type in payload');

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(v: unknown): (string | null)[] {
  if (!Array.isArray(v) || v.some((s) => s !== null && typeof s !== 'string')) throw unexpectedPayload();
  return v as (string | null)[];
}

/** An attribute name: not empty, at most 65535 bytes (UTF-8), as DynamoDB requires of every name an item can hold. */
export function checkName(name: string): void {
  if (name.length === 0) throw validation(VALIDATION_MESSAGES.emptyAttributeName);
  if (name.length > MAX_ATTRIBUTE_NAME_BYTES / 3 && Buffer.byteLength(name, 'utf8') > MAX_ATTRIBUTE_NAME_BYTES) {
    throw validation(VALIDATION_MESSAGES.attributeNameTooLong);
  }
}

function number(text: unknown): string {
  if (typeof text !== 'string') throw unexpectedPayload();
  if (text === '') throw validation(VALIDATION_MESSAGES.emptyNumber);
  return normalizeNumber(text);
}

function binary(text: unknown): string {
  if (typeof text !== 'string') throw unexpectedPayload();
  const problem = base64Problem(text);
  if (problem !== undefined) throw serialization(problem);
  return text;
}

const hasDuplicates = (keys: readonly string[]): boolean => new Set(keys).size !== keys.length;

function stringSet(v: unknown): string[] {
  const members = stringList(v);
  if (members.length === 0) throw validation(VALIDATION_MESSAGES.emptyStringSet);
  if (members.includes(null)) throw validation(VALIDATION_MESSAGES.nullStringSetMember);
  const strings = members as string[];
  if (hasDuplicates(strings)) throw validation(VALIDATION_MESSAGES.duplicateStrings(`[${strings.join(', ')}]`));
  return [...strings];
}

function numberSet(v: unknown): string[] {
  const members = stringList(v);
  if (members.length === 0) throw validation(VALIDATION_MESSAGES.emptyNumberSet);
  const numbers = members.map(number);
  if (hasDuplicates(numbers)) throw validation(VALIDATION_MESSAGES.duplicateNumbers);
  return numbers;
}

function binarySet(v: unknown): string[] {
  const members = stringList(v);
  if (members.length === 0) throw validation(VALIDATION_MESSAGES.emptyBinarySet);
  if (members.includes(null)) throw validation(VALIDATION_MESSAGES.nullBinarySetMember);
  const binaries = (members as string[]).map(binary);
  const bytes = binaries.map((b) => Buffer.from(b, 'base64').toString('hex'));
  if (hasDuplicates(bytes)) throw validation(VALIDATION_MESSAGES.duplicateBinaries(`[${binaries.join(', ')}]`));
  return binaries;
}

/** Throws the nesting error when a document (M or L) sits deeper than level 31. */
function checkDepth(value: unknown, level: number): void {
  if (!isObject(value)) return;
  const children = Array.isArray(value.L) ? value.L : isObject(value.M) ? Object.values(value.M) : undefined;
  if (children === undefined) return;
  if (level >= MAX_NESTING_LEVEL) throw validation(VALIDATION_MESSAGES.nesting);
  for (const child of children) checkDepth(child, level + 1);
}

function map(v: unknown): Item {
  if (!isObject(v)) throw unexpectedPayload();
  const out: Item = {};
  for (const name of Object.keys(v)) {
    checkName(name);
    out[name] = value(v[name]);
  }
  return out;
}

function list(v: unknown): AttributeValue[] {
  if (!Array.isArray(v)) throw unexpectedPayload();
  return v.map(value);
}

function bool(v: unknown): boolean {
  if (typeof v !== 'boolean') throw unexpectedPayload();
  return v;
}

function nullValue(v: unknown): true {
  if (typeof v !== 'boolean') throw unexpectedPayload();
  if (!v) throw validation(VALIDATION_MESSAGES.nullMustBeTrue);
  return true;
}

function string(v: unknown): string {
  if (typeof v !== 'string') throw unexpectedPayload();
  return v;
}

/** Per type: validate and normalize the payload, in the order DynamoDB checks the types. */
const TYPE_CHECKS: readonly (readonly [string, (payload: unknown) => unknown])[] = [
  ['S', string],
  ['SS', stringSet],
  ['N', number],
  ['NS', numberSet],
  ['B', binary],
  ['BS', binarySet],
  ['M', map],
  ['L', list],
  ['BOOL', bool],
  ['NULL', nullValue],
];

/** Validates one value (depth already checked) and returns its normalized copy. */
function value(v: unknown): AttributeValue {
  if (v === null || v === undefined) throw validation(VALIDATION_MESSAGES.nullValue);
  if (!isObject(v)) throw unexpectedPayload();
  let result: AttributeValue | undefined;
  let count = 0;
  for (const [type, check] of TYPE_CHECKS) {
    const payload = v[type];
    if (payload === null || payload === undefined) continue;
    result = { [type]: check(payload) } as AttributeValue;
    count++;
  }
  if (count === 0) throw validation(VALIDATION_MESSAGES.emptyValue);
  if (count > 1) throw validation(VALIDATION_MESSAGES.multipleTypes);
  return result as AttributeValue;
}

// ---------------------------------------------------------------- exports

/**
 * Validates one attribute value (its own level counts as 1) and returns a normalized
 * copy: N and NS numbers normalized, unknown members dropped. Throws AWS's
 * ValidationException (or SerializationException for undecodable base64).
 */
export function validateAttributeValue(v: unknown): AttributeValue {
  checkDepth(v, 1);
  return value(v);
}

/** How {@link validateItem} reports a failure. */
export type ValidateItemOptions = {
  /**
   * 'item' (default): AWS's bare message; attribute names are checked.
   * 'expressionAttributeValues': "ExpressionAttributeValues contains invalid value:
   * <message> for key <:name>"; the map's own keys are left to the expression layer.
   */
  context?: 'item' | 'expressionAttributeValues';
};

function rewrap(error: unknown, key: string): unknown {
  if (!(error instanceof DynamoDBError) || error.code !== 'ValidationException') return error;
  return validation(VALIDATION_MESSAGES.expressionAttributeValue(error.message, key));
}

/**
 * Validates a map of attribute values (an Item, a Key, ExpressionAttributeValues) and
 * returns a normalized copy. The nesting limit is checked over the whole map first,
 * then each attribute in order.
 */
export function validateItem(item: Record<string, unknown>, opts: ValidateItemOptions = {}): Item {
  const values = opts.context === 'expressionAttributeValues';
  const names = Object.keys(item);
  for (const name of names) {
    try {
      checkDepth(item[name], 1);
    } catch (error) {
      throw values ? rewrap(error, name) : error;
    }
  }
  const out: Item = {};
  for (const name of names) {
    if (values) {
      try {
        out[name] = value(item[name]);
      } catch (error) {
        throw rewrap(error, name);
      }
    } else {
      checkName(name);
      out[name] = value(item[name]);
    }
  }
  return out;
}

/** Byte length of a key value (numbers are always small enough). */
function keyBytes(v: AttributeValue): number {
  if ('S' in v) return Buffer.byteLength(v.S, 'utf8');
  if ('B' in v) return Buffer.from(v.B, 'base64').length;
  return 0;
}

/**
 * Checks a validated value used as a key attribute against the key schema: its type
 * (`source` 'item': "Type mismatch for key ...", as PutItem reports it; 'key': "The
 * provided key element does not match the schema", as GetItem/DeleteItem/UpdateItem
 * do), no empty string/binary, and the size limits (2048 bytes partition, 1024 sort).
 */
export function validateKeyValue(
  attrName: string,
  v: AttributeValue,
  expectedType: ScalarKeyType,
  role: 'partition' | 'sort',
  source: 'item' | 'key' = 'item',
): void {
  const actual = typeOf(v);
  if (actual !== expectedType) {
    throw validation(
      source === 'item'
        ? VALIDATION_MESSAGES.keyTypeMismatch(attrName, expectedType, actual)
        : VALIDATION_MESSAGES.keySchemaMismatch,
    );
  }
  const bytes = keyBytes(v);
  if (bytes === 0 && actual !== 'N') {
    throw validation(
      actual === 'S' ? VALIDATION_MESSAGES.emptyStringKey(attrName) : VALIDATION_MESSAGES.emptyBinaryKey(attrName),
    );
  }
  if (role === 'partition' && bytes > MAX_PARTITION_KEY_BYTES) throw validation(VALIDATION_MESSAGES.partitionKeyTooLarge);
  if (role === 'sort' && bytes > MAX_SORT_KEY_BYTES) throw validation(VALIDATION_MESSAGES.sortKeyTooLarge);
}
