import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Binary, Dml, Select } from './ast.js';
import { PartiQLSyntaxError, tokenize } from './lexer.js';
import { parseStatement } from './parser.js';

/** The syntax error detail a statement fails with, or undefined when it parses. */
function syntaxDetail(statement: string): string | undefined {
  try {
    parseStatement(statement);
    return undefined;
  } catch (error) {
    if (error instanceof PartiQLSyntaxError) return error.detail;
    throw error;
  }
}

describe('lexer', () => {
  test('keywords are lower-cased, names keep their case, quotes are removed', () => {
    const tokens = tokenize(`SeLeCt "My Attr", Name FROM "t" WHERE x = 'it''s'`);
    assert.deepEqual(
      tokens.map((t) => [t.type, t.text]),
      [
        ['KEYWORD', 'select'],
        ['QUOTED_IDENTIFIER', 'My Attr'],
        ['COMMA', ','],
        ['IDENTIFIER', 'Name'],
        ['KEYWORD', 'from'],
        ['QUOTED_IDENTIFIER', 't'],
        ['KEYWORD', 'where'],
        ['IDENTIFIER', 'x'],
        ['OPERATOR', '='],
        ['STRING', "it's"],
        ['EOF', ''],
      ],
    );
  });

  test('keyword pairs become one token; comments are skipped', () => {
    const tokens = tokenize(`a IS NOT MISSING -- note\n AND b NOT IN /* x */ [1] INSERT INTO`);
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['a', 'is_not', 'missing', 'and', 'b', 'not_in', '[', '1', ']', 'insert_into', ''],
    );
  });

  test('bags, numbers and operators', () => {
    assert.deepEqual(
      tokenize(`<<1, 2.5, 3e-2>> <> != <= ||`).map((t) => t.type),
      ['LEFT_DOUBLE_ANGLE_BRACKET', 'NUMBER', 'COMMA', 'NUMBER', 'COMMA', 'NUMBER', 'RIGHT_DOUBLE_ANGLE_BRACKET', 'OPERATOR', 'OPERATOR', 'OPERATOR', 'OPERATOR', 'EOF'],
    );
  });

  for (const [label, text] of [
    ['an unterminated string', `'abc`],
    ['an unterminated quoted name', `"abc`],
    ['an unterminated block comment', `a /* b`],
    ['a hash character', `a # b`],
    ['an exponent beyond 32 bits', `1e2147483648`],
    ['a scale beyond 32 bits', `1.5e-2147483647`],
  ] as const) {
    test(`${label} is a lexical error with no detail`, () => {
      assert.throws(() => tokenize(text), (e: unknown) => e instanceof PartiQLSyntaxError && e.detail === '');
    });
  }
});

describe('parser: syntax errors, with the detail DynamoDB answers', () => {
  const cases: [string, string][] = [
    [`SELECT * FROM "t" WHERE pk = 1 foo`, 'Unexpected token after expression'],
    [`SELECT * FROM "t" WHERE pk = 1 e5`, 'Unexpected token after expression'],
    [`INSERT INTO "t" VALUE {'pk': 1} foo`, 'Unexpected token after expression'],
    [`UPDATE "t" SET a = 9 WHERE pk = 1 foo`, 'Unexpected token after expression'],
    [`DELETE FROM "t" WHERE pk = 1 ORDER BY pk`, 'Unexpected token after expression'],
    [`SELECT * FROM "t" ORDER BY pk WHERE pk = 1`, 'Unexpected token after expression'],
    [`SELECT * FROM "t" WHERE pk = 1)`, 'Unexpected token after expression'],
    [`INSERT INTO "t" t VALUE {'pk': 'x'}`, 'Unexpected token after expression'],
    [`FROM "t" SET c = 1 WHERE pk = 'x'`, 'Unexpected token after expression'],
    [`SELECT * FROM "t" WHERE`, 'Unexpected term'],
    [`SELECT * FROM "t" WHERE;`, 'Unexpected term'],
    [`SELECT * FROM "t" WHERE NOT`, 'Unexpected term'],
    [`SELECT * FROM "t" WHERE (`, 'Unexpected term'],
    [`UPDATE "t" SET a = 1 WHERE`, 'Unexpected term'],
    [`DELETE FROM "t" WHERE`, 'Unexpected term'],
    [`SELECT * FROM`, 'Unexpected term'],
    [`SELECT * FROM "t" WHERE pk = 'p1' AND`, 'Missing right-hand side expression of infix operator'],
    [`SELECT * FROM "t" WHERE pk = 'p1' OR`, 'Missing right-hand side expression of infix operator'],
    [`SELECT * FROM "t" WHERE ORDER BY pk`, 'Unexpected keyword'],
    [`SELECT * FROM "t" WHERE pad = 'none'`, 'Unexpected keyword'],
    [`SELECT * FROM "t" WHERE pk = 'a' AND x IS FOO`, 'Expected type name'],
    [`SELECT * FROM "t" WHERE IS NULL`, 'Unexpected operator'],
    [`SELECT * FROM "t" WHERE pk = LIKE`, 'Unexpected operator'],
    [`DELETE FROM`, 'Expected identifier for simple path'],
    [`DELETE FROM;`, 'Expected identifier for simple path'],
    [`DELETE FROM WHERE pk = 'a'`, 'Expected identifier for simple path'],
    [`SLECT * FROM "t" WHERE pk = 'a'`, 'Expected data manipulation'],
    [`UPDATE "t" WHERE pk = 'a'`, 'Expected data manipulation'],
    [`DELETE "t" WHERE pk = 'a'`, 'Expected FROM after DELETE'],
    [`SELECT a b c FROM "t"`, 'Expected FROM after SELECT list'],
    [`SELECT *, a FROM "t"`, "Other expressions may not be present in the select list when '*' is used without dot notation."],
    [`SELECT * FROM "t" WHERE a BETWEEN 1`, 'Expected AND'],
    [`SELECT * FROM "t" WHERE a BETWEEN 1 AND`, 'Expected expression after AND'],
    [`SELECT * FROM "t" WHERE a IN (1, 2`, 'Expected RIGHT_PAREN'],
    [`INSERT INTO "t" VALUE {'pk' 1}`, 'Expected COLON'],
    [`UPDATE "t" SET a 1 WHERE pk = 'x'`, "Expected '='"],
    [`UPDATE "t" SET a.* = 1 WHERE pk = 'x'`, 'Invalid path dot component for simple path'],
    [`SELECT * FROM "t" WHERE a. = 1`, 'Invalid path dot component'],
    [`SELECT * FROM "t"; SELECT * FROM "t"`, 'Unexpected token after semicolon. (Only one query is allowed.)'],
    [`DELETE FROM "t" WHERE pk = 'x' RETURNING OLD *`, 'Expected ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause'],
    [`SELECT f(*) FROM "t"`, 'f(*) is not allowed'],
  ];
  for (const [statement, detail] of cases) {
    test(statement, () => assert.equal(syntaxDetail(statement), detail));
  }
});

describe('parser: statements', () => {
  test('SELECT with projection, index source, WHERE and ORDER BY', () => {
    const { root, parameterCount } = parseStatement(`SELECT a, m.x[1], "b c" FROM "t"."idx" WHERE pk = ? AND sk BETWEEN ? AND 5 ORDER BY sk DESC;`);
    assert.equal(parameterCount, 2);
    const select = root as Select;
    assert.equal(select.kind, 'select');
    assert.equal(select.projection.kind, 'list');
    assert.equal(select.from.length, 1);
    assert.equal(select.from[0].kind, 'path');
    assert.deepEqual(select.orderBy?.map((k) => k.descending), [true]);
    const where = select.where as Binary;
    assert.equal(where.op, 'and');
    assert.equal(where.right.kind, 'ternary');
  });

  test('OR binds looser than AND, NOT looser than comparisons', () => {
    const where = (parseStatement(`SELECT * FROM "t" WHERE NOT a = 1 AND b = 2 OR c = 3`).root as Select).where as Binary;
    assert.equal(where.op, 'or');
    const left = where.left as Binary;
    assert.equal(left.op, 'and');
    assert.equal(left.left.kind, 'unary');
  });

  test('UPDATE with several SET and REMOVE clauses, and RETURNING', () => {
    const dml = parseStatement(`UPDATE "t" SET a = 1, b = b + 1 SET c = list_append(c, [1]) REMOVE d WHERE pk = 'x' RETURNING MODIFIED NEW *`).root as Dml;
    assert.equal(dml.verb, 'update');
    assert.deepEqual(
      dml.operations.map((op) => op.kind),
      ['set', 'set', 'set', 'remove'],
    );
    assert.deepEqual(dml.returning, [{ mapping: 'MODIFIED NEW' }]);
  });

  test('INSERT INTO ... VALUE, DELETE, the FROM-first form, EXISTS', () => {
    assert.equal((parseStatement(`INSERT INTO "t" VALUE {'pk': 'a', 's': <<'x'>>}`).root as Dml).verb, 'insert');
    assert.equal((parseStatement(`DELETE FROM "t" WHERE pk = 'a' RETURNING ALL OLD *`).root as Dml).verb, 'delete');
    assert.equal((parseStatement(`FROM "t" WHERE pk = 'a' SET c = 1`).root as Dml).verb, 'from');
    const exists = parseStatement(`EXISTS(SELECT * FROM "t" WHERE pk = 'a' AND v = 1)`).root;
    assert.equal(exists.kind, 'call');
  });

  test('a minus sign folds into a number literal', () => {
    const select = parseStatement(`SELECT * FROM "t" WHERE a = -5`).root as Select;
    assert.deepEqual((select.where as Binary).right, { kind: 'literal', value: { type: 'number', text: '-5' } });
  });

  test('comments and lower-case keywords are accepted', () => {
    assert.equal(syntaxDetail(`select * /* all */ from "t" -- done`), undefined);
  });
});
