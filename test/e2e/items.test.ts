import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

type Item = Record<string, AttributeValue>;

describe('item operations', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    const db = t.client();
    await db.send(
      new CreateTableCommand(tableInput('Things', 'pk:S')),
    );
    await db.send(
      new CreateTableCommand(tableInput('Composite', 'id:B n:N')),
    );
    await db.send(
      new CreateTableCommand(tableInput('SortedS', 'p:S s:S')),
    );
  });
  after(() => t.close());

  test('every attribute type round-trips; numbers come back normalized', async () => {
    const db = t.client();
    const item: Item = {
      pk: { S: 'all-types' },
      s: { S: 'héllo 😀' },
      empty: { S: '' },
      n: { N: '1.50' },
      big: { N: '1E3' },
      neg: { N: '-0.000' },
      b: { B: new Uint8Array([0, 255, 128]) },
      bool: { BOOL: false },
      nul: { NULL: true },
      m: { M: { inner: { L: [{ N: '007' }, { S: 'x' }] } } },
      l: { L: [] },
      ss: { SS: ['b', 'a'] },
      ns: { NS: ['10', '2.50'] },
      bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
    };
    await db.send(new PutItemCommand({ TableName: 'Things', Item: item }));
    const got = (await db.send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'all-types' } } }))).Item!;
    assert.deepEqual(got.s, { S: 'héllo 😀' });
    assert.deepEqual(got.empty, { S: '' });
    assert.deepEqual(got.n, { N: '1.5' });
    assert.deepEqual(got.big, { N: '1000' });
    assert.deepEqual(got.neg, { N: '0' });
    assert.deepEqual(got.b, { B: new Uint8Array([0, 255, 128]) });
    assert.deepEqual(got.bool, { BOOL: false });
    assert.deepEqual(got.nul, { NULL: true });
    assert.deepEqual(got.m, { M: { inner: { L: [{ N: '7' }, { S: 'x' }] } } });
    assert.deepEqual(got.l, { L: [] });
    assert.deepEqual(new Set(got.ss.SS), new Set(['a', 'b']));
    assert.deepEqual(new Set(got.ns.NS), new Set(['10', '2.5']));
    assert.equal(got.bs.BS?.length, 2);
  });

  test('GetItem of a missing item returns no Item', async () => {
    const res = await t.client().send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'missing' } } }));
    assert.equal(res.Item, undefined);
  });

  test('PutItem replaces the whole item and ReturnValues ALL_OLD returns the previous one', async () => {
    const db = t.client();
    await db.send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'r' }, a: { S: '1' } } }));
    const first = await db.send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'r2' } }, ReturnValues: 'ALL_OLD' }));
    assert.equal(first.Attributes, undefined);
    const res = await db.send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'r' }, b: { S: '2' } }, ReturnValues: 'ALL_OLD' }));
    assert.deepEqual(res.Attributes, { pk: { S: 'r' }, a: { S: '1' } });
    const got = await db.send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'r' } } }));
    assert.deepEqual(got.Item, { pk: { S: 'r' }, b: { S: '2' } });
  });

  test('DeleteItem removes the item and ReturnValues ALL_OLD returns it', async () => {
    const db = t.client();
    await db.send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'del' }, v: { N: '1' } } }));
    const res = await db.send(new DeleteItemCommand({ TableName: 'Things', Key: { pk: { S: 'del' } }, ReturnValues: 'ALL_OLD' }));
    assert.deepEqual(res.Attributes, { pk: { S: 'del' }, v: { N: '1' } });
    assert.equal((await db.send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'del' } } }))).Item, undefined);
    const again = await db.send(new DeleteItemCommand({ TableName: 'Things', Key: { pk: { S: 'del' } }, ReturnValues: 'ALL_OLD' }));
    assert.equal(again.Attributes, undefined);
  });

  test('composite binary/number keys: equal numbers are the same key', async () => {
    const db = t.client();
    const id = { B: new Uint8Array([0xff, 0x00]) };
    await db.send(new PutItemCommand({ TableName: 'Composite', Item: { id, n: { N: '1.0' }, v: { S: 'first' } } }));
    await db.send(new PutItemCommand({ TableName: 'Composite', Item: { id, n: { N: '1' }, v: { S: 'second' } } }));
    const got = await db.send(new GetItemCommand({ TableName: 'Composite', Key: { id, n: { N: '10E-1' } } }));
    assert.deepEqual(got.Item, { id, n: { N: '1' }, v: { S: 'second' } });
    const d = (await db.send(new DescribeTableCommand({ TableName: 'Composite' }))).Table!;
    assert.equal(d.ItemCount, 1);
    assert.ok(d.TableSizeBytes! > 0);
  });

  test('ConsistentRead and ReturnConsumedCapacity: reads in 4 KB units, writes in 1 KB units', async () => {
    const db = t.client();
    const big = 'x'.repeat(5000); // ~5 KB item
    const put = await db.send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'cap' }, big: { S: big } }, ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(put.ConsumedCapacity, { TableName: 'Things', CapacityUnits: 5 });
    const eventual = await db.send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'cap' } }, ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(eventual.ConsumedCapacity, { TableName: 'Things', CapacityUnits: 1 });
    const strong = await db.send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'cap' } }, ConsistentRead: true, ReturnConsumedCapacity: 'INDEXES' }));
    assert.deepEqual(strong.ConsumedCapacity, { TableName: 'Things', CapacityUnits: 2, Table: { CapacityUnits: 2 } });
    const miss = await db.send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'nothing' } }, ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(miss.ConsumedCapacity, { TableName: 'Things', CapacityUnits: 0.5 });
    const none = await db.send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'cap' } }, ReturnConsumedCapacity: 'NONE' }));
    assert.equal(none.ConsumedCapacity, undefined);
  });

  test('operations on a missing table are ResourceNotFoundException', async () => {
    const db = t.client();
    await expectError(db.send(new PutItemCommand({ TableName: 'Missing', Item: { pk: { S: 'a' } } })), 'ResourceNotFoundException', 'Requested resource not found');
    await expectError(db.send(new GetItemCommand({ TableName: 'Missing', Key: { pk: { S: 'a' } } })), 'ResourceNotFoundException', 'Requested resource not found');
    await expectError(db.send(new DeleteItemCommand({ TableName: 'Missing', Key: { pk: { S: 'a' } } })), 'ResourceNotFoundException', 'Requested resource not found');
  });

  describe('key validation', () => {
    const cases: [string, () => Promise<unknown>, string, string | RegExp][] = [
      ['PutItem without the key', () => t.client().send(new PutItemCommand({ TableName: 'Things', Item: { other: { S: 'a' } } })), 'ValidationException', 'One or more parameter values were invalid: Missing the key pk in the item'],
      ['PutItem with a key of the wrong type', () => t.client().send(new PutItemCommand({ TableName: 'Things', Item: { pk: { N: '1' } } })), 'ValidationException', 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N'],
      ['PutItem with an empty string key', () => t.client().send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: '' } } })), 'ValidationException', 'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk'],
      ['GetItem with an extra key attribute', () => t.client().send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'a' }, x: { S: 'b' } } })), 'ValidationException', 'The provided key element does not match the schema'],
      ['GetItem with the wrong key name', () => t.client().send(new GetItemCommand({ TableName: 'Things', Key: { id: { S: 'a' } } })), 'ValidationException', 'The provided key element does not match the schema'],
      ['GetItem with the wrong key type', () => t.client().send(new GetItemCommand({ TableName: 'Things', Key: { pk: { N: '1' } } })), 'ValidationException', 'The provided key element does not match the schema'],
      ['DeleteItem missing the sort key', () => t.client().send(new DeleteItemCommand({ TableName: 'Composite', Key: { id: { B: new Uint8Array([1]) } } })), 'ValidationException', 'The provided key element does not match the schema'],
      ['partition key over 2048 bytes', () => t.client().send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'k'.repeat(2049) } } })), 'ValidationException', /Size of hashkey has exceeded the maximum size limit of\s?2048 bytes/],
      ['sort key over 1024 bytes', () => t.client().send(new PutItemCommand({ TableName: 'SortedS', Item: { p: { S: 'a' }, s: { S: 's'.repeat(1025) } } })), 'ValidationException', 'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes'],
      ['item over 400 KB', () => t.client().send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'big' }, big: { S: 'x'.repeat(400 * 1024) } } })), 'ValidationException', 'Item size has exceeded the maximum allowed size'],
    ];
    for (const [label, call, name, message] of cases) {
      test(label, async () => {
        await expectError(call(), name, message);
      });
    }

    test('a partition key of exactly 2048 bytes is accepted', async () => {
      await t.client().send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'k'.repeat(2048) } } }));
    });
  });

  describe('attribute value validation', () => {
    const put = (item: Record<string, unknown>) => rawRequest(t.url, { target: 'PutItem', body: JSON.stringify({ TableName: 'Things', Item: { pk: { S: 'v' }, ...item } }) });
    const cases: [string, Record<string, unknown>, string | RegExp][] = [
      ['empty attribute value', { a: {} }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
      ['two data types', { a: { S: 'x', N: '1' } }, 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes'],
      ['empty string set', { a: { SS: [] } }, /string set\s+may not be empty/],
      ['empty number set', { a: { NS: [] } }, /number set\s+may not be empty/],
      ['duplicate string set members', { a: { SS: ['x', 'x'] } }, /Input collection \[x, x\] contains duplicates/],
      ['duplicate numbers in a number set', { a: { NS: ['1', '1.0'] } }, /contains duplicates/],
      ['invalid number', { a: { N: 'one' } }, /numeric value|cannot be converted/],
      ['number with 39 digits', { a: { N: '123456789012345678901234567890123456789' } }, 'Attempting to store more than 38 significant digits in a Number'],
      ['number too large', { a: { N: '1e126' } }, 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
      ['number too small', { a: { N: '1e-131' } }, 'Number underflow. Attempting to store a number with magnitude smaller than supported range'],
      ['NULL false', { a: { NULL: false } }, /Null attribute value types must have the value of true/],
    ];
    for (const [label, item, message] of cases) {
      test(label, async () => {
        const res = await put(item);
        assert.equal(res.status, 400, res.text);
        assert.equal(res.json?.__type, 'com.amazon.coral.validate#ValidationException');
        if (typeof message === 'string') assert.equal(res.json?.message, message);
        else assert.match(String(res.json?.message), message);
        const got = await t.client().send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'v' } } }));
        assert.equal(got.Item, undefined, 'nothing was written');
      });
    }

    test('nesting deeper than 32 levels is refused', async () => {
      let value: Record<string, unknown> = { S: 'leaf' };
      for (let i = 0; i < 33; i++) value = { M: { a: value } };
      const res = await put({ deep: value });
      assert.equal(res.status, 400);
      assert.match(String(res.json?.message), /Nesting Levels have exceeded supported limits/);
    });

    test('a string where a number is expected is a SerializationException', async () => {
      const res = await rawRequest(t.url, { target: 'PutItem', body: JSON.stringify({ TableName: 'Things', Item: { pk: { S: 'v' }, a: { N: 5 } } }) });
      assert.equal(res.status, 400);
      assert.equal(res.json?.__type, 'com.amazon.coral.service#SerializationException');
    });

    test('ReturnValues other than NONE/ALL_OLD on PutItem', async () => {
      await expectError(t.client().send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'x' } }, ReturnValues: 'ALL_NEW' })), 'ValidationException', 'ReturnValues can only be ALL_OLD or NONE');
    });
  });
});
