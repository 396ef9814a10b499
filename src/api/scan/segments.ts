/**
 * Parallel Scan segments. Every stored partition key starts with a 4-byte hash, so a
 * segment is a slice of the hash space: segment s of n covers the hashes in
 * [floor(s * 2^32 / n), floor((s + 1) * 2^32 / n)). The slices of one n are disjoint and
 * cover the whole space, and each is an index range the storage scans on its own.
 */
import { validation } from '../../errors.js';
import type { HashRange } from '../../storage/types.js';

const HASH_SPACE = 2 ** 32;

/** AWS's texts for Segment / TotalSegments problems. */
export const SEGMENT_MESSAGES = {
  totalSegmentsMissing: 'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
  segmentMissing: 'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
  segmentTooLarge: (segment: number, total: number) =>
    `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`,
  startKeyOutsideSegment: (segment: number, total: number) =>
    `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${total} Segment: ${segment}`,
} as const;

/** A validated Segment / TotalSegments pair. */
export interface Segment {
  readonly segment: number;
  readonly total: number;
}

/** Checks that Segment and TotalSegments come together and agree; undefined when neither is given. */
export function checkSegment(segment: number | undefined, total: number | undefined): Segment | undefined {
  if (segment === undefined && total === undefined) return undefined;
  if (total === undefined) throw validation(SEGMENT_MESSAGES.totalSegmentsMissing);
  if (segment === undefined) throw validation(SEGMENT_MESSAGES.segmentMissing);
  if (segment >= total) throw validation(SEGMENT_MESSAGES.segmentTooLarge(segment, total));
  return { segment, total };
}

function hashBytes(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

/** The hash slice of one segment; the last segment's slice is open at the top. */
export function segmentSlice({ segment, total }: Segment): HashRange {
  const from = hashBytes(Math.floor((segment * HASH_SPACE) / total));
  const end = Math.floor(((segment + 1) * HASH_SPACE) / total);
  return end >= HASH_SPACE ? { from } : { from, to: hashBytes(end) };
}

/** True when an encoded partition key (hash first) falls in the slice. */
export function inSlice(h: Buffer, slice: HashRange): boolean {
  return Buffer.compare(h, slice.from) >= 0 && (slice.to === undefined || Buffer.compare(h, slice.to) < 0);
}
