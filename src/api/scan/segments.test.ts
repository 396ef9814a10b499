import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DynamoDBError } from '../../errors.js';
import { checkSegment, inSlice, SEGMENT_MESSAGES, segmentSlice } from './segments.js';

const hash = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** An encoded partition key: 4 hash bytes, then some key bytes. */
const encoded = (n: number, key = 'k'): Buffer => Buffer.concat([hash(n), Buffer.from(key)]);

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

describe('segmentSlice', () => {
  test('one segment covers everything and is open at both ends of the hash space', () => {
    const slice = segmentSlice({ segment: 0, total: 1 });
    assert.deepEqual(slice, { from: hash(0) });
    assert.ok(inSlice(encoded(0, ''), slice));
    assert.ok(inSlice(encoded(0xffffffff, '\u{10ffff}'), slice));
  });

  test('slices follow floor(s * 2^32 / n)', () => {
    assert.deepEqual(segmentSlice({ segment: 0, total: 3 }), { from: hash(0), to: hash(1431655765) });
    assert.deepEqual(segmentSlice({ segment: 1, total: 3 }), { from: hash(1431655765), to: hash(2863311530) });
    assert.deepEqual(segmentSlice({ segment: 2, total: 3 }), { from: hash(2863311530) });
  });

  for (const total of [1, 2, 3, 7, 16, 1000, 1_000_000]) {
    test(`${total} segments are disjoint and cover the hash space`, () => {
      const probes = [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 1431655765, 2863311530];
      const segments = total <= 1000 ? [...Array(total).keys()] : [0, 1, 499_999, 500_000, 999_998, 999_999];
      const slices = segments.map((segment) => segmentSlice({ segment, total }));
      // neighbouring slices meet exactly
      for (let i = 1; i < slices.length; i++) {
        if (segments[i] === segments[i - 1] + 1) assert.deepEqual(slices[i - 1].to, slices[i].from);
      }
      if (total <= 1000) {
        for (const probe of probes) {
          const owners = slices.filter((s) => inSlice(encoded(probe), s)).length;
          assert.equal(owners, 1, `hash ${probe} lies in exactly one of ${total} segments`);
        }
      }
      assert.deepEqual(slices[0].from, hash(0));
      assert.equal(slices[slices.length - 1].to, undefined);
    });
  }

  test('a key whose hash equals the upper bound belongs to the next segment', () => {
    const [first, second] = [segmentSlice({ segment: 0, total: 2 }), segmentSlice({ segment: 1, total: 2 })];
    assert.ok(!inSlice(encoded(0x80000000, ''), first));
    assert.ok(inSlice(encoded(0x80000000, ''), second));
    assert.ok(inSlice(encoded(0x7fffffff, '\xff\xff'), first));
  });
});
