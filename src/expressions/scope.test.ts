import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBError } from '../errors.js';
import { compileCondition, compileProjection, compileUpdate, ExpressionScope } from './index.js';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof DynamoDBError && e.code === 'ValidationException' && e.message === message);
}

describe('ExpressionScope: the maps themselves', () => {
  test('empty names', () => rejects(() => new ExpressionScope({}, undefined), 'ExpressionAttributeNames must not be empty'));
  test('empty values', () => rejects(() => new ExpressionScope(undefined, {}), 'ExpressionAttributeValues must not be empty'));
  test('empty names are reported before empty values', () => rejects(() => new ExpressionScope({}, {}), 'ExpressionAttributeNames must not be empty'));
  const badNames = ['a', 'name', '#', '#a-b', '#a b', ':a', '##a'];
  for (const key of badNames) {
    test(`name key ${JSON.stringify(key)}`, () => rejects(() => new ExpressionScope({ [key]: 'x' }, undefined), `ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`));
  }
  const badValues = ['b', 'value', ':', ':a.b', '#a'];
  for (const key of badValues) {
    test(`value key ${JSON.stringify(key)}`, () =>
      rejects(() => new ExpressionScope(undefined, { [key]: { S: 'x' } }), `ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`));
  }
  test('valid keys', () => assert.doesNotThrow(() => new ExpressionScope({ '#a_1': 'x', '#9': 'y' }, { ':v_1': { S: 'x' }, ':0': { N: '0' } })));
  test('invalid name keys are reported before empty values', () =>
    rejects(() => new ExpressionScope({ a: 'a' }, {}), 'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"'));
});

describe('ExpressionScope: unused names and values across all expressions of a request', () => {
  test('everything used across several expressions', () => {
    const scope = new ExpressionScope({ '#a': 'a', '#b': 'b', '#c': 'c' }, { ':x': { S: 'x' }, ':y': { S: 'y' } });
    compileUpdate('SET #a = :x', scope);
    compileCondition('#b = :y', 'Condition', scope);
    compileProjection('#c', scope);
    assert.doesNotThrow(() => scope.assertAllUsed());
  });
  test('unused names, in the order given', () => {
    const scope = new ExpressionScope({ '#a': 'a', '#b': 'b', '#c': 'c' }, { ':x': { S: 'x' } });
    compileCondition('#b = :x', 'Condition', scope);
    rejects(() => scope.assertAllUsed(), 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #c}');
  });
  test('unused values', () => {
    const scope = new ExpressionScope(undefined, { ':v': { S: 'val' }, ':unused': { S: 'extra' } });
    compileUpdate('SET attr1 = :v', scope);
    rejects(() => scope.assertAllUsed(), 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}');
  });
  test('unused names are reported before unused values', () => {
    const scope = new ExpressionScope({ '#unused': 'x' }, { ':unused': { S: 'x' } });
    rejects(() => scope.assertAllUsed(), 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}');
  });
  test('a value used twice counts once', () => {
    const scope = new ExpressionScope(undefined, { ':v': { N: '1' } });
    compileCondition('a = :v OR b = :v', 'Filter', scope);
    assert.doesNotThrow(() => scope.assertAllUsed());
  });
  test('no maps: nothing to report', () => assert.doesNotThrow(() => new ExpressionScope(undefined, undefined).assertAllUsed()));
  test('resolve returns the mapping and undefined for unknown keys', () => {
    const scope = new ExpressionScope({ '#a': 'attr' }, { ':v': { BOOL: true } });
    assert.equal(scope.resolveName('#a'), 'attr');
    assert.equal(scope.resolveName('#toString'), undefined);
    assert.deepEqual(scope.resolveValue(':v'), { BOOL: true });
    assert.equal(scope.resolveValue(':constructor'), undefined);
  });
});
