import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item } from '../../../model/attribute-value.js';
import { itemSize as serverItemSize } from '../../../model/item-size.js';
import { itemSize, sizeDistribution } from './item-sizes.js';

test('the console sizes items exactly as the server does', () => {
  const items: Item[] = [
    { pk: { S: 'é-ü-漢字-😀' }, n: { N: '-123.4500' }, z: { N: '0' }, big: { N: '12345678901234567890123456789012345678' } },
    { b: { B: 'AAECAwQ=' }, bs: { BS: ['AA==', 'AAEC'] }, ss: { SS: ['a', 'ßb'] }, ns: { NS: ['1', '-0.001'] } },
    { l: { L: [{ BOOL: true }, { NULL: true as const }, { M: { x: { S: 'y' } } }] }, m: { M: {} } },
  ];
  for (const item of items) assert.equal(itemSize(item), serverItemSize(item), JSON.stringify(item));
});

test('sizes are spread over the ranges between the smallest and the largest', () => {
  const item = (bytes: number) => ({ p: { S: 'x'.repeat(bytes - 1) } });
  const d = sizeDistribution([item(100), item(300), item(900), item(5000), item(200)]);
  assert.deepEqual(d, {
    buckets: [
      { from: 0, to: 256, count: 2 },
      { from: 256, to: 1024, count: 2 },
      { from: 1024, to: 2048, count: 0 },
      { from: 2048, to: 4096, count: 0 },
      { from: 4096, to: 8192, count: 1 },
    ],
    min: 100,
    median: 300,
    max: 5000,
    total: 6500,
  });
  assert.deepEqual(sizeDistribution([item(2000), item(3000)])?.buckets, [{ from: 1024, to: 2048, count: 1 }, { from: 2048, to: 4096, count: 1 }]);
  assert.equal(sizeDistribution([item(10), item(20)])?.median, 15);
  assert.equal(sizeDistribution([]), undefined);
});
