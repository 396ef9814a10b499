import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DynamoDBError } from '../../errors.js';
import { compileCondition, ExpressionScope } from '../../expressions/index.js';
import { keyConditionsToCondition, type LegacyCondition } from '../../expressions/legacy.js';
import type { AttributeValue } from '../../model/attribute-value.js';
import type { IndexKey } from '../../storage/types.js';
import { analyzeTargetKeyCondition, isMultiAttributeKey, MULTI_KEY_MESSAGES, type TargetKeyCondition } from './target-key-condition.js';

const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string): AttributeValue => ({ N: n });

/** A GSI key of two partition attributes (t S, r N) and three sort attributes (s S, n N, x S). */
const MULTI: IndexKey = {
  partition: [
    { name: 't', type: 'S' },
    { name: 'r', type: 'N' },
  ],
  sort: [
    { name: 's', type: 'S' },
    { name: 'n', type: 'N' },
    { name: 'x', type: 'S' },
  ],
};

/** A table-like key: one partition, one sort attribute. */
const SINGLE: IndexKey = { partition: [{ name: 'pk', type: 'S' }], sort: [{ name: 'sk', type: 'N' }] };

const VALUES: Record<string, AttributeValue> = { ':t': S('tour'), ':r': N('1'), ':s': S('semi'), ':s2': S('u'), ':n': N('5'), ':n2': N('9'), ':x': S('x'), ':bad': N('3') };

/** Compiles a key condition expression with the values it uses. */
function compile(expression: string) {
  const used = Object.fromEntries(Object.entries(VALUES).filter(([name]) => new RegExp(`${name}(?![0-9a-z])`).test(expression)));
  const scope = new ExpressionScope(undefined, used);
  const condition = compileCondition(expression, 'KeyCondition', scope);
  scope.assertAllUsed();
  return condition;
}

const rejects = (fn: () => unknown, message: string) =>
  assert.throws(fn, (e: unknown) => e instanceof DynamoDBError && e.code === 'ValidationException' && e.message === message);

describe('analyzeTargetKeyCondition on a multi-attribute key', () => {
  const valid: [string, TargetKeyCondition][] = [
    ['t = :t AND r = :r', { partition: [S('tour'), N('1')], sortPrefix: [] }],
    ['r = :r AND t = :t', { partition: [S('tour'), N('1')], sortPrefix: [] }],
    ['t = :t AND r = :r AND s = :s', { partition: [S('tour'), N('1')], sortPrefix: [], last: { op: 'EQ', values: [S('semi')] } }],
    ['t = :t AND r = :r AND s > :s', { partition: [S('tour'), N('1')], sortPrefix: [], last: { op: 'GT', values: [S('semi')] } }],
    ['t = :t AND r = :r AND begins_with(s, :s)', { partition: [S('tour'), N('1')], sortPrefix: [], last: { op: 'BEGINS_WITH', values: [S('semi')] } }],
    ['t = :t AND r = :r AND s = :s AND n <= :n', { partition: [S('tour'), N('1')], sortPrefix: [S('semi')], last: { op: 'LE', values: [N('5')] } }],
    ['t = :t AND r = :r AND s = :s AND n BETWEEN :n AND :n2', { partition: [S('tour'), N('1')], sortPrefix: [S('semi')], last: { op: 'BETWEEN', values: [N('5'), N('9')] } }],
    ['x < :x AND n = :n AND s = :s AND r = :r AND t = :t', { partition: [S('tour'), N('1')], sortPrefix: [S('semi'), N('5')], last: { op: 'LT', values: [S('x')] } }],
    ['t = :t AND r = :r AND s = :s AND n = :n AND x = :x', { partition: [S('tour'), N('1')], sortPrefix: [S('semi'), N('5')], last: { op: 'EQ', values: [S('x')] } }],
    [':n > n AND t = :t AND r = :r AND s = :s', { partition: [S('tour'), N('1')], sortPrefix: [S('semi')], last: { op: 'LT', values: [N('5')] } }],
  ];
  for (const [expression, expected] of valid) {
    test(`accepts ${expression}`, () => {
      assert.deepEqual(analyzeTargetKeyCondition(compile(expression), MULTI), expected);
    });
  }

  const invalid: [string, string, string][] = [
    ['a partition attribute missing', 't = :t', MULTI_KEY_MESSAGES.hashEquality('r')],
    ['only sort attributes', 's = :s', MULTI_KEY_MESSAGES.hashEquality('t')],
    ['a range on a partition attribute', 't = :t AND r > :r', MULTI_KEY_MESSAGES.hashEquality('r')],
    ['begins_with on a partition attribute', 'begins_with(t, :t) AND r = :r', MULTI_KEY_MESSAGES.hashEquality('t')],
    ['a skipped first sort attribute', 't = :t AND r = :r AND n = :n', MULTI_KEY_MESSAGES.rangeOrder('s')],
    ['a skipped middle sort attribute', 't = :t AND r = :r AND s = :s AND x = :x', MULTI_KEY_MESSAGES.rangeOrder('n')],
    ['a range before the last constrained sort attribute', 't = :t AND r = :r AND s > :s AND n = :n', MULTI_KEY_MESSAGES.rangeOrder('s')],
    ['a range on the first of three constrained', 't = :t AND r = :r AND s BETWEEN :s AND :s2 AND n = :n AND x = :x', MULTI_KEY_MESSAGES.rangeOrder('s')],
    ['a non-key attribute with sort attributes free', 't = :t AND r = :r AND extra = :x', 'Query condition missed key schema element: s'],
    ['a non-key attribute in place of the last sort attribute', 't = :t AND r = :r AND s = :s AND n = :n AND extra = :x', 'Query condition missed key schema element: x'],
    ['more conditions than key attributes', 't = :t AND r = :r AND s = :s AND n = :n AND x = :x AND extra = :s2', 'Conditions can be of length 1 or 2 only'],
    ['a value of the wrong type', 't = :t AND r = :r AND s = :bad', 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
    ['a partition value of the wrong type', 't = :bad AND r = :r', 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
    ['the same attribute twice', 't = :t AND t = :t AND r = :r', 'KeyConditionExpressions must only contain one condition per key'],
  ];
  for (const [label, expression, message] of invalid) {
    test(`rejects ${label}`, () => rejects(() => analyzeTargetKeyCondition(compile(expression), MULTI), message));
  }

  test('legacy KeyConditions follow the same rules', () => {
    const legacy = (conditions: Record<string, [LegacyCondition['ComparisonOperator'], AttributeValue[]]>): Record<string, LegacyCondition> =>
      Object.fromEntries(Object.entries(conditions).map(([name, [op, values]]) => [name, { ComparisonOperator: op, AttributeValueList: values }]));
    const two = keyConditionsToCondition(legacy({ t: ['EQ', [S('tour')]], r: ['EQ', [N('1')]] }));
    assert.deepEqual(analyzeTargetKeyCondition(two, MULTI), { partition: [S('tour'), N('1')], sortPrefix: [] });
    const skip = keyConditionsToCondition(legacy({ t: ['EQ', [S('tour')]], n: ['GT', [N('1')]] }));
    rejects(() => analyzeTargetKeyCondition(skip, MULTI), MULTI_KEY_MESSAGES.hashEquality('r'));
    const notIndexable = keyConditionsToCondition(legacy({ t: ['EQ', [S('tour')]], r: ['NE', [N('1')]] }));
    rejects(() => analyzeTargetKeyCondition(notIndexable, MULTI), 'Attempted conditional constraint is not an indexable operation');
  });
});

describe('analyzeTargetKeyCondition on a single-attribute key', () => {
  test('is the table analysis', () => {
    assert.deepEqual(analyzeTargetKeyCondition(compile('t = :t'), { partition: [{ name: 't', type: 'S' }], sort: [] }), { partition: [S('tour')], sortPrefix: [] });
    const key: IndexKey = { partition: [{ name: 't', type: 'S' }], sort: [{ name: 'n', type: 'N' }] };
    assert.deepEqual(analyzeTargetKeyCondition(compile('t = :t AND n >= :n'), key), { partition: [S('tour')], sortPrefix: [], last: { op: 'GE', values: [N('5')] } });
    rejects(() => analyzeTargetKeyCondition(compile('n = :n'), key), 'Query condition missed key schema element: t');
    rejects(() => analyzeTargetKeyCondition(compile('t = :t AND n = :n AND x = :x'), key), 'Conditions can be of length 1 or 2 only');
  });

  test('multi-attribute detection', () => {
    assert.equal(isMultiAttributeKey(SINGLE), false);
    assert.equal(isMultiAttributeKey(MULTI), true);
    assert.equal(isMultiAttributeKey({ partition: SINGLE.partition, sort: [] }), false);
  });
});
