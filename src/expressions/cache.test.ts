import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedCache } from './cache.js';

describe('BoundedCache', () => {
  test('computes on a miss, reuses on a hit', () => {
    const cache = new BoundedCache<number>(10);
    let calls = 0;
    const compute = () => ++calls;
    assert.equal(cache.get('a', compute), 1);
    assert.equal(cache.get('a', compute), 1);
    assert.equal(calls, 1);
  });
  test('evicts the oldest entry when full', () => {
    const cache = new BoundedCache<string>(2);
    cache.get('a', () => 'A');
    cache.get('b', () => 'B');
    cache.get('c', () => 'C');
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a', () => 'A2'), 'A2');
    assert.equal(cache.get('c', () => 'C2'), 'C');
  });
  test('failures are not cached', () => {
    const cache = new BoundedCache<number>(2);
    assert.throws(() => cache.get('x', () => { throw new Error('boom'); }), /boom/);
    assert.equal(cache.size, 0);
    assert.equal(cache.get('x', () => 7), 7);
  });
  test('clear empties it', () => {
    const cache = new BoundedCache<number>(2);
    cache.get('a', () => 1);
    cache.clear();
    assert.equal(cache.size, 0);
  });
});
