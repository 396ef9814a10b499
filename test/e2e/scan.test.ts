import {
  BatchWriteItemCommand,
  CreateTableCommand,
  paginateScan,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

type Item = Record<string, AttributeValue>;

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: string | number): AttributeValue => ({ N: String(value) });

async function writeAll(db: DynamoDBClient, table: string, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

/** Every item of every page of a scan (the paginator updates the input it is given: pass a copy). */
async function scanAll(db: DynamoDBClient, input: ScanCommandInput, pageSize?: number): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let pages = 0;
  for await (const page of paginateScan({ client: db, ...(pageSize ? { pageSize } : {}) }, { ...input })) {
    pages++;
    items.push(...(page.Items ?? []));
  }
  return { items, pages };
}

const ids = (items: Item[]): string[] => items.map((item) => `${item.p.S}/${item.k.N}`);

/** 60 partitions of 5 items each. */
const PARTITIONS = 60;
const PER_PARTITION = 5;
const ITEMS: Item[] = Array.from({ length: PARTITIONS * PER_PARTITION }, (_, i) => ({
  p: s(`part-${Math.floor(i / PER_PARTITION)}`),
  k: n(i % PER_PARTITION),
  even: { BOOL: i % 2 === 0 },
}));
const ALL_IDS = ids(ITEMS).sort();

describe('Scan', () => {
  let t: TestServer;
  let db: DynamoDBClient;

  before(async () => {
    t = await startTestServer();
    db = t.client();
    for (const name of ['Items', 'Empty']) {
      await db.send(
        new CreateTableCommand(tableInput(name, 'p:S k:N')),
      );
    }
    await db.send(
      new CreateTableCommand(tableInput('Big', 'id:S')),
    );
    await writeAll(db, 'Items', ITEMS);
  });
  after(() => t.close());

  test('one call reads the whole (small) table; the order is stable and not sorted by key', async () => {
    const first = await db.send(new ScanCommand({ TableName: 'Items' }));
    assert.equal(first.Count, ITEMS.length);
    assert.equal(first.ScannedCount, ITEMS.length);
    assert.equal(first.LastEvaluatedKey, undefined);
    assert.deepEqual([...ids(first.Items!)].sort(), ALL_IDS);
    const again = await db.send(new ScanCommand({ TableName: 'Items', ConsistentRead: true }));
    assert.deepEqual(ids(again.Items!), ids(first.Items!));
    const partitions = first.Items!.map((item) => item.p.S!);
    assert.notDeepEqual(partitions, [...partitions].sort(), 'partitions are spread by hash');
    // the items of one partition are together, in sort key order
    const byPartition = new Map<string, number[]>();
    for (const item of first.Items!) byPartition.set(item.p.S!, [...(byPartition.get(item.p.S!) ?? []), Number(item.k.N)]);
    for (const keys of byPartition.values()) assert.deepEqual(keys, [0, 1, 2, 3, 4]);
    const order = first.Items!.map((item) => item.p.S!);
    const changes = order.filter((p, i) => i > 0 && p !== order[i - 1]).length;
    assert.equal(changes, PARTITIONS - 1, 'each partition is one run');
  });

  test('an empty table', async () => {
    const res = await db.send(new ScanCommand({ TableName: 'Empty', ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(res.Items, []);
    assert.equal(res.Count, 0);
    assert.equal(res.ScannedCount, 0);
    assert.deepEqual(res.ConsumedCapacity, { TableName: 'Empty', CapacityUnits: 0.5 });
  });

  test('paging with Limit returns every item exactly once, in the same order', async () => {
    const whole = ids((await db.send(new ScanCommand({ TableName: 'Items' }))).Items!);
    for (const pageSize of [7, 50, 300]) {
      const { items, pages } = await scanAll(db, { TableName: 'Items' }, pageSize);
      assert.deepEqual(ids(items), whole, `pageSize ${pageSize}`);
      assert.equal(pages, Math.floor(ITEMS.length / pageSize) + 1, `pages for pageSize ${pageSize}`);
    }
    const first = await db.send(new ScanCommand({ TableName: 'Items', Limit: 3 }));
    assert.equal(first.Count, 3);
    assert.deepEqual(first.LastEvaluatedKey, { p: first.Items![2].p, k: first.Items![2].k });
  });

  describe('parallel scan', () => {
    for (const total of [1, 2, 3, 7, 16, 50]) {
      test(`${total} segments, each paged, together read every item exactly once`, async () => {
        const segments = await Promise.all(
          Array.from({ length: total }, (_, segment) => scanAll(db, { TableName: 'Items', Segment: segment, TotalSegments: total }, 10)),
        );
        const got = segments.flatMap((r) => ids(r.items)).sort();
        assert.deepEqual(got, ALL_IDS);
        if (total > 1 && total <= 16) {
          const nonEmpty = segments.filter((r) => r.items.length > 0).length;
          assert.ok(nonEmpty > 1, 'items are spread over segments');
        }
        // a partition is never split between segments
        const owner = new Map<string, number>();
        segments.forEach((r, segment) => {
          for (const item of r.items) {
            const p = item.p.S!;
            assert.equal(owner.get(p) ?? segment, segment, `partition ${p}`);
            owner.set(p, segment);
          }
        });
      });
    }

    test('segment 999999 of 1000000 works', async () => {
      const res = await db.send(new ScanCommand({ TableName: 'Items', Segment: 999_999, TotalSegments: 1_000_000 }));
      assert.ok(res.Count! <= PER_PARTITION);
    });

    test('an ExclusiveStartKey from another segment is refused', async () => {
      const segments = await Promise.all([0, 1].map((segment) => db.send(new ScanCommand({ TableName: 'Items', Segment: segment, TotalSegments: 2, Limit: 1 }))));
      const fromSecond = segments[1].LastEvaluatedKey!;
      await expectError(
        db.send(new ScanCommand({ TableName: 'Items', Segment: 0, TotalSegments: 2, ExclusiveStartKey: fromSecond })),
        'ValidationException',
        'The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 0',
      );
    });
  });

  describe('filter, projection, Select', () => {
    test('the filter applies after Limit: Count vs ScannedCount', async () => {
      const res = await db.send(
        new ScanCommand({ TableName: 'Items', Limit: 10, FilterExpression: 'even = :t', ExpressionAttributeValues: { ':t': { BOOL: true } } }),
      );
      assert.equal(res.ScannedCount, 10);
      assert.ok(res.Count! < 10);
      assert.ok(res.Items!.every((item) => item.even.BOOL === true));
      const { items } = await scanAll(db, { TableName: 'Items', FilterExpression: 'even = :t', ExpressionAttributeValues: { ':t': { BOOL: true } } }, 10);
      assert.equal(items.length, ITEMS.length / 2);
    });

    test('a filter may name key attributes in a Scan', async () => {
      const res = await db.send(new ScanCommand({ TableName: 'Items', FilterExpression: 'p = :p AND k >= :k', ExpressionAttributeValues: { ':p': s('part-7'), ':k': n(3) } }));
      assert.deepEqual(ids(res.Items!), ['part-7/3', 'part-7/4']);
      assert.equal(res.ScannedCount, ITEMS.length);
    });

    test('legacy ScanFilter with OR, and AttributesToGet', async () => {
      const res = await db.send(
        new ScanCommand({
          TableName: 'Items',
          ScanFilter: {
            p: { ComparisonOperator: 'IN', AttributeValueList: [s('part-1'), s('part-2')] },
            k: { ComparisonOperator: 'EQ', AttributeValueList: [n(4)] },
          },
          ConditionalOperator: 'OR',
          AttributesToGet: ['k'],
        }),
      );
      assert.equal(res.Count, PER_PARTITION * 2 + PARTITIONS - 2);
      assert.ok(res.Items!.every((item) => Object.keys(item).join() === 'k'));
    });

    test('Select COUNT', async () => {
      const res = await db.send(new ScanCommand({ TableName: 'Items', Select: 'COUNT', FilterExpression: 'k = :k', ExpressionAttributeValues: { ':k': n(0) } }));
      assert.equal(res.Items, undefined);
      assert.equal(res.Count, PARTITIONS);
      assert.equal(res.ScannedCount, ITEMS.length);
    });

    test('ProjectionExpression', async () => {
      const res = await db.send(new ScanCommand({ TableName: 'Items', ProjectionExpression: '#p', ExpressionAttributeNames: { '#p': 'p' }, Limit: 2 }));
      assert.ok(res.Items!.every((item) => Object.keys(item).join() === 'p'));
    });
  });

  test('1 MB pages and capacity: the item that crosses 1 MB ends the page', async () => {
    // items of exactly 200 KB: {id: "big-NN", data: ...} is 2+6 + 4+len bytes
    const size = 200 * 1024;
    await writeAll(db, 'Big', Array.from({ length: 12 }, (_, i) => ({ id: s(`big-${String(i).padStart(2, '0')}`), data: s('x'.repeat(size - 12)) })));
    const pages: number[] = [];
    const capacities: number[] = [];
    let start: Item | undefined;
    do {
      const res = await db.send(new ScanCommand({ TableName: 'Big', ProjectionExpression: 'id', ExclusiveStartKey: start, ReturnConsumedCapacity: 'TOTAL', ConsistentRead: true }));
      pages.push(res.Count!);
      capacities.push(res.ConsumedCapacity!.CapacityUnits!);
      start = res.LastEvaluatedKey;
    } while (start);
    // 5 items are 1,024,000 bytes (under 1 MiB): the 6th crosses it
    assert.deepEqual(pages, [6, 6, 0]);
    assert.deepEqual(capacities, [300, 300, 1]);
  });

  test("ConsumedCapacity rounds the page's total size up to 4 KB once, not each item", async () => {
    await db.send(
      new CreateTableCommand({
        TableName: 'Small',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // ten items of exactly 1000 bytes ({id: "small-N", data: ...}: 2+7 + 4+987): 10,000 bytes read
    await writeAll(db, 'Small', Array.from({ length: 10 }, (_, i) => ({ id: s(`small-${i}`), data: s('x'.repeat(987)) })));
    const units = async (extra: Partial<ScanCommandInput>) => (await db.send(new ScanCommand({ TableName: 'Small', ReturnConsumedCapacity: 'TOTAL', ...extra }))).ConsumedCapacity?.CapacityUnits;
    // ceil(10,000 / 4096) = 3 units (consistent), 1.5 eventually consistent; item by item it would be 10 and 5
    assert.equal(await units({ ConsistentRead: true }), 3);
    assert.equal(await units({}), 1.5);
    // sized on what is read, before the filter and the projection
    assert.equal(await units({ FilterExpression: 'id = :x', ExpressionAttributeValues: { ':x': s('small-1') } }), 1.5);
    assert.equal(await units({ ProjectionExpression: 'id', Select: 'SPECIFIC_ATTRIBUTES' }), 1.5);
    assert.equal(await units({ Select: 'COUNT' }), 1.5);
    // a page of Limit items: 4 items, 4,000 bytes, one unit
    assert.equal(await units({ Limit: 4, ConsistentRead: true }), 1);
  });

  describe('validation', () => {
    const cases: [string, ScanCommandInput, string, string | RegExp][] = [
      ['Segment without TotalSegments', { TableName: 'Items', Segment: 0 }, 'ValidationException', 'The TotalSegments parameter is required but was not present in the request when Segment parameter is present'],
      ['TotalSegments without Segment', { TableName: 'Items', TotalSegments: 2 }, 'ValidationException', 'The Segment parameter is required but was not present in the request when parameter TotalSegments is present'],
      ['Segment not below TotalSegments', { TableName: 'Items', Segment: 4, TotalSegments: 4 }, 'ValidationException', 'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4'],
      ['TotalSegments over 1000000', { TableName: 'Items', Segment: 0, TotalSegments: 1_000_001 }, 'ValidationException', "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000"],
      ['TotalSegments 0', { TableName: 'Items', Segment: 0, TotalSegments: 0 }, 'ValidationException', "1 validation error detected: Value '0' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1"],
      ['a negative Segment', { TableName: 'Items', Segment: -1, TotalSegments: 2 }, 'ValidationException', "1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0"],
      ['Select COUNT with a projection', { TableName: 'Items', Select: 'COUNT', ProjectionExpression: 'p' }, 'ValidationException', 'Cannot specify the ProjectionExpression when choosing to get only the Count'],
      ['Select ALL_PROJECTED_ATTRIBUTES without an index', { TableName: 'Items', Select: 'ALL_PROJECTED_ATTRIBUTES' }, 'ValidationException', 'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName'],
      ['Select SPECIFIC_ATTRIBUTES without a projection', { TableName: 'Items', Select: 'SPECIFIC_ATTRIBUTES' }, 'ValidationException', 'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES'],
      ['an unknown Select', { TableName: 'Items', Select: 'count' as 'COUNT' }, 'ValidationException', "1 validation error detected: Value 'count' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"],
      ['an index that does not exist', { TableName: 'Items', IndexName: 'byEven' }, 'ValidationException', 'The table does not have the specified index: byEven'],
      ['a table that does not exist', { TableName: 'Nowhere' }, 'ResourceNotFoundException', 'Requested resource not found'],
      ['ExclusiveStartKey without the sort key', { TableName: 'Items', ExclusiveStartKey: { p: s('part-1') } }, 'ValidationException', 'The provided starting key is invalid: The provided key element does not match the schema'],
      ['ExclusiveStartKey of the wrong type', { TableName: 'Items', ExclusiveStartKey: { p: s('part-1'), k: s('1') } }, 'ValidationException', 'The provided starting key is invalid: The provided key element does not match the schema'],
      ['mixing ScanFilter and FilterExpression', { TableName: 'Items', ScanFilter: { k: { ComparisonOperator: 'NOT_NULL' } }, FilterExpression: 'k = :k', ExpressionAttributeValues: { ':k': n(1) } }, 'ValidationException', 'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}'],
      ['ExpressionAttributeValues without an expression', { TableName: 'Items', ExpressionAttributeValues: { ':k': n(1) } }, 'ValidationException', 'ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null'],
      ['a filter inside a key attribute', { TableName: 'Items', FilterExpression: 'even = :t OR p.x = :t', ExpressionAttributeValues: { ':t': { BOOL: true } } }, 'ValidationException', "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: p"],
      ['a projection inside a key attribute', { TableName: 'Items', ProjectionExpression: 'k[0]' }, 'ValidationException', "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: k"],
      ['an empty FilterExpression', { TableName: 'Items', FilterExpression: '' }, 'ValidationException', 'Invalid FilterExpression: The expression can not be empty;'],
    ];
    for (const [label, input, name, message] of cases) {
      test(label, async () => {
        await expectError(db.send(new ScanCommand(input)), name, message);
      });
    }

    test('an invalid ExclusiveStartKey value', async () => {
      const res = await rawRequest(t.url, { target: 'Scan', body: JSON.stringify({ TableName: 'Items', ExclusiveStartKey: { p: {} } }) });
      assert.equal(res.status, 400);
      assert.equal(res.json?.message, 'The provided starting key is invalid: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
    });
  });
});
