/**
 * The string patterns of the policy language: `*` (any run of characters) and `?` (any one
 * character) in actions, resources and the `...Like` condition operators, and policy variables
 * (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the escapes `${*}` `${?}` `${$}`
 * for a literal `*`, `?` and `$`) where the 2012-10-17 language allows them.
 *
 * A pattern is compiled once, when its policy is compiled: without variables it becomes an
 * equality test or one anchored RegExp; with variables it keeps its pieces and is matched by a
 * small wildcard matcher after the variables are resolved, so no RegExp is built per request.
 */

/** Resolves a policy variable (its key as written) to its value; undefined when absent. */
export type VariableResolver = (key: string) => string | undefined;

const STAR = 0;
const ONE = 1;
/** A pattern piece: literal text, a wildcard, or a variable with an optional default. */
type Piece = string | typeof STAR | typeof ONE | { readonly variable: string; readonly fallback?: string };

/** A compiled pattern. */
export interface Pattern {
  /** The text as written in the policy. */
  readonly source: string;
  /** True when the pattern has no wildcard and no variable (it matches one string only). */
  readonly literal: boolean;
  /** True when the pattern has policy variables. */
  readonly variables: boolean;
  /** The variable keys it uses (for SimulatePolicy's missing context values). */
  readonly variableKeys: readonly string[];
  matches(value: string, resolve: VariableResolver): boolean;
  /** The pattern with variables resolved, as a literal string when it has no wildcard; undefined otherwise. */
  resolveLiteral(resolve: VariableResolver): string | undefined;
}

const VARIABLE = /\$\{([^}]*)\}/g;
const DEFAULTED = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/;

function splitPieces(text: string, wildcards: boolean, variables: boolean): Piece[] {
  const pieces: Piece[] = [];
  const pushText = (chunk: string): void => {
    let run = '';
    for (const ch of chunk) {
      if (wildcards && (ch === '*' || ch === '?')) {
        if (run !== '') pieces.push(run);
        run = '';
        pieces.push(ch === '*' ? STAR : ONE);
      } else run += ch;
    }
    if (run !== '') pieces.push(run);
  };
  if (!variables) {
    pushText(text);
    return pieces;
  }
  let last = 0;
  for (const m of text.matchAll(VARIABLE)) {
    pushText(text.slice(last, m.index));
    last = m.index + m[0].length;
    const inner = m[1];
    if (inner === '*' || inner === '?' || inner === '$') pieces.push(inner);
    else {
      const d = DEFAULTED.exec(inner);
      pieces.push(d ? { variable: d[1], fallback: d[2] } : { variable: inner.trim() });
    }
  }
  pushText(text.slice(last));
  return pieces;
}

const escapeRegExp = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** Classic wildcard match over pattern cells (one character, STAR or ONE each) with star backtracking. */
function wildcardMatch(cells: readonly (string | typeof STAR | typeof ONE)[], value: string): boolean {
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < value.length) {
    const cell = cells[i];
    if (i < cells.length && (cell === ONE || cell === value[j])) {
      i++;
      j++;
    } else if (i < cells.length && cell === STAR) {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < cells.length && cells[i] === STAR) i++;
  return i === cells.length;
}

/**
 * Compiles `text`. `wildcards`: `*` and `?` are wildcards (false for the `...Equals`
 * operators); `variables`: `${...}` is a policy variable (the 2012-10-17 language);
 * `ignoreCase`: compare case-insensitively (actions, StringEqualsIgnoreCase).
 */
export function compilePattern(text: string, options: { wildcards: boolean; variables: boolean; ignoreCase?: boolean }): Pattern {
  const ignoreCase = options.ignoreCase === true;
  const fold = (s: string): string => (ignoreCase ? s.toLowerCase() : s);
  const pieces = splitPieces(text, options.wildcards, options.variables && text.includes('${'));
  const hasVariables = pieces.some((p) => typeof p === 'object');
  const hasWildcards = pieces.some((p) => p === STAR || p === ONE);
  const variableKeys = pieces.flatMap((p) => (typeof p === 'object' ? [p.variable] : []));

  const resolvePieces = (resolve: VariableResolver): (string | typeof STAR | typeof ONE)[] | undefined => {
    const out: (string | typeof STAR | typeof ONE)[] = [];
    for (const piece of pieces) {
      if (typeof piece !== 'object') out.push(piece);
      else {
        const value = resolve(piece.variable) ?? piece.fallback;
        if (value === undefined) return undefined;
        out.push(value);
      }
    }
    return out;
  };

  if (!hasVariables) {
    const plain = pieces.map((p) => (p === STAR ? '*' : p === ONE ? '?' : (p as string))).join('');
    if (!hasWildcards) {
      const wanted = fold(plain);
      return {
        source: text,
        literal: true,
        variables: false,
        variableKeys,
        matches: (value) => fold(value) === wanted,
        resolveLiteral: () => plain,
      };
    }
    const regex = new RegExp(`^${pieces.map((p) => (p === STAR ? '.*' : p === ONE ? '.' : escapeRegExp(p as string))).join('')}$`, ignoreCase ? 'is' : 's');
    return { source: text, literal: false, variables: false, variableKeys, matches: (value) => regex.test(value), resolveLiteral: () => undefined };
  }

  return {
    source: text,
    literal: false,
    variables: true,
    variableKeys,
    matches(value, resolve) {
      const resolved = resolvePieces(resolve);
      if (resolved === undefined) return false;
      if (!hasWildcards) return fold(resolved.join('')) === fold(value);
      const cells: (string | typeof STAR | typeof ONE)[] = [];
      for (const piece of resolved) {
        if (typeof piece === 'string') for (const ch of fold(piece)) cells.push(ch);
        else cells.push(piece);
      }
      return wildcardMatch(cells, fold(value));
    },
    resolveLiteral(resolve) {
      if (hasWildcards) return undefined;
      return resolvePieces(resolve)?.join('');
    },
  };
}

/**
 * An ARN pattern, matched as AWS matches ARNs in Resource elements and the Arn operators: each
 * of the six colon-separated components separately (the last one may itself contain colons),
 * each with its own wildcards. A pattern of fewer components is matched as one string.
 */
export interface ArnPattern {
  readonly source: string;
  readonly variableKeys: readonly string[];
  matches(arn: string, resolve: VariableResolver): boolean;
}

/** Splits an ARN into its six components (the resource part keeps any further colons); undefined for fewer. */
export function arnComponents(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let n = 0; n < 5; n++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(arn.slice(start, colon));
    start = colon + 1;
  }
  parts.push(arn.slice(start));
  return parts;
}

/** Compiles an ARN pattern (`*` alone matches every ARN). */
export function compileArnPattern(text: string, variables: boolean): ArnPattern {
  const components = arnComponents(text);
  if (components === undefined) {
    const whole = compilePattern(text, { wildcards: true, variables });
    return { source: text, variableKeys: whole.variableKeys, matches: (arn, resolve) => whole.matches(arn, resolve) };
  }
  const patterns = components.map((c) => compilePattern(c, { wildcards: true, variables }));
  return {
    source: text,
    variableKeys: patterns.flatMap((p) => p.variableKeys),
    matches(arn, resolve) {
      const parts = arnComponents(arn);
      if (parts === undefined) return false;
      for (let i = 0; i < 6; i++) if (!patterns[i].matches(parts[i], resolve)) return false;
      return true;
    },
  };
}
