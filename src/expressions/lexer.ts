/**
 * The expression lexer. Token rules follow AWS's grammar (DynamoDbGrammar.g4):
 *
 *   ID          [A-Za-z][A-Za-z0-9_]*
 *   NAME        '#' [A-Za-z0-9_]+        (an ExpressionAttributeNames placeholder)
 *   VALUE       ':' [A-Za-z0-9_]+        (an ExpressionAttributeValues placeholder)
 *   INDEX       '0' | [1-9][0-9]*
 *   keywords    IN BETWEEN NOT AND OR SET ADD DELETE REMOVE (case-insensitive, whole words)
 *   punctuation , ( ) . [ ] = <> < <= > >= + -
 *   whitespace  [ \t\r\n]+               (kept aside: it shows up in syntax error context)
 *   UNKNOWN     any other single character
 *
 * The longest match wins; a keyword beats an identifier of the same length. Nothing is
 * ever a lexer error: unknown characters become UNKNOWN tokens that the parser rejects.
 */

export type TokenType =
  | ','
  | '('
  | ')'
  | '.'
  | '['
  | ']'
  | '='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | 'IN'
  | 'BETWEEN'
  | 'NOT'
  | 'AND'
  | 'OR'
  | 'SET'
  | 'ADD'
  | 'DELETE'
  | 'REMOVE'
  | 'INDEX'
  | 'ID'
  | 'NAME'
  | 'VALUE'
  | 'UNKNOWN'
  | 'EOF';

/** One token; `start`/`end` are offsets into the expression text (end exclusive). */
export interface Token {
  readonly type: TokenType;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['IN', 'IN'],
  ['BETWEEN', 'BETWEEN'],
  ['NOT', 'NOT'],
  ['AND', 'AND'],
  ['OR', 'OR'],
  ['SET', 'SET'],
  ['ADD', 'ADD'],
  ['DELETE', 'DELETE'],
  ['REMOVE', 'REMOVE'],
]);

const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdChar = (c: string): boolean => isLetter(c) || isDigit(c) || c === '_';

/** Length of the run of characters matching `test` starting at `from`. */
function runLength(text: string, from: number, test: (c: string) => boolean): number {
  let end = from;
  while (end < text.length && test(text[end])) end++;
  return end - from;
}

/** Type and length of the token starting at `at` (never whitespace). */
function scan(text: string, at: number): { type: TokenType; length: number } {
  const c = text[at];
  const next = text[at + 1];
  switch (c) {
    case ',':
    case '(':
    case ')':
    case '.':
    case '[':
    case ']':
    case '=':
    case '+':
    case '-':
      return { type: c, length: 1 };
    case '<':
      if (next === '>') return { type: '<>', length: 2 };
      if (next === '=') return { type: '<=', length: 2 };
      return { type: '<', length: 1 };
    case '>':
      return next === '=' ? { type: '>=', length: 2 } : { type: '>', length: 1 };
    case '#':
    case ':': {
      const length = runLength(text, at + 1, isIdChar);
      if (length === 0) return { type: 'UNKNOWN', length: 1 };
      return { type: c === '#' ? 'NAME' : 'VALUE', length: length + 1 };
    }
  }
  if (c === '0') return { type: 'INDEX', length: 1 };
  if (isDigit(c)) return { type: 'INDEX', length: runLength(text, at, isDigit) };
  if (isLetter(c)) {
    const length = runLength(text, at, isIdChar);
    return { type: KEYWORDS.get(text.slice(at, at + length).toUpperCase()) ?? 'ID', length };
  }
  // one code point, so an astral character is not split in error messages
  const codePoint = text.codePointAt(at) ?? 0;
  return { type: 'UNKNOWN', length: codePoint > 0xffff ? 2 : 1 };
}

/**
 * Splits an expression into tokens, whitespace dropped, always ending with an EOF token
 * positioned at the end of the text.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    if (isWhitespace(text[at])) {
      at += runLength(text, at, isWhitespace);
      continue;
    }
    const { type, length } = scan(text, at);
    tokens.push({ type, text: text.slice(at, at + length), start: at, end: at + length });
    at += length;
  }
  tokens.push({ type: 'EOF', text: '', start: text.length, end: text.length });
  return tokens;
}

/**
 * The `near` context DynamoDB reports for a syntax error at `tokens[index]`: the text
 * from the previous token to the next one, with the whitespace between them. At the end
 * of input only what precedes the end is shown (the end itself contributes nothing).
 */
export function nearText(text: string, tokens: readonly Token[], index: number): string {
  const current = tokens[index];
  const start = index > 0 ? tokens[index - 1].start : 0;
  if (current.type === 'EOF') return text.slice(start, current.start);
  const next = tokens[index + 1];
  const end = next === undefined || next.type === 'EOF' ? text.length : next.end;
  return text.slice(start, end);
}
