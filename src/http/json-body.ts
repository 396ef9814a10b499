/**
 * The JSON layer of the request path: a request body becomes a document of objects without
 * prototypes (see model/records.ts), or a 400 — never a silently changed value:
 *
 * - bytes that are not valid UTF-8 are refused (a decoder would put U+FFFD in their place,
 *   and two different keys would become one), as is text that is not JSON or whose top
 *   level is not an object: SerializationException, as DynamoDB answers a body its parser
 *   cannot read;
 * - a `\uD800`-style escape that leaves a lone surrogate in any string or member name is
 *   refused the same way (it would be stored as U+FFFD too);
 * - a document nested deeper than {@link MAX_JSON_DEPTH} is refused with DynamoDB's nesting
 *   error. No valid request comes near it (32 attribute levels are 64 JSON levels, plus at
 *   most 6 of request structure), and every recursive walk after this point (shape checks,
 *   validation, sizes, key encoding, rendering) is bounded by it.
 *
 * Cost: JSON.parse plus one walk that drops prototypes (about 15% of the parse); strings are
 * only examined when the raw text holds a surrogate escape.
 */
import { isUtf8 } from 'node:buffer';
import { serialization, validation } from '../errors.js';
import { dropPrototypes } from '../model/records.js';
import { VALIDATION_MESSAGES } from '../model/validate.js';
import type { JsonObject } from '../api/context.js';

/** Deepest JSON nesting (objects and arrays, the body itself is 1) a request may have. */
export const MAX_JSON_DEPTH = 100;

/** An escape of a surrogate code unit (high or low), upper or lower case. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

interface WellFormed {
  isWellFormed(): boolean;
}

const wellFormed = (s: string): boolean => (s as unknown as WellFormed).isWellFormed();

/** Every string and member name of a document is valid Unicode (no lone surrogate). */
function allWellFormed(value: unknown): boolean {
  if (typeof value === 'string') return wellFormed(value);
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(allWellFormed);
  for (const key in value) {
    if (!wellFormed(key) || !allWellFormed((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * Parses a request body into a prototype-free JSON object.
 *
 * @throws SerializationException for invalid UTF-8, invalid JSON, a top level that is not an
 *   object, or a lone surrogate; ValidationException for nesting deeper than MAX_JSON_DEPTH
 */
export function parseRequestBody(body: Uint8Array): JsonObject {
  if (!isUtf8(body)) throw serialization();
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw serialization();
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) throw serialization();
  if (!dropPrototypes(document, MAX_JSON_DEPTH)) throw validation(VALIDATION_MESSAGES.nesting);
  // Only escapes can make a lone surrogate: the UTF-8 check refused encoded ones.
  if (SURROGATE_ESCAPE.test(text) && !allWellFormed(document)) throw serialization();
  return document as JsonObject;
}
