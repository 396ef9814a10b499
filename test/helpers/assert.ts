/**
 * node:assert/strict, except that deepEqual ignores whether a plain object has a prototype.
 * Sqynamo holds items, maps and name tables in objects without one (src/model/records.ts);
 * tests write their expectations as ordinary object literals. Everything else (values,
 * arrays, Buffers, Maps) is compared as strictly as before.
 */
import strict from 'node:assert/strict';

/** A deep copy in which every object without a prototype becomes an ordinary object. */
export function withPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withPrototypes);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [withPrototypes(k), withPrototypes(v)]));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== null && proto !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, { value: withPrototypes((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const deepEqual: typeof strict.deepEqual = (actual, expected, message) => strict.deepEqual(withPrototypes(actual), withPrototypes(expected), message);
const notDeepEqual: typeof strict.notDeepEqual = (actual, expected, message) => strict.notDeepEqual(withPrototypes(actual), withPrototypes(expected), message);

const assert: typeof strict = Object.assign((value: unknown, message?: string | Error) => strict(value, message), strict, {
  deepEqual,
  deepStrictEqual: deepEqual,
  notDeepEqual,
  notDeepStrictEqual: notDeepEqual,
}) as typeof strict;

export default assert;
