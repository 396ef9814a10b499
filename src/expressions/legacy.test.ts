import { describe, test } from 'node:test';
import assert from '../../test/helpers/assert.js';
import { DynamoDBError } from '../errors.js';
import type { Item } from '../model/attribute-value.js';
import { analyzeKeyCondition, applyProjection, applyUpdate, evaluateCondition } from './index.js';
import {
  attributesToGetToProjection,
  attributeUpdatesToUpdate,
  checkNoMixing,
  expectedToCondition,
  filterToCondition,
  inferOperation,
  keyConditionsToCondition,
  type LegacyCondition,
  type LegacyOperation,
} from './legacy.js';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof DynamoDBError && e.code === 'ValidationException' && e.message === message);
}

const INVALID = 'One or more parameter values were invalid: ';

describe('checkNoMixing', () => {
  const mixing = (legacy: string, expressions: string) =>
    `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy}} Expression parameters: {${expressions}}`;
  const cases: [LegacyOperation, Record<string, unknown>, string][] = [
    ['PutItem', { Expected: { a: {} }, ConditionExpression: 'attribute_not_exists(pk)' }, mixing('Expected', 'ConditionExpression')],
    ['PutItem', { Expected: { a: {} }, ConditionalOperator: 'AND', ConditionExpression: 'x' }, mixing('Expected, ConditionalOperator', 'ConditionExpression')],
    ['DeleteItem', { ConditionalOperator: 'AND', ConditionExpression: 'x' }, mixing('ConditionalOperator', 'ConditionExpression')],
    ['UpdateItem', { AttributeUpdates: {}, UpdateExpression: 'SET a = :v' }, mixing('AttributeUpdates', 'UpdateExpression')],
    [
      'UpdateItem',
      { Expected: {}, AttributeUpdates: {}, ConditionalOperator: 'AND', UpdateExpression: '', ConditionExpression: '' },
      mixing('AttributeUpdates, Expected, ConditionalOperator', 'UpdateExpression, ConditionExpression'),
    ],
    ['UpdateItem', { Expected: {}, UpdateExpression: 'x' }, mixing('Expected', 'UpdateExpression')],
    ['Scan', { ScanFilter: {}, ProjectionExpression: 'b' }, mixing('ScanFilter', 'ProjectionExpression')],
    ['Scan', { AttributesToGet: ['a'], FilterExpression: 'a = :v' }, mixing('AttributesToGet', 'FilterExpression')],
    [
      'Scan',
      { AttributesToGet: ['a'], ScanFilter: {}, ConditionalOperator: 'AND', FilterExpression: 'x', ProjectionExpression: 'b' },
      mixing('AttributesToGet, ScanFilter, ConditionalOperator', 'ProjectionExpression, FilterExpression'),
    ],
    [
      'Query',
      { KeyConditions: {}, QueryFilter: {}, ConditionalOperator: 'AND', KeyConditionExpression: 'x', FilterExpression: 'x', ProjectionExpression: 'b' },
      mixing('QueryFilter, ConditionalOperator, KeyConditions', 'ProjectionExpression, FilterExpression, KeyConditionExpression'),
    ],
    ['Query', { KeyConditions: {}, KeyConditionExpression: 'x' }, mixing('KeyConditions', 'KeyConditionExpression')],
    ['Query', { AttributesToGet: ['a'], KeyConditionExpression: 'x' }, mixing('AttributesToGet', 'KeyConditionExpression')],
    ['GetItem', { AttributesToGet: ['a'], ProjectionExpression: 'a' }, mixing('AttributesToGet', 'ProjectionExpression')],
    ['GetItem', { ExpressionAttributeNames: { '#a': 'a' } }, 'ExpressionAttributeNames can only be specified when using expressions'],
    ['UpdateItem', { Expected: {}, ExpressionAttributeNames: {}, ExpressionAttributeValues: {} }, 'ExpressionAttributeNames can only be specified when using expressions'],
    ['UpdateItem', { Expected: {}, ExpressionAttributeValues: {} }, 'ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null'],
    ['PutItem', { ExpressionAttributeValues: { ':v': { S: 'x' } } }, 'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null'],
    ['Scan', { ProjectionExpression: 'a', ExpressionAttributeValues: { ':v': { S: 'x' } } }, 'ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null'],
    ['Query', { KeyConditions: {}, ExpressionAttributeValues: { ':v': { S: 'x' } } }, 'ExpressionAttributeValues can only be specified when using expressions: FilterExpression and KeyConditionExpression are null'],
    ['Scan', { ConditionalOperator: 'AND' }, 'ConditionalOperator cannot be used without Filter or Expected'],
    ['Scan', { ConditionalOperator: 'OR', ScanFilter: {} }, 'ConditionalOperator cannot be used without Filter or Expected'],
    ['Scan', { ConditionalOperator: 'AND', AttributesToGet: ['a', 'b'] }, 'ConditionalOperator cannot be used without Filter or Expected'],
    ['Scan', { ConditionalOperator: 'AND', ScanFilter: { a: {} } }, 'ConditionalOperator can only be used when Filter or Expected has two or more elements'],
    ['Query', { ConditionalOperator: 'AND', KeyConditions: { pk: {} } }, 'ConditionalOperator cannot be used without Filter or Expected'],
    ['Query', { ConditionalOperator: 'AND', KeyConditions: { pk: {} }, QueryFilter: { a: {} } }, 'ConditionalOperator can only be used when Filter or Expected has two or more elements'],
    ['PutItem', { ConditionalOperator: 'AND' }, 'ConditionalOperator cannot be used without Filter or Expected'],
    ['DeleteItem', { ConditionalOperator: 'AND', Expected: { a: {} } }, 'ConditionalOperator can only be used when Filter or Expected has two or more elements'],
    ['UpdateItem', { ConditionalOperator: 'AND', AttributeUpdates: { a: {} } }, 'ConditionalOperator cannot be used without Filter or Expected'],
    // mixing beats everything else
    ['Scan', { ConditionalOperator: 'AND', FilterExpression: 'a = :v', ExpressionAttributeValues: { ':v': {}, ':unused': {} } }, mixing('ConditionalOperator', 'FilterExpression')],
  ];
  for (const [operation, request, message] of cases) {
    test(`${operation} ${Object.keys(request).join(' ')}`, () => rejects(() => checkNoMixing(request, operation), message));
  }
  const fine: [LegacyOperation, Record<string, unknown>][] = [
    ['Query', { KeyConditions: { pk: {} }, FilterExpression: 'a = :v', ExpressionAttributeValues: { ':v': {} } }],
    ['Query', { KeyConditions: { pk: {} }, ProjectionExpression: 'a' }],
    ['Scan', { ScanFilter: { a: {}, b: {} }, ConditionalOperator: 'OR' }],
    ['PutItem', { Expected: { a: {}, b: {} }, ConditionalOperator: 'AND' }],
    ['PutItem', { ConditionExpression: 'a = :v', ExpressionAttributeValues: { ':v': {} }, ExpressionAttributeNames: { '#a': 'a' } }],
    ['GetItem', { ProjectionExpression: '#a', ExpressionAttributeNames: { '#a': 'a' } }],
    ['UpdateItem', { UpdateExpression: 'SET a = :v', ExpressionAttributeValues: { ':v': {} } }],
  ];
  for (const [operation, request] of fine) {
    test(`${operation} ${Object.keys(request).join(' ')}: accepted`, () => assert.doesNotThrow(() => checkNoMixing(request, operation)));
  }
  test('the operation can be inferred from the request', () => {
    assert.equal(inferOperation({ TableName: 't', Key: {}, UpdateExpression: 'x' }), 'UpdateItem');
    assert.equal(inferOperation({ TableName: 't', KeyConditionExpression: 'x' }), 'Query');
    assert.equal(inferOperation({ TableName: 't', Item: {} }), 'PutItem');
    assert.equal(inferOperation({ TableName: 't', Key: {}, ConditionExpression: 'x' }), 'DeleteItem');
    assert.equal(inferOperation({ TableName: 't', Key: {} }), 'GetItem');
    assert.equal(inferOperation({ TableName: 't', ScanFilter: {} }), 'Scan');
    rejects(
      () => checkNoMixing({ TableName: 't', Key: {}, AttributeUpdates: {}, UpdateExpression: 'SET a = :v' }),
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}',
    );
  });
});

describe('expectedToCondition', () => {
  const item: Item = { a: { S: 'x' }, n: { N: '5' }, active: { BOOL: false }, ss: { SS: ['p', 'q'] } };
  const holds = (expected: Record<string, LegacyCondition>, operator?: 'AND' | 'OR') => {
    const condition = expectedToCondition(expected, operator);
    assert.ok(condition);
    return evaluateCondition(condition, item);
  };
  const cases: [string, Record<string, LegacyCondition>, boolean][] = [
    ['Value (Exists implied)', { a: { Value: { S: 'x' } } }, true],
    ['Value, Exists true', { active: { Value: { BOOL: false }, Exists: true } }, true],
    ['Value mismatch', { a: { Value: { S: 'y' } } }, false],
    ['Exists false on a missing attribute', { gone: { Exists: false } }, true],
    ['Exists false on a present attribute', { a: { Exists: false } }, false],
    ['EQ', { n: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '5.0' }] } }, true],
    ['EQ with Value', { n: { ComparisonOperator: 'EQ', Value: { N: '5' } } }, true],
    ['NE on a missing attribute', { gone: { ComparisonOperator: 'NE', AttributeValueList: [{ S: 'x' }] } }, true],
    ['GT', { n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '4' }] } }, true],
    ['LT', { n: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '4' }] } }, false],
    ['NULL', { gone: { ComparisonOperator: 'NULL' } }, true],
    ['NOT_NULL', { a: { ComparisonOperator: 'NOT_NULL' } }, true],
    ['CONTAINS in a set', { ss: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'p' }] } }, true],
    ['NOT_CONTAINS', { ss: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'z' }] } }, true],
    ['NOT_CONTAINS on a missing attribute is false', { gone: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'z' }] } }, false],
    ['BEGINS_WITH', { a: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'x' }] } }, true],
    ['IN', { n: { ComparisonOperator: 'IN', AttributeValueList: [{ N: '1' }, { N: '5' }] } }, true],
    ['BETWEEN', { n: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '5' }] } }, true],
    ['AND of two', { a: { Value: { S: 'x' } }, n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '9' }] } }, false],
  ];
  for (const [name, expected, result] of cases) {
    test(name, () => assert.equal(holds(expected), result));
  }
  test('OR of two', () => assert.equal(holds({ a: { Value: { S: 'x' } }, n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '9' }] } }, 'OR'), true));
  test('an empty map is no condition', () => assert.equal(expectedToCondition({}), undefined));

  const errors: [Record<string, LegacyCondition>, string][] = [
    [{ a: { Value: { S: 'x' }, AttributeValueList: [{ S: 'x' }] } }, `${INVALID}Value and AttributeValueList cannot be used together for Attribute: a`],
    [{ a: { ComparisonOperator: 'EQ', Exists: true, Value: { S: 'x' } } }, `${INVALID}Exists and ComparisonOperator cannot be used together for Attribute: a`],
    [{ a: { ComparisonOperator: 'EQ' } }, `${INVALID}Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a`],
    [{ a: { AttributeValueList: [{ S: 'x' }] } }, `${INVALID}AttributeValueList can only be used with a ComparisonOperator for Attribute: a`],
    [{ a: {} }, `${INVALID}Value must be provided when Exists is null for Attribute: a`],
    [{ a: { Exists: true } }, `${INVALID}Value must be provided when Exists is true for Attribute: a`],
    [{ a: { Exists: false, Value: { S: 'a' } } }, `${INVALID}Value cannot be used when Exists is false for Attribute: a`],
    [{ a: { ComparisonOperator: 'NULL', AttributeValueList: [{ S: 'a' }] } }, `${INVALID}Invalid number of argument(s) for the NULL ComparisonOperator`],
    [{ a: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }] } }, `${INVALID}Invalid number of argument(s) for the BETWEEN ComparisonOperator`],
    [{ a: { ComparisonOperator: 'IN', AttributeValueList: [{ S: 'b' }, { N: '1' }] } }, `${INVALID}AttributeValues inside AttributeValueList must be of same type`],
    [{ a: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ S: 'b' }, { S: 'a' }] } }, 'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound'],
    [{ a: { ComparisonOperator: 'GT', AttributeValueList: [{ BOOL: true }] } }, `${INVALID}ComparisonOperator GT is not valid for BOOL AttributeValue type`],
  ];
  for (const [expected, message] of errors) {
    test(message, () => rejects(() => expectedToCondition(expected), message));
  }
});

describe('filterToCondition (QueryFilter / ScanFilter)', () => {
  const item: Item = { s: { S: 'hello' }, n: { N: '3' }, ns: { NS: ['1', '2'] }, l: { L: [{ BOOL: true }, { NULL: true }] } };
  const filter = (conditions: Record<string, LegacyCondition>, operator?: 'AND' | 'OR') => {
    const condition = filterToCondition(conditions, operator);
    assert.ok(condition);
    assert.equal(condition.kind, 'Filter');
    return evaluateCondition(condition, item);
  };
  test('CONTAINS: substring, set member, list element', () => {
    assert.equal(filter({ s: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'ell' }] } }), true);
    assert.equal(filter({ ns: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ N: '2.0' }] } }), true);
    assert.equal(filter({ l: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ NULL: true }] } }), true);
    assert.equal(filter({ l: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ BOOL: false }] } }), false);
  });
  test('AND / OR', () => {
    const two: Record<string, LegacyCondition> = { s: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'hello' }] }, n: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '1' }] } };
    assert.equal(filter(two), false);
    assert.equal(filter(two, 'AND'), false);
    assert.equal(filter(two, 'OR'), true);
  });
  test('an empty map is no condition', () => assert.equal(filterToCondition({}), undefined));

  const counts: [string, LegacyCondition][] = [
    ['EQ', { ComparisonOperator: 'EQ' }],
    ['EQ', { ComparisonOperator: 'EQ', AttributeValueList: [] }],
    ['NE', { ComparisonOperator: 'NE' }],
    ['LE', { ComparisonOperator: 'LE' }],
    ['CONTAINS', { ComparisonOperator: 'CONTAINS' }],
    ['NOT_CONTAINS', { ComparisonOperator: 'NOT_CONTAINS' }],
    ['BEGINS_WITH', { ComparisonOperator: 'BEGINS_WITH' }],
    ['IN', { ComparisonOperator: 'IN' }],
    ['BETWEEN', { ComparisonOperator: 'BETWEEN' }],
    ['NULL', { ComparisonOperator: 'NULL', AttributeValueList: [{ S: 'a' }] }],
    ['NOT_NULL', { ComparisonOperator: 'NOT_NULL', AttributeValueList: [{ S: 'a' }] }],
    ['GT', { ComparisonOperator: 'GT', AttributeValueList: [{ S: 'a' }, { S: 'a' }] }],
    ['BETWEEN', { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ S: 'a' }, { S: 'a' }, { S: 'a' }] }],
  ];
  for (const [op, condition] of counts) {
    test(`argument count: ${op} with ${condition.AttributeValueList?.length ?? 0}`, () =>
      rejects(() => filterToCondition({ a: condition }), `${INVALID}Invalid number of argument(s) for the ${op} ComparisonOperator`));
  }
  const badTypes: [string, string][] = [
    ['LT', 'BOOL'],
    ['LE', 'NULL'],
    ['GT', 'SS'],
    ['GE', 'M'],
    ['IN', 'L'],
    ['CONTAINS', 'SS'],
    ['NOT_CONTAINS', 'L'],
    ['BEGINS_WITH', 'N'],
    ['BEGINS_WITH', 'BOOL'],
  ];
  const sample: Record<string, unknown> = { BOOL: { BOOL: true }, NULL: { NULL: true }, SS: { SS: ['a'] }, M: { M: {} }, L: { L: [] }, N: { N: '1' } };
  for (const [op, type] of badTypes) {
    test(`${op} with ${type}`, () =>
      rejects(
        () => filterToCondition({ a: { ComparisonOperator: op, AttributeValueList: [sample[type]] } as LegacyCondition }),
        `${INVALID}ComparisonOperator ${op} is not valid for ${type} AttributeValue type`,
      ));
  }
  test('BETWEEN with set bounds', () =>
    rejects(
      () => filterToCondition({ a: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ NS: ['1'] }, { NS: ['1'] }] } }),
      `${INVALID}ComparisonOperator BETWEEN is not valid for NS AttributeValue type`,
    ));
  test('EQ and NE take any type; CONTAINS takes BOOL and NULL', () => {
    assert.doesNotThrow(() => filterToCondition({ a: { ComparisonOperator: 'EQ', AttributeValueList: [{ M: {} }] }, b: { ComparisonOperator: 'NE', AttributeValueList: [{ SS: ['x'] }] } }));
    assert.doesNotThrow(() => filterToCondition({ a: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ BOOL: true }] } }));
  });
});

describe('keyConditionsToCondition', () => {
  test('analysed like a KeyConditionExpression', () => {
    const condition = keyConditionsToCondition({
      sk: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '9' }] },
      pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] },
    });
    assert.deepEqual(analyzeKeyCondition(condition, { partition: 'pk', sort: 'sk' }), {
      partition: { name: 'pk', value: { S: 'p' } },
      sort: { name: 'sk', op: 'BETWEEN', values: [{ N: '1' }, { N: '9' }] },
    });
    assert.equal(evaluateCondition(condition, { pk: { S: 'p' }, sk: { N: '5' } }), true);
    assert.equal(evaluateCondition(condition, { pk: { S: 'p' }, sk: { N: '10' } }), false);
  });
  const analyze = (conditions: Record<string, LegacyCondition>, sort?: string) =>
    analyzeKeyCondition(keyConditionsToCondition(conditions), sort ? { partition: 'a', sort } : { partition: 'a' });
  const errors: [Record<string, LegacyCondition>, string | undefined, string][] = [
    [{}, undefined, 'Conditions can be of length 1 or 2 only'],
    [{ a: { ComparisonOperator: 'NULL' }, b: { ComparisonOperator: 'NULL' }, c: { ComparisonOperator: 'NULL' } }, 'b', 'Conditions can be of length 1 or 2 only'],
    [{ a: { ComparisonOperator: 'NULL' } }, undefined, 'Attempted conditional constraint is not an indexable operation'],
    [{ a: { ComparisonOperator: 'NE', AttributeValueList: [{ N: '1' }] } }, undefined, 'Attempted conditional constraint is not an indexable operation'],
    [{ a: { ComparisonOperator: 'IN', AttributeValueList: [{ S: 'a' }] } }, undefined, 'Attempted conditional constraint is not an indexable operation'],
    [{ a: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'b' }] }, b: { ComparisonOperator: 'NOT_NULL' } }, 'b', 'Attempted conditional constraint is not an indexable operation'],
    [{ a: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'b' }] }, b: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'a' }] } }, 'b', 'Attempted conditional constraint is not an indexable operation'],
    [{ z: { ComparisonOperator: 'NULL' } }, 'b', 'Query condition missed key schema element: a'],
    [{ a: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'b' }] }, c: { ComparisonOperator: 'NULL' } }, 'b', 'Query condition missed key schema element: b'],
    [{ a: { ComparisonOperator: 'LE', AttributeValueList: [{ S: 'a' }] } }, undefined, 'Query key condition not supported'],
    [{ a: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] }, b: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] } }, undefined, 'Query key condition not supported'],
    [{ a: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }, { S: 'a' }] } }, undefined, `${INVALID}Invalid number of argument(s) for the EQ ComparisonOperator`],
    [{ a: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ S: 'b' }, { S: 'a' }] } }, undefined, 'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound'],
  ];
  for (const [conditions, sort, message] of errors) {
    test(message, () => rejects(() => analyze(conditions, sort), message));
  }
});

describe('attributeUpdatesToUpdate', () => {
  const item: Item = { pk: { S: 'k' }, s: { S: 'old' }, n: { N: '1' }, ss: { SS: ['a', 'b'] }, l: { L: [{ S: 'x' }] } };
  const apply = (updates: Parameters<typeof attributeUpdatesToUpdate>[0], base: Item | undefined = item) => applyUpdate(attributeUpdatesToUpdate(updates), base, ['pk']).item;
  test('PUT (the default action)', () => {
    assert.deepEqual(apply({ s: { Value: { S: 'new' } } }).s, { S: 'new' });
    assert.deepEqual(apply({ s: { Action: 'PUT', Value: { N: '2' } } }).s, { N: '2' });
  });
  test('DELETE without a value removes the attribute', () => assert.equal(apply({ s: { Action: 'DELETE' } }).s, undefined));
  test('DELETE with a set removes members; an emptied set disappears', () => {
    assert.deepEqual(apply({ ss: { Action: 'DELETE', Value: { SS: ['a', 'z'] } } }).ss, { SS: ['b'] });
    assert.equal(apply({ ss: { Action: 'DELETE', Value: { SS: ['a', 'b'] } } }).ss, undefined);
    assert.equal(apply({ gone: { Action: 'DELETE', Value: { SS: ['a'] } } }).gone, undefined);
  });
  test('ADD numbers, sets and lists; creates missing attributes', () => {
    assert.deepEqual(apply({ n: { Action: 'ADD', Value: { N: '2.5' } } }).n, { N: '3.5' });
    assert.deepEqual(apply({ ss: { Action: 'ADD', Value: { SS: ['b', 'c'] } } }).ss, { SS: ['a', 'b', 'c'] });
    assert.deepEqual(apply({ l: { Action: 'ADD', Value: { L: [{ N: '1' }] } } }).l, { L: [{ S: 'x' }, { N: '1' }] });
    assert.deepEqual(apply({ fresh: { Action: 'ADD', Value: { NS: ['1'] } } }).fresh, { NS: ['1'] });
  });
  test('type mismatches use the legacy wording', () => {
    rejects(() => apply({ ss: { Action: 'DELETE', Value: { NS: ['1'] } } }), 'Type mismatch for attribute to update');
    rejects(() => apply({ n: { Action: 'DELETE', Value: { NS: ['1'] } } }), 'Type mismatch for attribute to update');
    rejects(() => apply({ ss: { Action: 'ADD', Value: { NS: ['1'] } } }), 'Type mismatch for attribute to update');
    rejects(() => apply({ ss: { Action: 'ADD', Value: { N: '1' } } }), 'Type mismatch for attribute to update');
  });
  test('key attributes', () =>
    rejects(() => apply({ pk: { Value: { S: 'other' } } }), `${INVALID}Cannot update attribute pk. This attribute is part of the key`));
  test('names are literal top-level attributes', () => assert.deepEqual(apply({ 'a.b': { Value: { S: 'v' } } })['a.b'], { S: 'v' }));
  const errors: [Parameters<typeof attributeUpdatesToUpdate>[0], string][] = [
    [{ a: { Action: 'PUT' } }, `${INVALID}Only DELETE action is allowed when no attribute value is specified`],
    [{ a: {} }, `${INVALID}Only DELETE action is allowed when no attribute value is specified`],
    [{ a: { Action: 'ADD' } }, `${INVALID}Only DELETE action is allowed when no attribute value is specified`],
    ...(['S', 'N', 'B', 'NULL', 'BOOL', 'M', 'L'] as const).map(
      (type) => [{ a: { Action: 'DELETE', Value: sampleValue(type) } }, `${INVALID}DELETE action with value is not supported for the type ${type}`] as [Parameters<typeof attributeUpdatesToUpdate>[0], string],
    ),
    ...(['S', 'B', 'NULL', 'BOOL', 'M'] as const).map(
      (type) => [{ a: { Action: 'ADD', Value: sampleValue(type) } }, `${INVALID}ADD action is not supported for the type ${type}`] as [Parameters<typeof attributeUpdatesToUpdate>[0], string],
    ),
  ];
  for (const [updates, message] of errors) {
    test(`${JSON.stringify(updates)}`, () => rejects(() => attributeUpdatesToUpdate(updates), message));
  }
});

function sampleValue(type: 'S' | 'N' | 'B' | 'NULL' | 'BOOL' | 'M' | 'L') {
  const samples = { S: { S: '1' }, N: { N: '1' }, B: { B: 'Yg==' }, NULL: { NULL: true }, BOOL: { BOOL: true }, M: { M: {} }, L: { L: [] } } as const;
  return samples[type];
}

describe('attributesToGetToProjection', () => {
  const item: Item = { a: { S: 'x' }, 'b.c': { N: '1' }, d: { M: { e: { S: 'y' } } } };
  test('top-level attributes, names taken literally', () =>
    assert.deepEqual(applyProjection(attributesToGetToProjection(['a', 'b.c', 'missing', 'd']), item), item));
  test('a dotted name does not reach into maps', () => assert.deepEqual(applyProjection(attributesToGetToProjection(['d.e']), item), {}));
  test('duplicates', () => rejects(() => attributesToGetToProjection(['a', 'b', 'a']), `${INVALID}Duplicate value in attribute name: a`));
});
