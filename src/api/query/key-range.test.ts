import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AttributeValue } from '../../model/attribute-value.js';
import { encodeKeyValue } from '../../model/key-codec.js';
import { inSortRange, prefixUpperBound, sortKeyRange, type SortOperator } from './key-range.js';

const hex = (h: string): Buffer => Buffer.from(h, 'hex');

describe('prefixUpperBound', () => {
  const cases: [string, string | undefined][] = [
    ['61', '62'],
    ['6162', '6163'],
    ['61ff', '62'],
    ['61ffff', '62'],
    ['00', '01'],
    ['fe', 'ff'],
    ['ff', undefined],
    ['ffff', undefined],
    ['', undefined],
    ['efbfbf', 'efbfc0'], // U+FFFF in UTF-8
    ['f48fbfbf', 'f48fbfc0'], // U+10FFFF in UTF-8
  ];
  for (const [prefix, bound] of cases) {
    test(`${prefix || '(empty)'} -> ${bound ?? 'none'}`, () => {
      const result = prefixUpperBound(hex(prefix));
      assert.equal(result?.toString('hex'), bound);
    });
  }

  test('does not modify its argument', () => {
    const prefix = hex('61ff');
    prefixUpperBound(prefix);
    assert.equal(prefix.toString('hex'), '61ff');
  });
});

describe('sortKeyRange / inSortRange', () => {
  const S = (s: string): AttributeValue => ({ S: s });
  const N = (n: string): AttributeValue => ({ N: n });
  const B = (h: string): AttributeValue => ({ B: hex(h).toString('base64') });
  const strings = ['a', 'ab', 'abc', 'abd', 'ac', 'b', 'é', '\uff61', '😀'];

  const cases: { op: SortOperator; values: AttributeValue[]; domain: AttributeValue[]; selected: number[] }[] = [
    { op: 'EQ', values: [S('ab')], domain: strings.map(S), selected: [1] },
    { op: 'LT', values: [S('abd')], domain: strings.map(S), selected: [0, 1, 2] },
    { op: 'LE', values: [S('abd')], domain: strings.map(S), selected: [0, 1, 2, 3] },
    { op: 'GT', values: [S('ac')], domain: strings.map(S), selected: [5, 6, 7, 8] },
    { op: 'GE', values: [S('ac')], domain: strings.map(S), selected: [4, 5, 6, 7, 8] },
    { op: 'BETWEEN', values: [S('ab'), S('ac')], domain: strings.map(S), selected: [1, 2, 3, 4] },
    { op: 'BEGINS_WITH', values: [S('ab')], domain: strings.map(S), selected: [1, 2, 3] },
    // UTF-8 order: U+FF61 (ef bd a1) sorts before U+1F600 (f0 9f 98 80), unlike UTF-16
    { op: 'LT', values: [S('😀')], domain: strings.map(S), selected: [0, 1, 2, 3, 4, 5, 6, 7] },
    { op: 'BEGINS_WITH', values: [B('ff')], domain: ['00', '7f', 'fe', 'feff', 'ff', 'ff00', 'ffff'].map(B), selected: [4, 5, 6] },
    { op: 'BEGINS_WITH', values: [B('fe')], domain: ['00', '7f', 'fe', 'feff', 'ff', 'ff00', 'ffff'].map(B), selected: [2, 3] },
    { op: 'BETWEEN', values: [N('-10'), N('1E-130')], domain: ['-1E+125', '-10.5', '-10', '-1', '0', '1E-130', '0.5'].map(N), selected: [2, 3, 4, 5] },
    { op: 'GT', values: [N('-1')], domain: ['-1E+125', '-10.5', '-10', '-1', '0', '1E-130', '0.5'].map(N), selected: [4, 5, 6] },
  ];
  for (const { op, values, domain, selected } of cases) {
    test(`${op} ${values.map((v) => JSON.stringify(v)).join(' ')}`, () => {
      const range = sortKeyRange(op, values);
      const got = domain.flatMap((value, i) => (inSortRange(encodeKeyValue(value), range) ? [i] : []));
      assert.deepEqual(got, selected);
    });
  }

  test('the bounds of each operator', () => {
    const v = encodeKeyValue(S('m'));
    assert.deepEqual(sortKeyRange('EQ', [S('m')]), { lower: { value: v, inclusive: true }, upper: { value: v, inclusive: true } });
    assert.deepEqual(sortKeyRange('LT', [S('m')]), { upper: { value: v, inclusive: false } });
    assert.deepEqual(sortKeyRange('GE', [S('m')]), { lower: { value: v, inclusive: true } });
    assert.deepEqual(sortKeyRange('BEGINS_WITH', [B('ffff')]), { lower: { value: hex('ffff'), inclusive: true } });
    assert.deepEqual(sortKeyRange('BEGINS_WITH', [S('m')]), { lower: { value: v, inclusive: true }, upper: { value: Buffer.from('n'), inclusive: false } });
  });
});
