/**
 * Every condition operator, qualifier and IfExists form, with AWS's type rules: one row per
 * (operator, policy values, request value) and the expected outcome.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileCondition, parseCidr, type ContextValue } from './conditions.js';
import { contextOf } from './context.js';

type Row = [operator: string, policy: string | string[], request: ContextValue | undefined, expected: boolean];

function holds(operator: string, policy: string | string[], request: ContextValue | undefined, extra: Record<string, string> = {}): boolean {
  const condition = compileCondition({ operator, key: 'test:Key', values: typeof policy === 'string' ? [policy] : policy }, true);
  const values = new Map<string, ContextValue>(Object.entries(extra));
  if (request !== undefined) values.set('test:key', request);
  const context = contextOf(values);
  return condition.holds(context, (k) => {
    const v = context.get(k.toLowerCase());
    return typeof v === 'string' ? v : undefined;
  });
}

function table(name: string, rows: readonly Row[]): void {
  describe(name, () => {
    for (const [operator, policy, request, expected] of rows) {
      test(`${operator} ${JSON.stringify(policy)} vs ${JSON.stringify(request)}: ${expected}`, () => assert.equal(holds(operator, policy, request), expected));
    }
  });
}

table('String operators', [
  ['StringEquals', 'red', 'red', true],
  ['StringEquals', 'red', 'Red', false],
  ['StringEquals', ['blue', 'red'], 'red', true],
  ['StringEquals', 'r*', 'red', false],
  ['StringEquals', 'red', undefined, false],
  ['StringNotEquals', 'red', 'blue', true],
  ['StringNotEquals', ['blue', 'red'], 'red', false],
  ['StringNotEquals', 'red', undefined, true],
  ['StringEqualsIgnoreCase', 'RED', 'red', true],
  ['StringEqualsIgnoreCase', 'RED', 'reed', false],
  ['StringNotEqualsIgnoreCase', 'RED', 'red', false],
  ['StringNotEqualsIgnoreCase', 'RED', 'blue', true],
  ['StringLike', 'r*d', 'reed', true],
  ['StringLike', 'r?d', 'red', true],
  ['StringLike', 'r?d', 'reed', false],
  ['StringLike', 'R*', 'red', false],
  ['StringLike', '*', '', true],
  ['StringNotLike', 'r*', 'blue', true],
  ['StringNotLike', 'r*', 'red', false],
  ['StringNotLike', 'r*', undefined, true],
]);

table('IfExists', [
  ['StringEqualsIfExists', 'red', undefined, true],
  ['StringEqualsIfExists', 'red', 'blue', false],
  ['StringEqualsIfExists', 'red', 'red', true],
  ['NumericLessThanIfExists', '5', undefined, true],
  ['NumericLessThanIfExists', '5', '7', false],
  ['BoolIfExists', 'true', undefined, true],
  ['StringNotLikeIfExists', 'a*', 'abc', false],
]);

table('Numeric operators', [
  ['NumericEquals', '10', '10', true],
  ['NumericEquals', '10', '10.0', true],
  ['NumericEquals', '10', '1e1', true],
  ['NumericEquals', '10', '11', false],
  ['NumericNotEquals', '10', '11', true],
  ['NumericNotEquals', '10', '10', false],
  ['NumericLessThan', '10', '9', true],
  ['NumericLessThan', '10', '10', false],
  ['NumericLessThanEquals', '10', '10', true],
  ['NumericGreaterThan', '10', '11', true],
  ['NumericGreaterThan', '10', '-11', false],
  ['NumericGreaterThanEquals', '10', '10', true],
  ['NumericLessThan', '10', 'abc', false],
  ['NumericNotEquals', '10', 'abc', false],
  ['NumericEquals', 'abc', '10', false],
  ['NumericNotEquals', 'abc', '10', false],
  ['NumericLessThan', '10', undefined, false],
  ['NumericNotEquals', '10', undefined, true],
]);

table('Date operators', [
  ['DateLessThan', '2026-06-02T00:00:00Z', '2026-06-01T12:00:00.000Z', true],
  ['DateLessThan', '2026-06-01', '2026-06-01T12:00:00Z', false],
  ['DateGreaterThan', '2026-06-01', '2026-06-01T12:00:00Z', true],
  ['DateEquals', '2026-06-01T12:00:00Z', '2026-06-01T14:00:00+02:00', true],
  ['DateEquals', '1780315200', '2026-06-01T12:00:00Z', true],
  ['DateLessThanEquals', '2026-06-01T12:00:00Z', '1780315200', true],
  ['DateGreaterThanEquals', '2026-06-01T12:00:00Z', '1780315199', false],
  ['DateNotEquals', '2026-06-01', '2026-06-02', true],
  ['DateLessThan', '2026-06-01', 'yesterday', false],
  ['DateNotEquals', '2026-06-01', 'yesterday', false],
]);

table('Bool and BinaryEquals', [
  ['Bool', 'true', 'true', true],
  ['Bool', 'true', 'TRUE', true],
  ['Bool', 'true', 'false', false],
  ['Bool', 'false', 'false', true],
  ['Bool', 'false', 'yes', false],
  ['Bool', 'true', undefined, false],
  ['BinaryEquals', 'QmluYXJ5', 'QmluYXJ5', true],
  ['BinaryEquals', 'QmluYXJ5', 'QmluYXJ6', false],
]);

table('IpAddress and NotIpAddress', [
  ['IpAddress', '203.0.113.0/24', '203.0.113.7', true],
  ['IpAddress', '203.0.113.0/24', '203.0.114.7', false],
  ['IpAddress', '203.0.113.7', '203.0.113.7', true],
  ['IpAddress', '203.0.113.7/32', '203.0.113.8', false],
  ['IpAddress', '0.0.0.0/0', '198.51.100.1', true],
  ['IpAddress', ['10.0.0.0/8', '203.0.113.0/24'], '203.0.113.200', true],
  ['IpAddress', '2001:db8::/32', '2001:db8:1234::1', true],
  ['IpAddress', '2001:db8::/32', '2001:db9::1', false],
  ['IpAddress', '2001:DB8:0:0:0:0:0:1', '2001:db8::1', true],
  ['IpAddress', '::ffff:203.0.113.0/120', '203.0.113.9', true],
  ['IpAddress', '203.0.113.0/24', '2001:db8::1', false],
  ['IpAddress', '203.0.113.0/24', 'example.com', false],
  ['IpAddress', '203.0.113.0/33', '203.0.113.7', false],
  ['IpAddress', '203.0.113.0/24', undefined, false],
  ['NotIpAddress', '203.0.113.0/24', '198.51.100.1', true],
  ['NotIpAddress', '203.0.113.0/24', '203.0.113.1', false],
  ['NotIpAddress', '203.0.113.0/24', 'example.com', false],
  ['NotIpAddress', '203.0.113.0/24', undefined, true],
]);

table('Arn operators', [
  ['ArnEquals', 'arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/alice', true],
  ['ArnEquals', 'arn:aws:iam::111122223333:user/*', 'arn:aws:iam::111122223333:user/alice', true],
  ['ArnLike', 'arn:aws:iam::*:role/app/*', 'arn:aws:iam::111122223333:role/app/Reader', true],
  ['ArnLike', 'arn:aws:iam::*:role/app/*', 'arn:aws:iam::111122223333:role/other/Reader', false],
  ['ArnLike', 'arn:aws:iam::*:role/App/*', 'arn:aws:iam::111122223333:role/app/Reader', false],
  ['ArnLike', 'arn:aws:*:*:*:*', 'not-an-arn', false],
  ['ArnNotLike', 'arn:aws:iam::*:role/app/*', 'arn:aws:iam::111122223333:user/alice', true],
  ['ArnNotEquals', 'arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/alice', false],
  ['ArnNotLike', 'arn:aws:iam::*:role/*', undefined, true],
]);

table('Null', [
  ['Null', 'true', undefined, true],
  ['Null', 'true', 'x', false],
  ['Null', 'false', 'x', true],
  ['Null', 'false', undefined, false],
  ['Null', 'true', [], true],
  ['Null', 'false', ['a'], true],
]);

table('set qualifiers', [
  ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'b'], true],
  ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'c'], false],
  ['ForAllValues:StringEquals', ['a', 'b'], undefined, true],
  ['ForAllValues:StringEquals', ['a', 'b'], [], true],
  ['ForAllValues:StringLike', ['a*'], ['ab', 'ac'], true],
  ['ForAllValues:StringNotEquals', ['x'], ['a', 'b'], true],
  ['ForAllValues:StringNotEquals', ['x'], ['a', 'x'], false],
  ['ForAnyValue:StringEquals', ['a', 'b'], ['c', 'b'], true],
  ['ForAnyValue:StringEquals', ['a', 'b'], ['c', 'd'], false],
  ['ForAnyValue:StringEquals', ['a'], undefined, false],
  ['ForAnyValue:StringEquals', ['a'], [], false],
  ['ForAnyValue:StringEqualsIfExists', ['a'], undefined, true],
  ['ForAnyValue:StringNotEquals', ['a'], ['a', 'b'], true],
  ['ForAnyValue:StringNotEquals', ['a'], ['a'], false],
  ['ForAllValues:NumericLessThan', '10', ['1', '9'], true],
  ['ForAllValues:NumericLessThan', '10', ['1', 'x'], false],
  ['ForAnyValue:StringEquals', 'a', 'a', true],
  ['StringEquals', 'a', ['b', 'a'], true],
  ['StringNotEquals', 'a', ['b', 'a'], false],
  ['StringNotEquals', 'a', ['b', 'c'], true],
]);

describe('AND and OR', () => {
  test('every key of an operator must hold', () => {
    const c = compileCondition({ operator: 'StringEquals', key: 'a:x', values: ['1', '2'] }, false);
    const ctx = (v: string) => contextOf(new Map([['a:x', v]]));
    assert.equal(c.holds(ctx('2'), () => undefined), true);
    assert.equal(c.holds(ctx('3'), () => undefined), false);
  });
  test('condition keys are case-insensitive', () => {
    const c = compileCondition({ operator: 'StringEquals', key: 'AWS:UserName', values: ['alice'] }, false);
    assert.equal(c.holds(contextOf(new Map([['aws:username', 'alice']])), () => undefined), true);
  });
  test('variables in values', () => {
    assert.equal(holds('StringEquals', '${aws:username}', 'alice', { 'aws:username': 'alice' }), true);
    assert.equal(holds('StringEquals', '${aws:username}', 'alice', {}), false);
    assert.equal(holds('StringLike', 'home/${aws:username}/*', 'home/alice/x', { 'aws:username': 'alice' }), true);
    assert.equal(holds('ArnLike', 'arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::111122223333:user/alice', { 'aws:username': 'alice' }), true);
  });
});

describe('CIDR parsing', () => {
  test('malformed blocks are refused', () => {
    for (const bad of ['203.0.113.0/24/1', '256.0.0.1', '1.2.3', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', '10.0.0.0/x']) assert.equal(parseCidr(bad), undefined, bad);
  });
});
