import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

type Item = Record<string, AttributeValue>;

describe('conditions, projections and UpdateItem through the SDK', () => {
  let t: TestServer;
  const TableName = 'Exprs';
  before(async () => {
    t = await startTestServer();
    await t.client().send(
      new CreateTableCommand(tableInput(TableName, 'pk:S sk:N')),
    );
  });
  after(() => t.close());

  const key = (pk: string, sk = 1): Item => ({ pk: { S: pk }, sk: { N: String(sk) } });
  const put = (item: Item) => t.client().send(new PutItemCommand({ TableName, Item: item }));
  const get = async (pk: string, sk = 1) => (await t.client().send(new GetItemCommand({ TableName, Key: key(pk, sk), ConsistentRead: true }))).Item;

  describe('ConditionExpression', () => {
    test('attribute_not_exists guards a create; the failed put changes nothing', async () => {
      const create = () =>
        t.client().send(new PutItemCommand({ TableName, Item: { ...key('c1'), v: { S: 'first' } }, ConditionExpression: 'attribute_not_exists(pk)' }));
      await create();
      await expectError(create(), 'ConditionalCheckFailedException', 'The conditional request failed');
      assert.deepEqual((await get('c1'))?.v, { S: 'first' });
    });

    test('comparisons, functions, BETWEEN and IN, with names and values', async () => {
      await put({ ...key('c2'), n: { N: '10' }, s: { S: 'hello world' }, tags: { SS: ['a', 'b'] }, lst: { L: [{ N: '1' }, { N: '2' }] }, m: { M: { deep: { BOOL: true } } } });
      const ok = [
        'n = :ten',
        'n BETWEEN :five AND :ten',
        'n IN (:five, :ten)',
        'begins_with(s, :hel)',
        'contains(tags, :a)',
        'contains(s, :wor)',
        'size(lst) = :two',
        'attribute_type(n, :N)',
        '#m.deep = :true',
        'lst[1] = :two',
        'NOT n < :five AND (s <> :hel OR n > :ten)',
        'attribute_exists(m.deep) and attribute_not_exists(m.shallow)',
      ];
      const values: Item = { ':ten': { N: '10.0' }, ':five': { N: '5' }, ':hel': { S: 'hel' }, ':a': { S: 'a' }, ':wor': { S: 'wor' }, ':two': { N: '2' }, ':N': { S: 'N' }, ':true': { BOOL: true } };
      for (const expr of ok) {
        const used: Item = {};
        for (const [k, v] of Object.entries(values)) if (expr.includes(k)) used[k] = v;
        await t.client().send(
          new UpdateItemCommand({
            TableName,
            Key: key('c2'),
            UpdateExpression: 'SET checked = :true',
            ConditionExpression: expr,
            ExpressionAttributeValues: { ...used, ':true': { BOOL: true } },
            ...(expr.includes('#m') ? { ExpressionAttributeNames: { '#m': 'm' } } : {}),
          }),
        );
      }
    });

    test('a comparison across types is false, not an error', async () => {
      await put({ ...key('c3'), n: { N: '1' } });
      await expectError(
        t.client().send(new DeleteItemCommand({ TableName, Key: key('c3'), ConditionExpression: 'n < :s', ExpressionAttributeValues: { ':s': { S: 'z' } } })),
        'ConditionalCheckFailedException',
      );
    });

    test('ReturnValuesOnConditionCheckFailure ALL_OLD returns the item in the error (Put, Update, Delete)', async () => {
      await put({ ...key('c4'), v: { N: '1' } });
      const cond = { ConditionExpression: 'v = :two', ExpressionAttributeValues: { ':two': { N: '2' } }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const };
      for (const call of [
        () => t.client().send(new PutItemCommand({ TableName, Item: key('c4'), ...cond })),
        () => t.client().send(new DeleteItemCommand({ TableName, Key: key('c4'), ...cond })),
        () => t.client().send(new UpdateItemCommand({ TableName, Key: key('c4'), UpdateExpression: 'SET w = :two', ...cond })),
      ]) {
        const err = (await expectError(call(), 'ConditionalCheckFailedException')) as ConditionalCheckFailedException;
        assert.deepEqual(err.Item, { ...key('c4'), v: { N: '1' } });
      }
      const without = (await expectError(
        t.client().send(new DeleteItemCommand({ TableName, Key: key('c4'), ConditionExpression: 'v = :two', ExpressionAttributeValues: { ':two': { N: '2' } } })),
        'ConditionalCheckFailedException',
      )) as ConditionalCheckFailedException;
      assert.equal(without.Item, undefined);
    });

    test('expression errors carry AWS messages', async () => {
      const cases: [Record<string, unknown>, string | RegExp][] = [
        [{ ConditionExpression: 'a = :v' }, 'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v'],
        [{ ConditionExpression: '#a = :v', ExpressionAttributeValues: { ':v': { N: '1' } } }, 'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #a'],
        [{ ConditionExpression: 'a = :v', ExpressionAttributeValues: { ':v': { N: '1' }, ':unused': { N: '2' } } }, 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}'],
        [{ ConditionExpression: 'a = :v', ExpressionAttributeNames: { '#x': 'x' }, ExpressionAttributeValues: { ':v': { N: '1' } } }, 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}'],
        [{ ConditionExpression: 'size = :v', ExpressionAttributeValues: { ':v': { N: '1' } } }, /Attribute name is a reserved keyword; reserved keyword: size/],
        [{ ConditionExpression: 'a = = :v', ExpressionAttributeValues: { ':v': { N: '1' } } }, 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"'],
        [{ ConditionExpression: 'a = :v AND', ExpressionAttributeValues: { ':v': { N: '1' } } }, /^Invalid ConditionExpression: Syntax error; token: "<EOF>", near: /],
        [{ ConditionExpression: 'begins_with(a)' }, 'Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1'],
        [{ ConditionExpression: 'a = :v', Expected: { a: { Exists: false } }, ExpressionAttributeValues: { ':v': { N: '1' } } }, /Can not use both expression and non-expression parameters in the same request/],
        [{ ConditionExpression: 'a = :v', ExpressionAttributeValues: {} }, 'ExpressionAttributeValues must not be empty'],
      ];
      for (const [params, message] of cases) {
        await expectError(t.client().send(new PutItemCommand({ TableName, Item: key('err'), ...(params as object) })), 'ValidationException', message);
      }
      assert.equal(await get('err'), undefined);
    });

    test('legacy Expected works and combines with ConditionalOperator', async () => {
      await put({ ...key('legacy'), a: { N: '1' } });
      await t.client().send(new PutItemCommand({ TableName, Item: { ...key('legacy'), a: { N: '2' } }, Expected: { a: { Value: { N: '1' } } } }));
      await expectError(t.client().send(new PutItemCommand({ TableName, Item: key('legacy'), Expected: { a: { Exists: false } } })), 'ConditionalCheckFailedException');
      await t.client().send(
        new DeleteItemCommand({ TableName, Key: key('legacy'), Expected: { a: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '5' }] }, b: { ComparisonOperator: 'NULL' } }, ConditionalOperator: 'OR' }),
      );
      assert.equal(await get('legacy'), undefined);
    });
  });

  describe('ProjectionExpression and AttributesToGet on GetItem', () => {
    test('nested paths and list elements', async () => {
      await put({ ...key('p1'), a: { M: { b: { L: [{ S: 'x' }, { M: { c: { N: '3' }, d: { N: '4' } } }] } } }, e: { S: 'e' }, f: { S: 'f' } });
      const res = await t.client().send(new GetItemCommand({ TableName, Key: key('p1'), ProjectionExpression: 'a.b[1].c, #e', ExpressionAttributeNames: { '#e': 'e' } }));
      assert.deepEqual(res.Item, { a: { M: { b: { L: [{ M: { c: { N: '3' } } }] } } }, e: { S: 'e' } });
      const legacy = await t.client().send(new GetItemCommand({ TableName, Key: key('p1'), AttributesToGet: ['f', 'missing'] }));
      assert.deepEqual(legacy.Item, { f: { S: 'f' } });
      await expectError(
        t.client().send(new GetItemCommand({ TableName, Key: key('p1'), ProjectionExpression: 'a, a.b' })),
        'ValidationException',
        /^Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \[a\], path two: \[a, b\]$|^Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \[a, b\], path two: \[a\]$/,
      );
    });
  });

  describe('UpdateItem', () => {
    const update = (pk: string, expr: string, values?: Item, extra: Record<string, unknown> = {}) =>
      t.client().send(new UpdateItemCommand({ TableName, Key: key(pk), UpdateExpression: expr, ...(values ? { ExpressionAttributeValues: values } : {}), ...extra }));

    test('creates a missing item from its key', async () => {
      const res = await update('u1', 'SET a = :a', { ':a': { S: 'x' } }, { ReturnValues: 'ALL_NEW' });
      assert.deepEqual(res.Attributes, { ...key('u1'), a: { S: 'x' } });
    });

    test('SET arithmetic, if_not_exists, list_append; exact decimal results', async () => {
      await update('u2', 'SET c = if_not_exists(c, :zero) + :one, l = list_append(if_not_exists(l, :empty), :l1)', { ':zero': { N: '0' }, ':one': { N: '0.1' }, ':empty': { L: [] }, ':l1': { L: [{ S: 'a' }] } });
      await update('u2', 'SET c = c + :one, l = list_append(:l0, l)', { ':one': { N: '0.2' }, ':l0': { L: [{ S: 'z' }] } });
      const item = await get('u2');
      assert.deepEqual(item?.c, { N: '0.3' });
      assert.deepEqual(item?.l, { L: [{ S: 'z' }, { S: 'a' }] });
      // 38 nines minus 0.5 needs 39 significant digits: refused (with AWS's overflow text, see
      // NUMBER_MESSAGES.arithmeticPrecision), and nothing is written
      await expectError(
        update('u2', 'SET big = :a + :b', { ':a': { N: '99999999999999999999999999999999999999' }, ':b': { N: '-0.5' } }),
        'ValidationException',
        'Number overflow. Attempting to store a number with magnitude larger than supported range',
      );
      assert.equal((await get('u2'))?.big, undefined);
      await update('u2', 'SET d = :a - :b', { ':a': { N: '12345678901234567890' }, ':b': { N: '0.00000000000000001' } });
      assert.deepEqual((await get('u2'))?.d, { N: '12345678901234567889.99999999999999999' });
    });

    test('REMOVE shifts list elements; ADD and DELETE on sets and numbers', async () => {
      await put({ ...key('u3'), l: { L: [{ N: '0' }, { N: '1' }, { N: '2' }] }, s: { SS: ['a', 'b'] }, gone: { S: 'x' } });
      await update('u3', 'REMOVE l[0], gone ADD n :five, s :c', { ':five': { N: '5' }, ':c': { SS: ['c'] } });
      await update('u3', 'DELETE s :a', { ':a': { SS: ['a'] } });
      await expectError(update('u3', 'ADD s :a DELETE s :a', { ':a': { SS: ['a'] } }), 'ValidationException', /Two document paths overlap with each other/);
      const item = await get('u3');
      assert.deepEqual(item?.l, { L: [{ N: '1' }, { N: '2' }] });
      assert.equal(item?.gone, undefined);
      assert.deepEqual(item?.n, { N: '5' });
      assert.deepEqual(new Set(item?.s.SS), new Set(['b', 'c']));
      await update('u3', 'DELETE s :bc', { ':bc': { SS: ['b', 'c'] } });
      assert.equal((await get('u3'))?.s, undefined, 'a set that becomes empty disappears');
    });

    test('ReturnValues UPDATED_OLD / UPDATED_NEW return only the updated paths', async () => {
      await put({ ...key('u4'), a: { M: { x: { N: '1' }, y: { N: '2' } } }, b: { S: 'keep' } });
      const oldRes = await update('u4', 'SET a.x = :v', { ':v': { N: '9' } }, { ReturnValues: 'UPDATED_OLD' });
      assert.deepEqual(oldRes.Attributes, { a: { M: { x: { N: '1' } } } });
      const newRes = await update('u4', 'SET a.y = :v', { ':v': { N: '8' } }, { ReturnValues: 'UPDATED_NEW' });
      assert.deepEqual(newRes.Attributes, { a: { M: { y: { N: '8' } } } });
      const allOld = await update('u4', 'REMOVE b', undefined, { ReturnValues: 'ALL_OLD' });
      assert.deepEqual(allOld.Attributes, { ...key('u4'), a: { M: { x: { N: '9' }, y: { N: '8' } } }, b: { S: 'keep' } });
    });

    test('errors: key attributes, missing parents, wrong types, overlapping paths', async () => {
      await put({ ...key('u5'), s: { S: 'str' } });
      await expectError(update('u5', 'SET pk = :v', { ':v': { S: 'x' } }), 'ValidationException', /Cannot update attribute pk\. This attribute is part of the key/);
      await expectError(update('u5', 'SET nothere.child = :v', { ':v': { S: 'x' } }), 'ValidationException', 'The document path provided in the update expression is invalid for update');
      await expectError(update('u5', 'SET s = s + :one', { ':one': { N: '1' } }), 'ValidationException', /An operand in the update expression has an incorrect data type/);
      await expectError(update('u5', 'SET a = :v, a = :v', { ':v': { S: 'x' } }), 'ValidationException', /Two document paths overlap with each other/);
      await expectError(update('u5', 'SET a = :v SET b = :v', { ':v': { S: 'x' } }), 'ValidationException', /The "SET" section can only be used once in an update expression/);
      assert.deepEqual(await get('u5'), { ...key('u5'), s: { S: 'str' } }, 'failed updates change nothing');
    });

    test('condition and update together: a failed condition leaves the item untouched', async () => {
      await put({ ...key('u6'), v: { N: '1' } });
      await expectError(update('u6', 'SET v = :two', { ':two': { N: '2' } }, { ConditionExpression: 'v = :two' }), 'ConditionalCheckFailedException');
      assert.deepEqual((await get('u6'))?.v, { N: '1' });
    });

    test('legacy AttributeUpdates PUT / ADD / DELETE', async () => {
      await t.client().send(
        new UpdateItemCommand({
          TableName,
          Key: key('u7'),
          AttributeUpdates: { a: { Action: 'PUT', Value: { S: 'x' } }, n: { Action: 'ADD', Value: { N: '2' } }, s: { Action: 'ADD', Value: { NS: ['1', '2'] } } },
        }),
      );
      await t.client().send(new UpdateItemCommand({ TableName, Key: key('u7'), AttributeUpdates: { a: { Action: 'DELETE' }, s: { Action: 'DELETE', Value: { NS: ['1'] } } } }));
      const item = await get('u7');
      assert.equal(item?.a, undefined);
      assert.deepEqual(item?.n, { N: '2' });
      assert.deepEqual(item?.s, { NS: ['2'] });
    });

    test('an update that would exceed 400 KB is refused', async () => {
      await put({ ...key('u8'), a: { S: 'x'.repeat(300 * 1024) } });
      await expectError(update('u8', 'SET b = :b', { ':b': { S: 'y'.repeat(200 * 1024) } }), 'ValidationException', 'Item size to update has exceeded the maximum allowed size');
    });
  });

  describe('values given with an expression or a legacy parameter', () => {
    test('ExpressionAttributeValues are validated as attribute values, naming their placeholder', async () => {
      await put(key('v1'));
      const set = (value: AttributeValue) =>
        t.client().send(new UpdateItemCommand({ TableName, Key: key('v1'), UpdateExpression: 'SET n = :v', ExpressionAttributeValues: { ':v': value } }));
      await expectError(set({ N: 'abc' }), 'ValidationException', 'ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: abc for key :v');
      await expectError(set({ NS: ['1', '1'] }), 'ValidationException', /^ExpressionAttributeValues contains invalid value: .* for key :v$/);
      await expectError(
        t.client().send(new ScanCommand({ TableName, FilterExpression: 'n = :v', ExpressionAttributeValues: { ':v': { N: '1e200' } } })),
        'ValidationException',
        /^ExpressionAttributeValues contains invalid value: Number overflow.* for key :v$/,
      );
      assert.deepEqual((await get('v1'))?.n, undefined, 'nothing was written');
    });

    test('numbers from ExpressionAttributeValues and AttributeUpdates are stored normalized, as in items', async () => {
      await put(key('v2'));
      await t.client().send(new UpdateItemCommand({ TableName, Key: key('v2'), UpdateExpression: 'SET n = :v', ExpressionAttributeValues: { ':v': { N: '007.50' } } }));
      await t.client().send(new UpdateItemCommand({ TableName, Key: key('v2'), AttributeUpdates: { m: { Action: 'PUT', Value: { N: '-0002.000' } } } }));
      const item = await get('v2');
      assert.deepEqual([item?.n, item?.m], [{ N: '7.5' }, { N: '-2' }]);
    });

    test('legacy AttributeUpdates, Expected and ScanFilter values are validated', async () => {
      await put(key('v3'));
      const message = 'The parameter cannot be converted to a numeric value: abc';
      await expectError(t.client().send(new UpdateItemCommand({ TableName, Key: key('v3'), AttributeUpdates: { m: { Action: 'PUT', Value: { N: 'abc' } } } })), 'ValidationException', message);
      await expectError(t.client().send(new PutItemCommand({ TableName, Item: key('v3'), Expected: { m: { Value: { N: 'abc' } } } })), 'ValidationException', message);
      await expectError(
        t.client().send(new ScanCommand({ TableName, ScanFilter: { m: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: 'abc' }] } } })),
        'ValidationException',
        message,
      );
    });
  });
});
