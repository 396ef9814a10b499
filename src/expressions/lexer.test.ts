import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nearText, tokenize } from './lexer.js';

const types = (text: string) => tokenize(text).map((token) => `${token.type}:${token.text}`);

describe('tokenize', () => {
  const cases: [string, string[]][] = [
    ['a.b[12]', ['ID:a', '.:.', 'ID:b', '[:[', 'INDEX:12', ']:]', 'EOF:']],
    ['#n = :v', ['NAME:#n', '=:=', 'VALUE::v', 'EOF:']],
    ['a<>b<=c>=d<e>f', ['ID:a', '<>:<>', 'ID:b', '<=:<=', 'ID:c', '>=:>=', 'ID:d', '<:<', 'ID:e', '>:>', 'ID:f', 'EOF:']],
    ['and AND And andy', ['AND:and', 'AND:AND', 'AND:And', 'ID:andy', 'EOF:']],
    ['in between not or set add delete remove', ['IN:in', 'BETWEEN:between', 'NOT:not', 'OR:or', 'SET:set', 'ADD:add', 'DELETE:delete', 'REMOVE:remove', 'EOF:']],
    ['index INDEX', ['ID:index', 'ID:INDEX', 'EOF:']],
    ['007 10', ['INDEX:0', 'INDEX:0', 'INDEX:7', 'INDEX:10', 'EOF:']],
    ['a_1 B2', ['ID:a_1', 'ID:B2', 'EOF:']],
    ['_a', ['UNKNOWN:_', 'ID:a', 'EOF:']],
    ['# : #_x :9', ['UNKNOWN:#', 'UNKNOWN::', 'NAME:#_x', 'VALUE::9', 'EOF:']],
    ['a*b/c!', ['ID:a', 'UNKNOWN:*', 'ID:b', 'UNKNOWN:/', 'ID:c', 'UNKNOWN:!', 'EOF:']],
    ['é😀', ['UNKNOWN:é', 'UNKNOWN:😀', 'EOF:']],
    [' \t\r\n ', ['EOF:']],
    ['', ['EOF:']],
    ['x+-y', ['ID:x', '+:+', '-:-', 'ID:y', 'EOF:']],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => assert.deepEqual(types(text), expected));
  }

  test('positions index the text; EOF sits at the end', () => {
    const tokens = tokenize('  ab  = :c ');
    assert.deepEqual(
      tokens.map((token) => [token.start, token.end]),
      [
        [2, 4],
        [6, 7],
        [8, 10],
        [11, 11],
      ],
    );
  });
});

describe('nearText', () => {
  const near = (text: string, index: number) => nearText(text, tokenize(text), index);
  test('previous, current and next token with the whitespace between them', () => {
    assert.equal(near('hits : incr', 1), 'hits : incr');
    assert.equal(near('a  *  b c', 1), 'a  *  b');
  });
  test('no previous token: leading whitespace is kept', () => assert.equal(near('  INVALID SYNTAX HERE', 0), '  INVALID SYNTAX'));
  test('at the end of input only what precedes it, trailing whitespace included', () => {
    assert.equal(near('ADD numx', 2), 'numx');
    assert.equal(near('ADD numx   ', 2), 'numx   ');
    assert.equal(near('   ', 0), '   ');
  });
  test('last token before the end: the trailing whitespace follows it', () => assert.equal(near('a = :v b ', 3), ':v b '));
});
