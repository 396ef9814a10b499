/**
 * The layout of stored keys, for every engine: the one place that knows how a partition
 * and a sort key become bytes.
 *
 *   h  the partition: a 4-byte hash of the encoded partition key, then the key itself
 *   r  the sort key (empty without one)
 *
 * A key part of one attribute is that value's order-preserving encoding
 * (model/key-codec.ts encodeKeyValue); a part of several attributes (a GSI's
 * multi-attribute key) is their tuple encoding (encodeKeyTuple), so memcmp order is the
 * tuple's order. The hash prefix spreads partitions evenly over the hash space, which
 * gives Scan its stable, unsorted order and makes a parallel Scan segment a slice of
 * that space: segment s of n covers the hashes in [floor(s * 2^32 / n), floor((s + 1) * 2^32 / n)).
 */
import { hash } from 'node:crypto';
import type { AttributeValue, ScalarKeyType } from '../model/attribute-value.js';
import { decodeKeyValue, encodeKeyTuple, encodeKeyValue } from '../model/key-codec.js';
import type { HashRange } from './types.js';

/** Bytes of partition hash in front of every encoded partition key. */
const HASH_PREFIX_BYTES = 4;

const HASH_SPACE = 2 ** 32;
const EMPTY = Buffer.alloc(0);

/**
 * First 4 bytes of the MD5 of an encoded partition key: prefixing it spreads partitions
 * evenly (Scan segments are hash ranges) and gives a stable, unsorted Scan order.
 */
export function partitionHash(encoded: Buffer): Buffer {
  // crypto.hash (one-shot, Node >= 20.12) gives the same MD5 bytes without a Hash object.
  return hash('md5', encoded, 'buffer').subarray(0, HASH_PREFIX_BYTES);
}

/** The encoding of one key part: a value, or the tuple of several. */
const encodePart = (values: readonly AttributeValue[]): Buffer => (values.length === 1 ? encodeKeyValue(values[0]) : encodeKeyTuple(values));

/** The stored partition (h) of a key's partition attribute values: hash prefix, then the encoded values. */
export function encodePartition(values: readonly AttributeValue[]): Buffer {
  const encoded = encodePart(values);
  return Buffer.concat([partitionHash(encoded), encoded]);
}

/** The stored sort key (r) of a key's sort attribute values; empty without any. */
export function encodeSort(values: readonly AttributeValue[]): Buffer {
  return values.length === 0 ? EMPTY : encodePart(values);
}

/** The value of a single-attribute partition, from its stored bytes (no JSON parse). */
export function decodePartition(h: Buffer, type: ScalarKeyType): AttributeValue {
  return decodeKeyValue(h.subarray(HASH_PREFIX_BYTES), type);
}

/**
 * For a multi-attribute sort key: every encoded sort key whose leading attributes equal
 * the values that `encodeKeyTuple(leading)` encoded lies in [prefix, tuplePrefixEnd(prefix)).
 * (Each tuple component ends with 0x00 0x00; raising the last byte bounds the prefix.)
 */
export function tuplePrefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  end[end.length - 1] += 1;
  return end;
}

function hashBytes(value: number): Buffer {
  const out = Buffer.alloc(HASH_PREFIX_BYTES);
  out.writeUInt32BE(value);
  return out;
}

/** The slice of the hash space of Scan segment `segment` of `total`; the last one is open at the top. */
export function hashSlice(segment: number, total: number): HashRange {
  const from = hashBytes(Math.floor((segment * HASH_SPACE) / total));
  const end = Math.floor(((segment + 1) * HASH_SPACE) / total);
  return end >= HASH_SPACE ? { from } : { from, to: hashBytes(end) };
}

/** True when a stored partition (hash first) falls in the slice. */
export function inHashSlice(h: Buffer, slice: HashRange): boolean {
  return Buffer.compare(h, slice.from) >= 0 && (slice.to === undefined || Buffer.compare(h, slice.to) < 0);
}
