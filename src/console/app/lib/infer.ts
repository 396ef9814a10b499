/**
 * Items as people write them and as DynamoDB stores them. Plain JSON is typed by inference
 * (string -> S, number -> N with its digits kept, true/false -> BOOL, null -> NULL,
 * array -> L, object -> M); DynamoDB JSON is checked value by value. Sets and binary cannot
 * be written as plain JSON, so an item holding them is shown and edited as DynamoDB JSON only.
 */
import { ATTRIBUTE_TYPES, type AttributeType, type AttributeValue, type Item } from '../../../model/attribute-value.js';
import { JsonNumber, parseJson, type JsonValue } from './json-text.js';

export type { AttributeValue, Item };

/** How an item is written in the editor. */
export type ItemFormat = 'plain' | 'dynamodb';

export class ItemFormatError extends Error {}

/** The DynamoDB type of a plain JSON value. */
export function inferValue(value: JsonValue): AttributeValue {
  if (value === null) return { NULL: true };
  if (typeof value === 'boolean') return { BOOL: value };
  if (typeof value === 'string') return { S: value };
  if (value instanceof JsonNumber) return { N: value.text };
  if (Array.isArray(value)) return { L: value.map(inferValue) };
  const map: Item = {};
  for (const [name, v] of Object.entries(value)) map[name] = inferValue(v);
  return { M: map };
}

function isObject(value: JsonValue): value is { [name: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof JsonNumber);
}

function stringList(payload: JsonValue, where: string, type: string): string[] {
  if (!Array.isArray(payload) || !payload.every((v) => typeof v === 'string')) throw new ItemFormatError(`${where}: ${type} must be a list of strings`);
  return payload as string[];
}

/** Checks one DynamoDB JSON value (`{"S": "x"}`, ...); `where` names it in errors. */
export function checkDynamoValue(value: JsonValue, where: string): AttributeValue {
  if (!isObject(value)) throw new ItemFormatError(`${where}: expected an object such as {"S": "text"}`);
  const keys = Object.keys(value);
  if (keys.length !== 1 || !(ATTRIBUTE_TYPES as readonly string[]).includes(keys[0])) {
    throw new ItemFormatError(`${where}: expected exactly one of ${ATTRIBUTE_TYPES.join(', ')}, found ${keys.length === 0 ? 'none' : keys.join(', ')}`);
  }
  const type = keys[0] as AttributeType;
  const payload = value[type];
  switch (type) {
    case 'S':
    case 'B':
      if (typeof payload !== 'string') throw new ItemFormatError(`${where}: ${type} must be a string`);
      return type === 'S' ? { S: payload } : { B: payload };
    case 'N':
      // DynamoDB JSON writes numbers as strings; a bare number is accepted with its text kept
      if (payload instanceof JsonNumber) return { N: payload.text };
      if (typeof payload !== 'string') throw new ItemFormatError(`${where}: N must be a number written as a string, e.g. {"N": "42"}`);
      return { N: payload };
    case 'SS':
      return { SS: stringList(payload, where, type) };
    case 'BS':
      return { BS: stringList(payload, where, type) };
    case 'NS': {
      const list = Array.isArray(payload) ? payload.map((n) => (n instanceof JsonNumber ? n.text : n)) : undefined;
      if (list === undefined || !list.every((n) => typeof n === 'string')) throw new ItemFormatError(`${where}: NS must be a list of numbers written as strings`);
      return { NS: list as string[] };
    }
    case 'BOOL':
      if (typeof payload !== 'boolean') throw new ItemFormatError(`${where}: BOOL must be true or false`);
      return { BOOL: payload };
    case 'NULL':
      if (payload !== true) throw new ItemFormatError(`${where}: NULL must be true`);
      return { NULL: true };
    case 'L':
      if (!Array.isArray(payload)) throw new ItemFormatError(`${where}: L must be a list of values`);
      return { L: payload.map((v, i) => checkDynamoValue(v, `${where}[${i}]`)) };
    case 'M':
      if (!isObject(payload)) throw new ItemFormatError(`${where}: M must be an object of values`);
      return { M: checkDynamoItem(payload, where) };
  }
}

function checkDynamoItem(object: { [name: string]: JsonValue }, prefix: string): Item {
  const item: Item = {};
  for (const [name, v] of Object.entries(object)) item[name] = checkDynamoValue(v, prefix === '' ? name : `${prefix}.${name}`);
  return item;
}

/** Parses an item written in `format`; throws ItemFormatError (or JsonSyntaxError) saying what is wrong. */
export function parseItem(text: string, format: ItemFormat): Item {
  const json = parseJson(text);
  if (!isObject(json)) throw new ItemFormatError('an item must be a JSON object of attributes');
  if (format === 'dynamodb') return checkDynamoItem(json, '');
  const item: Item = {};
  for (const [name, v] of Object.entries(json)) item[name] = inferValue(v);
  return item;
}

/** True when the value holds a set or binary anywhere, which plain JSON cannot express. */
export function needsDynamoJson(value: AttributeValue): boolean {
  if ('SS' in value || 'NS' in value || 'BS' in value || 'B' in value) return true;
  if ('L' in value) return value.L.some(needsDynamoJson);
  if ('M' in value) return Object.values(value.M).some(needsDynamoJson);
  return false;
}

function plainText(value: AttributeValue, indent: string): string {
  const inner = `${indent}  `;
  if ('S' in value) return JSON.stringify(value.S);
  if ('N' in value) return value.N;
  if ('BOOL' in value) return String(value.BOOL);
  if ('NULL' in value) return 'null';
  if ('L' in value) return value.L.length === 0 ? '[]' : `[\n${value.L.map((v) => inner + plainText(v, inner)).join(',\n')}\n${indent}]`;
  if ('M' in value) return mapText(value.M, indent);
  throw new ItemFormatError('sets and binary values have no plain JSON form');
}

function mapText(map: Item, indent: string): string {
  const inner = `${indent}  `;
  const entries = Object.entries(map);
  return entries.length === 0 ? '{}' : `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${plainText(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** An item as indented plain JSON (numbers exactly as stored); throws for sets and binary. */
export function itemToPlainText(item: Item): string {
  return mapText(item, '');
}

/** An item as indented DynamoDB JSON. */
export function itemToDynamoText(item: Item): string {
  return JSON.stringify(item, null, 2);
}

/** The item written in `format`, or the DynamoDB JSON when plain JSON cannot hold it. */
export function itemText(item: Item, format: ItemFormat): string {
  return format === 'plain' && !Object.values(item).some(needsDynamoJson) ? itemToPlainText(item) : itemToDynamoText(item);
}
