/**
 * Parallel Scan segments: Segment / TotalSegments checked as DynamoDB checks them. Every
 * stored partition starts with a hash, so a segment is a slice of the hash space
 * (storage/key-layout.ts hashSlice); the slices of one TotalSegments are disjoint and
 * cover the whole space, and each is a range the storage scans on its own.
 */
import { validation } from '../../errors.js';
import { hashSlice } from '../../storage/key-layout.js';
import type { HashRange } from '../../storage/types.js';

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

/** The hash slice of one segment; the last segment's slice is open at the top. */
export function segmentSlice({ segment, total }: Segment): HashRange {
  return hashSlice(segment, total);
}
