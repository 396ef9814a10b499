/**
 * ReturnConsumedCapacity with secondary indexes (reads charged to the index read; writes
 * charging each index whose entry they change, by the size of the projected entry) and
 * ReturnItemCollectionMetrics on tables with local secondary indexes, end to end.
 *
 * The write figures are those DynamoDB reports for the same requests (measured against
 * it by the nubo-db/dynamodb-conformance suite): a table (pk, sk) with a GSI gsi-inc on
 * gsiPk projecting INCLUDE [proj] and an LSI lsi1 on (pk, lsiSk) projecting ALL.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type ConsumedCapacity,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { keySchema, tableInput } from '../helpers/tables.js';

type Item = Record<string, AttributeValue>;

const s = (value: string): AttributeValue => ({ S: value });
const pad = (length: number) => 'x'.repeat(length);

/** The capacity arms a response reports; an index arm that is absent is undefined. */
function arms(c: ConsumedCapacity | undefined): { total?: number; table?: number; gsi?: number; lsi?: number; lsiKeys?: number } {
  return {
    total: c?.CapacityUnits,
    table: c?.Table?.CapacityUnits,
    gsi: c?.GlobalSecondaryIndexes?.['gsi-inc']?.CapacityUnits,
    lsi: c?.LocalSecondaryIndexes?.lsi1?.CapacityUnits,
    lsiKeys: c?.LocalSecondaryIndexes?.['lsi-keys']?.CapacityUnits,
  };
}

const expected = (values: { total: number; table: number; gsi?: number; lsi?: number; lsiKeys?: number }) => ({ gsi: undefined, lsi: undefined, lsiKeys: undefined, ...values });

describe('consumed capacity and item collection metrics with secondary indexes', () => {
  let t: TestServer;
  let db: DynamoDBClient;
  let counter = 0;
  const fresh = () => `item-${counter++}`;

  before(async () => {
    t = await startTestServer();
    db = t.client();
    await db.send(
      new CreateTableCommand({
        TableName: 'Cap',
        KeySchema: keySchema(['pk', 'HASH'], ['sk', 'RANGE']),
        AttributeDefinitions: ['pk', 'sk', 'gsiPk', 'lsiSk', 'lsiSk2'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [{ IndexName: 'gsi-inc', KeySchema: keySchema(['gsiPk', 'HASH']), Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['proj'] } }],
        LocalSecondaryIndexes: [
          { IndexName: 'lsi1', KeySchema: keySchema(['pk', 'HASH'], ['lsiSk', 'RANGE']), Projection: { ProjectionType: 'ALL' } },
          { IndexName: 'lsi-keys', KeySchema: keySchema(['pk', 'HASH'], ['lsiSk2', 'RANGE']), Projection: { ProjectionType: 'KEYS_ONLY' } },
        ],
      }),
    );
    await db.send(new CreateTableCommand(tableInput('Plain', 'pk:S')));
  });
  after(() => t.close());

  const put = (item: Item, mode: 'INDEXES' | 'TOTAL' = 'INDEXES') => db.send(new PutItemCommand({ TableName: 'Cap', Item: item, ReturnConsumedCapacity: mode }));

  describe('writes', () => {
    test('PutItem: each index whose entry the item creates, beside the table', async () => {
      const cases: [Item, ReturnType<typeof expected>][] = [
        [{ gsiPk: s('g1'), proj: s('p') }, expected({ total: 2, table: 1, gsi: 1 })],
        [{ other: s('o') }, expected({ total: 1, table: 1 })],
        [{ lsiSk: s('L1') }, expected({ total: 2, table: 1, lsi: 1 })],
        [{ gsiPk: s('g3'), lsiSk: s('L1'), proj: s('p') }, expected({ total: 3, table: 1, gsi: 1, lsi: 1 })],
        // sized on the projected entry: 3 KB the GSI does not project costs it nothing; the ALL LSI pays for it
        [{ gsiPk: s('g'), lsiSk: s('L'), proj: s('p'), other: s(pad(3000)) }, expected({ total: 7, table: 3, gsi: 1, lsi: 3 })],
      ];
      for (const [extra, want] of cases) {
        const res = await put({ pk: s(fresh()), sk: s('1'), ...extra });
        assert.deepEqual(arms(res.ConsumedCapacity), want, JSON.stringify(extra));
      }
      const res = await put({ pk: s(fresh()), sk: s('1'), gsiPk: s('g'), other: s('o') }, 'INDEXES');
      assert.equal(res.ConsumedCapacity?.LocalSecondaryIndexes, undefined, 'an index the write misses is not listed at all');
    });

    test('TOTAL folds the indexes in without listing them', async () => {
      const res = await put({ pk: s(fresh()), sk: s('1'), gsiPk: s('g2'), proj: s('p') }, 'TOTAL');
      assert.deepEqual(res.ConsumedCapacity, { TableName: 'Cap', CapacityUnits: 2 });
    });

    test('an identical overwrite costs the table only', async () => {
      const item = { pk: s(fresh()), sk: s('1'), gsiPk: s('g4'), lsiSk: s('L1'), proj: s('p') };
      assert.deepEqual(arms((await put(item)).ConsumedCapacity), expected({ total: 3, table: 1, gsi: 1, lsi: 1 }));
      assert.deepEqual(arms((await put(item)).ConsumedCapacity), expected({ total: 1, table: 1 }));
    });

    test('UpdateItem: the ladder of index changes', async () => {
      const seed = async () => {
        const pk = fresh();
        await put({ pk: s(pk), sk: s('1'), gsiPk: s('g-ladder'), lsiSk: s('L1'), proj: s('p'), other: s('o') });
        return pk;
      };
      const update = async (expression: string, values?: Item, names?: Record<string, string>) =>
        arms(
          (
            await db.send(
              new UpdateItemCommand({
                TableName: 'Cap',
                Key: { pk: s(await seed()), sk: s('1') },
                UpdateExpression: expression,
                ExpressionAttributeValues: values,
                ExpressionAttributeNames: names,
                ReturnConsumedCapacity: 'INDEXES',
              }),
            )
          ).ConsumedCapacity,
        );
      assert.deepEqual(await update('SET #o = :v', { ':v': s('o2') }, { '#o': 'other' }), expected({ total: 2, table: 1, lsi: 1 }), 'a non-projected attribute');
      assert.deepEqual(await update('SET proj = :v', { ':v': s('p2') }), expected({ total: 3, table: 1, gsi: 1, lsi: 1 }), 'a projected attribute');
      assert.deepEqual(await update('SET gsiPk = :v', { ':v': s('g-moved') }), expected({ total: 4, table: 1, gsi: 2, lsi: 1 }), 'a GSI key move');
      assert.deepEqual(await update('REMOVE gsiPk'), expected({ total: 3, table: 1, gsi: 1, lsi: 1 }), 'the GSI key removed');
      assert.deepEqual(await update('SET lsiSk = :v', { ':v': s('L2') }), expected({ total: 3, table: 1, lsi: 2 }), 'an LSI key move');
      assert.deepEqual(await update('SET lsiSk2 = :v', { ':v': s('K') }), expected({ total: 3, table: 1, lsi: 1, lsiKeys: 1 }), 'joining a KEYS_ONLY LSI');
    });

    test('DeleteItem: each index the item was in', async () => {
      const inBoth = fresh();
      await put({ pk: s(inBoth), sk: s('1'), gsiPk: s('g-del'), lsiSk: s('L1'), proj: s('p') });
      const res = await db.send(new DeleteItemCommand({ TableName: 'Cap', Key: { pk: s(inBoth), sk: s('1') }, ReturnConsumedCapacity: 'INDEXES' }));
      assert.deepEqual(arms(res.ConsumedCapacity), expected({ total: 3, table: 1, gsi: 1, lsi: 1 }));
      const sparse = fresh();
      await put({ pk: s(sparse), sk: s('1'), other: s('o') });
      const plain = await db.send(new DeleteItemCommand({ TableName: 'Cap', Key: { pk: s(sparse), sk: s('1') }, ReturnConsumedCapacity: 'INDEXES' }));
      assert.deepEqual(arms(plain.ConsumedCapacity), expected({ total: 1, table: 1 }));
    });

    test('BatchWriteItem: one entry per table with the indexes the batch touched', async () => {
      const res = await db.send(
        new BatchWriteItemCommand({
          RequestItems: {
            Cap: [
              { PutRequest: { Item: { pk: s(fresh()), sk: s('1'), gsiPk: s('g-batch'), proj: s('p') } } },
              { PutRequest: { Item: { pk: s(fresh()), sk: s('1'), other: s('o') } } },
            ],
            Plain: [{ PutRequest: { Item: { pk: s('x') } } }],
          },
          ReturnConsumedCapacity: 'INDEXES',
        }),
      );
      assert.equal(res.ConsumedCapacity!.length, 2);
      assert.deepEqual(arms(res.ConsumedCapacity!.find((c) => c.TableName === 'Cap')), expected({ total: 3, table: 2, gsi: 1 }));
      assert.deepEqual(res.ConsumedCapacity!.find((c) => c.TableName === 'Plain'), { TableName: 'Plain', CapacityUnits: 1, Table: { CapacityUnits: 1 } });
    });

    test('TransactWriteItems: the table arm doubles, index arms do not', async () => {
      const moved = fresh();
      await put({ pk: s(moved), sk: s('1'), gsiPk: s('g1'), lsiSk: s('L1') });
      const res = await db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'Cap', Item: { pk: s(fresh()), sk: s('1'), gsiPk: s('g1') } } },
            { Update: { TableName: 'Cap', Key: { pk: s(moved), sk: s('1') }, UpdateExpression: 'SET gsiPk = :v', ExpressionAttributeValues: { ':v': s('g2') } } },
            { ConditionCheck: { TableName: 'Cap', Key: { pk: s(fresh()), sk: s('1') }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
          ReturnConsumedCapacity: 'INDEXES',
        }),
      );
      const [cap] = res.ConsumedCapacity!;
      // table: 3 actions x 2; gsi: 1 (insert) + 2 (move); lsi: 1 (the moved item's entry changed: it stores everything)
      assert.deepEqual(arms(cap), expected({ total: 10, table: 6, gsi: 3, lsi: 1 }));
      assert.equal(cap.WriteCapacityUnits, 10);
    });
  });

  describe('reads', () => {
    before(async () => {
      for (let i = 0; i < 3; i++) await put({ pk: s('reads'), sk: s(`${i}`), gsiPk: s('g-read'), lsiSk: s(`L${i}`), lsiSk2: s(`K${i}`), proj: s('p'), other: s(pad(5000)) });
    });

    test('a GSI query is charged to the index', async () => {
      const res = await db.send(new QueryCommand({ TableName: 'Cap', IndexName: 'gsi-inc', KeyConditionExpression: 'gsiPk = :g', ExpressionAttributeValues: { ':g': s('g-read') }, ReturnConsumedCapacity: 'INDEXES' }));
      assert.equal(res.Count, 3);
      assert.deepEqual(res.ConsumedCapacity, { TableName: 'Cap', CapacityUnits: 0.5, Table: { CapacityUnits: 0 }, GlobalSecondaryIndexes: { 'gsi-inc': { CapacityUnits: 0.5 } } });
      const total = await db.send(new ScanCommand({ TableName: 'Cap', IndexName: 'gsi-inc', ReturnConsumedCapacity: 'TOTAL' }));
      assert.deepEqual(total.ConsumedCapacity, { TableName: 'Cap', CapacityUnits: 0.5 });
    });

    test('an LSI query is charged by the size of its entries; ALL entries carry everything', async () => {
      const res = await db.send(new QueryCommand({ TableName: 'Cap', IndexName: 'lsi1', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': s('reads') }, ConsistentRead: true, ReturnConsumedCapacity: 'INDEXES' }));
      // three entries of about 5 KB: 15 KB, four 4 KB units
      assert.deepEqual(arms(res.ConsumedCapacity), expected({ total: 4, table: 0, lsi: 4 }));
    });

    test('an LSI read of attributes it does not store costs the table a read of each item', async () => {
      const keysOnly = await db.send(new QueryCommand({ TableName: 'Cap', IndexName: 'lsi-keys', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': s('reads') }, ReturnConsumedCapacity: 'INDEXES' }));
      assert.deepEqual(arms(keysOnly.ConsumedCapacity), expected({ total: 0.5, table: 0, lsiKeys: 0.5 }));
      const fetched = await db.send(
        new QueryCommand({ TableName: 'Cap', IndexName: 'lsi-keys', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': s('reads') }, ProjectionExpression: 'sk, proj', ReturnConsumedCapacity: 'INDEXES' }),
      );
      assert.deepEqual(fetched.Items, ['0', '1', '2'].map((sk) => ({ sk: s(sk), proj: s('p') })));
      // each 5 KB item: two 4 KB units, halved (eventually consistent) = 1 per item
      assert.deepEqual(arms(fetched.ConsumedCapacity), expected({ total: 3.5, table: 3, lsiKeys: 0.5 }));
      const limited = await db.send(
        new QueryCommand({ TableName: 'Cap', IndexName: 'lsi-keys', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': s('reads') }, Select: 'ALL_ATTRIBUTES', Limit: 1, ReturnConsumedCapacity: 'INDEXES' }),
      );
      assert.equal(limited.Items![0].other.S, pad(5000));
      assert.deepEqual(arms(limited.ConsumedCapacity), expected({ total: 1.5, table: 1, lsiKeys: 0.5 }));
    });
  });

  describe('item collection metrics', () => {
    const metrics = (pk: string) => ({ ItemCollectionKey: { pk: s(pk) }, SizeEstimateRangeGB: [0, 1] });

    test('single-item writes to a table with LSIs report the collection of the item', async () => {
      const pk = fresh();
      const putRes = await db.send(new PutItemCommand({ TableName: 'Cap', Item: { pk: s(pk), sk: s('1'), lsiSk: s('L') }, ReturnItemCollectionMetrics: 'SIZE' }));
      assert.deepEqual(putRes.ItemCollectionMetrics, metrics(pk));
      const updateRes = await db.send(new UpdateItemCommand({ TableName: 'Cap', Key: { pk: s(pk), sk: s('2') }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': s('a') }, ReturnItemCollectionMetrics: 'SIZE' }));
      assert.deepEqual(updateRes.ItemCollectionMetrics, metrics(pk));
      const deleteRes = await db.send(new DeleteItemCommand({ TableName: 'Cap', Key: { pk: s(pk), sk: s('1') }, ReturnItemCollectionMetrics: 'SIZE' }));
      assert.deepEqual(deleteRes.ItemCollectionMetrics, metrics(pk));
      const none = await db.send(new PutItemCommand({ TableName: 'Cap', Item: { pk: s(pk), sk: s('3') }, ReturnItemCollectionMetrics: 'NONE' }));
      assert.equal(none.ItemCollectionMetrics, undefined);
      const plain = await db.send(new PutItemCommand({ TableName: 'Plain', Item: { pk: s(pk) }, ReturnItemCollectionMetrics: 'SIZE' }));
      assert.equal(plain.ItemCollectionMetrics, undefined);
    });

    test('BatchWriteItem and TransactWriteItems report them per table, one per collection', async () => {
      const [a, b] = [fresh(), fresh()];
      const batch = await db.send(
        new BatchWriteItemCommand({
          RequestItems: {
            Cap: [{ PutRequest: { Item: { pk: s(a), sk: s('1') } } }, { PutRequest: { Item: { pk: s(a), sk: s('2') } } }, { PutRequest: { Item: { pk: s(b), sk: s('1') } } }],
            Plain: [{ PutRequest: { Item: { pk: s(a) } } }],
          },
          ReturnItemCollectionMetrics: 'SIZE',
        }),
      );
      assert.deepEqual(batch.ItemCollectionMetrics, { Cap: [metrics(a), metrics(b)] });
      const transaction = await db.send(
        new TransactWriteItemsCommand({ TransactItems: [{ Delete: { TableName: 'Cap', Key: { pk: s(b), sk: s('1') } } }], ReturnItemCollectionMetrics: 'SIZE' }),
      );
      assert.deepEqual(transaction.ItemCollectionMetrics, { Cap: [metrics(b)] });
    });
  });
});
