import { describe, test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBError } from '../errors.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { clearExpressionCache, compileCondition, compileProjection, compileUpdate, ExpressionScope, MAX_EXPRESSION_BYTES, type ExpressionKind } from './index.js';

const NAMES = { '#n': 'name', '#c': 'c', '#d': '[3]', '#comment': 'COMMENT', '#m': 'm', '#a': 'a', '#aa': 'a', '#x': 'x' };
const VALUES: Record<string, AttributeValue> = {
  ':s': { S: 'a' },
  ':s2': { S: 'b' },
  ':z': { S: 'z' },
  ':n': { N: '1' },
  ':n5': { N: '5' },
  ':n4': { N: '4' },
  ':b': { B: 'YQ==' },
  ':b2': { B: 'eg==' },
  ':bool': { BOOL: true },
  ':null': { NULL: true },
  ':ss': { SS: ['a'] },
  ':ns': { NS: ['1'] },
  ':bs': { BS: ['YQ=='] },
  ':l': { L: [{ N: '1' }] },
  ':m': { M: {} },
  ':typeS': { S: 'S' },
  ':typeBad': { S: 'STRING' },
};
const scope = () => new ExpressionScope({ ...NAMES }, { ...VALUES });

function compile(kind: ExpressionKind, text: string, s = scope()): unknown {
  switch (kind) {
    case 'Update':
      return compileUpdate(text, s);
    case 'Projection':
      return compileProjection(text, s);
    default:
      return compileCondition(text, kind, s);
  }
}

function rejects(kind: ExpressionKind, text: string, reason: string, s?: ExpressionScope): void {
  assert.throws(
    () => compile(kind, text, s),
    (e: unknown) => {
      assert.ok(e instanceof DynamoDBError);
      assert.equal(e.code, 'ValidationException');
      assert.equal(e.message, `Invalid ${kind}Expression: ${reason}`);
      return true;
    },
  );
}

beforeEach(() => clearExpressionCache());

describe('empty and oversized expressions', () => {
  for (const kind of ['Condition', 'Filter', 'KeyCondition', 'Projection', 'Update'] as const) {
    test(`${kind}: empty`, () => rejects(kind, '', 'The expression can not be empty;'));
  }
  const long = (kind: ExpressionKind, bytes: number) => {
    if (kind === 'Update') return `SET a = :s${' '.repeat(bytes - 10)}`;
    if (kind === 'Projection') return `a${' '.repeat(bytes - 1)}`;
    return `a = :s${' '.repeat(bytes - 6)}`;
  };
  for (const kind of ['Condition', 'Filter', 'KeyCondition'] as const) {
    test(`${kind}: over ${MAX_EXPRESSION_BYTES} bytes states the size`, () =>
      rejects(kind, long(kind, 4097), 'Expression size has exceeded the maximum allowed size; expression size: 4097'));
  }
  for (const kind of ['Update', 'Projection'] as const) {
    test(`${kind}: over ${MAX_EXPRESSION_BYTES} bytes`, () => rejects(kind, long(kind, 4097), 'Expression size has exceeded the maximum allowed size;'));
  }
  test('exactly 4096 bytes is accepted', () => assert.doesNotThrow(() => compile('Condition', long('Condition', 4096))));
  test('size counts UTF-8 bytes', () => {
    const text = `a = :s${' '.repeat(4089)}é`; // 4096 characters, 4097 bytes
    rejects('Condition', text, 'Expression size has exceeded the maximum allowed size; expression size: 4097');
  });
});

describe('reserved words', () => {
  const cases: [ExpressionKind, string, string][] = [
    ['Condition', 'COUNT = :s', 'COUNT'],
    ['Condition', 'm.COMMENT = :s', 'COMMENT'],
    ['Condition', 'begins_with(m.COMMENT, :s)', 'COMMENT'],
    ['Condition', '#m[0].COMMENT = :s', 'COMMENT'],
    ['Condition', 'size = :n', 'size'],
    ['Filter', 'name = :s', 'name'],
    ['Projection', 'COMMENT', 'COMMENT'],
    ['Projection', 'name', 'name'],
    ['Projection', 'list[0].COMMENT', 'list'],
    ['Projection', '#m.COMMENT', 'COMMENT'],
    ['Update', ' set #c = :s set abOrt = :s ', 'abOrt'],
    ['Update', ' remove Absolute ', 'Absolute'],
    ['Update', 'SET COMMENT = :s', 'COMMENT'],
  ];
  for (const [kind, text, word] of cases) {
    test(`${kind} ${text}`, () => rejects(kind, text, `Attribute name is a reserved keyword; reserved keyword: ${word}`));
  }
  test('a placeholder may stand for a reserved word', () => {
    assert.doesNotThrow(() => compile('Condition', 'begins_with(#m.#comment, :s)'));
    assert.doesNotThrow(() => compile('Projection', '#m[0].#comment'));
    assert.doesNotThrow(() => compile('Update', 'SET #m.#comment = :s'));
  });
  test('function names are not attribute names', () => assert.doesNotThrow(() => compile('Condition', 'size(a) > :n')));
  test('a reserved word before an unknown function: the walk is in text order', () =>
    rejects('Condition', 'COUNT = :s AND foo(a)', 'Attribute name is a reserved keyword; reserved keyword: COUNT'));
});

describe('functions', () => {
  const cases: [ExpressionKind, string, string][] = [
    ['Condition', 'foo(a)', 'Invalid function name; function: foo'],
    ['Condition', 'SIZE(a) > :n', 'Invalid function name; function: SIZE'],
    ['Condition', 'Attribute_Exists(a)', 'Invalid function name; function: Attribute_Exists'],
    ['Condition', 'if_not_exists(a, :s) = :s', 'The function is not allowed in a condition expression; function: if_not_exists'],
    ['Condition', 'list_append(a, :l) = :l', 'The function is not allowed in a condition expression; function: list_append'],
    ['Condition', 'size(a)', 'The function is not allowed to be used this way in an expression; function: size'],
    ['Condition', 'NOT size(a)', 'The function is not allowed to be used this way in an expression; function: size'],
    ['Condition', 'attribute_exists(a) = :bool', 'The function is not allowed to be used this way in an expression; function: attribute_exists'],
    ['Condition', 'size(contains(a, :s)) = :n', 'The function is not allowed to be used this way in an expression; function: contains'],
    ['Condition', 'a IN (size(b), contains(c, :s))', 'The function is not allowed to be used this way in an expression; function: contains'],
    ['Condition', 'begins_with(a)', 'Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1'],
    ['Condition', 'contains(#n)', 'Incorrect number of operands for operator or function; operator or function: contains, number of operands: 1'],
    ['Condition', 'begins_with(#n, :s, :s2)', 'Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 3'],
    ['Condition', 'size(#n, #m) = :n', 'Incorrect number of operands for operator or function; operator or function: size, number of operands: 2'],
    ['Condition', 'attribute_exists(a, b)', 'Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2'],
    ['Condition', 'attribute_type(a)', 'Incorrect number of operands for operator or function; operator or function: attribute_type, number of operands: 1'],
    ['Condition', 'begins_with(#n, :n)', 'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N'],
    ['Condition', 'begins_with(:l, a)', 'Incorrect operand type for operator or function; operator or function: begins_with, operand type: L'],
    ['Condition', 'begins_with(a, size(b))', 'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N'],
    ['Condition', 'size(:n) = :n', 'Incorrect operand type for operator or function; operator or function: size, operand type: N'],
    ['Condition', 'size(:bool) = :n', 'Incorrect operand type for operator or function; operator or function: size, operand type: BOOL'],
    ['Condition', 'size(size(a)) = :n', 'Incorrect operand type for operator or function; operator or function: size, operand type: N'],
    ['Condition', 'attribute_exists(:s)', 'Operator or function requires a document path; operator or function: attribute_exists'],
    ['Condition', 'attribute_not_exists(size(a))', 'Operator or function requires a document path; operator or function: attribute_not_exists'],
    ['Condition', 'attribute_not_exists(:s)', 'Operator or function requires a document path; operator or function: attribute_not_exists'],
    [
      'Condition',
      'attribute_type(#n, S)',
      'Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {S,SS,N,NS,B,BS,BOOL,NULL,L,M,HD,DOUBLE,FLOAT,HDS,FS,DOUBLESET,DICT,DECIMAL,INT,DECIMALSET,INTSET}',
    ],
    ['Condition', 'attribute_type(a, :n)', 'Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N'],
    ['Condition', 'attribute_type(#n, :typeBad)', 'Invalid attribute type name found; type: STRING, valid types: {S,SS,N,NS,B,BS,BOOL,NULL,L,M}'],
    ['KeyCondition', 'attribute_type(a, b)', 'Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {S,SS,N,NS,B,BS,BOOL,NULL,L,M,HD,DOUBLE,FLOAT,HDS,FS,DOUBLESET,DICT,DECIMAL,INT,DECIMALSET,INTSET}'],
    ['Update', 'SET a = foo(b)', 'Invalid function name; function: foo'],
    ['Update', 'SET a = size(b)', 'The function is not allowed in an update expression; function: size'],
    ['Update', 'SET a = contains(b, :s)', 'The function is not allowed in an update expression; function: contains'],
    ['Update', 'SET a = list_append(list_append(a, :l), :l)', 'The function is not allowed to be used this way in an expression; function: list_append'],
    ['Update', 'SET a = list_append(a, :l) + :n', 'The function is not allowed to be used this way in an expression; function: list_append'],
    ['Update', 'SET a = if_not_exists(c)', 'Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1'],
    ['Update', 'SET a = list_append(c)', 'Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1'],
    ['Update', 'SET a = if_not_exists(:s, c)', 'Operator or function requires a document path; operator or function: if_not_exists'],
    ['Update', 'SET a = if_not_exists(if_not_exists(a, :s), c)', 'Operator or function requires a document path; operator or function: if_not_exists'],
    ['Update', 'SET a = list_append(:s, a)', 'Incorrect operand type for operator or function; operator or function: list_append, operand type: S'],
    ['Update', 'SET a = list_append(a, :m)', 'Incorrect operand type for operator or function; operator or function: list_append, operand type: M'],
    ['Update', 'SET a = a + :s', 'Incorrect operand type for operator or function; operator or function: +, operand type: S'],
    ['Update', 'SET a = :b - a', 'Incorrect operand type for operator or function; operator or function: -, operand type: B'],
    ['Update', 'SET a = a - :ss', 'Incorrect operand type for operator or function; operator or function: -, operand type: SS'],
  ];
  for (const [kind, text, reason] of cases) {
    test(`${kind} ${text}`, () => rejects(kind, text, reason));
  }
  const fine: [ExpressionKind, string][] = [
    ['Condition', 'size(a) > :n'],
    ['Condition', 'size(a) BETWEEN :n AND :n5'],
    ['Condition', 'a IN (size(b), :n)'],
    ['Condition', 'attribute_type(a, :typeS)'],
    ['Condition', 'contains(a, :l)'],
    ['Update', 'SET a = if_not_exists(a, :n) + :n'],
    ['Update', 'SET a = list_append(if_not_exists(a, :l), :l)'],
    ['Update', 'SET a = if_not_exists(a, if_not_exists(b, :s))'],
    ['Update', 'SET a = :n - if_not_exists(b, :n)'],
  ];
  for (const [kind, text] of fine) {
    test(`${kind} ${text}: accepted`, () => assert.doesNotThrow(() => compile(kind, text)));
  }
});

describe('operand types, distinct operands, BETWEEN and IN', () => {
  const cases: [ExpressionKind, string, string][] = [
    ['Condition', 'a < :bool', 'Incorrect operand type for operator or function; operator or function: <, operand type: BOOL'],
    ['Condition', ':m >= a', 'Incorrect operand type for operator or function; operator or function: >=, operand type: M'],
    ['Condition', 'a > :ss', 'Incorrect operand type for operator or function; operator or function: >, operand type: SS'],
    ['Condition', 'a <= :null', 'Incorrect operand type for operator or function; operator or function: <=, operand type: NULL'],
    ['Condition', 'a BETWEEN :l AND :l', 'Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: L'],
    ['Condition', 'a = a', 'The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]'],
    ['Condition', 'a.b[1] <> a.b[1]', 'The first operand must be distinct from the remaining operands for this operator or function; operator: <>, first operand: [a, b, [1]]'],
    ['Condition', '#a < a', 'The first operand must be distinct from the remaining operands for this operator or function; operator: <, first operand: [a]'],
    ['Condition', 'contains(#n, #n)', 'The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [name]'],
    ['Condition', 'begins_with(a, a)', 'The first operand must be distinct from the remaining operands for this operator or function; operator: begins_with, first operand: [a]'],
    ['Condition', 'a BETWEEN :s AND a', 'The first operand must be distinct from the remaining operands for this operator or function; operator: BETWEEN, first operand: [a]'],
    ['Condition', 'a IN (:s, b, a)', 'The first operand must be distinct from the remaining operands for this operator or function; operator: IN, first operand: [a]'],
    ['Condition', 'attribute_type(a, a)', 'The first operand must be distinct from the remaining operands for this operator or function; operator: attribute_type, first operand: [a]'],
    ['Update', 'SET x = if_not_exists(a, a)', 'The first operand must be distinct from the remaining operands for this operator or function; operator: if_not_exists, first operand: [a]'],
    [
      'Condition',
      'a BETWEEN :n5 AND :n4',
      'The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:4}',
    ],
    [
      'Condition',
      'a BETWEEN :z AND :s',
      'The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:z}, upper bound operand: AttributeValue: {S:a}',
    ],
    [
      'Condition',
      'a BETWEEN :b2 AND :b',
      'The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {B:eg==}, upper bound operand: AttributeValue: {B:YQ==}',
    ],
    [
      'KeyCondition',
      'a between :n AND :s',
      'The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}',
    ],
  ];
  for (const [kind, text, reason] of cases) {
    test(`${kind} ${text}`, () => rejects(kind, text, reason));
  }
  const fine: [ExpressionKind, string][] = [
    ['Condition', ':s = :s'],
    ['Condition', 'a = b'],
    ['Condition', 'a = :m'],
    ['Condition', 'a <> :l'],
    ['Condition', 'a IN (:m, :l, :bool)'],
    ['Condition', 'a BETWEEN :n AND :n'],
    ['Condition', 'a BETWEEN b AND :n'],
    ['Condition', 'a.b = a.c'],
    ['Condition', 'a[0] = a[1]'],
  ];
  for (const [kind, text] of fine) {
    test(`${kind} ${text}: accepted`, () => assert.doesNotThrow(() => compile(kind, text)));
  }

  test('IN takes up to 100 values', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `:v${i}`).join(', ');
    const values = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`:v${i}`, { N: String(i) }]));
    assert.doesNotThrow(() => compileCondition(`a IN (${list(100)})`, 'Condition', new ExpressionScope(undefined, values)));
    rejects('Condition', `a IN (${list(101)})`, 'The IN operator is provided with too many operands; number of operands: 101', new ExpressionScope(undefined, values));
  });

  test('at most 300 operators and functions', () => {
    const clause = (n: number) => Array.from({ length: n }, () => 'a = :s').join(' OR ');
    // n comparisons and n - 1 ORs
    assert.doesNotThrow(() => compile('Condition', clause(150)));
    rejects('Condition', clause(151), 'The expression contains too many operators; operator count: 301');
  });
});

describe('document paths', () => {
  const deep = (n: number) => ['a', ...Array.from({ length: n - 1 }, (_, i) => `b${i}`)].join('.');
  test('32 levels are accepted', () => assert.doesNotThrow(() => compile('Projection', deep(32))));
  test('33 levels are not', () => rejects('Projection', deep(33), 'The document path has too many nesting levels; nesting levels: 33'));
  test('in a condition', () => rejects('Condition', `${deep(40)} = :s`, 'The document path has too many nesting levels; nesting levels: 40'));
  test('list indexes beyond a Java int', () => rejects('Projection', 'a[2147483648]', 'List index is not within the allowable range; index: [2147483648]'));
  test('the largest list index is fine', () => assert.doesNotThrow(() => compile('Projection', 'a[2147483647]')));
});

describe('placeholders', () => {
  const cases: [ExpressionKind, string, string][] = [
    ['Condition', '#missing = :s', 'An expression attribute name used in the document path is not defined; attribute name: #missing'],
    ['Filter', 'a.#missing = :s', 'An expression attribute name used in the document path is not defined; attribute name: #missing'],
    ['Condition', 'attribute_exists(:missing)', 'An expression attribute value used in expression is not defined; attribute value: :missing'],
    ['KeyCondition', 'pk = :missing', 'An expression attribute value used in expression is not defined; attribute value: :missing'],
    ['Projection', '#missing', 'An expression attribute name used in the document path is not defined; attribute name: #missing'],
    ['Update', 'SET a = :missing', 'An expression attribute value used in expression is not defined; attribute value: :missing'],
    ['Update', 'SET #missing = :s', 'An expression attribute name used in the document path is not defined; attribute name: #missing'],
    // operands are resolved before their operator is checked
    ['Condition', 'contains(#missing)', 'An expression attribute name used in the document path is not defined; attribute name: #missing'],
    // update targets are resolved before any value, the last action first
    ['Update', 'SET a = :missing, #missing = :s', 'An expression attribute name used in the document path is not defined; attribute name: #missing'],
    ['Update', 'SET #one = :s, #two = :s', 'An expression attribute name used in the document path is not defined; attribute name: #two'],
  ];
  for (const [kind, text, reason] of cases) {
    test(`${kind} ${text}`, () => rejects(kind, text, reason));
  }
  test('with no maps at all', () =>
    rejects('Update', 'SET #name = :value', 'An expression attribute name used in the document path is not defined; attribute name: #name', new ExpressionScope(undefined, undefined)));
  test('names resolve to literal attribute names, dots and brackets included', () => {
    const condition = compileCondition('#x.#d = :s', 'Condition', new ExpressionScope({ '#x': 'a.b', '#d': '[3]' }, { ':s': { S: 'v' } }));
    assert.deepEqual(condition.root, { kind: 'comparison', op: '=', left: { kind: 'path', elements: ['a.b', '[3]'] }, right: { kind: 'value', name: ':s', value: { S: 'v' } } });
  });
});

describe('update structure', () => {
  const cases: [string, string][] = [
    ['set a = #c set c = :s', 'The "SET" section can only be used once in an update expression;'],
    ['remove #c set a = b remove e', 'The "REMOVE" section can only be used once in an update expression;'],
    ['add #c :n set a = b add e :n', 'The "ADD" section can only be used once in an update expression;'],
    ['delete #c :ss set a = b delete #c :ss', 'The "DELETE" section can only be used once in an update expression;'],
    ['SET fieldx = :s, fieldx = :s2', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [fieldx], path two: [fieldx]'],
    ['SET #a = :s, a = :s2', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]'],
    ['SET mapx = :m, mapx.num = :n', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [mapx], path two: [mapx, num]'],
    ['SET lst[0] = :s, lst[0].ok = :s', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [lst, [0]], path two: [lst, [0], ok]'],
    ['set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a, :s)', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, [1], a], path two: [c]'],
    ['set #c[3].#d = a, #c[3] = a', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, [3], [3]], path two: [c, [3]]'],
    ['REMOVE a SET a = :s', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]'],
    // "path two" follows DynamoDB's hash-map order among siblings (c before b)
    ['SET a = :z, a.b = :s, a.c = :s2', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, c]'],
    ['set #c[3].#d = a, #c.#d[3] = if_not_exists(a, :s)', 'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [c, [3], [3]], path two: [c, [3], [3]]'],
    ['remove a.#c set a[1] = #d', 'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, c], path two: [a, [1]]'],
    // the last action is checked first
    ['set b = list_append(:s, a), c = if_not_exists(a, :s) add a.b :s', 'Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND'],
  ];
  for (const [text, reason] of cases) {
    test(text, () => rejects('Update', text, reason));
  }

  const typeCases: [string, string, string][] = [
    ['add a.b :s', 'ADD', 'STRING'],
    ['delete a.b :s', 'DELETE', 'STRING'],
    ['add a.b :null', 'ADD', 'NULL'],
    ['delete a.b :null', 'DELETE', 'NULL'],
    ['add a.b :bool', 'ADD', 'BOOLEAN'],
    ['delete a.b :bool', 'DELETE', 'BOOLEAN'],
    ['add a.b :b', 'ADD', 'BINARY'],
    ['delete a.b :b', 'DELETE', 'BINARY'],
    ['add a.b :m', 'ADD', 'MAP'],
    ['delete a.b :m', 'DELETE', 'MAP'],
    ['add a.b :l', 'ADD', 'LIST'],
    ['delete a.b :l', 'DELETE', 'LIST'],
    ['delete a.b :n', 'DELETE', 'NUMBER'],
  ];
  for (const [text, action, type] of typeCases) {
    test(text, () =>
      rejects('Update', text, `Incorrect operand type for operator or function; operator: ${action}, operand type: ${type}, typeSet: ALLOWED_FOR_${action}_OPERAND`),
    );
  }
  for (const text of ['ADD a :n', 'ADD a :ss', 'ADD a :ns', 'ADD a :bs', 'DELETE a :ss', 'DELETE a :ns', 'DELETE a :bs']) {
    test(`${text}: accepted`, () => assert.doesNotThrow(() => compile('Update', text)));
  }
  test('sections in any order, several actions each', () => {
    const update = compileUpdate('REMOVE x DELETE c :ss ADD d :n, e :ss SET f = :l, g = f', scope());
    assert.deepEqual(
      update.actions.map((action) => [action.kind, action.path.elements.join('.')]),
      [
        ['remove', 'x'],
        ['delete', 'c'],
        ['add', 'd'],
        ['add', 'e'],
        ['set', 'f'],
        ['set', 'g'],
      ],
    );
  });
  test('keywords are case-insensitive', () => assert.doesNotThrow(() => compile('Update', 'sEt a = :s rEmOvE b aDd c :n DeLeTe d :ss')));
});

describe('projections', () => {
  const cases: [string, string][] = [
    ['a, a', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]'],
    ['#a, #a', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]'],
    ['#a, #aa', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]'],
    ['a, a.b', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]'],
    ['a.b, a', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]'],
    ['l, l[0]', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [l], path two: [l, [0]]'],
    ['a, a.b.c', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b, c]'],
    ['a[0], a.b', 'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]'],
  ];
  for (const [text, reason] of cases) {
    test(text, () => rejects('Projection', text, reason));
  }
  for (const text of ['a.b, a.c', 'l[0].x, l[0].y', 'l[0], l[1]', 'a, l', '#a.b, #x']) {
    test(`${text}: accepted`, () => assert.doesNotThrow(() => compile('Projection', text)));
  }
});

describe('precedence and case', () => {
  const root = (text: string) => compileCondition(text, 'Condition', scope()).root;
  test('NOT binds tighter than AND, AND tighter than OR', () => {
    const node = root('NOT a = :s AND b = :s OR c = :s');
    assert.equal(node.kind, 'or');
    assert.ok(node.kind === 'or' && node.left.kind === 'and' && node.left.left.kind === 'not');
  });
  test('parentheses group', () => {
    const node = root('NOT (a = :s AND b = :s)');
    assert.ok(node.kind === 'not' && node.operand.kind === 'and');
  });
  test('BETWEEN takes its AND before the logical AND', () => {
    const node = root('a BETWEEN :n AND :n5 AND b = :s');
    assert.ok(node.kind === 'and' && node.left.kind === 'between' && node.right.kind === 'comparison');
  });
  test('keywords are case-insensitive', () => {
    const node = root('a bEtWeEn :n aNd :n5 oR NoT b In (:s)');
    assert.ok(node.kind === 'or' && node.left.kind === 'between' && node.right.kind === 'not');
  });
  test('compiled trees are frozen', () => {
    const node = root('a = :s');
    assert.ok(Object.isFrozen(node));
    assert.throws(() => {
      (node as { kind: string }).kind = 'x';
    });
  });
});

describe('cache', () => {
  test('the same text compiles against different scopes', () => {
    const a = compileCondition('x = :v', 'Condition', new ExpressionScope(undefined, { ':v': { S: 'one' } }));
    const b = compileCondition('x = :v', 'Condition', new ExpressionScope(undefined, { ':v': { S: 'two' } }));
    assert.deepEqual(a.root.kind === 'comparison' && a.root.right, { kind: 'value', name: ':v', value: { S: 'one' } });
    assert.deepEqual(b.root.kind === 'comparison' && b.root.right, { kind: 'value', name: ':v', value: { S: 'two' } });
  });
  test('one text, different kinds: the error names the right expression', () => {
    rejects('Filter', 'foo(a)', 'Invalid function name; function: foo');
    rejects('Condition', 'foo(a)', 'Invalid function name; function: foo');
  });
});
