import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DynamoDBError } from '../../errors.js';
import { checkSegment, SEGMENT_MESSAGES } from './segments.js';

describe('checkSegment', () => {
  const cases: { name: string; segment?: number; total?: number; message?: string }[] = [
    { name: 'neither' },
    { name: 'first of one', segment: 0, total: 1 },
    { name: 'last of many', segment: 999_999, total: 1_000_000 },
    { name: 'Segment alone (even 0)', segment: 0, message: SEGMENT_MESSAGES.totalSegmentsMissing },
    { name: 'TotalSegments alone', total: 3, message: SEGMENT_MESSAGES.segmentMissing },
    { name: 'Segment = TotalSegments', segment: 5, total: 5, message: SEGMENT_MESSAGES.segmentTooLarge(5, 5) },
    { name: 'Segment > TotalSegments', segment: 7, total: 2, message: SEGMENT_MESSAGES.segmentTooLarge(7, 2) },
  ];
  for (const c of cases) {
    test(c.name, () => {
      if (c.message === undefined) {
        const result = checkSegment(c.segment, c.total);
        assert.deepEqual(result, c.segment === undefined ? undefined : { segment: c.segment, total: c.total });
      } else {
        assert.throws(
          () => checkSegment(c.segment, c.total),
          (e: unknown) => e instanceof DynamoDBError && e.code === 'ValidationException' && e.message === c.message,
        );
      }
    });
  }

  test('the too-large message is AWS text', () => {
    assert.equal(
      SEGMENT_MESSAGES.segmentTooLarge(1, 1),
      'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 1 is not less than TotalSegments: 1',
    );
  });
});
