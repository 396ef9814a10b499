/**
 * Hand-written parser for PartiQL statements, following the PartiQL reference parser
 * that DynamoDB runs closely enough to fail where it fails, with its detail texts:
 * a Pratt expression parser where SELECT, UPDATE, DELETE, INSERT and the FROM-first DML
 * form are terms, so that `SLECT * FROM t` fails as "Expected data manipulation" and a
 * token left after a complete statement as "Unexpected token after expression".
 *
 * Grammar, in short (keywords case-insensitive):
 *
 *   statement  := expr [';']
 *   expr       := unary (infix-op expr)*          -- by precedence; IS takes a type name,
 *                                                   IN a parenthesised list, BETWEEN x AND y
 *   unary      := ('NOT' | '-' | '+') unary | pathTerm
 *   pathTerm   := term ('.' name | '.' '*' | '[' expr ']' | '[' '*' ']')*
 *   term       := literal | '?' | name | name '(' args ')' | '(' args ')' | '[' args ']'
 *               | '<<' args '>>' | '{' expr ':' expr, ... '}' | select | dml
 *   select     := SELECT [DISTINCT|ALL] ('*' | VALUE expr | item, ...) FROM source, ...
 *                 [LET ...] [WHERE expr] [GROUP BY ...] [HAVING expr] [ORDER BY key [ASC|DESC], ...]
 *                 [LIMIT expr] [OFFSET expr]
 *   dml        := UPDATE simplePath alias? op+ [WHERE expr] [RETURNING ...]
 *               | DELETE FROM simplePath alias? [WHERE expr] [RETURNING ...]
 *               | FROM source, ... [WHERE expr] op+ [RETURNING ...]
 *               | INSERT INTO simplePath (VALUE expr [AT expr] [ON CONFLICT ...] | expr) [RETURNING ...]
 *   op         := SET simplePath '=' expr, ... | REMOVE simplePath | INSERT INTO ...
 */
import type {
  Dml,
  DmlOperation,
  Expr,
  Insertion,
  OrderKey,
  ParsedStatement,
  PathStep,
  ReturningElement,
  Select,
} from './ast.js';
import { FUNCTION_KEYWORDS, TYPE_NAMES } from './keywords.js';
import { tokenize, type Token, type TokenType } from './lexer.js';
import { DML_OPERATIONS, INFIX_PRECEDENCE, JOIN_WORDS, MAX_PARSE_DEPTH, NOT_PRECEDENCE, SELECT_CLAUSES_AFTER_WHERE, SELECT_PRECEDENCE, UNARY_OPERATORS } from './grammar.js';
import { fail, TokenCursor } from './token-cursor.js';
import { SYNTAX } from './messages.js';

class Parser extends TokenCursor {
  #parameters = 0;
  #depth = 0;

  get parameterCount(): number {
    return this.#parameters;
  }

  // ---------------------------------------------------------------- statement

  statement(): Expr {
    const root = this.expression();
    if (!this.atEnd()) fail(this.peek().type === 'SEMICOLON' ? SYNTAX.afterSemicolon : SYNTAX.afterExpression);
    return root;
  }

  // ---------------------------------------------------------------- expressions

  expression(precedence = -1): Expr {
    if (++this.#depth > MAX_PARSE_DEPTH) fail(SYNTAX.tooDeep);
    try {
      let left = this.unary();
      for (;;) {
        const op = this.peek();
        const opText = op.type === 'STAR' ? '*' : op.type === 'OPERATOR' ? op.text : undefined;
        const opPrecedence = opText === undefined ? undefined : INFIX_PRECEDENCE.get(opText);
        if (opText === undefined || opPrecedence === undefined || opPrecedence <= precedence) return left;
        left = this.infix(left, opText, opPrecedence);
      }
    } finally {
      this.#depth--;
    }
  }

  private rightOperand(precedence: number): Expr {
    if (this.peek(1).type === 'EOF') fail(SYNTAX.missingRightHandSide);
    this.next();
    return this.expression(precedence);
  }

  private infix(left: Expr, op: string, precedence: number): Expr {
    switch (op) {
      case 'is':
      case 'is_not':
        this.next();
        return { kind: 'is', operand: left, typeName: this.typeName(), negated: op === 'is_not' };
      case 'in':
      case 'not_in':
        if (this.peek(1).type === 'LEFT_PAREN' && !this.isKeyword('select', 2) && !this.isKeyword('values', 2)) {
          this.next();
          this.next();
          const items = this.argumentList();
          this.expect('RIGHT_PAREN');
          return { kind: 'binary', op, left, right: { kind: 'list', items } };
        }
        return { kind: 'binary', op, left, right: this.rightOperand(precedence) };
      case 'between':
      case 'not_between': {
        const second = this.rightOperand(precedence);
        this.expectKeywordOperator('and');
        if (this.atEnd()) fail(SYNTAX.expressionAfter('AND'));
        return { kind: 'ternary', op, operand: left, second, third: this.expression(precedence) };
      }
      case 'like':
      case 'not_like': {
        const second = this.rightOperand(precedence);
        if (!this.isKeyword('escape')) return { kind: 'binary', op, left, right: second };
        this.next();
        if (this.atEnd()) fail(SYNTAX.expressionAfter('ESCAPE'));
        return { kind: 'ternary', op, operand: left, second, third: this.expression(precedence) };
      }
      default:
        return { kind: 'binary', op, left, right: this.rightOperand(precedence) };
    }
  }

  private expectKeywordOperator(text: string): void {
    if (!this.isOperator(text)) fail(SYNTAX.expectedKeyword(text));
    this.next();
  }

  /** A type name after IS, with optional parameters: `DECIMAL(5, 2)`. */
  private typeName(): string {
    const token = this.peek();
    const word = token.type === 'KEYWORD' || token.type === 'NULL' || token.type === 'MISSING' ? token.text : undefined;
    if (word === undefined || !TYPE_NAMES.has(word)) return fail(SYNTAX.typeName);
    this.next();
    if (this.peek().type === 'LEFT_PAREN') {
      this.next();
      this.argumentList();
      this.expect('RIGHT_PAREN');
    }
    return word;
  }

  private unary(): Expr {
    const token = this.peek();
    if (token.type === 'OPERATOR' && UNARY_OPERATORS.has(token.text)) {
      this.next();
      if (token.text === 'not') return { kind: 'unary', op: 'not', operand: this.expression(NOT_PRECEDENCE) };
      const operand = this.unary();
      if (operand.kind === 'literal' && operand.value.type === 'number') {
        if (token.text === '+') return operand;
        const text = operand.value.text.startsWith('-') ? operand.value.text.slice(1) : `-${operand.value.text}`;
        return { kind: 'literal', value: { type: 'number', text } };
      }
      return { kind: 'unary', op: token.text, operand };
    }
    return this.pathTerm();
  }

  /** A term followed by path steps; in simple mode (DML targets) only names and literal indexes. */
  private pathTerm(simple = false): Expr {
    let root: Expr;
    if (simple) {
      if (!this.isIdentifier()) fail(SYNTAX.simplePath);
      root = this.identifier();
    } else {
      root = this.term();
    }
    const steps: PathStep[] = [];
    for (;;) {
      const token = this.peek();
      if (token.type === 'DOT') {
        this.next();
        const part = this.peek();
        if (part.type === 'IDENTIFIER' || part.type === 'QUOTED_IDENTIFIER') {
          this.next();
          steps.push({ kind: 'dot', name: part.text, quoted: part.type === 'QUOTED_IDENTIFIER' });
        } else if (part.type === 'STAR') {
          if (simple) fail(SYNTAX.simplePathDot);
          this.next();
          steps.push({ kind: 'dotStar' });
        } else {
          fail(SYNTAX.pathDot);
        }
      } else if (token.type === 'LEFT_BRACKET') {
        this.next();
        if (this.peek().type === 'STAR') {
          this.next();
          this.expect('RIGHT_BRACKET');
          if (simple) fail(SYNTAX.simplePathComponent);
          steps.push({ kind: 'indexStar' });
        } else {
          const index = this.expression();
          this.expect('RIGHT_BRACKET');
          if (simple && index.kind !== 'literal') fail(SYNTAX.simplePathComponent);
          steps.push({ kind: 'index', index });
        }
      } else {
        break;
      }
    }
    return steps.length === 0 ? root : { kind: 'path', root, steps };
  }

  private identifier(): Expr {
    const token = this.next();
    return { kind: 'id', name: token.text, quoted: token.type === 'QUOTED_IDENTIFIER' };
  }

  private term(): Expr {
    const token = this.peek();
    switch (token.type) {
      case 'OPERATOR':
        return fail(SYNTAX.unexpectedOperator);
      case 'KEYWORD':
        return this.keywordTerm(token);
      case 'LEFT_PAREN': {
        this.next();
        const items = this.argumentList();
        this.expect('RIGHT_PAREN');
        if (items.length === 0) fail(SYNTAX.emptyGroup);
        return items.length === 1 ? items[0] : { kind: 'list', items };
      }
      case 'LEFT_BRACKET':
        return this.sequence('list', 'RIGHT_BRACKET');
      case 'LEFT_DOUBLE_ANGLE_BRACKET':
        return this.sequence('bag', 'RIGHT_DOUBLE_ANGLE_BRACKET');
      case 'LEFT_CURLY':
        return this.struct();
      case 'IDENTIFIER':
      case 'QUOTED_IDENTIFIER':
        if (this.peek(1).type === 'LEFT_PAREN') {
          this.next();
          this.next();
          return this.call(token.text.toLowerCase());
        }
        return this.identifier();
      case 'QUESTION_MARK':
        this.next();
        return { kind: 'parameter', index: this.#parameters++ };
      case 'STRING':
        this.next();
        return { kind: 'literal', value: { type: 'string', value: token.text } };
      case 'NUMBER':
        this.next();
        return { kind: 'literal', value: { type: 'number', text: token.text } };
      case 'ION':
        this.next();
        return { kind: 'literal', value: { type: 'ion', text: token.text } };
      case 'BOOLEAN':
        this.next();
        return { kind: 'literal', value: { type: 'boolean', value: token.text === 'true' } };
      case 'NULL':
        this.next();
        return { kind: 'literal', value: { type: 'null' } };
      case 'MISSING':
        this.next();
        return { kind: 'literal', value: { type: 'missing' } };
      default:
        return fail(SYNTAX.unexpectedTerm);
    }
  }

  private keywordTerm(token: Token): Expr {
    switch (token.text) {
      case 'select':
        this.next();
        return this.select();
      case 'update':
        this.next();
        return this.legacyDml('update');
      case 'delete':
        this.next();
        if (!this.isKeyword('from')) fail(SYNTAX.fromAfterDelete);
        this.next();
        return this.legacyDml('delete');
      case 'from':
        this.next();
        return this.fromDml();
      case 'insert_into': {
        this.next();
        const insertion = this.insertion();
        const returning = this.returning();
        return { kind: 'dml', verb: 'insert', sources: [], operations: [insertion], ...(returning ? { returning } : {}) };
      }
      case 'set':
      case 'remove':
        return { kind: 'dml', verb: 'from', sources: [], operations: this.operations() };
      default:
        if (FUNCTION_KEYWORDS.has(token.text) && this.peek(1).type === 'LEFT_PAREN') {
          this.next();
          this.next();
          return this.call(token.text);
        }
        return fail(SYNTAX.unexpectedKeyword);
    }
  }

  /** After `name(`: the arguments and `)`. */
  private call(name: string): Expr {
    if (this.peek().type === 'RIGHT_PAREN') {
      this.next();
      return { kind: 'call', name, args: [] };
    }
    if (this.peek().type === 'STAR') {
      if (name !== 'count') fail(SYNTAX.callWithStar(name));
      this.next();
      this.expect('RIGHT_PAREN');
      return { kind: 'call', name, args: [{ kind: 'unsupported', what: '*' }] };
    }
    const args = this.argumentList();
    this.expect('RIGHT_PAREN');
    return { kind: 'call', name, args };
  }

  /** expr (',' expr)* */
  private argumentList(): Expr[] {
    const items = [this.expression()];
    while (this.accept('COMMA')) items.push(this.expression());
    return items;
  }

  private sequence(kind: 'list' | 'bag', close: TokenType): Expr {
    this.next();
    if (this.peek().type === close) {
      this.next();
      return { kind, items: [] };
    }
    const items = this.argumentList();
    this.expect(close);
    return { kind, items };
  }

  private struct(): Expr {
    this.next();
    const fields: { key: Expr; value: Expr }[] = [];
    if (this.peek().type !== 'RIGHT_CURLY') {
      for (;;) {
        const key = this.expression();
        this.expect('COLON');
        fields.push({ key, value: this.expression() });
        if (!this.accept('COMMA')) break;
      }
    }
    this.expect('RIGHT_CURLY');
    return { kind: 'struct', fields };
  }

  // ---------------------------------------------------------------- aliases and sources

  /** `[AS] name`, `AT name`, `BY name` after a source or select item. */
  private aliases(expr: Expr, allowed: { as: boolean; atBy: boolean }): Expr {
    let result = expr;
    if (allowed.as) {
      if (this.isKeyword('as')) {
        this.next();
        if (!this.isIdentifier()) fail(SYNTAX.aliasIdentifier('AS'));
        result = { kind: 'aliased', expr: result, alias: this.next().text };
      } else if (this.isIdentifier()) {
        result = { kind: 'aliased', expr: result, alias: this.next().text };
      }
    }
    if (allowed.atBy) {
      for (const keyword of ['at', 'by']) {
        if (!this.isKeyword(keyword)) continue;
        this.next();
        if (!this.isIdentifier()) fail(SYNTAX.aliasIdentifier(keyword.toUpperCase()));
        result = { kind: 'aliased', expr: result, alias: this.next().text };
      }
    }
    return result;
  }

  /** A FROM source list: sources joined by commas or JOIN keywords (ON conditions are read and dropped). */
  private sources(precedence: number): Expr[] {
    const sources = [this.aliases(this.expression(precedence), { as: true, atBy: true })];
    for (;;) {
      if (this.peek().type === 'COMMA') {
        this.next();
      } else if (this.peek().type === 'KEYWORD' && JOIN_WORDS.has(this.peek().text)) {
        while (this.peek().type === 'KEYWORD' && JOIN_WORDS.has(this.peek().text)) this.next();
      } else {
        return sources;
      }
      sources.push(this.aliases(this.expression(precedence), { as: true, atBy: true }));
      if (this.isKeyword('on')) {
        this.next();
        this.expression(precedence);
      }
    }
  }

  // ---------------------------------------------------------------- SELECT

  private select(): Select {
    let distinct = false;
    if (this.isKeyword('distinct')) {
      this.next();
      distinct = true;
    } else if (this.isKeyword('all')) {
      this.next();
    }
    let projection: Select['projection'];
    if (this.isKeyword('value')) {
      this.next();
      projection = { kind: 'value', expr: this.expression() };
    } else {
      const items: Expr[] = [];
      let star = false;
      for (;;) {
        if (this.peek().type === 'STAR') {
          this.next();
          star = true;
          items.push({ kind: 'unsupported', what: '*' });
        } else {
          items.push(this.aliases(this.expression(), { as: true, atBy: false }));
        }
        if (!this.accept('COMMA')) break;
      }
      if (star && items.length > 1) fail(SYNTAX.starNotAlone);
      projection = star ? { kind: 'star' } : { kind: 'list', items };
    }
    if (!this.isKeyword('from')) fail(SYNTAX.fromAfterSelect);
    this.next();
    const from = this.sources(SELECT_PRECEDENCE);
    const clauses: string[] = [];
    if (this.isKeyword('let')) {
      this.next();
      clauses.push('LET');
      do {
        this.aliases(this.expression(SELECT_PRECEDENCE), { as: true, atBy: false });
      } while (this.accept('COMMA'));
    }
    let where: Expr | undefined;
    if (this.isKeyword('where')) {
      this.next();
      where = this.expression(SELECT_PRECEDENCE);
    }
    const orderBy = this.selectTail(clauses);
    return { kind: 'select', projection, distinct, from, ...(where ? { where } : {}), ...(orderBy ? { orderBy } : {}), clauses };
  }

  /** GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET; returns the ORDER BY keys. */
  private selectTail(clauses: string[]): OrderKey[] | undefined {
    let orderBy: OrderKey[] | undefined;
    while (this.peek().type === 'KEYWORD' && SELECT_CLAUSES_AFTER_WHERE.has(this.peek().text)) {
      const keyword = this.next().text;
      if (keyword === 'group' || keyword === 'order') {
        if (keyword === 'group' && this.isKeyword('partial')) this.next();
        if (!this.isKeyword('by')) fail(SYNTAX.expectedToken('BY'));
        this.next();
        const keys: OrderKey[] = [];
        do {
          const expr = this.expression(SELECT_PRECEDENCE);
          let descending = false;
          if (this.isKeyword('asc') || this.isKeyword('desc')) descending = this.next().text === 'desc';
          keys.push({ expr, descending });
        } while (this.accept('COMMA'));
        if (keyword === 'order') orderBy = keys;
        else clauses.push('GROUP BY');
      } else {
        this.expression(SELECT_PRECEDENCE);
        clauses.push(keyword.toUpperCase());
      }
    }
    return orderBy;
  }

  // ---------------------------------------------------------------- DML

  /** SET a = 1, b = 2 (several assignments). */
  private assignments(): DmlOperation[] {
    const out: DmlOperation[] = [];
    do {
      const target = this.pathTerm(true);
      if (!this.isOperator('=')) fail(SYNTAX.setAssignment);
      this.next();
      out.push({ kind: 'set', target, value: this.expression() });
    } while (this.accept('COMMA'));
    return out;
  }

  private insertion(): Insertion {
    const target = this.pathTerm(true);
    if (!this.isKeyword('value')) return { kind: 'insert', target, values: this.expression() };
    this.next();
    const value = this.expression();
    let position: Expr | undefined;
    if (this.isKeyword('at')) {
      this.next();
      position = this.expression();
    }
    let onConflict: string | undefined;
    if (this.isKeyword('on')) {
      this.next();
      this.expectKeyword('conflict');
      const words: string[] = [];
      if (this.isKeyword('where')) {
        this.next();
        this.expression();
      }
      while (this.peek().type === 'KEYWORD' && (this.isKeyword('do') || this.isKeyword('nothing'))) words.push(this.next().text);
      onConflict = words.join(' ');
    }
    return { kind: 'insert', target, value, ...(position ? { position } : {}), ...(onConflict !== undefined ? { onConflict } : {}) };
  }

  /** One or more SET / REMOVE / INSERT INTO operations. */
  private operations(): DmlOperation[] {
    const out: DmlOperation[] = [];
    while (this.peek().type === 'KEYWORD' && DML_OPERATIONS.has(this.peek().text)) {
      const keyword = this.next().text;
      if (keyword === 'set') out.push(...this.assignments());
      else if (keyword === 'remove') out.push({ kind: 'remove', target: this.pathTerm(true) });
      else out.push(this.insertion());
    }
    if (out.length === 0) fail(SYNTAX.expectedDml);
    return out;
  }

  /** UPDATE / DELETE FROM: a simple-path source, operations (UPDATE), WHERE, RETURNING. */
  private legacyDml(verb: 'update' | 'delete'): Dml {
    const source = this.aliases(this.pathTerm(true), { as: true, atBy: true });
    const operations = verb === 'update' ? this.operations() : [];
    let where: Expr | undefined;
    if (this.isKeyword('where')) {
      this.next();
      where = this.expression();
    }
    const returning = this.returning();
    return { kind: 'dml', verb, sources: [source], operations, ...(where ? { where } : {}), ...(returning ? { returning } : {}) };
  }

  /** FROM sources [WHERE expr] operations [RETURNING ...]. */
  private fromDml(): Dml {
    const sources = this.sources(-1);
    let where: Expr | undefined;
    if (this.isKeyword('where')) {
      this.next();
      where = this.expression();
    }
    const operations = this.operations();
    const returning = this.returning();
    return { kind: 'dml', verb: 'from', sources, operations, ...(where ? { where } : {}), ...(returning ? { returning } : {}) };
  }

  private returning(): ReturningElement[] | undefined {
    if (!this.isKeyword('returning')) return undefined;
    this.next();
    const elements: ReturningElement[] = [];
    do {
      const first = this.peek();
      if (!(first.type === 'KEYWORD' && (first.text === 'modified' || first.text === 'all'))) fail(SYNTAX.returningMapping);
      this.next();
      const second = this.peek();
      if (!(second.type === 'KEYWORD' && (second.text === 'new' || second.text === 'old'))) fail(SYNTAX.returningMapping);
      this.next();
      const mapping = `${first.text.toUpperCase()} ${second.text.toUpperCase()}` as ReturningElement['mapping'];
      if (this.peek().type === 'STAR') {
        this.next();
        elements.push({ mapping });
      } else {
        elements.push({ mapping, column: this.expression() });
      }
    } while (this.accept('COMMA'));
    return elements;
  }
}

/**
 * Parses one statement; throws {@link PartiQLSyntaxError} with the parser's detail text.
 * Pure: the result depends on the text alone.
 */
export function parseStatement(text: string): ParsedStatement {
  const parser = new Parser(tokenize(text));
  const root = parser.statement();
  return { root, parameterCount: parser.parameterCount };
}
