/**
 * Order-preserving binary encoding of key values: for two values of the same type,
 * `Buffer.compare(encodeKeyValue(a), encodeKeyValue(b))` has the sign of DynamoDB's
 * order, so SQLite's memcmp order of BLOB keys is DynamoDB's order.
 *
 *   S  UTF-8 bytes (byte order = code point order)
 *   B  the raw bytes
 *   N  class byte, exponent byte, one byte per significant digit:
 *        negative  0x00, 125 - e, digit d as 0x39 - d, then 0x7f
 *        zero      0x01
 *        positive  0x02, e + 130, digit d as 0x30 + d
 *      where e is the exponent of the leading digit (-130..125). Digits never end in 0
 *      (numberParts strips them), so equal numbers encode identically; the 0x7f
 *      terminator makes a longer negative mantissa (more negative) sort first.
 */
import type { AttributeValue, ScalarKeyType } from './attribute-value.js';
import { typeOf, payloadOf } from './attribute-value.js';
import { MAX_EXPONENT, MIN_EXPONENT, normalizeNumber, numberParts } from './number.js';

const NEGATIVE = 0x00;
const ZERO = 0x01;
const POSITIVE = 0x02;
const DIGIT_ZERO = 0x30;
const NEGATIVE_DIGIT_NINE = 0x39;
const NEGATIVE_TERMINATOR = 0x7f;

function encodeNumber(text: string): Buffer {
  const { sign, exponent, digits } = numberParts(text);
  if (sign === 0) return Buffer.from([ZERO]);
  const out = Buffer.alloc(digits.length + (sign < 0 ? 3 : 2));
  if (sign < 0) {
    out[0] = NEGATIVE;
    out[1] = MAX_EXPONENT - exponent;
    for (let i = 0; i < digits.length; i++) out[i + 2] = NEGATIVE_DIGIT_NINE - (digits.charCodeAt(i) - DIGIT_ZERO);
    out[out.length - 1] = NEGATIVE_TERMINATOR;
  } else {
    out[0] = POSITIVE;
    out[1] = exponent - MIN_EXPONENT;
    for (let i = 0; i < digits.length; i++) out[i + 2] = digits.charCodeAt(i);
  }
  return out;
}

function decodeNumber(bytes: Buffer): string {
  if (bytes[0] === ZERO) return '0';
  const negative = bytes[0] === NEGATIVE;
  const exponent = negative ? MAX_EXPONENT - bytes[1] : bytes[1] + MIN_EXPONENT;
  const end = negative ? bytes.length - 1 : bytes.length;
  let digits = '';
  for (let i = 2; i < end; i++) {
    digits += negative ? String(NEGATIVE_DIGIT_NINE - bytes[i]) : String.fromCharCode(bytes[i]);
  }
  return normalizeNumber(`${negative ? '-' : ''}${digits[0]}.${digits.slice(1)}E${exponent}`);
}

/** Order-preserving bytes of a validated, normalized S, N or B value. */
export function encodeKeyValue(value: AttributeValue): Buffer {
  const type = typeOf(value);
  const payload = payloadOf(value) as string;
  switch (type) {
    case 'S':
      return Buffer.from(payload, 'utf8');
    case 'B':
      return Buffer.from(payload, 'base64');
    case 'N':
      return encodeNumber(payload);
    default:
      throw new TypeError(`not a key type: ${type}`);
  }
}

/** The attribute value that {@link encodeKeyValue} encoded, given its type. */
export function decodeKeyValue(bytes: Buffer, type: ScalarKeyType): AttributeValue {
  switch (type) {
    case 'S':
      return { S: bytes.toString('utf8') };
    case 'B':
      return { B: bytes.toString('base64') };
    case 'N':
      return { N: decodeNumber(bytes) };
  }
}

/**
 * Several encoded key values joined so that the concatenation keeps the order of the
 * tuple (first component first): each component has 0x00 escaped as 0x00 0xff and ends
 * with 0x00 0x00, so no component is a prefix of another's encoding.
 */
export function encodeKeyTuple(values: readonly AttributeValue[]): Buffer {
  const parts: Buffer[] = [];
  for (const value of values) {
    const encoded = encodeKeyValue(value);
    let start = 0;
    for (let i = 0; i < encoded.length; i++) {
      if (encoded[i] !== 0x00) continue;
      parts.push(encoded.subarray(start, i + 1), Buffer.from([0xff]));
      start = i + 1;
    }
    parts.push(encoded.subarray(start), Buffer.from([0x00, 0x00]));
  }
  return Buffer.concat(parts);
}
