/**
 * The text fast paths of number.ts (small integers, plain notation) must give exactly
 * what decimal.js gives: each function is compared here with a decimal.js-only reference
 * over generated numbers, edge cases included (negative zero, leading and trailing
 * zeros, 15/16 and 38/39 digits, exponents, the range limits, invalid text).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal as DecimalJs } from 'decimal.js';
import { DynamoDBError } from '../errors.js';
import { addNumbers, MAX_EXPONENT, MAX_SIGNIFICANT_DIGITS, MIN_EXPONENT, normalizeNumber, NUMBER_MESSAGES, numberParts, subtractNumbers } from './number.js';
import { mulberry32 } from './mulberry32.js';

// ---------------------------------------------------------------- the reference: decimal.js only

const Decimal = DecimalJs.clone({ precision: 400, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
const PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function checked(d: DecimalJs, precisionMessage: string = NUMBER_MESSAGES.precision): DecimalJs {
  if (d.isZero()) return d;
  if (d.e > MAX_EXPONENT) throw new Error(NUMBER_MESSAGES.overflow);
  if (d.e < MIN_EXPONENT) throw new Error(NUMBER_MESSAGES.underflow);
  if (d.sd() > MAX_SIGNIFICANT_DIGITS) throw new Error(precisionMessage);
  return d;
}
const text = (d: DecimalJs): string => (d.isZero() ? '0' : d.toFixed());
const reference = {
  normalize(t: string): string {
    if (!PATTERN.test(t)) throw new Error(NUMBER_MESSAGES.invalid(t));
    return text(checked(new Decimal(t)));
  },
  add: (a: string, b: string): string => text(checked(new Decimal(a).plus(new Decimal(b)), NUMBER_MESSAGES.arithmeticPrecision)),
  subtract: (a: string, b: string): string => text(checked(new Decimal(a).minus(new Decimal(b)), NUMBER_MESSAGES.arithmeticPrecision)),
  parts(t: string): { sign: -1 | 0 | 1; exponent: number; digits: string } {
    const d = new Decimal(t);
    if (d.isZero()) return { sign: 0, exponent: 0, digits: '' };
    const digits = d.abs().toFixed().replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return { sign: d.isNeg() ? -1 : 1, exponent: d.e, digits };
  },
};

/** The outcome of a call: its value, or the message of what it threw (AWS's error or decimal.js's). */
function outcome<T>(fn: () => T): { value: T } | { error: string } {
  try {
    return { value: fn() };
  } catch (e) {
    if (e instanceof DynamoDBError || e instanceof Error) return { error: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------- inputs

const rng = mulberry32;

const digitsOf = (random: () => number, n: number, leadingNonZero: boolean): string => {
  let out = '';
  for (let i = 0; i < n; i++) out += String(i === 0 && leadingNonZero ? 1 + Math.floor(random() * 9) : Math.floor(random() * 10));
  return out;
};

/** Hand-picked edge cases. */
const EDGES = [
  '0', '-0', '00', '-00', '0.0', '-0.000', '000.000', '1', '-1', '01', '-01', '007', '10', '100', '-100', '1.0', '1.50', '-1.50',
  '0.5', '-0.5', '0.05', '00.0500', '123.456', '-123.456', '999999999999999', '-999999999999999', '1000000000000000',
  '-1000000000000000', '9999999999999999', '4503599627370496', '9007199254740991', '9007199254740993', '-9007199254740993',
  '1'.repeat(38), '-' + '9'.repeat(38), '9'.repeat(38), '1'.repeat(39), '9'.repeat(39), '1' + '0'.repeat(37), '1' + '0'.repeat(125),
  '1' + '0'.repeat(126), '0.' + '0'.repeat(129) + '1', '0.' + '0'.repeat(130) + '1', '-0.' + '0'.repeat(129) + '1',
  '1' + '0'.repeat(200) + '.5', '1E3', '1e3', '1E+3', '1E-3', '-1.5E2', '12.5e-1', '9.9999999999999999999999999999999999999E+125',
  '1E-130', '1E-131', '1E126', '.5', '5.', '+5', '+0', '-.5', 'abc', '', '-', '1..2', '1e', ' 1', '1 ', '0x10', 'Infinity', 'NaN',
];

function generated(seed: number, count: number): string[] {
  const random = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const sign = random() < 0.3 ? '-' : '';
    const kind = random();
    const n = 1 + Math.floor(random() * (random() < 0.7 ? 16 : 40));
    if (kind < 0.4) {
      out.push(sign + digitsOf(random, n, random() < 0.9));
    } else if (kind < 0.8) {
      const fraction = digitsOf(random, 1 + Math.floor(random() * 20), false);
      out.push(`${sign}${digitsOf(random, n, random() < 0.8)}.${fraction}`);
    } else {
      const exponent = Math.floor(random() * 300) - 150;
      out.push(`${sign}${digitsOf(random, n, true)}${random() < 0.5 ? '.' + digitsOf(random, 3, false) : ''}E${exponent}`);
    }
  }
  return out;
}

const NUMBERS = [...EDGES, ...generated(1, 3000)];
/** Operands for arithmetic: valid numbers only (as the update evaluator passes them). */
const VALID = NUMBERS.filter((t) => outcome(() => reference.normalize(t)).hasOwnProperty('value'));

describe('number fast paths agree with decimal.js', () => {
  test('normalizeNumber: same text, same errors', () => {
    for (const t of NUMBERS) assert.deepEqual(outcome(() => normalizeNumber(t)), outcome(() => reference.normalize(t)), t);
  });

  test('numberParts: same sign, exponent and digits', () => {
    for (const t of VALID) assert.deepEqual(numberParts(t), reference.parts(t), t);
  });

  test('addNumbers and subtractNumbers: same results and the same range errors', () => {
    const random = rng(2);
    const pick = () => VALID[Math.floor(random() * VALID.length)];
    const pairs: [string, string][] = [];
    for (const a of EDGES.filter((t) => VALID.includes(t))) for (const b of ['0', '-0', '1', '-1', '999999999999999', '-999999999999999', '1.5', a]) pairs.push([a, b]);
    for (let i = 0; i < 5000; i++) pairs.push([pick(), pick()]);
    for (const [a, b] of pairs) {
      assert.deepEqual(outcome(() => addNumbers(a, b)), outcome(() => reference.add(a, b)), `${a} + ${b}`);
      assert.deepEqual(outcome(() => subtractNumbers(a, b)), outcome(() => reference.subtract(a, b)), `${a} - ${b}`);
    }
  });

  test('the small-integer path: negative zero, carries across 15 digits, exact where floats are not', () => {
    assert.equal(addNumbers('-0', '-0'), '0');
    assert.equal(addNumbers('-0', '0'), '0');
    assert.equal(subtractNumbers('0', '-0'), '0');
    assert.equal(subtractNumbers('5', '5'), '0');
    assert.equal(addNumbers('999999999999999', '1'), '1000000000000000');
    assert.equal(addNumbers('999999999999999', '999999999999999'), '1999999999999998');
    assert.equal(subtractNumbers('-999999999999999', '999999999999999'), '-1999999999999998');
    assert.equal(addNumbers('007', '-10'), '-3');
    // 16 digits and beyond go to decimal.js: exact where a double would round
    assert.equal(addNumbers('9007199254740993', '1'), '9007199254740994');
    assert.equal(addNumbers('9999999999999999', '1'), '10000000000000000');
    assert.equal(addNumbers('0.1', '0.2'), '0.3');
    assert.equal(addNumbers('1E2', '1'), '101');
    assert.equal(addNumbers('1'.repeat(38), '1'), '1'.repeat(37) + '2');
    assert.throws(() => addNumbers('9'.repeat(38), '0.1'), (e: unknown) => e instanceof DynamoDBError && e.message === NUMBER_MESSAGES.arithmeticPrecision);
    assert.throws(
      () => addNumbers('9.9999999999999999999999999999999999999E+125', '9.9999999999999999999999999999999999999E+125'),
      (e: unknown) => e instanceof DynamoDBError && e.message === NUMBER_MESSAGES.overflow,
    );
    assert.throws(() => subtractNumbers('1E-130', '0.9E-130'), (e: unknown) => e instanceof DynamoDBError && e.message === NUMBER_MESSAGES.underflow);
  });

  test('numberParts of plain text: leading and trailing zeros, fractions, negative zero', () => {
    assert.deepEqual(numberParts('-0.000'), { sign: 0, exponent: 0, digits: '' });
    assert.deepEqual(numberParts('00123.4500'), { sign: 1, exponent: 2, digits: '12345' });
    assert.deepEqual(numberParts('-0.0012'), { sign: -1, exponent: -3, digits: '12' });
    assert.deepEqual(numberParts('1000'), { sign: 1, exponent: 3, digits: '1' });
    assert.deepEqual(numberParts('1E3'), { sign: 1, exponent: 3, digits: '1' });
  });
});
