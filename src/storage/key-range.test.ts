import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AttributeValue } from '../model/attribute-value.js';
import { encodeKeyValue } from '../model/key-codec.js';
import { compareValues } from '../model/compare.js';
import { encodeKeyTuple } from '../model/key-codec.js';
import { indexSortRange, inSortRange, prefixUpperBound, sortKeyRange, type SortOperator } from './key-range.js';

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

describe('indexSortRange (multi-attribute sort keys)', () => {
  const S = (s: string): AttributeValue => ({ S: s });
  const N = (n: string): AttributeValue => ({ N: n });
  const B = (h: string): AttributeValue => ({ B: hex(h).toString('base64') });

  // every combination of three sort attributes (S, N, B), with values that stress the
  // tuple encoding: empty-looking prefixes, 0x00 bytes (escaped), 0xff bytes, negatives
  const firsts = ['a', 'a\u0000', 'a\u0000b', 'ab', 'b', '\u00ff', '😀'].map(S);
  const seconds = ['-10', '-1', '0', '1E-130', '1', '10', '1E+3'].map(N);
  const thirds = ['00', '0000', '01', 'ff', 'ff00', 'ffff'].map(B);
  const tuples = firsts.flatMap((a) => seconds.flatMap((b) => thirds.map((c) => [a, b, c])));

  const cmp = (x: AttributeValue, y: AttributeValue): number => compareValues(x, y)!;
  const startsWith = (x: AttributeValue, p: AttributeValue): boolean =>
    'S' in x ? x.S.startsWith((p as { S: string }).S) : Buffer.from((x as { B: string }).B, 'base64').subarray(0, Buffer.from((p as { B: string }).B, 'base64').length).equals(Buffer.from((p as { B: string }).B, 'base64'));

  /** What a condition selects, by comparing values directly. */
  function selects(tuple: AttributeValue[], prefix: AttributeValue[], last?: { op: SortOperator; values: AttributeValue[] }): boolean {
    if (!prefix.every((v, i) => cmp(tuple[i], v) === 0)) return false;
    if (!last) return true;
    const x = tuple[prefix.length];
    const [a, b] = last.values;
    switch (last.op) {
      case 'EQ':
        return cmp(x, a) === 0;
      case 'LT':
        return cmp(x, a) < 0;
      case 'LE':
        return cmp(x, a) <= 0;
      case 'GT':
        return cmp(x, a) > 0;
      case 'GE':
        return cmp(x, a) >= 0;
      case 'BETWEEN':
        return cmp(x, a) >= 0 && cmp(x, b) <= 0;
      case 'BEGINS_WITH':
        return startsWith(x, a);
    }
  }

  const ops: SortOperator[] = ['EQ', 'LT', 'LE', 'GT', 'GE'];
  const cases: { prefix: AttributeValue[]; last?: { op: SortOperator; values: AttributeValue[] } }[] = [
    { prefix: [] },
    { prefix: [S('a\u0000')] },
    { prefix: [S('ab'), N('1')] },
    { prefix: [S('ab'), N('1'), B('ff')] },
    ...ops.flatMap((op) => [
      { prefix: [], last: { op, values: [S('a\u0000')] } },
      { prefix: [], last: { op, values: [S('ab')] } },
      { prefix: [S('a')], last: { op, values: [N('0')] } },
      { prefix: [S('b')], last: { op, values: [N('-1')] } },
      { prefix: [S('a'), N('10')], last: { op, values: [B('ff')] } },
      { prefix: [S('a'), N('10')], last: { op, values: [B('00')] } },
    ]),
    { prefix: [], last: { op: 'BETWEEN', values: [S('a\u0000'), S('ab')] } },
    { prefix: [S('ab')], last: { op: 'BETWEEN', values: [N('-1'), N('1')] } },
    { prefix: [], last: { op: 'BEGINS_WITH', values: [S('a')] } },
    { prefix: [], last: { op: 'BEGINS_WITH', values: [S('a\u0000')] } },
    { prefix: [S('ab'), N('0')], last: { op: 'BEGINS_WITH', values: [B('ff')] } },
    { prefix: [S('ab'), N('0')], last: { op: 'BEGINS_WITH', values: [B('00')] } },
  ];
  for (const { prefix, last } of cases) {
    const label = `${prefix.map((v) => JSON.stringify(v)).join(' = ') || '(no prefix)'}${last ? ` then ${last.op} ${last.values.map((v) => JSON.stringify(v)).join(' ')}` : ''}`;
    test(label, () => {
      const range = indexSortRange(3, prefix, last);
      const expected = tuples.filter((t) => selects(t, prefix, last));
      const got = tuples.filter((t) => inSortRange(encodeKeyTuple(t), range));
      assert.deepEqual(got, expected);
    });
  }

  test('the encoded tuples order as the tuples do', () => {
    const sorted = [...tuples].sort((x, y) => Buffer.compare(encodeKeyTuple(x), encodeKeyTuple(y)));
    const byValues = [...tuples].sort((x, y) => cmp(x[0], y[0]) || cmp(x[1], y[1]) || cmp(x[2], y[2]));
    assert.deepEqual(sorted, byValues);
  });

  test('with one sort attribute it is sortKeyRange, and without a condition it is open', () => {
    assert.deepEqual(indexSortRange(1, [], { op: 'GT', values: [S('m')] }), sortKeyRange('GT', [S('m')]));
    assert.deepEqual(indexSortRange(1, []), {});
    assert.deepEqual(indexSortRange(2, []), {});
  });
});
