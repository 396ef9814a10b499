/**
 * The parts of a number written in plain notation (`-12.50`, as DynamoDB returns every number),
 * without decimal.js: portable, so the web console sizes items with the server's rules.
 */

/** Sign, exponent of the leading digit, and the significant digits without trailing zeros. */
export interface NumberParts {
  readonly sign: -1 | 0 | 1;
  readonly exponent: number;
  readonly digits: string;
}

const PLAIN_NUMBER = /^(-?)(\d+)(?:\.(\d+))?$/;
const DIGIT_ZERO = 48;

/** The parts of a number in plain notation (leading and trailing zeros allowed); undefined for any other text. */
export function plainNumberParts(text: string): NumberParts | undefined {
  const m = PLAIN_NUMBER.exec(text);
  if (m === null) return undefined;
  const integer = m[2];
  const fraction = m[3] ?? '';
  const all = fraction === '' ? integer : integer + fraction;
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === DIGIT_ZERO) start++;
  if (start === all.length) return { sign: 0, exponent: 0, digits: '' };
  let end = all.length;
  while (all.charCodeAt(end - 1) === DIGIT_ZERO) end--;
  // the leading digit's position relative to the units digit
  return { sign: m[1] === '-' ? -1 : 1, exponent: integer.length - 1 - start, digits: all.slice(start, end) };
}
