import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeValue, Item } from './attribute-value.js';
import { assertItemSize, attributeValueSize, ITEM_SIZE_MESSAGE, itemSize, MAX_ITEM_SIZE, numberSize } from './item-size.js';

describe('numberSize', () => {
  // The long numbers are the sizes DynamoDB's 400 KB boundary revealed (dynalite's
  // PutItem tests, run against DynamoDB): digit pairs aligned to the decimal point.
  const cases: [string, number][] = [
    ['0', 1],
    ['1', 2],
    ['9', 2],
    ['10', 2],
    ['11', 2],
    ['100', 2],
    ['111', 3],
    ['1.1', 3],
    ['0.1', 2],
    ['0.01', 2],
    ['0.11', 2],
    ['12.34', 3],
    ['123.4', 4],
    ['1' + '0'.repeat(125), 2],
    ['11' + '0'.repeat(124), 2],
    ['11111' + '0'.repeat(121), 4],
    ['111111' + '0'.repeat(120), 4],
    ['1111111' + '0'.repeat(119), 5],
    ['1'.repeat(38) + '0'.repeat(88), 20],
    ['1'.repeat(38), 20],
    ['1.' + '1'.repeat(37), 21],
    ['-1', 3],
    ['-11', 3],
    ['-1.1', 4],
    ['-' + '1'.repeat(38), 21],
    ['-1.' + '1'.repeat(37), 21],
  ];
  for (const [text, size] of cases) test(text.length > 20 ? `${text.slice(0, 12)}… (${text.length})` : text, () => assert.equal(numberSize(text), size));
});

describe('attributeValueSize', () => {
  const cases: [AttributeValue, number][] = [
    [{ S: '' }, 0],
    [{ S: 'abc' }, 3],
    [{ S: 'é' }, 2],
    [{ S: '😀' }, 4],
    [{ B: '' }, 0],
    [{ B: 'AAEC' }, 3],
    [{ BOOL: true }, 1],
    [{ NULL: true }, 1],
    [{ SS: ['a', 'bc'] }, 3],
    [{ NS: ['1', '111'] }, 5],
    [{ BS: ['AA==', 'AAA='] }, 3],
    [{ L: [] }, 3],
    [{ M: {} }, 3],
    [{ L: [{ S: 'ab' }, { N: '1' }] }, 3 + (1 + 2) + (1 + 2)],
    [{ M: { ab: { S: 'xyz' } } }, 3 + 1 + 2 + 3],
    [{ M: { a: { L: [{ NULL: true }] } } }, 3 + 1 + 1 + (3 + 1 + 1)],
  ];
  for (const [value, size] of cases) test(JSON.stringify(value), () => assert.equal(attributeValueSize(value), size));
});

describe('itemSize and the 400 KB limit', () => {
  const key = 'AAAAAAAAAA';
  const cases: [string, Item, boolean][] = [
    ['one byte over, small attribute', { a: { S: key }, b: { S: 'a'.repeat(MAX_ITEM_SIZE - key.length - 1) } }, false],
    ['exactly at the limit, small attribute', { a: { S: key }, b: { S: 'a'.repeat(MAX_ITEM_SIZE - key.length - 2) } }, true],
    [
      'exactly at the limit, long name',
      { a: { S: key }, ['b'.repeat(27)]: { S: 'a'.repeat(MAX_ITEM_SIZE - key.length - 28) } },
      true,
    ],
    [
      'one byte over, several attributes',
      { a: { S: key }, bb: { S: 'a'.repeat(MAX_ITEM_SIZE - key.length - 7) }, ccc: { S: 'cc' } },
      false,
    ],
    [
      'one byte over with a 20-byte number',
      { a: { S: key }, b: { S: 'a'.repeat(MAX_ITEM_SIZE - key.length - 1 - 1 - 20) }, c: { N: '1'.repeat(38) + '0'.repeat(88) } },
      false,
    ],
    [
      'at the limit with two 5-byte numbers',
      {
        a: { S: key },
        b: { S: 'a'.repeat(MAX_ITEM_SIZE - key.length - 1 - 1 - 5 - 1 - 5 - 1) },
        c: { N: '1111111' + '0'.repeat(119) },
        d: { N: '1111111' + '0'.repeat(119) },
      },
      true,
    ],
  ];
  for (const [name, item, fits] of cases) {
    test(name, () => {
      assert.equal(itemSize(item) <= MAX_ITEM_SIZE, fits);
      if (fits) assert.doesNotThrow(() => assertItemSize(item));
      else assert.throws(() => assertItemSize(item), { message: ITEM_SIZE_MESSAGE });
    });
  }

  test('names are counted in UTF-8 bytes', () => {
    assert.equal(itemSize({ 'é': { S: 'x' } }), 3);
    assert.equal(itemSize({}), 0);
  });

  test('constants', () => {
    assert.equal(MAX_ITEM_SIZE, 409600);
    assert.equal(ITEM_SIZE_MESSAGE, 'Item size has exceeded the maximum allowed size');
  });
});
