/**
 * DynamoDB numbers: up to 38 significant digits, magnitude 1E-130 .. 9.99..E+125,
 * exact arithmetic. Never JS floats: decimal.js does the arithmetic (exact at the
 * precision we give it) and we enforce DynamoDB's limits on every result.
 */
import { Decimal as DecimalJs } from 'decimal.js';
import { validation } from '../errors.js';
import { plainNumberParts, type NumberParts } from './number-parts.js';

// Precision high enough that adding/subtracting any two valid DynamoDB numbers is exact
// (38 digits spread over exponents -130..125 need at most ~300 digits).
const Decimal = DecimalJs.clone({ precision: 400, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
type Decimal = DecimalJs;

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/*
 * Fast paths. Most numbers are small integers, and every stored number is in plain
 * notation (no exponent): these cases are computed on the text, with exactly the result
 * decimal.js gives (number.test.ts compares them), and everything else goes to decimal.js.
 */

/** An integer already in normalized form, up to 38 digits: normalizes to itself. */
const NORMALIZED_INTEGER = /^-?[1-9]\d{0,37}$/;
/** An integer of at most 15 digits ("-0" and leading zeros included): exact as a JS number, and so are the sum and difference of two (below 2^53). */
const SMALL_INTEGER = /^-?\d{1,15}$/;
/** Plain notation: an optional minus, digits, optionally a fraction (the form every normalized number has). */

/** The text of an integer result of exact JS arithmetic on two small integers ("0", never "-0"). */
const integerText = (n: number): string => (n === 0 ? '0' : String(n));

export const MAX_SIGNIFICANT_DIGITS = 38;
/** Largest allowed exponent of the leading digit (9.99..E+125). */
export const MAX_EXPONENT = 125;
/** Smallest allowed exponent of the leading digit (1E-130). */
export const MIN_EXPONENT = -130;

export const NUMBER_MESSAGES = {
  invalid: (text: string) => `The parameter cannot be converted to a numeric value: ${text}`,
  overflow: 'Number overflow. Attempting to store a number with magnitude larger than supported range',
  underflow: 'Number underflow. Attempting to store a number with magnitude smaller than supported range',
  precision: 'Attempting to store more than 38 significant digits in a Number',
  /**
   * An addition or subtraction whose exact result needs more than 38 significant digits
   * (e.g. 1e50 + 1). AWS reports it with its overflow text, not the precision one, as
   * observed against DynamoDB by ScyllaDB's AWS-validated suite
   * (test_number.py::test_update_expression_plus_imprecise); no AWS document words it.
   */
  arithmeticPrecision: 'Number overflow. Attempting to store a number with magnitude larger than supported range',
} as const;

function check(d: Decimal): Decimal {
  if (d.isZero()) return d;
  // decimal.js: d.e is the exponent of the most significant digit; d.sd() counts significant digits
  if (d.e > MAX_EXPONENT) throw validation(NUMBER_MESSAGES.overflow);
  if (d.e < MIN_EXPONENT) throw validation(NUMBER_MESSAGES.underflow);
  if (d.sd() > MAX_SIGNIFICANT_DIGITS) throw validation(NUMBER_MESSAGES.precision);
  return d;
}

/** {@link check} for the result of arithmetic: too many digits is reported as AWS reports it there. */
function checkResult(d: Decimal): Decimal {
  if (!d.isZero() && d.e <= MAX_EXPONENT && d.e >= MIN_EXPONENT && d.sd() > MAX_SIGNIFICANT_DIGITS) throw validation(NUMBER_MESSAGES.arithmeticPrecision);
  return check(d);
}

function toDecimal(text: string): Decimal {
  if (typeof text !== 'string' || !NUMBER_PATTERN.test(text)) throw validation(NUMBER_MESSAGES.invalid(String(text)));
  return check(new Decimal(text));
}

function format(d: Decimal): string {
  // plain notation, no trailing zeros, no "-0": "1.50" -> "1.5", "1E3" -> "1000"
  return d.isZero() ? '0' : d.toFixed();
}

/** Validates a DynamoDB number and returns its normalized text; throws AWS's ValidationException. */
export function normalizeNumber(text: string): string {
  if (typeof text === 'string' && (text === '0' || NORMALIZED_INTEGER.test(text))) return text;
  return format(toDecimal(text));
}

/** Numeric comparison of two valid numbers: negative, 0 or positive. */
export function compareNumbers(a: string, b: string): number {
  return new Decimal(a).cmp(new Decimal(b));
}

/** Exact a + b, checked against DynamoDB's limits. */
export function addNumbers(a: string, b: string): string {
  if (SMALL_INTEGER.test(a) && SMALL_INTEGER.test(b)) return integerText(Number(a) + Number(b));
  return format(checkResult(new Decimal(a).plus(new Decimal(b))));
}

/** Exact a - b, checked against DynamoDB's limits. */
export function subtractNumbers(a: string, b: string): string {
  if (SMALL_INTEGER.test(a) && SMALL_INTEGER.test(b)) return integerText(Number(a) - Number(b));
  return format(checkResult(new Decimal(a).minus(new Decimal(b))));
}

/**
 * The parts of a valid nonzero number for order-preserving encodings:
 * sign, exponent of the leading digit, and the significant digits without trailing zeros.
 */
export function numberParts(text: string): NumberParts {
  const plain = typeof text === 'string' ? plainNumberParts(text) : undefined;
  if (plain !== undefined) return plain;
  const d = new Decimal(text);
  if (d.isZero()) return { sign: 0, exponent: 0, digits: '' };
  const digits = d.abs().toFixed().replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return { sign: d.isNeg() ? -1 : 1, exponent: d.e, digits };
}
