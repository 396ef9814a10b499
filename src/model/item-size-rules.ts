/**
 * Item sizes as DynamoDB counts them (developer guide, "Item sizes and formats"):
 * attribute name bytes (UTF-8) plus value size, where
 *   S       UTF-8 bytes               B       raw bytes
 *   N       1 byte + 1 byte per base-100 digit pair, +1 for a negative number (below)
 *   BOOL    1 byte                    NULL    1 byte
 *   SS/NS/BS  the sum of the member sizes
 *   M       3 bytes + per entry (name bytes + 1 + value size)
 *   L       3 bytes + per element (1 + value size)
 *
 * Portable: the measures of text, bytes and numbers are given (Node's Buffer on the server,
 * plain code in the web console), the rules are these.
 */
import { payloadOf, typeOf, type AttributeValue, type Item } from './attribute-value.js';
import type { NumberParts } from './number-parts.js';

/** How a platform measures strings, base64 bytes and numbers. */
export interface SizeMeasures {
  utf8Length(text: string): number;
  binaryLength(base64: string): number;
  numberParts(text: string): NumberParts;
}

export interface ItemSizer {
  numberSize(text: string): number;
  attributeValueSize(value: AttributeValue): number;
  itemSize(item: Item): number;
}

/** Overhead of an M or L value, whatever its contents. */
const DOCUMENT_OVERHEAD = 3;

export function createItemSizer({ utf8Length, binaryLength, numberParts }: SizeMeasures): ItemSizer {
  /**
   * Size of a number. DynamoDB stores the significant digits in base 100, aligned to the
   * decimal point, after one exponent byte; a negative number below 20 digit pairs gets a
   * terminator byte. This is the documented "1 byte per two significant digits + 1" made
   * exact: "1.1" (pairs 01|10) takes 3 bytes, "11" (one pair) takes 2.
   */
  function numberSize(text: string): number {
    const { sign, exponent, digits } = numberParts(text);
    if (sign === 0) return 1;
    const lowest = exponent - digits.length + 1;
    const pairs = Math.floor(exponent / 2) - Math.floor(lowest / 2) + 1;
    return 1 + pairs + (sign < 0 && pairs < 20 ? 1 : 0);
  }

  /** Size in bytes of one attribute value, without its name. */
  function attributeValueSize(value: AttributeValue): number {
    const payload = payloadOf(value);
    switch (typeOf(value)) {
      case 'S':
        return utf8Length(payload as string);
      case 'N':
        return numberSize(payload as string);
      case 'B':
        return binaryLength(payload as string);
      case 'BOOL':
      case 'NULL':
        return 1;
      case 'SS':
        return (payload as string[]).reduce((sum, s) => sum + utf8Length(s), 0);
      case 'NS':
        return (payload as string[]).reduce((sum, n) => sum + numberSize(n), 0);
      case 'BS':
        return (payload as string[]).reduce((sum, b) => sum + binaryLength(b), 0);
      case 'L':
        return (payload as AttributeValue[]).reduce((sum, v) => sum + 1 + attributeValueSize(v), DOCUMENT_OVERHEAD);
      case 'M': {
        const map = payload as Item;
        return DOCUMENT_OVERHEAD + Object.keys(map).length + itemSize(map);
      }
    }
  }

  /** Size in bytes of an item: every attribute's name (UTF-8) plus its value. */
  function itemSize(item: Item): number {
    let size = 0;
    for (const name in item) size += utf8Length(name) + attributeValueSize(item[name]);
    return size;
  }

  return { numberSize, attributeValueSize, itemSize };
}
