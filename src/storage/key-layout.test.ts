import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeKeyValue } from '../model/key-codec.js';
import { hashSlice, inHashSlice, partitionHash } from './key-layout.js';

const hash = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** An encoded partition key: 4 hash bytes, then some key bytes. */
const encoded = (n: number, key = 'k'): Buffer => Buffer.concat([hash(n), Buffer.from(key)]);

describe('partitionHash', () => {
  test('4 stable bytes, first 4 of MD5', () => {
    const hash = partitionHash(Buffer.from('abc'));
    assert.equal(hash.length, 4);
    assert.equal(hash.toString('hex'), '90015098');
    assert.deepEqual(partitionHash(Buffer.from('abc')), hash);
  });

  test('spreads keys roughly evenly over the first byte', () => {
    const buckets = new Array(4).fill(0);
    for (let i = 0; i < 4000; i++) buckets[partitionHash(encodeKeyValue({ S: `key-${i}` }))[0] >> 6]++;
    for (const count of buckets) assert.ok(count > 800 && count < 1200, `bucket ${count}`);
  });
});

describe('hashSlice (Scan segments)', () => {
  test('one segment covers everything and is open at both ends of the hash space', () => {
    const slice = hashSlice(0, 1);
    assert.deepEqual(slice, { from: hash(0) });
    assert.ok(inHashSlice(encoded(0, ''), slice));
    assert.ok(inHashSlice(encoded(0xffffffff, '\u{10ffff}'), slice));
  });

  test('slices follow floor(s * 2^32 / n)', () => {
    assert.deepEqual(hashSlice(0, 3), { from: hash(0), to: hash(1431655765) });
    assert.deepEqual(hashSlice(1, 3), { from: hash(1431655765), to: hash(2863311530) });
    assert.deepEqual(hashSlice(2, 3), { from: hash(2863311530) });
  });

  for (const total of [1, 2, 3, 7, 16, 1000, 1_000_000]) {
    test(`${total} segments are disjoint and cover the hash space`, () => {
      const probes = [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 1431655765, 2863311530];
      const segments = total <= 1000 ? [...Array(total).keys()] : [0, 1, 499_999, 500_000, 999_998, 999_999];
      const slices = segments.map((segment) => hashSlice(segment, total));
      // neighbouring slices meet exactly
      for (let i = 1; i < slices.length; i++) {
        if (segments[i] === segments[i - 1] + 1) assert.deepEqual(slices[i - 1].to, slices[i].from);
      }
      if (total <= 1000) {
        for (const probe of probes) {
          const owners = slices.filter((s) => inHashSlice(encoded(probe), s)).length;
          assert.equal(owners, 1, `hash ${probe} lies in exactly one of ${total} segments`);
        }
      }
      assert.deepEqual(slices[0].from, hash(0));
      assert.equal(slices[slices.length - 1].to, undefined);
    });
  }

  test('a key whose hash equals the upper bound belongs to the next segment', () => {
    const [first, second] = [hashSlice(0, 2), hashSlice(1, 2)];
    assert.ok(!inHashSlice(encoded(0x80000000, ''), first));
    assert.ok(inHashSlice(encoded(0x80000000, ''), second));
    assert.ok(inHashSlice(encoded(0x7fffffff, '\xff\xff'), first));
  });
});
