import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { itemAt, itemSize, keyAt, loadBatchRequest, mixSeed, mulberry32, partitionKey, randomInt, TABLE_NAME } from './dataset.js';

describe('keys', () => {
  const cases: [number, string, string][] = [
    [0, 'p0000', '0'],
    [999, 'p0999', '0'],
    [1000, 'p0000', '1'],
    [9999, 'p0999', '9'],
    [1_234_567, 'p0567', '1234'],
  ];
  for (const [i, pk, sk] of cases) {
    test(`item ${i} is (${pk}, ${sk})`, () => assert.deepEqual(keyAt(i), { pk: { S: pk }, sk: { N: sk } }));
  }
  test('partition keys are zero-padded', () => assert.equal(partitionKey(7), 'p0007'));
});

describe('items', () => {
  for (const i of [0, 1, 9999, 999_999]) {
    test(`item ${i} is about 200 bytes and carries its key`, () => {
      const item = itemAt(i);
      const size = itemSize(item);
      assert.ok(size >= 195 && size <= 205, `size ${size}`);
      assert.deepEqual({ pk: item.pk, sk: item.sk }, keyAt(i));
    });
  }
  test('itemSize follows DynamoDB arithmetic', () => {
    assert.equal(itemSize({ a: { S: 'xyz' } }), 4);
    assert.equal(itemSize({ n: { N: '12345' } }), 1 + 3 + 1);
    assert.equal(itemSize({ b: { BOOL: true } }), 2);
  });
  test('a load batch puts the requested range', () => {
    const request = loadBatchRequest(25, 50) as { RequestItems: Record<string, { PutRequest: { Item: unknown } }[]> };
    const puts = request.RequestItems[TABLE_NAME]!;
    assert.equal(puts.length, 25);
    assert.deepEqual(puts[0]!.PutRequest.Item, itemAt(25));
    assert.deepEqual(puts[24]!.PutRequest.Item, itemAt(49));
  });
});

describe('random numbers', () => {
  test('mulberry32 is deterministic per seed and within [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 100 }, a);
    assert.deepEqual(seqA, Array.from({ length: 100 }, b));
    assert.notDeepEqual(seqA, Array.from({ length: 100 }, c));
    assert.ok(seqA.every((x) => x >= 0 && x < 1));
  });
  test('randomInt stays in range and mixSeed separates its inputs', () => {
    const rng = mulberry32(1);
    for (let i = 0; i < 1000; i += 1) {
      const n = randomInt(rng, 10);
      assert.ok(Number.isInteger(n) && n >= 0 && n < 10);
    }
    assert.notEqual(mixSeed(1, 'GetItem', 0), mixSeed(1, 'GetItem', 1));
    assert.equal(mixSeed(1, 'GetItem', 0), mixSeed(1, 'GetItem', 0));
  });
});
