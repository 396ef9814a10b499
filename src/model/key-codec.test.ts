import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeValue } from './attribute-value.js';
import { compareBinary, compareUtf8 } from './compare.js';
import { decodeKeyValue, encodeKeyTuple, encodeKeyValue } from './key-codec.js';
import { compareNumbers, normalizeNumber } from './number.js';
import { mulberry32 } from './mulberry32.js';

const rng = mulberry32;

const int = (random: () => number, n: number): number => Math.floor(random() * n);

/** Characters chosen so UTF-16 order and UTF-8 order disagree: ASCII, BMP high, astral. */
const CHAR_POOL = ['a', 'b', 'z', '\u0000', '\u007f', 'é', 'ß', '中', '\ue000', '\uffff', '\ufb01', '😀', '𝄞', '\u{10ffff}', '\u{1f600}'];

function randomString(random: () => number): string {
  const length = int(random, 8);
  let s = '';
  for (let i = 0; i < length; i++) {
    s += random() < 0.3 ? String.fromCodePoint(int(random, 0x10ffff - 0xe000) + (random() < 0.5 ? 0 : 0xe000)) : CHAR_POOL[int(random, CHAR_POOL.length)];
  }
  // lone surrogates are not valid UTF-8 text; DynamoDB never stores them
  return s.replace(/[\ud800-\udfff]/gu, 'x');
}

function randomBinary(random: () => number): string {
  const length = int(random, 6);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = random() < 0.4 ? [0x00, 0xff, 0x7f, 0x80][int(random, 4)] : int(random, 256);
  return bytes.toString('base64');
}

function randomNumber(random: () => number): string {
  if (random() < 0.03) return '0';
  const digitCount = 1 + int(random, 38);
  let digits = String(1 + int(random, 9));
  for (let i = 1; i < digitCount; i++) digits += String(random() < 0.2 ? 0 : int(random, 10));
  // keep the leading digit's exponent inside -130..125, sometimes at the edges
  const exponent = random() < 0.1 ? (random() < 0.5 ? -130 : 125) : random() < 0.5 ? int(random, 10) - 5 : int(random, 256) - 130;
  const sign = random() < 0.5 ? '-' : '';
  return normalizeNumber(`${sign}${digits[0]}.${digits.slice(1)}E${exponent}`);
}

function assertSameOrder(values: AttributeValue[], reference: (a: AttributeValue, b: AttributeValue) => number): void {
  const byReference = [...values].sort(reference);
  const byBytes = [...values].sort((a, b) => Buffer.compare(encodeKeyValue(a), encodeKeyValue(b)));
  for (let i = 0; i < values.length; i++) {
    assert.equal(reference(byReference[i], byBytes[i]), 0, `position ${i}: ${JSON.stringify(byReference[i])} vs ${JSON.stringify(byBytes[i])}`);
  }
  // and pairwise signs agree
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1];
    const b = values[i];
    assert.equal(Math.sign(Buffer.compare(encodeKeyValue(a), encodeKeyValue(b))), Math.sign(reference(a, b)));
  }
}

const COUNT = 4000;

describe('encodeKeyValue: order (property tests)', () => {
  test('S sorts by UTF-8 bytes, not UTF-16 units', () => {
    const random = rng(1);
    const values = Array.from({ length: COUNT }, () => ({ S: randomString(random) }));
    const utf8 = (a: AttributeValue, b: AttributeValue) =>
      Buffer.compare(Buffer.from((a as { S: string }).S), Buffer.from((b as { S: string }).S));
    assertSameOrder(values, utf8);
    // compareUtf8 (used by the evaluator) is the same order
    for (let i = 1; i < values.length; i++) {
      assert.equal(compareUtf8(values[i - 1].S, values[i].S), Math.sign(utf8(values[i - 1], values[i])));
    }
  });

  test('B sorts as unsigned bytes, prefixes first', () => {
    const random = rng(2);
    const values = Array.from({ length: COUNT }, () => ({ B: randomBinary(random) }));
    assertSameOrder(values, (a, b) => compareBinary((a as { B: string }).B, (b as { B: string }).B));
  });

  test('N sorts numerically across the whole range', () => {
    const random = rng(3);
    const values = Array.from({ length: COUNT }, () => ({ N: randomNumber(random) }));
    assertSameOrder(values, (a, b) => compareNumbers((a as { N: string }).N, (b as { N: string }).N));
  });

  test('N edge cases in order', () => {
    const ordered = [
      '-9.9999999999999999999999999999999999999E+125',
      '-1E+125',
      '-100',
      '-10.5',
      '-10',
      '-9.99',
      '-1.5',
      '-1.01',
      '-1',
      '-0.5',
      '-1E-130',
      '0',
      '1E-130',
      '1.1E-130',
      '0.5',
      '1',
      '1.01',
      '1.5',
      '9.99',
      '10',
      '10.5',
      '100',
      '1E+125',
      '9.9999999999999999999999999999999999999E+125',
    ].map((n) => encodeKeyValue({ N: normalizeNumber(n) }));
    for (let i = 1; i < ordered.length; i++) assert.equal(Buffer.compare(ordered[i - 1], ordered[i]), -1, `index ${i}`);
  });

  test('equal numbers written differently encode identically', () => {
    for (const [a, b] of [
      ['1', '1.0'],
      ['1', '1E0'],
      ['100', '1E2'],
      ['-0.5', '-5E-1'],
      ['0', '-0'],
      ['0', '0.000'],
    ]) {
      assert.deepEqual(encodeKeyValue({ N: a }), encodeKeyValue({ N: normalizeNumber(b) }));
      assert.deepEqual(encodeKeyValue({ N: b }), encodeKeyValue({ N: a }));
    }
  });
});

describe('decodeKeyValue', () => {
  test('round-trips random values of each type', () => {
    const random = rng(4);
    for (let i = 0; i < 1000; i++) {
      const s = randomString(random);
      const b = randomBinary(random);
      const n = randomNumber(random);
      assert.deepEqual(decodeKeyValue(encodeKeyValue({ S: s }), 'S'), { S: s });
      assert.deepEqual(decodeKeyValue(encodeKeyValue({ B: b }), 'B'), { B: b });
      assert.deepEqual(decodeKeyValue(encodeKeyValue({ N: n }), 'N'), { N: n });
    }
  });

  test('rejects non-key types', () => {
    assert.throws(() => encodeKeyValue({ BOOL: true }), TypeError);
  });
});

describe('encodeKeyTuple', () => {
  test('orders by the first component, then the second, even across prefixes and zero bytes', () => {
    const random = rng(5);
    const tuples = Array.from({ length: 2000 }, () => [{ B: randomBinary(random) }, { S: randomString(random) }] as const);
    const reference = (x: readonly AttributeValue[], y: readonly AttributeValue[]): number =>
      compareBinary((x[0] as { B: string }).B, (y[0] as { B: string }).B) ||
      compareUtf8((x[1] as { S: string }).S, (y[1] as { S: string }).S);
    for (let i = 1; i < tuples.length; i++) {
      const a = tuples[i - 1];
      const b = tuples[i];
      assert.equal(Math.sign(Buffer.compare(encodeKeyTuple(a), encodeKeyTuple(b))), reference(a, b));
    }
  });

  test('no tuple is a prefix of another', () => {
    const a = encodeKeyTuple([{ S: 'a' }, { S: 'bc' }]);
    const b = encodeKeyTuple([{ S: 'ab' }, { S: 'c' }]);
    assert.notDeepEqual(a, b);
    assert.equal(Buffer.compare(a, b), -1);
    assert.deepEqual(encodeKeyTuple([{ B: 'AA==' }]), Buffer.from([0x00, 0xff, 0x00, 0x00]));
  });
});
