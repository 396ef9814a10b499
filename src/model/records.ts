/**
 * Records keyed by user text (items, maps, attribute names and values, name tables) are
 * objects without a prototype. In DynamoDB `__proto__`, `constructor`, `toString` are
 * ordinary attribute names; in a plain JS object they are not: `o['__proto__'] = v` sets the
 * prototype instead of a member, and `o['constructor']` reads Object.prototype's member when
 * the item has none. Without a prototype both are plain own members.
 *
 * Every object parsed from JSON text (request bodies, stored items) is turned into such an
 * object, and every object built from user keys starts as {@link emptyRecord}.
 */

/**
 * An empty object without a prototype. (Made from `{}`: V8 keeps it in fast mode, where
 * Object.create(null) starts in dictionary mode, about twice as slow to fill and a quarter
 * slower to stringify.)
 */
export function emptyRecord<T = unknown>(): Record<string, T> {
  return Object.setPrototypeOf({}, null) as Record<string, T>;
}

/** A shallow copy without a prototype (the replacement for `{ ...record }`). */
export function copyRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out = emptyRecord<T>();
  for (const key of Object.keys(record)) out[key] = record[key];
  return out;
}

/** A record without a prototype from [key, value] pairs (the replacement for Object.fromEntries). */
export function recordFrom<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = emptyRecord<T>();
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/**
 * Removes the prototype of every object in a parsed JSON document, in place. Arrays keep
 * theirs. Returns false, having stopped early, when the document nests deeper than
 * `maxDepth` objects and arrays (the root is depth 1), so the walk's own recursion is
 * bounded.
 */
export function dropPrototypes(value: unknown, maxDepth: number): boolean {
  return walk(value, 1, maxDepth);
}

function walk(value: unknown, depth: number, maxDepth: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth > maxDepth) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!walk(value[i], depth + 1, maxDepth)) return false;
    return true;
  }
  Object.setPrototypeOf(value, null);
  for (const key in value) if (!walk((value as Record<string, unknown>)[key], depth + 1, maxDepth)) return false;
  return true;
}

/** Stored documents nest at most 32 attribute levels (64 JSON levels); anything past this is not ours. */
const STORED_MAX_DEPTH = 200;

/**
 * Parses JSON text written by Sqynamo itself (a stored item, a stored response) into
 * objects without prototypes.
 */
export function parseStoredJson<T>(text: string): T {
  const value = JSON.parse(text) as unknown;
  dropPrototypes(value, STORED_MAX_DEPTH);
  return value as T;
}
