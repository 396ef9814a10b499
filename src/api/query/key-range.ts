/**
 * A Query's sort key condition as a range of encoded sort keys. Encoded keys order as
 * DynamoDB orders the values (model/key-codec.ts), so every condition is one contiguous
 * range the storage reads with an index range scan:
 *
 *   =  [v, v]     <  (-, v)     <=  (-, v]     >  (v, -)     >=  [v, -)
 *   BETWEEN a AND b  [a, b]
 *   begins_with(p)   [p, next(p))  where next(p) is the smallest byte string greater than
 *                    every string starting with p: drop trailing 0xff bytes, add one to
 *                    the last byte (no upper bound when p is all 0xff).
 */
import type { AttributeValue } from '../../model/attribute-value.js';
import { encodeKeyValue } from '../../model/key-codec.js';
import type { SortRange } from '../../storage/types.js';

/** The operators of a sort key condition, as the key condition analysis names them. */
export type SortOperator = 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'BEGINS_WITH' | 'BETWEEN';

/** The smallest byte string greater than every byte string that starts with `prefix`, if any. */
export function prefixUpperBound(prefix: Buffer): Buffer | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const out = Buffer.from(prefix.subarray(0, end));
  out[end - 1]++;
  return out;
}

/** The encoded sort key range of a sort key condition. */
export function sortKeyRange(op: SortOperator, values: readonly AttributeValue[]): SortRange {
  const [first, second] = values.map(encodeKeyValue);
  const inclusive = (value: Buffer) => ({ value, inclusive: true });
  const exclusive = (value: Buffer) => ({ value, inclusive: false });
  switch (op) {
    case 'EQ':
      return { lower: inclusive(first), upper: inclusive(first) };
    case 'LT':
      return { upper: exclusive(first) };
    case 'LE':
      return { upper: inclusive(first) };
    case 'GT':
      return { lower: exclusive(first) };
    case 'GE':
      return { lower: inclusive(first) };
    case 'BETWEEN':
      return { lower: inclusive(first), upper: inclusive(second) };
    case 'BEGINS_WITH': {
      const next = prefixUpperBound(first);
      return next ? { lower: inclusive(first), upper: exclusive(next) } : { lower: inclusive(first) };
    }
  }
}

/** True when an encoded sort key lies in the range. */
export function inSortRange(key: Buffer, range: SortRange): boolean {
  if (range.lower) {
    const c = Buffer.compare(key, range.lower.value);
    if (c < 0 || (c === 0 && !range.lower.inclusive)) return false;
  }
  if (range.upper) {
    const c = Buffer.compare(key, range.upper.value);
    if (c > 0 || (c === 0 && !range.upper.inclusive)) return false;
  }
  return true;
}
