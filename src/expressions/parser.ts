/**
 * Hand-written recursive-descent parser for DynamoDB's expression grammar
 * (AWS's DynamoDbGrammar.g4), producing a raw AST whose placeholders are not yet
 * resolved. Grammar, in short:
 *
 *   projection := path (',' path)*
 *   condition  := or;  or := and (OR or)?;  and := not (AND and)?;  not := NOT not | primary
 *   primary    := operand comparator operand | operand IN '(' operand (',' operand)* ')'
 *               | operand BETWEEN operand AND operand | function | '(' or ')'
 *   update     := (SET set (',' set)* | REMOVE path (',' path)* | ADD path VALUE (',' ...)*
 *                  | DELETE path VALUE (',' ...)*)+
 *   set        := path '=' (operand | arithmetic)
 *   arithmetic := operand ('+'|'-') operand | '(' arithmetic ')'
 *   operand    := path | VALUE | function | '(' operand ')'
 *   function   := ID '(' operand (',' operand)* ')'
 *   path       := (ID | NAME) ('.' (ID | NAME) | '[' INDEX ']')*
 *
 * A '(' can open either a condition group or a parenthesised operand (and in SET, an
 * arithmetic group or an operand); the parser tries the likely alternative first and,
 * when both fail, reports the failure that got furthest, as ANTLR's adaptive prediction
 * does. Results at parenthesis positions are memoised so backtracking stays linear.
 * Two directly nested parenthesis pairs are "redundant parentheses", as in AWS's grammar.
 */
import { EXPRESSION_MESSAGES } from './messages.js';
import { ExpressionError } from './expression-error.js';
import { nearText, tokenize, type Token, type TokenType } from './lexer.js';

export interface RawName {
  readonly kind: 'name';
  /** `abc` or `#abc` */
  readonly text: string;
}
export interface RawIndex {
  readonly kind: 'index';
  /** The digits between the brackets. */
  readonly text: string;
}
export type RawPathElement = RawName | RawIndex;

/** `parens` counts the parenthesis pairs wrapped directly around a node. */
export interface RawPath {
  readonly kind: 'path';
  readonly elements: readonly RawPathElement[];
  readonly parens: number;
}
export interface RawValue {
  readonly kind: 'value';
  readonly name: string;
  readonly parens: number;
}
export interface RawFunction {
  readonly kind: 'function';
  readonly name: string;
  readonly args: readonly RawOperand[];
  readonly parens: number;
}
export type RawOperand = RawPath | RawValue | RawFunction;

export interface RawArithmetic {
  readonly kind: 'arithmetic';
  readonly op: '+' | '-';
  readonly left: RawOperand;
  readonly right: RawOperand;
  readonly parens: number;
}
export type RawSetValue = RawOperand | RawArithmetic;

export type RawComparator = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type RawCondition =
  | { readonly kind: 'comparison'; readonly op: RawComparator; readonly left: RawOperand; readonly right: RawOperand; readonly parens: number }
  | { readonly kind: 'between'; readonly operand: RawOperand; readonly lower: RawOperand; readonly upper: RawOperand; readonly parens: number }
  | { readonly kind: 'in'; readonly operand: RawOperand; readonly list: readonly RawOperand[]; readonly parens: number }
  | RawFunction
  | { readonly kind: 'not'; readonly operand: RawCondition; readonly parens: number }
  | { readonly kind: 'and' | 'or'; readonly left: RawCondition; readonly right: RawCondition; readonly parens: number };

export type RawAction =
  | { readonly kind: 'set'; readonly path: RawPath; readonly value: RawSetValue }
  | { readonly kind: 'remove'; readonly path: RawPath }
  | { readonly kind: 'add' | 'delete'; readonly path: RawPath; readonly value: RawValue };

export type SectionKeyword = 'SET' | 'REMOVE' | 'ADD' | 'DELETE';

export interface RawSection {
  readonly keyword: SectionKeyword;
  readonly actions: readonly RawAction[];
}

/**
 * Deepest nesting of parentheses and function calls accepted. DynamoDB states no limit;
 * this guards the call stack against pathological input (reported as a syntax error at
 * the token that goes too deep).
 */
export const MAX_NESTING_DEPTH = 256;

/** A syntax failure at token `at`; the furthest one becomes the reported error. */
class Failure {
  constructor(readonly at: number) {}
}

interface Parsed<T> {
  readonly node: T;
  readonly next: number;
}

const COMPARATORS: ReadonlySet<TokenType> = new Set(['=', '<>', '<', '<=', '>', '>=']);
const CONDITION_TAIL: ReadonlySet<TokenType> = new Set([...COMPARATORS, 'IN', 'BETWEEN']);

const wrap = <T extends { readonly parens: number }>(node: T): T => ({ ...node, parens: node.parens + 1 });

/** Runs `first`, then `second` if it fails; rethrows the failure that got further. */
function either<T>(first: () => T, second: () => T): T {
  try {
    return first();
  } catch (a) {
    if (!(a instanceof Failure)) throw a;
    try {
      return second();
    } catch (b) {
      if (!(b instanceof Failure)) throw b;
      throw b.at > a.at ? b : a;
    }
  }
}

/** Token-level recursive descent over one expression; one instance per parse. */
class Parser {
  private readonly memo = new Map<string, Parsed<unknown> | Failure>();

  constructor(private readonly tokens: readonly Token[]) {}

  private type(at: number): TokenType {
    return this.tokens[Math.min(at, this.tokens.length - 1)].type;
  }

  private expect(at: number, type: TokenType): number {
    if (this.type(at) !== type) throw new Failure(at);
    return at + 1;
  }

  /** Memoises a parse result (or failure) per rule and position. */
  private memoised<T>(rule: string, at: number, parse: () => Parsed<T>): Parsed<T> {
    const key = `${rule}:${at}`;
    const hit = this.memo.get(key);
    if (hit instanceof Failure) throw hit;
    if (hit) return hit as Parsed<T>;
    try {
      const result = parse();
      this.memo.set(key, result);
      return result;
    } catch (e) {
      if (e instanceof Failure) this.memo.set(key, e);
      throw e;
    }
  }

  /** Index of the ')' closing the '(' at `open`, or -1. */
  private closing(open: number): number {
    let depth = 0;
    for (let at = open; at < this.tokens.length; at++) {
      const type = this.tokens[at].type;
      if (type === '(') depth++;
      else if (type === ')' && --depth === 0) return at;
    }
    return -1;
  }

  private checkDepth(at: number, depth: number): void {
    if (depth > MAX_NESTING_DEPTH) throw new Failure(at);
  }

  // --- paths and operands ---

  private identifier(at: number): RawName {
    const token = this.tokens[at];
    if (token.type !== 'ID' && token.type !== 'NAME') throw new Failure(at);
    return { kind: 'name', text: token.text };
  }

  path(at: number): Parsed<RawPath> {
    const elements: RawPathElement[] = [this.identifier(at)];
    let next = at + 1;
    for (;;) {
      const type = this.type(next);
      if (type === '.') {
        elements.push(this.identifier(next + 1));
        next += 2;
      } else if (type === '[') {
        const index = this.expect(next + 1, 'INDEX') - 1;
        next = this.expect(index + 1, ']');
        elements.push({ kind: 'index', text: this.tokens[index].text });
      } else {
        return { node: { kind: 'path', elements, parens: 0 }, next };
      }
    }
  }

  private functionCall(at: number, depth: number): Parsed<RawFunction> {
    this.checkDepth(at, depth);
    const name = this.tokens[at].text;
    let next = this.expect(at + 1, '(');
    const args: RawOperand[] = [];
    for (;;) {
      const arg = this.operand(next, depth + 1);
      args.push(arg.node);
      next = arg.next;
      if (this.type(next) !== ',') break;
      next++;
    }
    return { node: { kind: 'function', name, args, parens: 0 }, next: this.expect(next, ')') };
  }

  operand(at: number, depth = 0): Parsed<RawOperand> {
    return this.memoised('operand', at, () => {
      const type = this.type(at);
      if (type === '(') {
        this.checkDepth(at, depth);
        const inner = this.operand(at + 1, depth + 1);
        return { node: wrap(inner.node), next: this.expect(inner.next, ')') };
      }
      if (type === 'VALUE') return { node: { kind: 'value', name: this.tokens[at].text, parens: 0 }, next: at + 1 };
      if (type === 'ID' && this.type(at + 1) === '(') return this.functionCall(at, depth);
      return this.path(at);
    });
  }

  // --- conditions ---

  condition(at: number, depth = 0): Parsed<RawCondition> {
    const left = this.conjunction(at, depth);
    if (this.type(left.next) !== 'OR') return left;
    const right = this.condition(left.next + 1, depth);
    return { node: { kind: 'or', left: left.node, right: right.node, parens: 0 }, next: right.next };
  }

  private conjunction(at: number, depth: number): Parsed<RawCondition> {
    const left = this.negation(at, depth);
    if (this.type(left.next) !== 'AND') return left;
    const right = this.conjunction(left.next + 1, depth);
    return { node: { kind: 'and', left: left.node, right: right.node, parens: 0 }, next: right.next };
  }

  private negation(at: number, depth: number): Parsed<RawCondition> {
    if (this.type(at) !== 'NOT') return this.primary(at, depth);
    const operand = this.negation(at + 1, depth);
    return { node: { kind: 'not', operand: operand.node, parens: 0 }, next: operand.next };
  }

  private primary(at: number, depth: number): Parsed<RawCondition> {
    const type = this.type(at);
    if (type === '(') return this.parenthesised(at, depth);
    if (type === 'ID' && this.type(at + 1) === '(') {
      const call = this.functionCall(at, depth);
      return CONDITION_TAIL.has(this.type(call.next)) ? this.conditionTail(call.node, call.next, depth) : call;
    }
    const operand = this.operand(at, depth);
    return this.conditionTail(operand.node, operand.next, depth);
  }

  /** A '(' at the start of a condition: a group, or the left operand of a comparison. */
  private parenthesised(at: number, depth: number): Parsed<RawCondition> {
    return this.memoised('parenthesised', at, () => {
      this.checkDepth(at, depth);
      const group = (): Parsed<RawCondition> => {
        const inner = this.condition(at + 1, depth + 1);
        return { node: wrap(inner.node), next: this.expect(inner.next, ')') };
      };
      const comparison = (): Parsed<RawCondition> => {
        const operand = this.operand(at, depth);
        return this.conditionTail(operand.node, operand.next, depth);
      };
      const close = this.closing(at);
      const operandFirst = close >= 0 && CONDITION_TAIL.has(this.type(close + 1));
      return operandFirst ? either(comparison, group) : either(group, comparison);
    });
  }

  private conditionTail(left: RawOperand, at: number, depth: number): Parsed<RawCondition> {
    const type = this.type(at);
    if (COMPARATORS.has(type)) {
      const right = this.operand(at + 1, depth);
      return { node: { kind: 'comparison', op: type as RawComparator, left, right: right.node, parens: 0 }, next: right.next };
    }
    if (type === 'BETWEEN') {
      const lower = this.operand(at + 1, depth);
      const upper = this.operand(this.expect(lower.next, 'AND'), depth);
      return { node: { kind: 'between', operand: left, lower: lower.node, upper: upper.node, parens: 0 }, next: upper.next };
    }
    if (type === 'IN') {
      let next = this.expect(at + 1, '(');
      const list: RawOperand[] = [];
      for (;;) {
        const item = this.operand(next, depth);
        list.push(item.node);
        next = item.next;
        if (this.type(next) !== ',') break;
        next++;
      }
      return { node: { kind: 'in', operand: left, list, parens: 0 }, next: this.expect(next, ')') };
    }
    throw new Failure(at);
  }

  // --- updates ---

  update(at: number): Parsed<readonly RawSection[]> {
    const sections: RawSection[] = [];
    let next = at;
    for (;;) {
      const keyword = this.type(next);
      if (keyword !== 'SET' && keyword !== 'REMOVE' && keyword !== 'ADD' && keyword !== 'DELETE') {
        if (sections.length === 0) throw new Failure(next);
        return { node: sections, next };
      }
      const actions: RawAction[] = [];
      next++;
      for (;;) {
        const action = this.action(keyword, next);
        actions.push(action.node);
        next = action.next;
        if (this.type(next) !== ',') break;
        next++;
      }
      sections.push({ keyword, actions });
    }
  }

  private action(keyword: SectionKeyword, at: number): Parsed<RawAction> {
    const path = this.path(at);
    if (keyword === 'REMOVE') return { node: { kind: 'remove', path: path.node }, next: path.next };
    if (keyword === 'SET') {
      const value = this.setValue(this.expect(path.next, '='));
      return { node: { kind: 'set', path: path.node, value: value.node }, next: value.next };
    }
    if (this.type(path.next) !== 'VALUE') throw new Failure(path.next);
    const value: RawValue = { kind: 'value', name: this.tokens[path.next].text, parens: 0 };
    return { node: { kind: keyword === 'ADD' ? 'add' : 'delete', path: path.node, value }, next: path.next + 1 };
  }

  private setValue(at: number): Parsed<RawSetValue> {
    let arithmeticFailure: Failure;
    try {
      return this.arithmetic(at, 0);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      arithmeticFailure = e;
    }
    let operand: Parsed<RawOperand>;
    try {
      operand = this.operand(at);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      throw e.at > arithmeticFailure.at ? e : arithmeticFailure;
    }
    // `a +` : the arithmetic got further than the operand alone, so its failure stands
    if (arithmeticFailure.at > operand.next) throw arithmeticFailure;
    return operand;
  }

  private arithmetic(at: number, depth: number): Parsed<RawArithmetic> {
    return this.memoised('arithmetic', at, () => {
      const plusMinus = (): Parsed<RawArithmetic> => {
        const left = this.operand(at, depth);
        const op = this.type(left.next);
        if (op !== '+' && op !== '-') throw new Failure(left.next);
        const right = this.operand(left.next + 1, depth);
        return { node: { kind: 'arithmetic', op, left: left.node, right: right.node, parens: 0 }, next: right.next };
      };
      if (this.type(at) !== '(') return plusMinus();
      this.checkDepth(at, depth);
      const group = (): Parsed<RawArithmetic> => {
        const inner = this.arithmetic(at + 1, depth + 1);
        return { node: wrap(inner.node), next: this.expect(inner.next, ')') };
      };
      return either(group, plusMinus);
    });
  }

  // --- projections ---

  projection(at: number): Parsed<readonly RawPath[]> {
    const paths: RawPath[] = [];
    let next = at;
    for (;;) {
      const path = this.path(next);
      paths.push(path.node);
      next = path.next;
      if (this.type(next) !== ',') return { node: paths, next };
      next++;
    }
  }
}

/** True when any node of a raw tree carries two or more direct parenthesis pairs. */
function hasRedundantParentheses(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasRedundantParentheses);
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.parens === 'number' && record.parens >= 2) return true;
  return Object.values(record).some(hasRedundantParentheses);
}

/** Parses a whole expression with `rule`, requiring it to end at EOF; syntax errors become ExpressionErrors. */
function parseWith<T>(text: string, rule: (parser: Parser) => Parsed<T>): T {
  const tokens = tokenize(text);
  const parser = new Parser(tokens);
  try {
    const result = rule(parser);
    if (tokens[result.next].type !== 'EOF') throw new Failure(result.next);
    if (hasRedundantParentheses(result.node)) throw new ExpressionError(EXPRESSION_MESSAGES.redundantParentheses);
    return result.node;
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    const at = Math.min(e.at, tokens.length - 1);
    const token = tokens[at];
    throw new ExpressionError(EXPRESSION_MESSAGES.syntax(token.type === 'EOF' ? '<EOF>' : token.text, nearText(text, tokens, at)));
  }
}

/** Parses a condition, filter or key condition expression. */
export const parseCondition = (text: string): RawCondition => parseWith(text, (p) => p.condition(0));

/** Parses an update expression into its sections, in textual order. */
export const parseUpdate = (text: string): readonly RawSection[] => parseWith(text, (p) => p.update(0));

/** Parses a projection expression into its paths, in textual order. */
export const parseProjection = (text: string): readonly RawPath[] => parseWith(text, (p) => p.projection(0));
