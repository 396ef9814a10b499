import {
  BatchWriteItemCommand,
  CreateTableCommand,
  paginateQuery,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

type Item = Record<string, AttributeValue>;

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: string): AttributeValue => ({ N: value });
const b = (...bytes: number[]): AttributeValue => ({ B: new Uint8Array(bytes) });

/** Writes items with BatchWriteItem, 25 at a time. */
async function writeAll(db: DynamoDBClient, table: string, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

/** Every item of every page of a query, following LastEvaluatedKey (the paginator updates the input it is given: pass a copy). */
async function queryAll(db: DynamoDBClient, input: QueryCommandInput, pageSize?: number): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let pages = 0;
  for await (const page of paginateQuery({ client: db, ...(pageSize ? { pageSize } : {}) }, { ...input })) {
    pages++;
    items.push(...(page.Items ?? []));
  }
  return { items, pages };
}

/** Fisher-Yates with a fixed seed, so that the insertion order is not the sort order. */
function shuffled<T>(list: readonly T[]): T[] {
  const out = [...list];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const rangeTable = (name: string, sortType: 'S' | 'N' | 'B') => new CreateTableCommand(tableInput(name, `p:S k:${sortType}`));

/** Sort keys in DynamoDB's order, for each key type. */
const NUMBERS_IN_ORDER = [
  '-9.9999999999999999999999999999999999999E+125',
  '-1E+38',
  '-99999999999999999999999999999999999999',
  '-1000',
  '-10.5',
  '-10',
  '-9.99',
  '-1',
  '-0.5',
  '-1E-130',
  '0',
  '1E-130',
  '0.001',
  '0.5',
  '1',
  '1.5',
  '2',
  '9.99',
  '10',
  '10.5',
  '1E+3',
  '12345678901234567890123456789012345678',
  '99999999999999999999999999999999999999',
  '1E+38',
  '1.0000000000000000000000000000000000001E+38',
  '9.9999999999999999999999999999999999999E+125',
];
/** UTF-8 byte order: U+E000 and U+FF61 come before U+1F600 (in UTF-16 order they come after it). */
const STRINGS_IN_ORDER = ['0', 'A', 'Z', 'a', 'a\u0000', 'aa', 'ab', 'b', 'z', '~', '\u00e9', '\u0800', '\ue000', '\uff61', '\u{1f600}', '\u{10ffff}'];
const BINARIES_IN_ORDER = [[0x00], [0x00, 0x00], [0x00, 0x01], [0x01], [0x7f], [0x7f, 0xff], [0x80], [0xc3, 0xa9], [0xfe], [0xff], [0xff, 0x00], [0xff, 0xff]];

describe('Query', () => {
  let t: TestServer;
  let db: DynamoDBClient;

  before(async () => {
    t = await startTestServer();
    db = t.client();
    await db.send(rangeTable('Numbers', 'N'));
    await db.send(rangeTable('Strings', 'S'));
    await db.send(rangeTable('Binaries', 'B'));
    await db.send(
      new CreateTableCommand(tableInput('HashOnly', 'id:N')),
    );
    await writeAll(db, 'Numbers', shuffled(NUMBERS_IN_ORDER.map((k, i) => ({ p: s('order'), k: n(k), i: n(String(i)) }))));
    await writeAll(db, 'Strings', shuffled(STRINGS_IN_ORDER.map((k, i) => ({ p: s('order'), k: s(k), i: n(String(i)) }))));
    await writeAll(db, 'Binaries', shuffled(BINARIES_IN_ORDER.map((k, i) => ({ p: s('order'), k: b(...k), i: n(String(i)) }))));
    // decoys in other partitions
    await writeAll(db, 'Numbers', [{ p: s('orde'), k: n('0') }, { p: s('order2'), k: n('0') }, { p: s(''.padEnd(5, 'z')), k: n('1') }]);
    await writeAll(db, 'Strings', [{ p: s('ordeR'), k: s('a') }, { p: s('order '), k: s('a') }]);
    await writeAll(db, 'HashOnly', [{ id: n('1'), v: s('one') }, { id: n('2'), v: s('two') }]);
  });
  after(() => t.close());

  const indexes = (items: Item[] | undefined) => (items ?? []).map((item) => Number(item.i.N));
  const all = (count: number) => [...Array(count).keys()];

  describe('sort order, both directions', () => {
    for (const [table, count] of [
      ['Numbers', NUMBERS_IN_ORDER.length],
      ['Strings', STRINGS_IN_ORDER.length],
      ['Binaries', BINARIES_IN_ORDER.length],
    ] as const) {
      test(`${table}: forward is DynamoDB's order, backward its reverse`, async () => {
        const input = { TableName: table, KeyConditionExpression: 'p = :p', ExpressionAttributeValues: { ':p': s('order') } };
        const forward = await db.send(new QueryCommand(input));
        assert.deepEqual(indexes(forward.Items), all(count));
        assert.equal(forward.Count, count);
        assert.equal(forward.ScannedCount, count);
        assert.equal(forward.LastEvaluatedKey, undefined);
        const backward = await db.send(new QueryCommand({ ...input, ScanIndexForward: false }));
        assert.deepEqual(indexes(backward.Items), all(count).reverse());
      });
    }

    test('numbers come back normalized', async () => {
      const res = await db.send(new QueryCommand({ TableName: 'Numbers', KeyConditionExpression: 'p = :p AND k = :k', ExpressionAttributeValues: { ':p': s('order'), ':k': n('1000.000') } }));
      assert.deepEqual(res.Items, [{ p: s('order'), k: n('1000'), i: n('20') }]);
    });
  });

  describe('sort key conditions', () => {
    const cases: [string, string, string, Record<string, AttributeValue>, number[]][] = [
      ['Numbers', '=', 'k = :a', { ':a': n('-10') }, [5]],
      ['Numbers', '<', 'k < :a', { ':a': n('-1E-130') }, all(9)],
      ['Numbers', '<=', 'k <= :a', { ':a': n('-1E-130') }, all(10)],
      ['Numbers', '>', 'k > :a', { ':a': n('99999999999999999999999999999999999999') }, [23, 24, 25]],
      ['Numbers', '>=', 'k >= :a', { ':a': n('1E+38') }, [23, 24, 25]],
      ['Numbers', 'value first', ':a < k', { ':a': n('1E+38') }, [24, 25]],
      ['Numbers', 'BETWEEN', 'k BETWEEN :a AND :b', { ':a': n('-1'), ':b': n('1') }, [7, 8, 9, 10, 11, 12, 13, 14]],
      ['Numbers', 'BETWEEN one value', 'k BETWEEN :a AND :a', { ':a': n('10') }, [18]],
      ['Numbers', 'no match', 'k BETWEEN :a AND :b', { ':a': n('3'), ':b': n('4') }, []],
      ['Strings', 'begins_with', 'begins_with(k, :a)', { ':a': s('a') }, [3, 4, 5, 6]],
      ['Strings', 'begins_with multi-byte', 'begins_with(k, :a)', { ':a': s('\u{1f600}') }, [14]],
      ['Strings', '< in UTF-8 order', 'k < :a', { ':a': s('\u{1f600}') }, all(14)],
      ['Strings', '> in UTF-8 order', 'k > :a', { ':a': s('\uff61') }, [14, 15]],
      ['Strings', 'BETWEEN in UTF-8 order', 'k BETWEEN :a AND :b', { ':a': s('\ue000'), ':b': s('\u{1f600}') }, [12, 13, 14]],
      ['Binaries', 'begins_with 0xff', 'begins_with(k, :a)', { ':a': b(0xff) }, [9, 10, 11]],
      ['Binaries', 'begins_with 0x7f', 'begins_with(k, :a)', { ':a': b(0x7f) }, [4, 5]],
      ['Binaries', 'begins_with 0x00', 'begins_with(k, :a)', { ':a': b(0x00) }, [0, 1, 2]],
      ['Binaries', '>= 0x80', 'k >= :a', { ':a': b(0x80) }, [6, 7, 8, 9, 10, 11]],
    ];
    for (const [table, label, condition, values, expected] of cases) {
      test(`${table} ${label}: ${condition}`, async () => {
        const input = { TableName: table, KeyConditionExpression: `p = :p AND ${condition}`, ExpressionAttributeValues: { ':p': s('order'), ...values } };
        const forward = await db.send(new QueryCommand(input));
        assert.deepEqual(indexes(forward.Items), expected);
        const backward = await db.send(new QueryCommand({ ...input, ScanIndexForward: false }));
        assert.deepEqual(indexes(backward.Items), [...expected].reverse());
      });
    }

    test('names through ExpressionAttributeNames, keywords in any case', async () => {
      const res = await db.send(
        new QueryCommand({
          TableName: 'Numbers',
          KeyConditionExpression: '#p = :p and #k between :a and :b',
          ExpressionAttributeNames: { '#p': 'p', '#k': 'k' },
          ExpressionAttributeValues: { ':p': s('order'), ':a': n('0'), ':b': n('0.5') },
        }),
      );
      assert.deepEqual(indexes(res.Items), [10, 11, 12, 13]);
    });

    test('a hash-only table is queried by its partition key', async () => {
      const res = await db.send(new QueryCommand({ TableName: 'HashOnly', KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': n('2.0') } }));
      assert.deepEqual(res.Items, [{ id: n('2'), v: s('two') }]);
    });

    test('a partition with no items', async () => {
      const res = await db.send(new QueryCommand({ TableName: 'Numbers', KeyConditionExpression: 'p = :p', ExpressionAttributeValues: { ':p': s('nobody') } }));
      assert.deepEqual(res.Items, []);
      assert.equal(res.Count, 0);
      assert.equal(res.ScannedCount, 0);
    });
  });

  describe('paging', () => {
    for (const forward of [true, false]) {
      test(`Limit stops exactly; ExclusiveStartKey continues; every item once (${forward ? 'forward' : 'backward'})`, async () => {
        const input = { TableName: 'Numbers', KeyConditionExpression: 'p = :p', ExpressionAttributeValues: { ':p': s('order') }, ScanIndexForward: forward };
        const first = await db.send(new QueryCommand({ ...input, Limit: 5 }));
        const expected = forward ? all(NUMBERS_IN_ORDER.length) : all(NUMBERS_IN_ORDER.length).reverse();
        assert.deepEqual(indexes(first.Items), expected.slice(0, 5));
        assert.equal(first.ScannedCount, 5);
        assert.deepEqual(first.LastEvaluatedKey, { p: s('order'), k: first.Items![4].k });
        const second = await db.send(new QueryCommand({ ...input, Limit: 5, ExclusiveStartKey: first.LastEvaluatedKey }));
        assert.deepEqual(indexes(second.Items), expected.slice(5, 10));

        for (const pageSize of [1, 3, 7, 26, 100]) {
          const { items, pages } = await queryAll(db, input, pageSize);
          assert.deepEqual(indexes(items), expected, `pageSize ${pageSize}`);
          // a Limit that ends on the last item still reports LastEvaluatedKey: one more (empty) page
          assert.equal(pages, Math.floor(expected.length / pageSize) + 1, `pages for pageSize ${pageSize}`);
        }
      });
    }

    test('ExclusiveStartKey of an item that does not exist starts after where it would be', async () => {
      const res = await db.send(
        new QueryCommand({ TableName: 'Numbers', KeyConditionExpression: 'p = :p', ExpressionAttributeValues: { ':p': s('order') }, ExclusiveStartKey: { p: s('order'), k: n('0.75') }, Limit: 2 }),
      );
      assert.deepEqual(indexes(res.Items), [14, 15]);
    });

    test('paging within a sort key range', async () => {
      const input = { TableName: 'Strings', KeyConditionExpression: 'p = :p AND k BETWEEN :a AND :b', ExpressionAttributeValues: { ':p': s('order'), ':a': s('a'), ':b': s('z') } };
      const { items } = await queryAll(db, input, 2);
      assert.deepEqual(indexes(items), [3, 4, 5, 6, 7, 8]);
    });

    test('1 MB pages: the item that crosses 1 MB ends the page; capacity counts the data read', async () => {
      // items of exactly 100 KB: {p: "big", k: "item-NN", data: ...} is 2+3 + 1+7 + 4+len bytes
      const size = 100 * 1024;
      const items = Array.from({ length: 25 }, (_, i) => ({ p: s('big'), k: s(`item-${String(i).padStart(2, '0')}`), data: s('x'.repeat(size - 17)) }));
      await writeAll(db, 'Strings', items);
      const input = { TableName: 'Strings', KeyConditionExpression: 'p = :p', ExpressionAttributeValues: { ':p': s('big') }, ReturnConsumedCapacity: 'TOTAL' as const };
      // 10 items are 1,024,000 bytes (under 1 MiB); the 11th crosses it
      const first = await db.send(new QueryCommand(input));
      assert.equal(first.Count, 11);
      assert.deepEqual(first.LastEvaluatedKey, { p: s('big'), k: s('item-10') });
      assert.deepEqual(first.ConsumedCapacity, { TableName: 'Strings', CapacityUnits: (11 * 25) / 2 });
      const second = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: first.LastEvaluatedKey, ConsistentRead: true }));
      assert.equal(second.Count, 11);
      assert.deepEqual(second.ConsumedCapacity, { TableName: 'Strings', CapacityUnits: 11 * 25 });
      const third = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: second.LastEvaluatedKey }));
      assert.equal(third.Count, 3);
      assert.equal(third.LastEvaluatedKey, undefined);
      // the filter does not change what is read: still 11 items scanned, none returned
      const filtered = await db.send(new QueryCommand({ ...input, FilterExpression: 'attribute_not_exists(#d)', ExpressionAttributeNames: { '#d': 'data' } }));
      assert.equal(filtered.Count, 0);
      assert.equal(filtered.ScannedCount, 11);
      assert.deepEqual(filtered.ConsumedCapacity, first.ConsumedCapacity);
      // Select COUNT reads the same pages
      const counted = await db.send(new QueryCommand({ ...input, Select: 'COUNT' }));
      assert.equal(counted.Items, undefined);
      assert.equal(counted.Count, 11);
      assert.deepEqual(counted.LastEvaluatedKey, first.LastEvaluatedKey);
    });
  });

  describe('filter, projection, Select', () => {
    test('Limit counts items read before the filter: Count vs ScannedCount', async () => {
      const input = {
        TableName: 'Numbers',
        KeyConditionExpression: 'p = :p',
        FilterExpression: 'i >= :ten',
        ExpressionAttributeValues: { ':p': s('order'), ':ten': n('10') },
      };
      const page = await db.send(new QueryCommand({ ...input, Limit: 12 }));
      assert.equal(page.ScannedCount, 12);
      assert.equal(page.Count, 2);
      assert.deepEqual(indexes(page.Items), [10, 11]);
      assert.ok(page.LastEvaluatedKey);
      const { items } = await queryAll(db, input, 4);
      assert.deepEqual(indexes(items), all(NUMBERS_IN_ORDER.length).slice(10));
    });

    test('ProjectionExpression, and Select SPECIFIC_ATTRIBUTES with it', async () => {
      const input = {
        TableName: 'Numbers',
        KeyConditionExpression: 'p = :p AND k = :k',
        ProjectionExpression: 'i, #missing',
        ExpressionAttributeNames: { '#missing': 'nothing' },
        ExpressionAttributeValues: { ':p': s('order'), ':k': n('2') },
      };
      assert.deepEqual((await db.send(new QueryCommand(input))).Items, [{ i: n('16') }]);
      assert.deepEqual((await db.send(new QueryCommand({ ...input, Select: 'SPECIFIC_ATTRIBUTES' }))).Items, [{ i: n('16') }]);
    });

    test('Select COUNT and ALL_ATTRIBUTES', async () => {
      const input = { TableName: 'Numbers', KeyConditionExpression: 'p = :p AND k > :k', ExpressionAttributeValues: { ':p': s('order'), ':k': n('10') } };
      const counted = await db.send(new QueryCommand({ ...input, Select: 'COUNT' }));
      assert.equal(counted.Items, undefined);
      assert.equal(counted.Count, 7);
      assert.equal(counted.ScannedCount, 7);
      const allAttributes = await db.send(new QueryCommand({ ...input, Select: 'ALL_ATTRIBUTES', Limit: 1 }));
      assert.deepEqual(allAttributes.Items, [{ p: s('order'), k: n('10.5'), i: n('19') }]);
    });
  });

  describe('legacy parameters', () => {
    test('KeyConditions, QueryFilter with ConditionalOperator, AttributesToGet', async () => {
      const res = await db.send(
        new QueryCommand({
          TableName: 'Numbers',
          KeyConditions: {
            p: { ComparisonOperator: 'EQ', AttributeValueList: [s('order')] },
            k: { ComparisonOperator: 'BETWEEN', AttributeValueList: [n('-1'), n('1')] },
          },
          QueryFilter: {
            i: { ComparisonOperator: 'LT', AttributeValueList: [n('9')] },
            nothing: { ComparisonOperator: 'NULL' },
          },
          ConditionalOperator: 'AND',
          AttributesToGet: ['i'],
        }),
      );
      assert.deepEqual(res.Items, [{ i: n('7') }, { i: n('8') }]);
      assert.equal(res.ScannedCount, 8);
    });

    test('KeyConditions with BEGINS_WITH, backwards', async () => {
      const res = await db.send(
        new QueryCommand({
          TableName: 'Binaries',
          KeyConditions: {
            p: { ComparisonOperator: 'EQ', AttributeValueList: [s('order')] },
            k: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [b(0xff)] },
          },
          ScanIndexForward: false,
        }),
      );
      assert.deepEqual(indexes(res.Items), [11, 10, 9]);
    });

    test('mixing legacy and expression parameters is rejected', async () => {
      await expectError(
        db.send(
          new QueryCommand({
            TableName: 'Numbers',
            KeyConditionExpression: 'p = :p',
            ExpressionAttributeValues: { ':p': s('order') },
            QueryFilter: { i: { ComparisonOperator: 'NOT_NULL' } },
          }),
        ),
        'ValidationException',
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {QueryFilter} Expression parameters: {KeyConditionExpression}',
      );
    });
  });

  describe('consumed capacity', () => {
    test('the sizes of the items read, summed, then rounded up to 4 KB', async () => {
      // three items of 1500 bytes: 4500 bytes read = 2 units, not 3 (rounding each)
      const items = ['c1', 'c2', 'c3'].map((k) => ({ p: s('cap'), k: s(k), data: s('x'.repeat(1500 - 12)) }));
      await writeAll(db, 'Strings', items);
      const input = { TableName: 'Strings', KeyConditionExpression: 'p = :p', ExpressionAttributeValues: { ':p': s('cap') } };
      const strong = await db.send(new QueryCommand({ ...input, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));
      assert.deepEqual(strong.ConsumedCapacity, { TableName: 'Strings', CapacityUnits: 2 });
      const eventual = await db.send(new QueryCommand({ ...input, ReturnConsumedCapacity: 'INDEXES' }));
      assert.deepEqual(eventual.ConsumedCapacity, { TableName: 'Strings', CapacityUnits: 1, Table: { CapacityUnits: 1 } });
      const limited = await db.send(new QueryCommand({ ...input, Limit: 1, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));
      assert.deepEqual(limited.ConsumedCapacity, { TableName: 'Strings', CapacityUnits: 1 });
      const empty = await db.send(new QueryCommand({ ...input, ExpressionAttributeValues: { ':p': s('none') }, ReturnConsumedCapacity: 'TOTAL' }));
      assert.deepEqual(empty.ConsumedCapacity, { TableName: 'Strings', CapacityUnits: 0.5 });
      const none = await db.send(new QueryCommand({ ...input, ReturnConsumedCapacity: 'NONE' }));
      assert.equal(none.ConsumedCapacity, undefined);
    });
  });

  describe('validation', () => {
    const base = { TableName: 'Numbers', KeyConditionExpression: 'p = :p', ExpressionAttributeValues: { ':p': s('order') } };
    const cases: [string, QueryCommandInput, string, string | RegExp][] = [
      ['no key condition', { TableName: 'Numbers' }, 'ValidationException', 'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.'],
      ['a table that does not exist', { ...base, TableName: 'Nowhere' }, 'ResourceNotFoundException', 'Requested resource not found'],
      ['an index that does not exist', { ...base, IndexName: 'byOther' }, 'ValidationException', 'The table does not have the specified index: byOther'],
      ['Limit 0', { ...base, Limit: 0 }, 'ValidationException', "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"],
      ['Select COUNT with a projection', { ...base, Select: 'COUNT', ProjectionExpression: 'i' }, 'ValidationException', '1 validation error detected: Cannot specify the ProjectionExpression when choosing to get only the Count'],
      ['Select ALL_ATTRIBUTES with a projection', { ...base, Select: 'ALL_ATTRIBUTES', ProjectionExpression: 'i' }, 'ValidationException', '1 validation error detected: Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES'],
      ['Select ALL_ATTRIBUTES with AttributesToGet', { TableName: 'Numbers', KeyConditions: { p: { ComparisonOperator: 'EQ', AttributeValueList: [s('order')] } }, Select: 'ALL_ATTRIBUTES', AttributesToGet: ['i'] }, 'ValidationException', '1 validation error detected: Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES'],
      ['Select SPECIFIC_ATTRIBUTES without a projection', { ...base, Select: 'SPECIFIC_ATTRIBUTES' }, 'ValidationException', '1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES'],
      ['Select ALL_PROJECTED_ATTRIBUTES without an index', { ...base, Select: 'ALL_PROJECTED_ATTRIBUTES' }, 'ValidationException', '1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName'],
      ['a condition on the sort key only', { ...base, KeyConditionExpression: 'k = :p' }, 'ValidationException', 'Query condition missed key schema element: p'],
      ['a range condition on the partition key', { ...base, KeyConditionExpression: 'p > :p' }, 'ValidationException', 'Query key condition not supported'],
      ['a sort condition on a hash-only table', { TableName: 'HashOnly', KeyConditionExpression: 'id = :a AND k = :a', ExpressionAttributeValues: { ':a': n('1') } }, 'ValidationException', 'Query key condition not supported'],
      ['OR in a key condition', { ...base, KeyConditionExpression: 'p = :p OR k = :p' }, 'ValidationException', 'Invalid operator used in KeyConditionExpression: OR'],
      ['a value of the wrong type', { ...base, ExpressionAttributeValues: { ':p': n('1') } }, 'ValidationException', 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
      ['a sort value of the wrong type', { ...base, KeyConditionExpression: 'p = :p AND k < :k', ExpressionAttributeValues: { ':p': s('order'), ':k': s('1') } }, 'ValidationException', 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
      ['an empty partition value', { ...base, ExpressionAttributeValues: { ':p': s('') } }, 'ValidationException', 'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: p'],
      ['a filter on the partition key', { ...base, FilterExpression: 'p = :p' }, 'ValidationException', 'Filter Expression can only contain non-primary key attributes: Primary key attribute: p'],
      ['a filter on the sort key inside a function', { ...base, FilterExpression: 'i > :p OR attribute_exists(k)' }, 'ValidationException', 'Filter Expression can only contain non-primary key attributes: Primary key attribute: k'],
      ['a filter on a nested path of a key', { ...base, FilterExpression: 'k.x = :p' }, 'ValidationException', 'Filter Expression can only contain non-primary key attributes: Primary key attribute: k'],
      ['a projection inside a key attribute', { ...base, ProjectionExpression: 'i, k.x' }, 'ValidationException', "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: k"],
      ['a QueryFilter on a key', { TableName: 'Numbers', KeyConditions: { p: { ComparisonOperator: 'EQ', AttributeValueList: [s('order')] } }, QueryFilter: { k: { ComparisonOperator: 'NOT_NULL' } } }, 'ValidationException', 'QueryFilter can only contain non-primary key attributes: Primary key attribute: k'],
      ['unused ExpressionAttributeValues', { ...base, ExpressionAttributeValues: { ':p': s('order'), ':x': s('x') } }, 'ValidationException', 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}'],
      ['a syntax error', { ...base, KeyConditionExpression: 'p = ' }, 'ValidationException', /^Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: /],
      ['begins_with on a number', { ...base, KeyConditionExpression: 'p = :p AND begins_with(k, :k)', ExpressionAttributeValues: { ':p': s('order'), ':k': n('1') } }, 'ValidationException', 'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N'],
      [
        'KeyConditions with an operator that is not indexable',
        { TableName: 'Numbers', KeyConditions: { p: { ComparisonOperator: 'EQ', AttributeValueList: [s('order')] }, k: { ComparisonOperator: 'NOT_NULL' } } },
        'ValidationException',
        'Attempted conditional constraint is not an indexable operation',
      ],
      [
        'KeyConditions with three conditions',
        {
          TableName: 'Numbers',
          KeyConditions: {
            p: { ComparisonOperator: 'EQ', AttributeValueList: [s('order')] },
            k: { ComparisonOperator: 'GT', AttributeValueList: [n('1')] },
            i: { ComparisonOperator: 'GT', AttributeValueList: [n('1')] },
          },
        },
        'ValidationException',
        'Conditions can be of length 1 or 2 only',
      ],
    ];
    for (const [label, input, name, message] of cases) {
      test(label, async () => {
        await expectError(db.send(new QueryCommand(input)), name, message);
      });
    }

    describe('ExclusiveStartKey', () => {
      const start = (key: Item, extra: Partial<QueryCommandInput> = {}) => db.send(new QueryCommand({ ...base, ...extra, ExclusiveStartKey: key }));
      const startCases: [string, () => Promise<unknown>, string][] = [
        ['missing the sort key', () => start({ p: s('order') }), 'The provided starting key is invalid'],
        ['an extra attribute', () => start({ p: s('order'), k: n('1'), x: s('y') }), 'The provided starting key is invalid'],
        ['a wrong attribute name', () => start({ p: s('order'), z: n('1') }), 'The provided starting key is invalid'],
        ['a sort key of the wrong type', () => start({ p: s('order'), k: s('1') }), 'The provided starting key is invalid'],
        ['a partition key of the wrong type', () => start({ p: n('1'), k: n('1') }), 'The provided starting key is invalid'],
        ['another partition', () => start({ p: s('other'), k: n('1') }), 'The provided starting key is outside query boundaries based on provided conditions'],
        [
          'outside the sort key range',
          () => start({ p: s('order'), k: n('5') }, { KeyConditionExpression: 'p = :p AND k < :k', ExpressionAttributeValues: { ':p': s('order'), ':k': n('1') } }),
          'The provided starting key does not match the range key predicate',
        ],
        [
          'in range but in another partition',
          () => start({ p: s('other'), k: n('0') }, { KeyConditionExpression: 'p = :p AND k < :k', ExpressionAttributeValues: { ':p': s('order'), ':k': n('1') } }),
          'The query can return at most one row and cannot be restarted',
        ],
        ['an empty string key', () => start({ p: s(''), k: n('1') }), 'The provided starting key is invalid: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: p'],
      ];
      for (const [label, call, message] of startCases) {
        test(label, async () => {
          await expectError(call(), 'ValidationException', message);
        });
      }

      test('an invalid attribute value', async () => {
        const res = await rawRequest(t.url, {
          target: 'Query',
          body: JSON.stringify({ ...base, ExclusiveStartKey: { p: { S: 'a', N: '1' }, k: { N: '1' } } }),
        });
        assert.equal(res.status, 400);
        assert.equal(
          res.json?.message,
          'The provided starting key is invalid: Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
        );
      });
    });
  });

  test('a write between pages is seen by the next page', async () => {
    await db.send(new PutItemCommand({ TableName: 'Strings', Item: { p: s('live'), k: s('a') } }));
    await db.send(new PutItemCommand({ TableName: 'Strings', Item: { p: s('live'), k: s('c') } }));
    const input = { TableName: 'Strings', KeyConditionExpression: 'p = :p', ExpressionAttributeValues: { ':p': s('live') }, Limit: 1 };
    const first = await db.send(new QueryCommand(input));
    await db.send(new PutItemCommand({ TableName: 'Strings', Item: { p: s('live'), k: s('b') } }));
    const second = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: first.LastEvaluatedKey }));
    assert.deepEqual(second.Items, [{ p: s('live'), k: s('b') }]);
  });
});
