/**
 * The PartiQL lexer: statement text to tokens, as the PartiQL reference lexer DynamoDB
 * runs splits it. Keywords are matched case-insensitively and lower-cased; some keyword
 * pairs become one token (`is_not`, `insert_into`, ...); `--` and `/* *\/` comments are
 * skipped. A character the lexer cannot read, an unterminated string, quoted name or
 * comment, or a number whose exponent or scale does not fit in 32 bits is a
 * {@link PartiQLSyntaxError} with an empty detail, as DynamoDB reports them.
 */
import { KEYWORD_OPERATORS, KEYWORD_PAIRS, KEYWORDS } from './keywords.js';

export type TokenType =
  | 'IDENTIFIER'
  | 'QUOTED_IDENTIFIER'
  | 'KEYWORD'
  | 'OPERATOR'
  | 'STRING'
  | 'NUMBER'
  | 'ION'
  | 'BOOLEAN'
  | 'NULL'
  | 'MISSING'
  | 'LEFT_PAREN'
  | 'RIGHT_PAREN'
  | 'LEFT_BRACKET'
  | 'RIGHT_BRACKET'
  | 'LEFT_CURLY'
  | 'RIGHT_CURLY'
  | 'LEFT_DOUBLE_ANGLE_BRACKET'
  | 'RIGHT_DOUBLE_ANGLE_BRACKET'
  | 'COMMA'
  | 'DOT'
  | 'COLON'
  | 'SEMICOLON'
  | 'STAR'
  | 'QUESTION_MARK'
  | 'EOF';

export interface Token {
  readonly type: TokenType;
  /**
   * IDENTIFIER/QUOTED_IDENTIFIER/STRING/ION: the text as written (quotes removed, escapes
   * resolved); KEYWORD/OPERATOR/BOOLEAN: lower case (`is_not`, `<=`); NUMBER: the digits.
   */
  readonly text: string;
  /** Offset in the statement. */
  readonly offset: number;
}

/** A statement the parser cannot read; `detail` follows "Statement wasn't well formed, can't be processed: ". */
export class PartiQLSyntaxError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'PartiQLSyntaxError';
  }
}

const lexical = (): PartiQLSyntaxError => new PartiQLSyntaxError('');

const PUNCTUATION: Readonly<Record<string, TokenType>> = {
  '(': 'LEFT_PAREN',
  ')': 'RIGHT_PAREN',
  '[': 'LEFT_BRACKET',
  ']': 'RIGHT_BRACKET',
  '{': 'LEFT_CURLY',
  '}': 'RIGHT_CURLY',
  ',': 'COMMA',
  ':': 'COLON',
  ';': 'SEMICOLON',
  '*': 'STAR',
  '?': 'QUESTION_MARK',
};

/** Operators, longest first. */
const SYMBOL_OPERATORS = ['<=', '>=', '<>', '!=', '||', '=', '<', '>', '+', '-', '/', '%', '@'];

const INT32_MAX = 2_147_483_647;

const isIdentifierStart = (c: string): boolean => /[A-Za-z_$]/.test(c);
const isIdentifierPart = (c: string): boolean => /[A-Za-z0-9_$]/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Reads text between `quote`s starting at `start` (the opening quote); a doubled quote escapes it. */
function readQuoted(text: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw lexical();
    const c = text[i];
    if (c === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i++;
  }
}

/** Reads a number literal; rejects exponents and scales a 32-bit integer cannot hold. */
function readNumber(text: string, start: number): { value: string; end: number } {
  let i = start;
  let fraction = 0;
  while (isDigit(text[i])) i++;
  if (text[i] === '.') {
    i++;
    while (isDigit(text[i])) {
      i++;
      fraction++;
    }
  }
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    if (!isDigit(text[j])) throw lexical();
    while (isDigit(text[j])) j++;
    const exponent = Number(text.slice(i + 1, j));
    if (Math.abs(exponent) > INT32_MAX || Math.abs(fraction - exponent) > INT32_MAX) throw lexical();
    i = j;
  }
  return { value: text.slice(start, i), end: i };
}

/** Skips whitespace and comments from `i`; returns the next significant offset. */
function skipSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    if (i >= text.length) return i;
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw lexical();
      i = end + 2;
    } else {
      return i;
    }
  }
}

/** The type of a word: keyword family, or identifier. */
function wordToken(word: string, offset: number): Token {
  const lower = word.toLowerCase();
  if (lower === 'true' || lower === 'false') return { type: 'BOOLEAN', text: lower, offset };
  if (lower === 'null') return { type: 'NULL', text: lower, offset };
  if (lower === 'missing') return { type: 'MISSING', text: lower, offset };
  if (KEYWORD_OPERATORS.has(lower)) return { type: 'OPERATOR', text: lower, offset };
  if (KEYWORDS.has(lower)) return { type: 'KEYWORD', text: lower, offset };
  return { type: 'IDENTIFIER', text: word, offset };
}

/** Merges keyword pairs (`is` `not` -> `is_not`). */
function mergePairs(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const previous = out[out.length - 1];
    const isWord = (t: Token | undefined): t is Token => t !== undefined && (t.type === 'KEYWORD' || t.type === 'OPERATOR');
    if (isWord(previous) && isWord(token)) {
      const merged = KEYWORD_PAIRS.get(`${previous.text} ${token.text}`);
      if (merged !== undefined) {
        const type = merged === 'insert_into' || merged === 'double_precision' || merged === 'character_varying' ? 'KEYWORD' : 'OPERATOR';
        out[out.length - 1] = { type, text: merged, offset: previous.offset };
        continue;
      }
    }
    out.push(token);
  }
  return out;
}

/** Splits a statement into tokens, ending with an EOF token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = skipSpace(text, 0);
  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (isIdentifierStart(c)) {
      while (i < text.length && isIdentifierPart(text[i])) i++;
      tokens.push(wordToken(text.slice(start, i), start));
    } else if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      const { value, end } = readNumber(text, i);
      tokens.push({ type: 'NUMBER', text: value, offset: start });
      i = end;
    } else if (c === "'" || c === '"' || c === '`') {
      const { value, end } = readQuoted(text, i, c);
      tokens.push({ type: c === "'" ? 'STRING' : c === '"' ? 'QUOTED_IDENTIFIER' : 'ION', text: value, offset: start });
      i = end;
    } else if (c === '<' && text[i + 1] === '<') {
      tokens.push({ type: 'LEFT_DOUBLE_ANGLE_BRACKET', text: '<<', offset: start });
      i += 2;
    } else if (c === '>' && text[i + 1] === '>') {
      tokens.push({ type: 'RIGHT_DOUBLE_ANGLE_BRACKET', text: '>>', offset: start });
      i += 2;
    } else if (c === '.') {
      tokens.push({ type: 'DOT', text: '.', offset: start });
      i++;
    } else if (PUNCTUATION[c] !== undefined) {
      tokens.push({ type: PUNCTUATION[c], text: c, offset: start });
      i++;
    } else {
      const op = SYMBOL_OPERATORS.find((candidate) => text.startsWith(candidate, i));
      if (op === undefined) throw lexical();
      tokens.push({ type: 'OPERATOR', text: op, offset: start });
      i += op.length;
    }
    i = skipSpace(text, i);
  }
  const merged = mergePairs(tokens);
  merged.push({ type: 'EOF', text: '', offset: text.length });
  return merged;
}
