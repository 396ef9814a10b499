/**
 * Reuse of an expression's last resolution: only when every placeholder stands for what it
 * did (same attribute names, equal scalar values); otherwise the expression is resolved
 * again, with the same results and errors as without reuse. Unused names and values are
 * still reported.
 */
import assert from '../../test/helpers/assert.js';
import { beforeEach, describe, test } from 'node:test';
import { DynamoDBError } from '../errors.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { applyUpdate, clearExpressionCache, compileCondition, compileProjection, compileUpdate, evaluateCondition, ExpressionScope, applyProjection } from './index.js';

type Names = Record<string, string> | undefined;
type Values = Record<string, AttributeValue> | undefined;

const update = (text: string, names: Names, values: Values) => {
  const scope = new ExpressionScope(names, values);
  const compiled = compileUpdate(text, scope);
  scope.assertAllUsed();
  return compiled;
};
const condition = (text: string, names: Names, values: Values, kind: 'Condition' | 'Filter' = 'Condition') => {
  const scope = new ExpressionScope(names, values);
  const compiled = compileCondition(text, kind, scope);
  scope.assertAllUsed();
  return compiled;
};
const fails = (fn: () => unknown, message: string | RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof DynamoDBError && e.code === 'ValidationException' && (typeof message === 'string' ? e.message === message : message.test(e.message)));

const COUNTER = 'SET #c = if_not_exists(#c, :z) + :one';
const item: Item = { pk: { S: 'k' }, c: { N: '41' } };

describe('reusing the last resolution of an expression', () => {
  beforeEach(() => clearExpressionCache());

  test('the same names and equal values: the same resolution, the same result', () => {
    const first = update(COUNTER, { '#c': 'c' }, { ':z': { N: '0' }, ':one': { N: '1' } });
    const second = update(COUNTER, { '#c': 'c' }, { ':z': { N: '0' }, ':one': { N: '1' } });
    assert.equal(second.actions, first.actions, 'reused');
    assert.equal(second.tree, first.tree);
    assert.ok(Object.isFrozen(second));
    assert.deepEqual(applyUpdate(second, item, ['pk']).item, { pk: { S: 'k' }, c: { N: '42' } });
  });

  test('another value, another attribute name: resolved again', () => {
    update(COUNTER, { '#c': 'c' }, { ':z': { N: '0' }, ':one': { N: '1' } });
    const two = update(COUNTER, { '#c': 'c' }, { ':z': { N: '0' }, ':one': { N: '2' } });
    assert.deepEqual(applyUpdate(two, item, ['pk']).item.c, { N: '43' });
    const other = update(COUNTER, { '#c': 'd' }, { ':z': { N: '0' }, ':one': { N: '2' } });
    assert.deepEqual(applyUpdate(other, item, ['pk']).item, { pk: { S: 'k' }, c: { N: '41' }, d: { N: '2' } });
    // and back: the first again
    const again = update(COUNTER, { '#c': 'c' }, { ':z': { N: '0' }, ':one': { N: '1' } });
    assert.deepEqual(applyUpdate(again, item, ['pk']).item.c, { N: '42' });
  });

  test('a value of another type gets the error it always did', () => {
    update('SET a = :v + :one', undefined, { ':v': { N: '1' }, ':one': { N: '1' } });
    fails(() => update('SET a = :v + :one', undefined, { ':v': { S: '1' }, ':one': { N: '1' } }), /Incorrect operand type for operator or function; operator or function: \+, operand type: S/);
    // a value with more than one member is never taken for a scalar: resolved with the request's own value
    const odd = { N: '1', S: '1' } as AttributeValue;
    update('SET a = :v', undefined, { ':v': { N: '1' } });
    const resolved = update('SET a = :v', undefined, { ':v': odd });
    assert.equal((resolved.actions[0] as { value: { value: AttributeValue } }).value.value, odd);
  });

  test('missing or unused names and values are still reported', () => {
    update(COUNTER, { '#c': 'c' }, { ':z': { N: '0' }, ':one': { N: '1' } });
    fails(() => update(COUNTER, { '#x': 'c' }, { ':z': { N: '0' }, ':one': { N: '1' } }), /An expression attribute name used in the document path is not defined; attribute name: #c/);
    fails(() => update(COUNTER, { '#c': 'c' }, { ':z': { N: '0' } }), /An expression attribute value used in expression is not defined; attribute value: :one/);
    fails(() => update(COUNTER, { '#c': 'c', '#u': 'u' }, { ':z': { N: '0' }, ':one': { N: '1' } }), /Value provided in ExpressionAttributeNames unused in expressions: keys: \{#u\}/);
    fails(() => update(COUNTER, { '#c': 'c' }, { ':z': { N: '0' }, ':one': { N: '1' }, ':u': { N: '1' } }), /Value provided in ExpressionAttributeValues unused in expressions: keys: \{:u\}/);
    // and a reusable resolution is still there afterwards
    const again = update(COUNTER, { '#c': 'c' }, { ':z': { N: '0' }, ':one': { N: '1' } });
    assert.deepEqual(applyUpdate(again, item, ['pk']).item.c, { N: '42' });
  });

  test('documents and sets are not reused: each request gets its own values', () => {
    const first = update('SET l = list_append(l, :more)', undefined, { ':more': { L: [{ S: 'a' }] } });
    const second = update('SET l = list_append(l, :more)', undefined, { ':more': { L: [{ S: 'b' }] } });
    assert.notEqual(second.actions, first.actions);
    assert.deepEqual(applyUpdate(second, { pk: { S: 'k' }, l: { L: [] } }, ['pk']).item.l, { L: [{ S: 'b' }] });
    const added = update('ADD s :x', undefined, { ':x': { SS: ['b'] } });
    assert.deepEqual(applyUpdate(added, { pk: { S: 'k' } }, ['pk']).item.s, { SS: ['b'] });
    assert.deepEqual(applyUpdate(update('ADD s :x', undefined, { ':x': { SS: ['c'] } }), { pk: { S: 'k' } }, ['pk']).item.s, { SS: ['c'] });
  });

  test('conditions: reused across requests and kinds, evaluated with the values sent', () => {
    const a = condition('attribute_not_exists(#pk) OR v = :v', { '#pk': 'pk' }, { ':v': { BOOL: true } });
    const b = condition('attribute_not_exists(#pk) OR v = :v', { '#pk': 'pk' }, { ':v': { BOOL: true } }, 'Filter');
    assert.equal(b.root, a.root);
    assert.equal(b.kind, 'Filter');
    assert.equal(a.kind, 'Condition');
    const c = condition('attribute_not_exists(#pk) OR v = :v', { '#pk': 'pk' }, { ':v': { BOOL: false } });
    assert.equal(evaluateCondition(a, { pk: { S: 'k' }, v: { BOOL: true } }), true);
    assert.equal(evaluateCondition(c, { pk: { S: 'k' }, v: { BOOL: true } }), false);
    // a string equal to a number's text is another value
    const n = condition('v = :v', undefined, { ':v': { N: '1' } });
    const s = condition('v = :v', undefined, { ':v': { S: '1' } });
    assert.equal(evaluateCondition(n, { v: { N: '1' } }), true);
    assert.equal(evaluateCondition(s, { v: { N: '1' } }), false);
    fails(() => condition('v BETWEEN :lo AND :hi', undefined, { ':lo': { N: '1' }, ':hi': { N: '2' } }) && condition('v BETWEEN :lo AND :hi', undefined, { ':lo': { N: '3' }, ':hi': { N: '2' } }), /Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound/);
  });

  test('projections: the names decide', () => {
    const scope = (names: Names) => new ExpressionScope(names, undefined);
    const first = compileProjection('#a, b', scope({ '#a': 'x' }));
    const second = compileProjection('#a, b', scope({ '#a': 'x' }));
    assert.equal(second.paths, first.paths);
    const other = compileProjection('#a, b', scope({ '#a': 'y' }));
    assert.deepEqual(applyProjection(other, { x: { S: '1' }, y: { S: '2' }, b: { S: '3' } }), { y: { S: '2' }, b: { S: '3' } });
  });
});
