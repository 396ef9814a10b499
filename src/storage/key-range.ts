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
 *
 * A multi-attribute sort key is the tuple encoding of its values (encodeKeyTuple): each
 * component escaped and terminated by 0x00 0x00, so no component's encoding is a prefix
 * of another's and the tuple orders component by component. With P the encoding of the
 * equality prefix and T(v) = P + component(v), the keys whose next component is
 * compared with v are:
 *
 *   (prefix only) [P, end(P))     = [T(v), end(T(v)))   <  [P, T(v))     <=  [P, end(T(v)))
 *   >  [end(T(v)), end(P))        >= [T(v), end(P))     BETWEEN a AND b  [T(a), end(T(b)))
 *   begins_with(p)  [P + escaped(p), next(P + escaped(p)))
 *
 * where end(X) = tuplePrefixEnd(X) bounds every key that starts with X.
 */
import type { AttributeValue } from '../model/attribute-value.js';
import { encodeKeyTuple, encodeKeyValue } from '../model/key-codec.js';
import { tuplePrefixEnd } from './key-layout.js';
import type { SortRange } from './types.js';

/** The operators of a sort key condition, as the key condition analysis names them. */
export type SortOperator = 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'BEGINS_WITH' | 'BETWEEN';

const inclusive = (value: Buffer) => ({ value, inclusive: true });
const exclusive = (value: Buffer) => ({ value, inclusive: false });

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

/** The bytes of `prefix` (an encoded tuple prefix) followed by `value`'s escaped bytes, unterminated. */
function openComponent(prefix: Buffer, value: AttributeValue): Buffer {
  const component = encodeKeyTuple([value]);
  return Buffer.concat([prefix, component.subarray(0, component.length - 2)]);
}

/**
 * The encoded sort key range of a condition on a key of `sortAttributes` sort
 * attributes: equality values for the leading ones (`prefix`), then optionally one
 * condition on the next. With one sort attribute this is {@link sortKeyRange}.
 */
export function indexSortRange(
  sortAttributes: number,
  prefix: readonly AttributeValue[],
  last?: { readonly op: SortOperator; readonly values: readonly AttributeValue[] },
): SortRange {
  if (sortAttributes <= 1) return last ? sortKeyRange(last.op, last.values) : {};
  const p = encodeKeyTuple(prefix);
  const all: SortRange = p.length > 0 ? { lower: inclusive(p), upper: exclusive(tuplePrefixEnd(p)) } : {};
  if (!last) return all;
  const [a, b] = last.values;
  const t = (value: AttributeValue) => encodeKeyTuple([...prefix, value]);
  switch (last.op) {
    case 'EQ':
      return { lower: inclusive(t(a)), upper: exclusive(tuplePrefixEnd(t(a))) };
    case 'LT':
      return { ...(all.lower ? { lower: all.lower } : {}), upper: exclusive(t(a)) };
    case 'LE':
      return { ...(all.lower ? { lower: all.lower } : {}), upper: exclusive(tuplePrefixEnd(t(a))) };
    case 'GT':
      return { lower: inclusive(tuplePrefixEnd(t(a))), ...(all.upper ? { upper: all.upper } : {}) };
    case 'GE':
      return { lower: inclusive(t(a)), ...(all.upper ? { upper: all.upper } : {}) };
    case 'BETWEEN':
      return { lower: inclusive(t(a)), upper: exclusive(tuplePrefixEnd(t(b))) };
    case 'BEGINS_WITH': {
      const start = openComponent(p, a);
      const next = prefixUpperBound(start);
      return next ? { lower: inclusive(start), upper: exclusive(next) } : { lower: inclusive(start) };
    }
  }
}
