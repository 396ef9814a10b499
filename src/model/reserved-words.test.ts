import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isReservedWord, RESERVED_WORDS } from './reserved-words.js';

describe('reserved words', () => {
  test('the full published list', () => {
    assert.equal(RESERVED_WORDS.size, 573);
    for (const word of ['ABORT', 'ZONE', 'NAME', 'STATUS', 'DATA', 'SIZE', 'TTL', 'COMMENT', 'FLATTERN', 'INNTER', 'LOGED']) {
      assert.ok(RESERVED_WORDS.has(word), word);
    }
  });
  const cases: [string, boolean][] = [
    ['name', true],
    ['Name', true],
    ['abOrt', true],
    ['count', true],
    ['set', true],
    ['between', true],
    ['names', true],
    ['username', false],
    ['pk', false],
    ['id', false],
    ['a', false],
    ['nam', false],
    ['', false],
  ];
  for (const [word, expected] of cases) {
    test(`${JSON.stringify(word)} -> ${expected}`, () => assert.equal(isReservedWord(word), expected));
  }
});
