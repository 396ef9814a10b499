/**
 * Malformed-input generation: a valid request of the corpus, mutated in its structure (wrong
 * types, nulls, huge and deep values, invalid strings and numbers, JavaScript-special names,
 * missing and unknown members) and, for some cases, in its transport (truncated or damaged
 * bytes, invalid UTF-8, wrong content types and targets, gzip, chunked transfer). Pure
 * functions of a seeded PRNG, so a failing case reproduces from its seed.
 */
import { gzipSync } from 'node:zlib';
import { OPERATION_NAMES, type OperationName } from '../src/api/registry.js';
import { CORPUS } from './corpus.js';

export type Random = () => number;

/** One generated request. */
export interface FuzzCase {
  /** The operation its seed request is for (what the summary counts it under). */
  readonly operation: OperationName;
  /** The X-Amz-Target header, or undefined to send none. */
  readonly target: string | undefined;
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
  /** Sent with Transfer-Encoding: chunked instead of a Content-Length. */
  readonly chunked: boolean;
  readonly body: Buffer;
  /** What was done to the seed, for the report of a failure. */
  readonly mutations: readonly string[];
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (random: Random, p: number): boolean => random() < p;

/** A marker replaced by invalid bytes or a lone surrogate escape in the JSON text. */
const BAD_STRING = '\u0001BAD-STRING\u0001';
const BAD_STRING_JSON = JSON.stringify(BAD_STRING).slice(1, -1);

const WRONG_TYPES: readonly unknown[] = [0, -1, 1.5, 1e308, true, false, '', 'text', [], {}, [1, 'a', null], { S: 'x' }, { N: '1', S: 'x' }, { NULL: false }];
const NUMBERS: readonly string[] = ['', ' ', 'NaN', 'Infinity', '-0', '1e126', '1E-131', '9'.repeat(39), '0x1F', '1_000', '+1', '.5', '5.', '1e', '--1', '١٢٣', '1e9999999999', '-'.repeat(20)];
/** About the most a huge-making mutation adds. */
const HUGE_BYTES = 2 * 1024 * 1024;
const NAMES: readonly string[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', '', ' ', '#', ':', 'a.b', '[0]', 'x'.repeat(70_000)];

type Container = Record<string, unknown> | unknown[];
interface Slot {
  readonly parent: Container;
  readonly key: string | number;
}

/** Every slot of a document (a member of an object or an element of an array). */
function slots(value: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push({ parent: value, key: i }), slots(v, out)));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ parent: value as Record<string, unknown>, key: k });
      slots(v, out);
    }
  }
  return out;
}

const get = (slot: Slot): unknown => (slot.parent as Record<string | number, unknown>)[slot.key];
const set = (slot: Slot, v: unknown): void => {
  (slot.parent as Record<string | number, unknown>)[slot.key] = v;
};

function nest(random: Random, inner: unknown, levels: number): unknown {
  const kind = pick(random, ['M', 'L', 'object', 'array']);
  let value = inner;
  for (let i = 0; i < levels; i++) {
    value = kind === 'M' ? { M: { a: value } } : kind === 'L' ? { L: [value] } : kind === 'object' ? { a: value } : [value];
  }
  return value;
}

/** Structural mutations: [name, apply]; apply returns false when it did not fit the slot. */
const STRUCTURAL: readonly [string, (random: Random, slot: Slot) => boolean][] = [
  ['null', (_r, slot) => (set(slot, null), true)],
  ['wrong type', (r, slot) => (set(slot, structuredClone(pick(r, WRONG_TYPES))), true)],
  [
    'huge',
    (r, slot) => {
      const v = get(slot);
      // as many copies as fit in about 2 MB (a copy may itself have been made huge)
      const copies = (element: unknown) => Math.max(1, Math.min(500 + Math.floor(r() * 2000), Math.floor(HUGE_BYTES / (JSON.stringify(element ?? null)?.length ?? 1))));
      if (typeof v === 'string') set(slot, v + 'x'.repeat(Math.floor(r() * 300_000)));
      else if (Array.isArray(v) && v.length > 0) set(slot, Array.from({ length: copies(v[0]) }, () => structuredClone(v[0])));
      else if (v !== null && typeof v === 'object') {
        const [first] = Object.values(v);
        set(slot, Object.fromEntries(Array.from({ length: copies(first) }, (_, i) => [`k${i}`, structuredClone(first ?? 'x')])));
      } else set(slot, 'y'.repeat(100_000));
      return true;
    },
  ],
  ['deep', (r, slot) => (set(slot, nest(r, get(slot), 20 + Math.floor(r() * 130))), true)],
  ['invalid string', (_r, slot) => (set(slot, BAD_STRING), true)],
  ['invalid number', (r, slot) => (set(slot, typeof get(slot) === 'object' && get(slot) !== null ? { N: pick(r, NUMBERS) } : pick(r, NUMBERS)), true)],
  [
    'special name',
    (r, slot) => {
      if (Array.isArray(slot.parent) || typeof slot.key !== 'string') return false;
      const value = slot.parent[slot.key];
      delete slot.parent[slot.key];
      Object.defineProperty(slot.parent, pick(r, NAMES), { value, enumerable: true, writable: true, configurable: true });
      return true;
    },
  ],
  [
    'remove',
    (_r, slot) => {
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      return true;
    },
  ],
  [
    'add member',
    (r, slot) => {
      const v = get(slot);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
      (v as Record<string, unknown>)[pick(r, ['Unknown', 'S', 'N', 'L', 'M', 'NULL', 'BOOL', 'SS', 'B'])] = structuredClone(pick(r, WRONG_TYPES));
      return true;
    },
  ],
];

/** Transport mutations of the serialized case. */
const TRANSPORT: readonly [string, (r: Random, c: Mutable) => void][] = [
  ['truncated', (r, c) => (c.body = c.body.subarray(0, Math.floor(r() * c.body.length)))],
  [
    'byte flipped',
    (r, c) => {
      c.body = Buffer.from(c.body);
      if (c.body.length > 0) c.body[Math.floor(r() * c.body.length)] = Math.floor(r() * 256);
    },
  ],
  ['BOM', (_r, c) => (c.body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), c.body]))],
  ['duplicate member', (_r, c) => (c.body = Buffer.concat([Buffer.from('{"TableName":"other-table",'), c.body.subarray(1)]))],
  ['content type', (r, c) => (c.contentType = pick(r, [undefined, 'text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded', 'application/x-amz-json-1.1', 'APPLICATION/X-AMZ-JSON-1.0']))],
  ['target', (r, c) => (c.target = pick(r, [undefined, 'DynamoDB_20120810.', 'DynamoDB_20120810.Nope', `dynamodb_20120810.${c.operation}`, 'DynamoDBStreams_20120810.ListStreams', `DynamoDB_20120810.${pick(r, OPERATION_NAMES)}`, 'x'.repeat(5000)]))],
  ['gzip', (_r, c) => ((c.body = gzipSync(c.body)), (c.contentEncoding = 'gzip'))],
  [
    'broken gzip',
    (r, c) => {
      const zipped = gzipSync(c.body);
      c.body = zipped.subarray(0, Math.floor(r() * zipped.length));
      c.contentEncoding = pick(r, ['gzip', 'deflate', 'br']);
    },
  ],
  ['chunked', (_r, c) => (c.chunked = true)],
  ['empty body', (_r, c) => (c.body = Buffer.alloc(0))],
];

type Mutable = { -readonly [K in keyof FuzzCase]: FuzzCase[K] };

/** The bytes of a document, with each invalid-string marker made invalid. */
function serialize(random: Random, document: unknown): Buffer {
  const text = JSON.stringify(document);
  const parts = text.split(BAD_STRING_JSON);
  const bad = [Buffer.from([0xff]), Buffer.from([0xc0, 0x80]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\\ud800'), Buffer.from('\\udfff\\ud800'), Buffer.from([0x80])];
  const chunks: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i > 0) chunks.push(pick(random, bad));
    chunks.push(Buffer.from(part));
  });
  return Buffer.concat(chunks);
}

/** One fuzz case from the PRNG. */
export function generateCase(random: Random): FuzzCase {
  const operation = pick(random, OPERATION_NAMES);
  const document: unknown = structuredClone(pick(random, CORPUS[operation]));
  const mutations: string[] = [];
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const all = slots(document);
    if (all.length === 0) break;
    const slot = pick(random, all);
    const [name, apply] = pick(random, STRUCTURAL);
    if (apply(random, slot)) mutations.push(`${name} at ${String(slot.key).slice(0, 40)}`);
  }
  const c: Mutable = {
    operation,
    target: `DynamoDB_20120810.${operation}`,
    contentType: 'application/x-amz-json-1.0',
    contentEncoding: undefined,
    chunked: false,
    body: serialize(random, document),
    mutations,
  };
  if (chance(random, 0.3)) {
    const [name, apply] = pick(random, TRANSPORT);
    apply(random, c);
    mutations.push(name);
  }
  return c;
}
