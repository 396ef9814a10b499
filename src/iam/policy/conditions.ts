/**
 * The Condition element: every operator of the policy language with AWS's type rules, the
 * `...IfExists` forms, `Null`, and the `ForAllValues:` / `ForAnyValue:` set qualifiers.
 *
 * Rules, as the IAM User Guide states them:
 * - several values under one key: any of them may match (OR); several keys under one operator,
 *   and several operators: all must hold (AND);
 * - a key absent from the request: a positive operator is false, a negated one
 *   (`StringNotEquals`, `NotIpAddress`, ...) is true, `...IfExists` is true;
 * - `ForAllValues:` is true when every value of the request's key matches (and when the key is
 *   absent or empty); `ForAnyValue:` when at least one does (false when absent);
 * - a value the operator cannot read (a Numeric operator given `abc`, a Date operator given
 *   `yesterday`, an IpAddress operator given a host name) matches nothing, in both the positive
 *   and the negated form: the condition is false.
 */
import { parsePolicyDate, splitOperator, type ConditionEntry, type ConditionOperatorName } from './document.js';
import { compileArnPattern, compilePattern, type VariableResolver } from './pattern.js';

/** A request context value: one string, or a set of strings (multivalued keys). */
export type ContextValue = string | readonly string[];

/** The request context, by condition key in lower case (keys are case-insensitive). */
export interface ConditionContext {
  get(keyLower: string): ContextValue | undefined;
}

/** A compiled condition. */
export interface CompiledCondition {
  /** The key as written. */
  readonly key: string;
  /** Context keys this condition reads (its key and any variables in its values), in lower case. */
  readonly keysRead: readonly string[];
  holds(context: ConditionContext, resolve: VariableResolver): boolean;
}

/** A test of one request value against one policy value: true, false, or undefined when not comparable. */
type ValueTest = (value: string, resolve: VariableResolver) => boolean | undefined;

const NEGATED: ReadonlySet<ConditionOperatorName> = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
]);

/** A number as the Numeric operators read it (integers and decimals, optionally signed). */
function parseNumber(text: string): number | undefined {
  return /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : undefined;
}

/** An IP address as 16 bytes (IPv4 mapped into IPv6), or undefined. */
function parseIp(text: string): { bytes: Uint8Array; v4: boolean } | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    const bytes = new Uint8Array(16);
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    bytes.set(octets, 12);
    return { bytes, v4: true };
  }
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const tail = parseIp(piece);
        if (!tail?.v4) return undefined;
        out.push((tail.bytes[12] << 8) | tail.bytes[13], (tail.bytes[14] << 8) | tail.bytes[15]);
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return { bytes, v4: false };
}

/** A CIDR block (`203.0.113.0/24`, `2001:db8::/32`, or a single address) as a test of addresses. */
export function parseCidr(text: string): ((ip: string) => boolean | undefined) | undefined {
  const [address, bits, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const base = parseIp(address);
  if (base === undefined) return undefined;
  const max = base.v4 ? 32 : 128;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return undefined;
  const prefix = bits === undefined ? max : Number(bits);
  if (prefix > max) return undefined;
  const total = base.v4 ? 96 + prefix : prefix;
  return (ip) => {
    const candidate = parseIp(ip);
    if (candidate === undefined) return undefined;
    for (let bit = 0; bit < total; bit++) {
      const byte = bit >> 3;
      const mask = 0x80 >> (bit & 7);
      if ((candidate.bytes[byte] & mask) !== (base.bytes[byte] & mask)) return false;
    }
    return true;
  };
}

function numericTest(policyValue: string, compare: (a: number, b: number) => boolean): ValueTest {
  const wanted = parseNumber(policyValue);
  return (value) => {
    const n = parseNumber(value);
    return n === undefined || wanted === undefined ? undefined : compare(n, wanted);
  };
}

function dateTest(policyValue: string, compare: (a: number, b: number) => boolean): ValueTest {
  const wanted = parsePolicyDate(policyValue);
  return (value) => {
    const d = parsePolicyDate(value);
    return d === undefined || wanted === undefined ? undefined : compare(d, wanted);
  };
}

const EQ = (a: number, b: number): boolean => a === b;
const LT = (a: number, b: number): boolean => a < b;
const LE = (a: number, b: number): boolean => a <= b;
const GT = (a: number, b: number): boolean => a > b;
const GE = (a: number, b: number): boolean => a >= b;

/** The positive test of `base` for one policy value (a negated operator negates its positive twin). */
function valueTest(base: ConditionOperatorName, policyValue: string, variables: boolean): ValueTest {
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals': {
      const p = compilePattern(policyValue, { wildcards: false, variables });
      return (v, r) => p.matches(v, r);
    }
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase': {
      const p = compilePattern(policyValue, { wildcards: false, variables, ignoreCase: true });
      return (v, r) => p.matches(v, r);
    }
    case 'StringLike':
    case 'StringNotLike': {
      const p = compilePattern(policyValue, { wildcards: true, variables });
      return (v, r) => p.matches(v, r);
    }
    case 'NumericEquals':
    case 'NumericNotEquals':
      return numericTest(policyValue, EQ);
    case 'NumericLessThan':
      return numericTest(policyValue, LT);
    case 'NumericLessThanEquals':
      return numericTest(policyValue, LE);
    case 'NumericGreaterThan':
      return numericTest(policyValue, GT);
    case 'NumericGreaterThanEquals':
      return numericTest(policyValue, GE);
    case 'DateEquals':
    case 'DateNotEquals':
      return dateTest(policyValue, EQ);
    case 'DateLessThan':
      return dateTest(policyValue, LT);
    case 'DateLessThanEquals':
      return dateTest(policyValue, LE);
    case 'DateGreaterThan':
      return dateTest(policyValue, GT);
    case 'DateGreaterThanEquals':
      return dateTest(policyValue, GE);
    case 'Bool': {
      const wanted = policyValue.toLowerCase();
      return (v) => {
        const lower = v.toLowerCase();
        return lower !== 'true' && lower !== 'false' ? undefined : lower === wanted;
      };
    }
    case 'BinaryEquals':
      return (v) => v === policyValue;
    case 'IpAddress':
    case 'NotIpAddress': {
      const inBlock = parseCidr(policyValue);
      return (v) => (inBlock === undefined ? undefined : inBlock(v));
    }
    case 'ArnEquals':
    case 'ArnNotEquals':
    case 'ArnLike':
    case 'ArnNotLike': {
      const p = compileArnPattern(policyValue, variables);
      return (v, r) => p.matches(v, r);
    }
    case 'Null':
      throw new Error('Null has no value test');
  }
}

/**
 * Compiles one condition entry. `variables`: policy variables are substituted in its values
 * (the 2012-10-17 language).
 */
export function compileCondition(entry: ConditionEntry, variables: boolean): CompiledCondition {
  const op = splitOperator(entry.operator);
  if (op === undefined) throw new Error(`unknown condition operator ${entry.operator}`);
  const keyLower = entry.key.toLowerCase();
  const { base, qualifier, ifExists } = op;

  if (base === 'Null') {
    const wants = entry.values.map((v) => v.toLowerCase());
    return {
      key: entry.key,
      keysRead: [keyLower],
      holds(context) {
        const value = context.get(keyLower);
        const absent = value === undefined || (typeof value !== 'string' && value.length === 0);
        return wants.some((w) => (w === 'true' ? absent : w === 'false' ? !absent : false));
      },
    };
  }

  const negated = NEGATED.has(base);
  const tests = entry.values.map((v) => valueTest(base, v, variables));
  const variableKeys = variables ? entry.values.flatMap((v) => compilePattern(v, { wildcards: false, variables: true }).variableKeys.map((k) => k.toLowerCase())) : [];

  /** Whether one request value satisfies the operator: true, false, or undefined when not comparable. */
  const satisfies = (value: string, resolve: VariableResolver): boolean | undefined => {
    let comparable = false;
    for (const test of tests) {
      const result = test(value, resolve);
      if (result === true) return !negated;
      if (result === false) comparable = true;
    }
    return comparable ? negated : undefined;
  };

  return {
    key: entry.key,
    keysRead: [keyLower, ...variableKeys],
    holds(context, resolve) {
      const value = context.get(keyLower);
      const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
      if (qualifier === 'ForAllValues') return values.every((v) => satisfies(v, resolve) === true);
      if (values.length === 0) return qualifier === 'ForAnyValue' ? ifExists : ifExists || negated;
      if (qualifier === 'ForAnyValue' || !negated) return values.some((v) => satisfies(v, resolve) === true);
      // a negated operator without a qualifier: no request value may match any policy value
      return values.every((v) => satisfies(v, resolve) === true);
    },
  };
}
