import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBError } from '../errors.js';
import { compileCondition, compileProjection, compileUpdate, ExpressionScope, type ExpressionKind } from './index.js';

/** A scope that defines whatever the expressions below use. */
const scope = () =>
  new ExpressionScope(
    { '#list': 'list', '#comment': 'COMMENT', '#n': 'n', '#pk': 'pk', '#sk': 'sk', '#a': 'a', '#b': 'b' },
    { ':v': { S: 'x' }, ':w': { S: 'y' }, ':value': { S: 'v' }, ':pk': { S: 'p' }, ':sk': { S: 's' }, ':p1': { N: '1' }, ':p2': { N: '2' }, ':p3': { N: '3' }, ':p4': { N: '4' }, ':l': { L: [] } },
  );

function compile(kind: ExpressionKind, text: string): unknown {
  switch (kind) {
    case 'Update':
      return compileUpdate(text, scope());
    case 'Projection':
      return compileProjection(text, scope());
    default:
      return compileCondition(text, kind, scope());
  }
}

function rejects(kind: ExpressionKind, text: string, message: string): void {
  assert.throws(
    () => compile(kind, text),
    (e: unknown) => e instanceof DynamoDBError && e.code === 'ValidationException' && e.message === `Invalid ${kind}Expression: ${message}`,
  );
}

describe('syntax errors: token and near as DynamoDB reports them', () => {
  const cases: [ExpressionKind, string, string, string][] = [
    // observed from DynamoDB (captures and user reports)
    ['Update', 'INVALID SYNTAX HERE', 'INVALID', 'INVALID SYNTAX'],
    ['Update', 'ADD hits : incr', ':', 'hits : incr'],
    ['Update', 'ADD numx', '<EOF>', 'numx'],
    ['Update', 'SET note = :v +', '<EOF>', '+'],
    ['Update', 'SET numx = numx * :v', '*', 'numx * :v'],
    ['Update', 'SET numx = numx / :v', '/', 'numx / :v'],
    ['Update', 'DELETE setx', '<EOF>', 'setx'],
    ['Update', 'ADD numx 1', '1', 'numx 1'],
    ['Update', 'DELETE setx a', 'a', 'setx a'],
    ['Update', 'SET #list[0.#comment = :value', '.', '0.#comment'],
    ['Update', 'SET a = :v, #, b = :w', '#', ', #,'],
    ['Condition', '#comment =', '<EOF>', '='],
    ['Condition', 'attribute_type()', ')', '()'],
    ['Condition', '#list[abc].#comment = :value', 'abc', '[abc]'],
    ['Filter', '#list[-1].#comment = :value', '-', '[-1'],
    ['Projection', '#list[].#comment', ']', '[].'],
    // derived from the grammar
    ['Condition', 'a = :v b', 'b', ':v b'],
    ['Condition', 'a == :v', '=', '== :v'],
    ['Condition', 'a < > :v', '>', '< > :v'],
    ['Condition', 'a = :v OR OR b = :w', 'OR', 'OR OR b'],
    ['Condition', 'a = :v AND', '<EOF>', 'AND'],
    ['Condition', 'NOT', '<EOF>', 'NOT'],
    ['Condition', 'a IN ()', ')', '()'],
    ['Condition', 'a BETWEEN :v', '<EOF>', ':v'],
    ['Condition', 'a BETWEEN :v OR :w', 'OR', ':v OR :w'],
    ['Condition', 'set = :v', 'set', 'set ='],
    ['Condition', 'a.in = :v', 'in', '.in ='],
    ['Condition', '_a = :v', '_', '_a'],
    ['Condition', 'é = :v', 'é', 'é ='],
    ['Condition', 'a', '<EOF>', 'a'],
    ['Condition', '(a = :v', '<EOF>', ':v'],
    ['Condition', '((a)) AND b = :v', 'AND', ') AND b'],
    ['Condition', 'a = :v)', ')', ':v)'],
    ['Condition', 'contains(a :v)', ':v', 'a :v)'],
    ['Condition', 'size(a) b', 'b', ') b'],
    ['Condition', '   ', '<EOF>', '   '],
    ['Condition', 'a = 5', '5', '= 5'],
    ['KeyCondition', 'things are not gonna be ok', 'are', 'things are not'],
    ['Update', '  whatever', 'whatever', '  whatever'],
    ['Update', 'SET a', '<EOF>', 'a'],
    ['Update', 'SET a = ', '<EOF>', '= '],
    ['Update', 'SET a = :v, ', '<EOF>', ', '],
    ['Update', 'SET a = :v  :w', ':w', ':v  :w'],
    ['Update', 'set a = b c', 'c', 'b c'],
    ['Update', 'REMOVE', '<EOF>', 'REMOVE'],
    ['Update', 'REMOVE a = b', '=', 'a = b'],
    ['Update', 'SET :a = b', ':a', 'SET :a ='],
    ['Update', 'SET a = if_not_exists(a :v)', ':v', 'a :v)'],
    ['Update', 'SET a = b + c + d', '+', 'c + d'],
    ['Update', 'SET a = (b.c).d + e', '.', ').d'],
    ['Update', 'set (a = (b + c))', '(', 'set (a'],
    ['Update', 'add abort b', 'b', 'abort b'],
    ['Update', 'SET add = :v', 'add', 'SET add ='],
    ['Update', 'SET a[1] = "eight"', '"', '= "eight'],
    ['Projection', 'a,,b', ',', ',,b'],
    ['Projection', 'a b', 'b', 'a b'],
    ['Projection', 'ADD', 'ADD', 'ADD'],
    ['Projection', 'a.b.', '<EOF>', '.'],
  ];
  for (const [kind, text, token, near] of cases) {
    test(`${kind} ${JSON.stringify(text)}`, () => rejects(kind, text, `Syntax error; token: "${token}", near: "${near}"`));
  }
});

describe('redundant parentheses', () => {
  const redundant: [ExpressionKind, string][] = [
    ['Condition', '((a = :v))'],
    ['Condition', '((attribute_not_exists(pk)))'],
    ['Condition', '((a)) = :v'],
    ['Condition', '(((a = :v)))'],
    ['Condition', 'NOT ((a = :v))'],
    ['Condition', 'b = :w AND ((a = :v))'],
    ['Filter', '((a = :v))'],
    ['KeyCondition', '((#pk = :pk)) AND ((#sk = :sk))'],
    ['Update', 'SET a = ((b))'],
    ['Update', 'SET a = ((b + c))'],
    ['Update', 'SET a = if_not_exists(((b)), :v)'],
  ];
  for (const [kind, text] of redundant) {
    test(`${kind} ${text}: rejected`, () => rejects(kind, text, 'The expression has redundant parentheses;'));
  }

  const fine: [ExpressionKind, string][] = [
    ['Condition', '(a = :v)'],
    ['Condition', '(a) = :v'],
    ['Condition', '((a) = :v)'],
    ['Condition', '(attribute_not_exists(pk)) AND (attribute_not_exists(#n))'],
    ['Condition', '(attribute_exists(pk) AND (#n = :v))'],
    ['Condition', '((:p1 = :p2 AND :p1 = :p3) AND :p1 = :p4)'],
    ['Condition', '((a = :v) AND (b = :w))'],
    ['Filter', '(a = :v) AND ((b = :v) OR (b = :w))'],
    ['Filter', '(a = :v) AND (NOT (b = :v))'],
    ['KeyCondition', '(#pk = :pk AND (#sk = :sk))'],
    ['Update', 'SET a = (b + c)'],
    ['Update', 'SET a = (b) + (c)'],
    ['Update', 'SET a = ((b) + (c))'],
    ['Update', 'SET a = (b)'],
  ];
  for (const [kind, text] of fine) {
    test(`${kind} ${text}: accepted`, () => assert.doesNotThrow(() => compile(kind, text)));
  }

  test('a syntax error after redundant parentheses is reported as the syntax error', () =>
    rejects('Condition', '((a)) AND b = :v', 'Syntax error; token: "AND", near: ") AND b"'));
});

describe('nesting guard', () => {
  test('pathologically deep parentheses are a syntax error, not a crash', () => {
    const text = `${'('.repeat(2000)}a = :v${')'.repeat(2000)}`;
    rejects('Condition', text, 'Syntax error; token: "(", near: "((("');
  });
  test('deeply nested function calls are a syntax error, not a crash', () => {
    const text = `${'size('.repeat(500)}a${')'.repeat(500)} = :v`;
    rejects('Condition', text, 'Syntax error; token: "size", near: "(size("');
  });
});
