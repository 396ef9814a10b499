/**
 * DynamoDB's ordering and equality of attribute values, for the expression evaluator
 * and the storage layer. Inputs are validated, normalized attribute values.
 *
 * Ordering: S by UTF-8 bytes (code point order, not UTF-16 order), N numerically,
 * B as unsigned bytes. Other types are not orderable.
 */
import type { AttributeValue, Item } from './attribute-value.js';
import { typeOf, payloadOf } from './attribute-value.js';
import { compareNumbers } from './number.js';

/** -1, 0 or 1. */
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/**
 * Maps a UTF-16 code unit so that comparing mapped units orders strings by code
 * point (= UTF-8 byte order): surrogates (astral characters) move above U+E000..U+FFFF.
 */
const codePointOrderUnit = (unit: number): number =>
  unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit;

/** Compares two strings by their UTF-8 bytes: -1, 0 or 1. */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return sign(codePointOrderUnit(x) - codePointOrderUnit(y));
  }
  return sign(a.length - b.length);
}

/** Compares two base64 binary values by their bytes, unsigned: -1, 0 or 1. */
export function compareBinary(a: string, b: string): number {
  return sign(Buffer.compare(Buffer.from(a, 'base64'), Buffer.from(b, 'base64')));
}

/**
 * DynamoDB's order of two values of the same scalar type (S, N or B): -1, 0 or 1.
 * `undefined` when the types differ or the type is not orderable.
 */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  const type = typeOf(a);
  if (type !== typeOf(b)) return undefined;
  switch (type) {
    case 'S':
      return compareUtf8(payloadOf(a) as string, payloadOf(b) as string);
    case 'N':
      return sign(compareNumbers(payloadOf(a) as string, payloadOf(b) as string));
    case 'B':
      return compareBinary(payloadOf(a) as string, payloadOf(b) as string);
    default:
      return undefined;
  }
}

/** Set equality of two member lists under a member-equality predicate (members are unique). */
function sameMembers(a: readonly string[], b: readonly string[], eq: (x: string, y: string) => boolean): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => eq(x, y)));
}

const numbersEqual = (x: string, y: string): boolean => compareNumbers(x, y) === 0;
const binariesEqual = (x: string, y: string): boolean => compareBinary(x, y) === 0;

function mapsEqual(a: Item, b: Item): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && valuesEqual(a[key], b[key]));
}

/**
 * Deep equality as DynamoDB defines it: same type, numbers compared numerically,
 * binary by bytes, sets regardless of order, M and L element by element.
 */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  const x = payloadOf(a);
  const y = payloadOf(b);
  switch (type) {
    case 'S':
    case 'BOOL':
    case 'NULL':
      return x === y;
    case 'N':
      return numbersEqual(x as string, y as string);
    case 'B':
      return binariesEqual(x as string, y as string);
    case 'SS':
      return sameMembers(x as string[], y as string[], (p, q) => p === q);
    case 'NS':
      return sameMembers(x as string[], y as string[], numbersEqual);
    case 'BS':
      return sameMembers(x as string[], y as string[], binariesEqual);
    case 'L': {
      const l = x as AttributeValue[];
      const r = y as AttributeValue[];
      return l.length === r.length && l.every((v, i) => valuesEqual(v, r[i]));
    }
    case 'M':
      return mapsEqual(x as Item, y as Item);
  }
}
