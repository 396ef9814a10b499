import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBError } from '../errors.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { analyzeKeyCondition, compileCondition, ExpressionScope, type KeySchema } from './index.js';

const VALUES: Record<string, AttributeValue> = {
  ':p': { S: 'part' },
  ':s': { S: 'sort' },
  ':a': { S: 'a' },
  ':b': { S: 'b' },
  ':n': { N: '1' },
  ':lo': { S: 'a' },
  ':tS': { S: 'S' },
};
const HASH: KeySchema = { partition: 'pk' };
const COMPOSITE: KeySchema = { partition: 'pk', sort: 'sk' };

const analyze = (text: string, schema: KeySchema = COMPOSITE, names?: Record<string, string>) =>
  analyzeKeyCondition(compileCondition(text, 'KeyCondition', new ExpressionScope(names, VALUES)), schema);

function rejects(text: string, message: string, schema: KeySchema = COMPOSITE): void {
  assert.throws(
    () => analyze(text, schema),
    (e: unknown) => e instanceof DynamoDBError && e.code === 'ValidationException' && e.message === message,
  );
}

describe('analyzeKeyCondition: accepted forms', () => {
  test('partition key only', () => assert.deepEqual(analyze('pk = :p', HASH), { partition: { name: 'pk', value: { S: 'part' } } }));
  test('partition key only on a composite key', () => assert.deepEqual(analyze('pk = :p'), { partition: { name: 'pk', value: { S: 'part' } } }));
  const sorts: [string, string, AttributeValue[]][] = [
    ['pk = :p AND sk = :s', 'EQ', [{ S: 'sort' }]],
    ['pk = :p AND sk < :s', 'LT', [{ S: 'sort' }]],
    ['pk = :p AND sk <= :s', 'LE', [{ S: 'sort' }]],
    ['pk = :p AND sk > :s', 'GT', [{ S: 'sort' }]],
    ['pk = :p AND sk >= :s', 'GE', [{ S: 'sort' }]],
    ['pk = :p AND sk BETWEEN :a AND :b', 'BETWEEN', [{ S: 'a' }, { S: 'b' }]],
    ['pk = :p AND begins_with(sk, :s)', 'BEGINS_WITH', [{ S: 'sort' }]],
    ['sk > :s AND pk = :p', 'GT', [{ S: 'sort' }]],
    [':s > sk AND :p = pk', 'LT', [{ S: 'sort' }]],
    [':s <= sk AND pk = :p', 'GE', [{ S: 'sort' }]],
    ['(pk = :p) AND (sk = :s)', 'EQ', [{ S: 'sort' }]],
    ['(pk = :p AND sk = :s)', 'EQ', [{ S: 'sort' }]],
    ['(pk = :p AND (sk = :s))', 'EQ', [{ S: 'sort' }]],
    ['pk = :p and sk between :a and :b', 'BETWEEN', [{ S: 'a' }, { S: 'b' }]],
  ];
  for (const [text, op, values] of sorts) {
    test(text, () => assert.deepEqual(analyze(text), { partition: { name: 'pk', value: { S: 'part' } }, sort: { name: 'sk', op, values } }));
  }
  test('placeholders for key names', () =>
    assert.deepEqual(analyze('#pk = :p AND :lo <= #sk', COMPOSITE, { '#pk': 'pk', '#sk': 'sk' }), {
      partition: { name: 'pk', value: { S: 'part' } },
      sort: { name: 'sk', op: 'GE', values: [{ S: 'a' }] },
    }));
});

describe('analyzeKeyCondition: operators and shapes', () => {
  const cases: [string, string][] = [
    ['a > b and size(b) > c or a > c', 'Invalid operator used in KeyConditionExpression: OR'],
    ['a in (b, size(c), d)', 'Invalid operator used in KeyConditionExpression: IN'],
    ['attribute_exists(a)', 'Invalid operator used in KeyConditionExpression: attribute_exists'],
    ['attribute_not_exists(a)', 'Invalid operator used in KeyConditionExpression: attribute_not_exists'],
    ['contains(a.d, b)', 'Invalid operator used in KeyConditionExpression: contains'],
    ['attribute_type(a, :tS)', 'Invalid operator used in KeyConditionExpression: attribute_type'],
    ['not a > b', 'Invalid operator used in KeyConditionExpression: NOT'],
    ['a <> b', 'Invalid operator used in KeyConditionExpression: <>'],
    ['pk = :p AND (sk = :a OR sk = :b)', 'Invalid operator used in KeyConditionExpression: OR'],
    [':a between size(b) and size(a) and b > :b', 'Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand'],
    ['begins_with(:a, b) and a > :b', 'Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand'],
    ['size(b) > a AND a.b > b AND b > c', 'KeyConditionExpressions cannot contain nested operations'],
    ['a > size(b.d)', 'KeyConditionExpressions cannot contain nested operations'],
    ['a between size(b) and size(a)', 'KeyConditionExpressions cannot contain nested operations'],
    ['b > a.b', 'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition'],
    ['b between c[1] and d', 'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition'],
    ['a between b and size(a)', 'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition'],
    ['begins_with(a, b)', 'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition'],
    ['b.d > a AND c.d > e.f', 'KeyConditionExpressions cannot have conditions on nested attributes'],
    ['a.d > c', 'KeyConditionExpressions cannot have conditions on nested attributes'],
    ['b[0] > a', 'KeyConditionExpressions cannot have conditions on nested attributes'],
    ['pk = :p AND sk.foo = :s', 'KeyConditionExpressions cannot have conditions on nested attributes'],
    [':b > :a AND a < :b', 'Invalid condition in KeyConditionExpression: No key attribute specified'],
    ['b > :a AND b < :a and c = :a and d = :a', 'KeyConditionExpressions must only contain one condition per key'],
    ['(a > :a and b > :a) and (b > :a and c > :a)', 'KeyConditionExpressions must only contain one condition per key'],
    [':a = a and b = :a and :a = c', 'Conditions can be of length 1 or 2 only'],
    ['(a > :a and b > :a) and (c > :a and d > :a) and (e > :a and f > :a)', 'Conditions can be of length 1 or 2 only'],
  ];
  for (const [text, message] of cases) {
    test(text, () => rejects(text, message));
  }
});

describe('analyzeKeyCondition: against the key schema', () => {
  const cases: [string, KeySchema, string][] = [
    ['sk = :s', COMPOSITE, 'Query condition missed key schema element: pk'],
    ['attr1 = :s', COMPOSITE, 'Query condition missed key schema element: pk'],
    ['z between :a and :b', COMPOSITE, 'Query condition missed key schema element: pk'],
    ['z = :s', HASH, 'Query condition missed key schema element: pk'],
    ['pk = :p and c = :n', COMPOSITE, 'Query condition missed key schema element: sk'],
    ['pk > :s', HASH, 'Query key condition not supported'],
    ['pk < :s', HASH, 'Query key condition not supported'],
    [':s <= pk', HASH, 'Query key condition not supported'],
    ['begins_with(pk, :s)', HASH, 'Query key condition not supported'],
    ['pk between :a and :b', HASH, 'Query key condition not supported'],
    ['pk = :s AND b = :s', HASH, 'Query key condition not supported'],
    ['y = :s and z = :s', HASH, 'Query key condition not supported'],
    ['pk > :s AND sk = :s', COMPOSITE, 'Query key condition not supported'],
    [':n > pk', { partition: 'pk', types: { pk: 'S' } }, 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
    ['pk = :p AND sk = :n', { partition: 'pk', sort: 'sk', types: { pk: 'S', sk: 'S' } }, 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
  ];
  for (const [text, schema, message] of cases) {
    test(`${text} on ${schema.sort ? 'pk, sk' : 'pk'}`, () => rejects(text, message, schema));
  }
  test('matching types pass', () =>
    assert.doesNotThrow(() => analyze('pk = :p AND sk = :n', { partition: 'pk', sort: 'sk', types: { pk: 'S', sk: 'N' } })));
});
