import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

type Item = Record<string, AttributeValue>;

const put = (item: Item): WriteRequest => ({ PutRequest: { Item: item } });
const del = (key: Item): WriteRequest => ({ DeleteRequest: { Key: key } });
const s = (value: string): AttributeValue => ({ S: value });
const n = (value: string | number): AttributeValue => ({ N: String(value) });

/** An item of exactly `size` bytes as DynamoDB counts them: {pk: S id, data: S filler}. */
const sized = (id: string, size: number): Item => ({ pk: s(id), data: s('x'.repeat(size - 'pk'.length - id.length - 'data'.length)) });

describe('BatchWriteItem and BatchGetItem', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
    const db = t.client();
    await db.send(
      new CreateTableCommand(tableInput('Things', 'pk:S')),
    );
    await db.send(
      new CreateTableCommand(tableInput('Pairs', 'id:S n:N')),
    );
    await db.send(
      new CreateTableCommand(tableInput('Big', 'pk:S')),
    );
  });
  after(() => t.close());

  const get = async (table: string, key: Item): Promise<Item | undefined> =>
    (await t.client().send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

  test('writes across tables, then reads them back keyed by table, with empty UnprocessedItems/UnprocessedKeys', async () => {
    const db = t.client();
    const written = await db.send(
      new BatchWriteItemCommand({
        RequestItems: {
          Things: [put({ pk: s('a'), v: n(1) }), put({ pk: s('b'), v: n(2) })],
          Pairs: [put({ id: s('x'), n: n('1.50'), tag: s('one') }), put({ id: s('x'), n: n(2), tag: s('two') })],
        },
      }),
    );
    assert.deepEqual(written.UnprocessedItems, {});
    assert.equal(written.ConsumedCapacity, undefined);

    const read = await db.send(
      new BatchGetItemCommand({
        RequestItems: {
          Things: { Keys: [{ pk: s('a') }, { pk: s('b') }, { pk: s('missing') }] },
          Pairs: { Keys: [{ id: s('x'), n: n('1.5') }, { id: s('x'), n: n('2.0') }], ConsistentRead: true },
        },
      }),
    );
    assert.deepEqual(read.UnprocessedKeys, {});
    const byPk = (items: Item[] | undefined) => [...(items ?? [])].sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)));
    assert.deepEqual(byPk(read.Responses?.Things), [
      { pk: s('a'), v: n(1) },
      { pk: s('b'), v: n(2) },
    ]);
    assert.deepEqual(byPk(read.Responses?.Pairs), [
      { id: s('x'), n: n('1.5'), tag: s('one') },
      { id: s('x'), n: n(2), tag: s('two') },
    ]);
  });

  test('every requested table has a Responses entry, even when no key was found', async () => {
    const read = await t.client().send(new BatchGetItemCommand({ RequestItems: { Things: { Keys: [{ pk: s('nobody') }] } } }));
    assert.deepEqual(read.Responses, { Things: [] });
  });

  test('puts and deletes mix; a put replaces the whole item', async () => {
    const db = t.client();
    await db.send(new PutItemCommand({ TableName: 'Things', Item: { pk: s('gone'), v: n(1) } }));
    await db.send(new PutItemCommand({ TableName: 'Things', Item: { pk: s('replaced'), old: s('yes') } }));
    await db.send(
      new BatchWriteItemCommand({
        RequestItems: { Things: [del({ pk: s('gone') }), put({ pk: s('replaced'), fresh: s('yes') }), del({ pk: s('never-existed') })] },
      }),
    );
    assert.equal(await get('Things', { pk: s('gone') }), undefined);
    assert.deepEqual(await get('Things', { pk: s('replaced') }), { pk: s('replaced'), fresh: s('yes') });
  });

  test('per-table projection: ProjectionExpression with names, and legacy AttributesToGet', async () => {
    const db = t.client();
    await db.send(new BatchWriteItemCommand({ RequestItems: { Things: [put({ pk: s('proj'), a: s('1'), b: { M: { c: s('2'), d: s('3') } }, e: s('4') })] } }));
    const read = await db.send(
      new BatchGetItemCommand({
        RequestItems: {
          Things: { Keys: [{ pk: s('proj') }], ProjectionExpression: '#b.c, a', ExpressionAttributeNames: { '#b': 'b' } },
          Pairs: { Keys: [{ id: s('x'), n: n(2) }], AttributesToGet: ['tag'] },
        },
      }),
    );
    assert.deepEqual(read.Responses?.Things, [{ a: s('1'), b: { M: { c: s('2') } } }]);
    assert.deepEqual(read.Responses?.Pairs, [{ tag: s('two') }]);
  });

  test('a table ARN works as a RequestItems key; Responses use the key as given', async () => {
    const arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/Things';
    const db = t.client();
    await db.send(new BatchWriteItemCommand({ RequestItems: { [arn]: [put({ pk: s('by-arn') })] }, ReturnConsumedCapacity: 'TOTAL' }));
    const read = await db.send(new BatchGetItemCommand({ RequestItems: { [arn]: { Keys: [{ pk: s('by-arn') }] } }, ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(read.Responses, { [arn]: [{ pk: s('by-arn') }] });
    assert.deepEqual(read.ConsumedCapacity, [{ TableName: 'Things', CapacityUnits: 0.5 }]);
  });

  describe('consumed capacity, one entry per table', () => {
    test('BatchWriteItem: 1 KB write units per item (the larger of old and new), summed per table', async () => {
      const db = t.client();
      await db.send(new PutItemCommand({ TableName: 'Things', Item: sized('cap-old', 3000) }));
      const res = await db.send(
        new BatchWriteItemCommand({
          RequestItems: {
            Things: [put(sized('cap-1', 1024)), put(sized('cap-2', 1025)), put(sized('cap-old', 100)), del({ pk: s('cap-none') })],
            Pairs: [put({ id: s('cap'), n: n(1) })],
          },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      // 1 + 2 + 3 (old item 3000 B) + 1 (delete of nothing) = 7
      assert.deepEqual(res.ConsumedCapacity, [
        { TableName: 'Things', CapacityUnits: 7 },
        { TableName: 'Pairs', CapacityUnits: 1 },
      ]);
      const indexes = await db.send(new BatchWriteItemCommand({ RequestItems: { Pairs: [put({ id: s('cap'), n: n(2) })] }, ReturnConsumedCapacity: 'INDEXES' }));
      assert.deepEqual(indexes.ConsumedCapacity, [{ TableName: 'Pairs', CapacityUnits: 1, Table: { CapacityUnits: 1 } }]);
      const none = await db.send(new BatchWriteItemCommand({ RequestItems: { Pairs: [put({ id: s('cap'), n: n(3) })] }, ReturnConsumedCapacity: 'NONE' }));
      assert.equal(none.ConsumedCapacity, undefined);
    });

    test('BatchGetItem: each item rounded up to 4 KB on its own, halved for eventually consistent tables', async () => {
      const db = t.client();
      await db.send(new BatchWriteItemCommand({ RequestItems: { Things: [put(sized('r-1500', 1500)), put(sized('r-6500', 6500)), put(sized('r-4096', 4096))] } }));
      const res = await db.send(
        new BatchGetItemCommand({
          RequestItems: {
            Things: { Keys: [{ pk: s('r-1500') }, { pk: s('r-6500') }, { pk: s('r-4096') }], ConsistentRead: true },
            Pairs: { Keys: [{ id: s('x'), n: n(2) }, { id: s('x'), n: n(99) }] },
          },
          ReturnConsumedCapacity: 'INDEXES',
        }),
      );
      // Things: 1 + 2 + 1 = 4 strong units (not ceil(12096 / 4096) = 3); Pairs: 0.5 + 0.5 (a miss costs a read too)
      assert.deepEqual(res.ConsumedCapacity, [
        { TableName: 'Things', CapacityUnits: 4, Table: { CapacityUnits: 4 } },
        { TableName: 'Pairs', CapacityUnits: 1, Table: { CapacityUnits: 1 } },
      ]);
    });
  });

  test('ReturnItemCollectionMetrics is accepted; tables without local indexes report none', async () => {
    const res = await t.client().send(new BatchWriteItemCommand({ RequestItems: { Things: [put({ pk: s('icm') })] }, ReturnItemCollectionMetrics: 'SIZE' }));
    assert.deepEqual(res.UnprocessedItems, {});
    assert.equal(res.ItemCollectionMetrics, undefined);
  });

  test('BatchGetItem stops at 16 MB of items and hands the rest back in UnprocessedKeys', async () => {
    const db = t.client();
    const size = 400 * 1024;
    const ids = Array.from({ length: 41 }, (_, i) => `big-${String(i).padStart(2, '0')}`);
    for (let i = 0; i < ids.length; i += 20) {
      await db.send(new BatchWriteItemCommand({ RequestItems: { Big: ids.slice(i, i + 20).map((id) => put(sized(id, size))) } }));
    }
    const keys = ids.map((id) => ({ pk: s(id) }));
    const first = await db.send(
      new BatchGetItemCommand({
        RequestItems: { Big: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk' } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    // 40 items of 400 KB are 16,384,000 bytes; the 41st would pass 16 MiB
    assert.equal(first.Responses?.Big.length, 40);
    const unprocessed = first.UnprocessedKeys?.Big;
    assert.ok(unprocessed, 'UnprocessedKeys names the table');
    assert.equal(unprocessed.Keys?.length, 1);
    assert.equal(unprocessed.ConsistentRead, true);
    assert.equal(unprocessed.ProjectionExpression, 'pk');
    assert.deepEqual(first.ConsumedCapacity, [{ TableName: 'Big', CapacityUnits: 40 * 100 }]);

    const second = await db.send(new BatchGetItemCommand({ RequestItems: first.UnprocessedKeys }));
    assert.deepEqual(second.UnprocessedKeys, {});
    const all = [...first.Responses!.Big, ...second.Responses!.Big].map((item) => item.pk.S).sort();
    assert.deepEqual(all, ids);
  });

  describe('limits and duplicates', () => {
    test('more than 25 writes over all tables', async () => {
      const requests = Array.from({ length: 13 }, (_, i) => put({ pk: s(`many-${i}`) }));
      await expectError(
        t.client().send(new BatchWriteItemCommand({ RequestItems: { Things: requests, Big: requests } })),
        'ValidationException',
        'Too many items requested for the BatchWriteItem call',
      );
      assert.equal(await get('Things', { pk: s('many-0') }), undefined);
    });

    test('more than 25 writes for one table is a constraint failure', async () => {
      const requests = Array.from({ length: 26 }, (_, i) => put({ pk: s(`many-${i}`) }));
      await expectError(
        t.client().send(new BatchWriteItemCommand({ RequestItems: { Things: requests } })),
        'ValidationException',
        /^1 validation error detected: Value '\{Things=\[.*\]\}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\]$/,
      );
    });

    test('exactly 25 writes and exactly 100 keys are fine', async () => {
      const db = t.client();
      const ids = Array.from({ length: 100 }, (_, i) => `hundred-${i}`);
      for (let i = 0; i < 100; i += 25) {
        const res = await db.send(new BatchWriteItemCommand({ RequestItems: { Things: ids.slice(i, i + 25).map((id) => put({ pk: s(id) })) } }));
        assert.deepEqual(res.UnprocessedItems, {});
      }
      const read = await db.send(new BatchGetItemCommand({ RequestItems: { Things: { Keys: ids.map((id) => ({ pk: s(id) })) } } }));
      assert.equal(read.Responses?.Things.length, 100);
    });

    test('more than 100 keys over all tables', async () => {
      const keys = Array.from({ length: 60 }, (_, i) => ({ pk: s(`k-${i}`) }));
      await expectError(
        t.client().send(new BatchGetItemCommand({ RequestItems: { Things: { Keys: keys }, Big: { Keys: keys } } })),
        'ValidationException',
        'Too many items requested for the BatchGetItem call',
      );
    });

    const duplicates: [string, () => Promise<unknown>][] = [
      ['two puts of one item', () => t.client().send(new BatchWriteItemCommand({ RequestItems: { Things: [put({ pk: s('dup'), v: n(1) }), put({ pk: s('dup'), v: n(2) })] } }))],
      ['a put and a delete of one item', () => t.client().send(new BatchWriteItemCommand({ RequestItems: { Things: [put({ pk: s('dup') }), del({ pk: s('dup') })] } }))],
      ['equal numbers spelled differently', () => t.client().send(new BatchWriteItemCommand({ RequestItems: { Pairs: [put({ id: s('d'), n: n('1') }), del({ id: s('d'), n: n('1.0') })] } }))],
      ['a key twice in BatchGetItem', () => t.client().send(new BatchGetItemCommand({ RequestItems: { Things: { Keys: [{ pk: s('dup') }, { pk: s('dup') }] } } }))],
      ['a key twice in BatchGetItem, attributes in another order', () => t.client().send(new BatchGetItemCommand({ RequestItems: { Pairs: { Keys: [{ id: s('d'), n: n(1) }, { n: n('10E-1'), id: s('d') }] } } }))],
    ];
    for (const [label, call] of duplicates) {
      test(`duplicates: ${label}`, async () => {
        await expectError(call(), 'ValidationException', 'Provided list of item keys contains duplicates');
        assert.equal(await get('Things', { pk: s('dup') }), undefined);
      });
    }

    test('the same key in two tables is not a duplicate', async () => {
      const res = await t.client().send(new BatchWriteItemCommand({ RequestItems: { Things: [put({ pk: s('both') })], Big: [put({ pk: s('both') })] } }));
      assert.deepEqual(res.UnprocessedItems, {});
    });
  });

  describe('atomicity: an invalid batch writes nothing', () => {
    const cases: [string, Record<string, WriteRequest[]>, string, string | RegExp][] = [
      ['an item without its key', { Things: [put({ pk: s('atom-1') })], Pairs: [put({ id: s('atom') })] }, 'ValidationException', 'The provided key element does not match the schema'],
      ['a key of the wrong type', { Things: [put({ pk: s('atom-1') }), put({ pk: n(5) })] }, 'ValidationException', 'The provided key element does not match the schema'],
      ['a delete key with an extra attribute', { Things: [put({ pk: s('atom-1') }), del({ pk: s('x'), other: s('y') })] }, 'ValidationException', 'The provided key element does not match the schema'],
      ['an empty string key', { Things: [put({ pk: s('atom-1') }), put({ pk: s('') })] }, 'ValidationException', 'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk'],
      ['an item over 400 KB', { Things: [put({ pk: s('atom-1') }), put(sized('atom-big', 400 * 1024 + 1))] }, 'ValidationException', 'Item size has exceeded the maximum allowed size'],
      ['an invalid attribute value', { Things: [put({ pk: s('atom-1') }), put({ pk: s('atom-2'), bad: { NS: [] } })] }, 'ValidationException', /number set\s+may not be empty/],
      ['a table that does not exist', { Things: [put({ pk: s('atom-1') })], Nowhere: [put({ pk: s('atom-2') })] }, 'ResourceNotFoundException', 'Requested resource not found'],
    ];
    for (const [label, requestItems, name, message] of cases) {
      test(label, async () => {
        await expectError(t.client().send(new BatchWriteItemCommand({ RequestItems: requestItems })), name, message);
        assert.equal(await get('Things', { pk: s('atom-1') }), undefined, 'the valid put was not applied');
      });
    }
  });

  describe('request shape', () => {
    const raw = (target: string, body: unknown) => rawRequest(t.url, { target, body: JSON.stringify(body) });

    test('a WriteRequest with neither or both actions', async () => {
      for (const request of [{}, { PutRequest: { Item: { pk: s('w') } }, DeleteRequest: { Key: { pk: s('w') } } }]) {
        const res = await raw('BatchWriteItem', { RequestItems: { Things: [request] } });
        assert.equal(res.status, 400);
        assert.equal(res.json?.message, 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
      }
    });

    test('empty RequestItems and empty lists are constraint failures', async () => {
      const cases: [string, unknown, RegExp][] = [
        ['BatchWriteItem', { RequestItems: {} }, /^1 validation error detected: Value '\{\}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1$/],
        ['BatchWriteItem', {}, /^1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null$/],
        ['BatchWriteItem', { RequestItems: { Things: [] } }, /at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\]$/],
        ['BatchGetItem', { RequestItems: {} }, /^1 validation error detected: Value '\{\}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1$/],
        ['BatchGetItem', { RequestItems: { Things: { Keys: [] } } }, /at 'requestItems\.Things\.member\.keys' failed to satisfy constraint: Member must have length greater than or equal to 1$/],
        ['BatchGetItem', { RequestItems: { Things: {} } }, /^1 validation error detected: Value null at 'requestItems\.Things\.member\.keys' failed to satisfy constraint: Member must not be null$/],
      ];
      for (const [target, body, message] of cases) {
        const res = await raw(target, body);
        assert.equal(res.status, 400, `${target} ${JSON.stringify(body)}`);
        assert.equal(res.json?.__type, 'com.amazon.coral.validate#ValidationException');
        assert.match(String(res.json?.message), message);
      }
    });

    test('BatchGetItem key problems', async () => {
      await expectError(
        t.client().send(new BatchGetItemCommand({ RequestItems: { Pairs: { Keys: [{ id: s('x') }] } } })),
        'ValidationException',
        'The provided key element does not match the schema',
      );
      await expectError(
        t.client().send(new BatchGetItemCommand({ RequestItems: { Nowhere: { Keys: [{ id: s('x') }] } } })),
        'ResourceNotFoundException',
        'Requested resource not found',
      );
      const res = await raw('BatchGetItem', { RequestItems: { Things: { Keys: [{ pk: { S: 'a', N: '1' } }] } } });
      assert.match(String(res.json?.message), /Supplied AttributeValue has more than one datatypes set/);
    });

    test('BatchGetItem projection problems', async () => {
      await expectError(
        t.client().send(new BatchGetItemCommand({ RequestItems: { Things: { Keys: [{ pk: s('a') }], ProjectionExpression: 'a', ExpressionAttributeNames: { '#x': 'x' } } } })),
        'ValidationException',
        'Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}',
      );
      await expectError(
        t.client().send(new BatchGetItemCommand({ RequestItems: { Things: { Keys: [{ pk: s('a') }], ProjectionExpression: 'a', AttributesToGet: ['a'] } } })),
        'ValidationException',
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}',
      );
      await expectError(
        t.client().send(new BatchGetItemCommand({ RequestItems: { Things: { Keys: [{ pk: s('a') }], AttributesToGet: ['a', 'a'] } } })),
        'ValidationException',
        'One or more parameter values were invalid: Duplicate value in attribute name: a',
      );
    });
  });
});
