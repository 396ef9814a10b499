/** The token stream under the PartiQL parser (parser.ts): looking ahead, consuming, expecting. */
import { PartiQLSyntaxError, type Token, type TokenType } from './lexer.js';
import { SYNTAX } from './messages.js';

/** Fails the parse with a syntax error of this detail. */
export const fail = (detail: string): never => {
  throw new PartiQLSyntaxError(detail);
};

export class TokenCursor {
  readonly #tokens: readonly Token[];
  #pos = 0;

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }

  protected peek(offset = 0): Token {
    return this.#tokens[Math.min(this.#pos + offset, this.#tokens.length - 1)];
  }

  protected next(): Token {
    const token = this.peek();
    if (this.#pos < this.#tokens.length - 1) this.#pos++;
    return token;
  }

  protected isKeyword(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'KEYWORD' && token.text === text;
  }

  protected isOperator(text: string): boolean {
    const token = this.peek();
    return token.type === 'OPERATOR' && token.text === text;
  }

  protected expect(type: TokenType): Token {
    if (this.peek().type !== type) fail(SYNTAX.expectedToken(type));
    return this.next();
  }

  protected expectKeyword(text: string): void {
    if (!this.isKeyword(text)) fail(SYNTAX.expectedKeyword(text));
    this.next();
  }

  /** Consumes the next token when it has this type. */
  protected accept(type: TokenType): boolean {
    if (this.peek().type !== type) return false;
    this.next();
    return true;
  }

  protected isIdentifier(offset = 0): boolean {
    const type = this.peek(offset).type;
    return type === 'IDENTIFIER' || type === 'QUOTED_IDENTIFIER';
  }

  /** True at the end of the statement: EOF, or a semicolon and then EOF. */
  protected atEnd(): boolean {
    const token = this.peek();
    return token.type === 'EOF' || (token.type === 'SEMICOLON' && this.peek(1).type === 'EOF');
  }
}
