import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeValue } from './attribute-value.js';
import { compareBinary, compareUtf8, compareValues, valuesEqual } from './compare.js';

const b64 = (...bytes: number[]): string => Buffer.from(bytes).toString('base64');

describe('compareValues', () => {
  const cases: [string, AttributeValue, AttributeValue, number | undefined][] = [
    ['S less', { S: 'a' }, { S: 'b' }, -1],
    ['S equal', { S: 'abc' }, { S: 'abc' }, 0],
    ['S prefix first', { S: 'ab' }, { S: 'abc' }, -1],
    ['S empty first', { S: '' }, { S: 'a' }, -1],
    ['S case: upper before lower', { S: 'Z' }, { S: 'a' }, -1],
    // U+FB01 is one UTF-16 unit (0xFB01) and sorts *below* a surrogate pair in UTF-16
    // order, but above it would be wrong in UTF-8: F0.. (😀) > EF.. (U+FB01)
    ['S astral after high BMP (UTF-8 order)', { S: '\ufb01' }, { S: '😀' }, -1],
    ['S astral after U+FFFF', { S: '\uffff' }, { S: '𝄞' }, -1],
    ['S two astral characters', { S: '😀' }, { S: '😁' }, -1],
    ['N numeric, not textual', { N: '9' }, { N: '10' }, -1],
    ['N negatives', { N: '-10' }, { N: '-9' }, -1],
    ['N equal values', { N: '1' }, { N: '1.0' }, 0],
    ['N large', { N: '1E+125' }, { N: '-1E+125' }, 1],
    ['B unsigned bytes', { B: b64(0x7f) }, { B: b64(0x80) }, -1],
    ['B high byte after low', { B: b64(0xff) }, { B: b64(0x00, 0x00) }, 1],
    ['B prefix first', { B: b64(1) }, { B: b64(1, 0) }, -1],
    ['B empty', { B: '' }, { B: '' }, 0],
    ['different types', { S: '1' }, { N: '1' }, undefined],
    ['BOOL not orderable', { BOOL: false }, { BOOL: true }, undefined],
    ['NULL not orderable', { NULL: true }, { NULL: true }, undefined],
    ['sets not orderable', { SS: ['a'] }, { SS: ['b'] }, undefined],
    ['M not orderable', { M: {} }, { M: {} }, undefined],
    ['L not orderable', { L: [] }, { L: [] }, undefined],
  ];
  for (const [name, a, b, expected] of cases) {
    test(name, () => {
      assert.equal(compareValues(a, b), expected);
      if (expected !== undefined) assert.equal(compareValues(b, a), expected === 0 ? 0 : -expected);
    });
  }

  test('compareUtf8 matches Buffer.compare of UTF-8 bytes', () => {
    const samples = ['', 'a', 'ab', 'é', '\ue000', '\uffff', '😀', 'a😀', 'a\uffff', '\u0000', 'Z', '中文', '𝄞x'];
    for (const x of samples) {
      for (const y of samples) assert.equal(compareUtf8(x, y), Buffer.compare(Buffer.from(x), Buffer.from(y)), `${x} vs ${y}`);
    }
  });

  test('compareBinary compares decoded bytes', () => {
    assert.equal(compareBinary(b64(1, 2), b64(1, 3)), -1);
    assert.equal(compareBinary(b64(200), b64(100)), 1);
  });
});

describe('valuesEqual', () => {
  const cases: [string, AttributeValue, AttributeValue, boolean][] = [
    ['S', { S: 'a' }, { S: 'a' }, true],
    ['S differs', { S: 'a' }, { S: 'A' }, false],
    ['N numerically', { N: '1' }, { N: '1.00' }, true],
    ['N differs', { N: '1' }, { N: '1.0000001' }, false],
    ['B by bytes', { B: b64(1, 2) }, { B: b64(1, 2) }, true],
    ['B differs', { B: b64(1, 2) }, { B: b64(1) }, false],
    ['BOOL', { BOOL: true }, { BOOL: true }, true],
    ['BOOL differs', { BOOL: true }, { BOOL: false }, false],
    ['NULL', { NULL: true }, { NULL: true }, true],
    ['types differ', { S: '1' }, { N: '1' }, false],
    ['SS any order', { SS: ['a', 'b'] }, { SS: ['b', 'a'] }, true],
    ['SS differs', { SS: ['a', 'b'] }, { SS: ['a', 'c'] }, false],
    ['SS subset', { SS: ['a'] }, { SS: ['a', 'b'] }, false],
    ['NS numerically, any order', { NS: ['1', '2.0'] }, { NS: ['2', '1.00'] }, true],
    ['NS differs', { NS: ['1', '2'] }, { NS: ['1', '3'] }, false],
    ['BS any order', { BS: [b64(1), b64(2)] }, { BS: [b64(2), b64(1)] }, true],
    ['BS differs', { BS: [b64(1)] }, { BS: [b64(2)] }, false],
    ['L element-wise', { L: [{ N: '1' }, { S: 'x' }] }, { L: [{ N: '1.0' }, { S: 'x' }] }, true],
    ['L order matters', { L: [{ N: '1' }, { S: 'x' }] }, { L: [{ S: 'x' }, { N: '1' }] }, false],
    ['L length', { L: [{ N: '1' }] }, { L: [] }, false],
    ['M deep', { M: { a: { M: { b: { NS: ['1', '2'] } } } } }, { M: { a: { M: { b: { NS: ['2', '1'] } } } } }, true],
    ['M key order irrelevant', { M: { a: { S: 'x' }, b: { S: 'y' } } }, { M: { b: { S: 'y' }, a: { S: 'x' } } }, true],
    ['M missing key', { M: { a: { S: 'x' } } }, { M: { b: { S: 'x' } } }, false],
    ['M extra key', { M: { a: { S: 'x' } } }, { M: { a: { S: 'x' }, b: { S: 'y' } } }, false],
    ['M vs L', { M: {} }, { L: [] }, false],
  ];
  for (const [name, a, b, expected] of cases) {
    test(name, () => {
      assert.equal(valuesEqual(a, b), expected);
      assert.equal(valuesEqual(b, a), expected);
    });
  }
});
