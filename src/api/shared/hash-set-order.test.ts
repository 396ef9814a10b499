import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { javaHashSetOrder, javaStringHash } from './hash-set-order.js';

describe('javaStringHash', () => {
  const cases: [string, number][] = [
    ['', 0],
    ['a', 97],
    ['pk', 3579],
    ['hello', 99162322],
    // overflows 32 bits, as Java's int arithmetic does
    ['polygenelubricants', -2147483648],
    ['é', 233],
  ];
  for (const [text, hash] of cases) test(JSON.stringify(text), () => assert.equal(javaStringHash(text), hash));
});

describe('javaHashSetOrder', () => {
  // Orders DynamoDB was seen answering (messages quoting key sets).
  const cases: [string[], string[]][] = [
    [['pk', 'sk', 'a'], ['a', 'sk', 'pk']],
    [['my-hash', 'my-string'], ['my-hash', 'my-string']],
    [['my-string', 'my-hash'], ['my-hash', 'my-string']],
    [['sk', 'pk'], ['sk', 'pk']],
    [['pk', 'pk', 'x'], ['x', 'pk']],
  ];
  for (const [input, expected] of cases) {
    test(`${input.join(',')} -> ${expected.join(',')}`, () => assert.deepEqual(javaHashSetOrder(input), expected));
  }

  test('grows the capacity past 12 entries, keeping colliding names in insertion order', () => {
    const names = Array.from({ length: 20 }, (_, i) => `attr${i}`);
    const ordered = javaHashSetOrder(names);
    assert.equal(ordered.length, 20);
    assert.deepEqual([...ordered].sort(), [...names].sort());
    // "Aa" and "BB" share a hash code: insertion order decides
    assert.deepEqual(javaHashSetOrder(['BB', 'Aa']), ['BB', 'Aa']);
    assert.deepEqual(javaHashSetOrder(['Aa', 'BB']), ['Aa', 'BB']);
  });
});
