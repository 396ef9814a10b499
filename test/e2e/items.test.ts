import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
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

  describe('an UpdateItem that sets nothing', () => {
    const get = async (pk: string) => (await t.client().send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: pk } }, ConsistentRead: true }))).Item;
    const cases: [string, Record<string, unknown>][] = [
      ['REMOVE', { UpdateExpression: 'REMOVE a, b' }],
      ['REMOVE inside a missing attribute', { UpdateExpression: 'REMOVE a.b, c[0]' }],
      ['DELETE from a set', { UpdateExpression: 'DELETE s :s', ExpressionAttributeValues: { ':s': { SS: ['x'] } } }],
      ['REMOVE and DELETE together', { UpdateExpression: 'REMOVE a DELETE s :s', ExpressionAttributeValues: { ':s': { NS: ['1'] } } }],
      ['AttributeUpdates DELETE', { AttributeUpdates: { a: { Action: 'DELETE' }, s: { Action: 'DELETE', Value: { SS: ['x'] } } } }],
    ];
    for (const [label, update] of cases) {
      test(`${label} on a missing item creates no item and returns no Attributes`, async () => {
        const pk = `nothing-${label}`;
        for (const ReturnValues of ['ALL_NEW', 'UPDATED_NEW', 'ALL_OLD'] as const) {
          const res = await t.client().send(new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: pk } }, ReturnValues, ...update }));
          assert.equal(res.Attributes, undefined, ReturnValues);
        }
        assert.equal(await get(pk), undefined);
      });
    }

    test('a SET beside a REMOVE still creates the item; the REMOVE acts on nothing', async () => {
      const res = await t.client().send(
        new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: 'nothing-set' } }, UpdateExpression: 'SET v = :v REMOVE a.b', ExpressionAttributeValues: { ':v': { N: '1' } }, ReturnValues: 'ALL_NEW' }),
      );
      assert.deepEqual(res.Attributes, { pk: { S: 'nothing-set' }, v: { N: '1' } });
    });

    test('an update with no actions at all still creates the item from its key', async () => {
      await t.client().send(new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: 'nothing-empty' } } }));
      assert.deepEqual(await get('nothing-empty'), { pk: { S: 'nothing-empty' } });
    });

    test('on an existing item, REMOVE inside a missing attribute is still an invalid path', async () => {
      await t.client().send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'nothing-existing' }, x: { S: '1' } } }));
      await expectError(
        t.client().send(new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: 'nothing-existing' } }, UpdateExpression: 'REMOVE a.b' })),
        'ValidationException',
        'The document path provided in the update expression is invalid for update',
      );
    });

    test('a transaction Update that only removes creates no item either', async () => {
      await t.client().send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Update: { TableName: 'Things', Key: { pk: { S: 'nothing-tx' } }, UpdateExpression: 'REMOVE a.b' } },
            { Put: { TableName: 'Things', Item: { pk: { S: 'nothing-tx-2' } } } },
          ],
        }),
      );
      assert.equal(await get('nothing-tx'), undefined);
      assert.deepEqual(await get('nothing-tx-2'), { pk: { S: 'nothing-tx-2' } });
    });
  });

  describe('update arithmetic beyond 38 digits', () => {
    // AWS answers its overflow text for a result needing more than 38 significant digits
    const overflow = 'Number overflow. Attempting to store a number with magnitude larger than supported range';
    for (const [expression, values] of [
      ['SET b = :x + :y', { ':x': { N: '1e50' }, ':y': { N: '1' } }],
      ['SET b = :x - :y', { ':x': { N: '1e50' }, ':y': { N: '1' } }],
      ['ADD b :y', { ':y': { N: '1' } }],
    ] as const) {
      test(expression, async () => {
        await t.client().send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'digits' }, b: { N: '1e50' } } }));
        await expectError(
          t.client().send(new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: 'digits' } }, UpdateExpression: expression, ExpressionAttributeValues: values })),
          'ValidationException',
          overflow,
        );
        assert.deepEqual((await t.client().send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'digits' } } }))).Item?.b, { N: '1' + '0'.repeat(50) });
      });
    }

    test('38 digits exactly are fine', async () => {
      const res = await t.client().send(
        new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: 'digits-38' } }, UpdateExpression: 'SET b = :x + :y', ExpressionAttributeValues: { ':x': { N: '1e37' }, ':y': { N: '1' } }, ReturnValues: 'ALL_NEW' }),
      );
      assert.deepEqual(res.Attributes?.b, { N: '1' + '0'.repeat(36) + '1' });
    });
  });

  describe('attribute names', () => {
    const tooLong = 'n'.repeat(65536);
    const longest = 'n'.repeat(65535);
    const constraint = (path: string, kind: 'Map keys' | 'Member') =>
      new RegExp(`^1 validation error detected: Value '.*' at '${path}' failed to satisfy constraint: ${kind} must satisfy constraint: \\[Member must have length less than or equal to 65535\\]$`, 's');
    const cases: [string, () => Promise<unknown>, string | RegExp][] = [
      ['GetItem AttributesToGet', () => t.client().send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'names' } }, AttributesToGet: [tooLong] })), constraint('attributesToGet', 'Member')],
      ['UpdateItem AttributeUpdates', () => t.client().send(new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: 'names' } }, AttributeUpdates: { [tooLong]: { Action: 'PUT', Value: { N: '1' } } } })), constraint('attributeUpdates', 'Map keys')],
      ['PutItem Expected', () => t.client().send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'names' } }, Expected: { [tooLong]: { Exists: false } } })), constraint('expected', 'Map keys')],
      ['Scan ScanFilter', () => t.client().send(new ScanCommand({ TableName: 'Things', ScanFilter: { [tooLong]: { ComparisonOperator: 'NULL' } } })), constraint('scanFilter', 'Map keys')],
      ['an ExpressionAttributeNames value', () => t.client().send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'names' } }, ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': tooLong } })), /^1 validation error detected: .* at 'expressionAttributeNames' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 65535\]$/s],
      ['a name of 65535 characters but more bytes, set through #name', () => t.client().send(new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: 'names' } }, UpdateExpression: 'SET #n = :v', ExpressionAttributeNames: { '#n': 'é'.repeat(40000) }, ExpressionAttributeValues: { ':v': { N: '1' } } })), 'Attribute name is too large, must be less than 65536 bytes'],
      ['an empty ExpressionAttributeNames value', () => t.client().send(new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: 'names' } }, UpdateExpression: 'SET #n = :v', ExpressionAttributeNames: { '#n': '' }, ExpressionAttributeValues: { ':v': { N: '1' } } })), 'ExpressionAttributeNames contains invalid value: Empty attribute name for key #n'],
      ['an empty AttributeUpdates name', () => t.client().send(new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: 'names' } }, AttributeUpdates: { '': { Action: 'PUT', Value: { N: '1' } } } })), 'Empty attribute name'],
      ['an empty AttributesToGet name', () => t.client().send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'names' } }, AttributesToGet: [''] })), 'Empty attribute name'],
      ['an empty name in an item', () => t.client().send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'names' }, '': { S: 'x' } } })), 'Empty attribute name'],
      ['a name over 65535 bytes in an item', () => t.client().send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'names' }, [tooLong]: { S: 'x' } } })), 'Attribute name is too large, must be less than 65536 bytes'],
    ];
    for (const [label, call, message] of cases) {
      test(`${label} is refused`, async () => {
        await expectError(call(), 'ValidationException', message);
        assert.equal((await t.client().send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'names' } } }))).Item, undefined, 'nothing was written');
      });
    }

    test('a name of exactly 65535 bytes works everywhere', async () => {
      const db = t.client();
      await db.send(new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: 'names-ok' } }, AttributeUpdates: { [longest]: { Action: 'PUT', Value: { N: '1' } } } }));
      await db.send(new UpdateItemCommand({ TableName: 'Things', Key: { pk: { S: 'names-ok' } }, UpdateExpression: 'SET #n = #n + :v', ExpressionAttributeNames: { '#n': longest }, ExpressionAttributeValues: { ':v': { N: '1' } } }));
      const got = await db.send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'names-ok' } }, AttributesToGet: [longest] }));
      assert.deepEqual(got.Item, { [longest]: { N: '2' } });
    });
  });
});
