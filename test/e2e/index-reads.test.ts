/**
 * Secondary indexes, read side, end to end through the SDK: Query and Scan with
 * IndexName on every kind of index and projection (LSI and GSI; ALL, KEYS_ONLY,
 * INCLUDE; hash-only and multi-attribute keys), in both directions with paging, sparse
 * indexes, writes that move items between index keys, the Select and projection rules,
 * ExclusiveStartKey checks, parallel scans of an index, and the refusals (consistent
 * reads of a GSI, a backfilling index, an unknown index, key condition shapes).
 *
 * Expected results are computed here from the items written: an index holds the items
 * that have every index key attribute, projected, ordered by the index sort key (values
 * compared as DynamoDB compares them), then by the table key as stored.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  paginateQuery,
  paginateScan,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ACCOUNT_ID } from '../../src/auth/credentials.js';
import { compareValues } from '../../src/model/compare.js';
import { encodeKeyValue } from '../../src/model/key-codec.js';
import { encodePartition as encodeIndexPartition } from '../../src/storage/key-layout.js';
import { replaceDefinition, storedTable } from '../helpers/storage.js';
import type { GlobalSecondaryIndexDefinition, TenantStore } from '../../src/storage/types.js';
import { expectError, startTestServer, type TestServer } from '../helpers/server.js';
import { defs, keySchema, tableInput } from '../helpers/tables.js';

type Item = Record<string, AttributeValue>;

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: string | number): AttributeValue => ({ N: String(value) });
const tenant = (t: TestServer): TenantStore => t.server.storage.tenant(TEST_ACCOUNT_ID, 'us-east-1');

/** An index as the expectations need it. */
interface IndexModel {
  name: string;
  partition: string[];
  sort: string[];
  /** Attributes stored besides the keys; undefined for ALL. */
  include?: string[];
}

const TABLE_KEYS = ['pk', 'sk'];

/** What the index stores of an item, or undefined when the item is not in it. */
function entryOf(index: IndexModel, item: Item): Item | undefined {
  if (![...index.partition, ...index.sort].every((name) => item[name] !== undefined)) return undefined;
  if (!index.include) return item;
  const names = new Set([...TABLE_KEYS, ...index.partition, ...index.sort, ...index.include]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name)));
}

const cmp = (a: AttributeValue, b: AttributeValue): number => compareValues(a as never, b as never)!;

/** The table key as stored: partition hash + partition, then sort key. */
const tableKeyBytes = (item: Item): Buffer[] => [encodeIndexPartition([item.pk as never]), encodeKeyValue(item.sk as never)];

/** Entries of one index partition, in index order (sort values, then table key as stored). */
function expectedQuery(index: IndexModel, items: readonly Item[], partition: AttributeValue[], keep: (item: Item) => boolean = () => true): Item[] {
  const members = items.filter((item) => entryOf(index, item) && index.partition.every((name, i) => cmp(item[name], partition[i]) === 0) && keep(item));
  members.sort((a, b) => {
    for (const name of index.sort) {
      const c = cmp(a[name], b[name]);
      if (c !== 0) return c;
    }
    const [ah, ar] = tableKeyBytes(a);
    const [bh, br] = tableKeyBytes(b);
    return Buffer.compare(ah, bh) || Buffer.compare(ar, br);
  });
  return members.map((item) => entryOf(index, item)!);
}

/** Every page of a query, through the SDK paginator (which follows LastEvaluatedKey). */
async function queryAll(db: DynamoDBClient, input: QueryCommandInput, pageSize?: number): Promise<{ items: Item[]; pages: number; keys: string[][] }> {
  const items: Item[] = [];
  const keys: string[][] = [];
  let pages = 0;
  for await (const page of paginateQuery({ client: db, ...(pageSize ? { pageSize } : {}) }, { ...input })) {
    pages++;
    items.push(...(page.Items ?? []));
    if (page.LastEvaluatedKey) keys.push(Object.keys(page.LastEvaluatedKey).sort());
  }
  return { items, pages, keys };
}

async function scanAll(db: DynamoDBClient, input: ScanCommandInput, pageSize?: number): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateScan({ client: db, ...(pageSize ? { pageSize } : {}) }, { ...input })) items.push(...(page.Items ?? []));
  return items;
}

async function writeAll(db: DynamoDBClient, table: string, items: readonly Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

const sortedKeys = (item: Item) => Object.keys(item).sort();
const ids = (items: readonly Item[]) => items.map((item) => `${item.pk.S}/${item.sk.N}`);

// ---------------------------------------------------------------- the Games table

const LSI_ALL: IndexModel = { name: 'byScore', partition: ['pk'], sort: ['score'] };
const LSI_KEYS: IndexModel = { name: 'byLevel', partition: ['pk'], sort: ['level'], include: [] };
const LSI_INCLUDE: IndexModel = { name: 'byTag', partition: ['pk'], sort: ['tag'], include: ['note'] };
const GSI_ALL: IndexModel = { name: 'byTitleScore', partition: ['title'], sort: ['score'] };
const GSI_KEYS: IndexModel = { name: 'byTitle', partition: ['title'], sort: [], include: [] };
const GSI_INCLUDE: IndexModel = { name: 'byTitleLevel', partition: ['title'], sort: ['level'], include: ['note'] };

const projection = (index: IndexModel) =>
  index.include === undefined ? { ProjectionType: 'ALL' as const } : index.include.length === 0 ? { ProjectionType: 'KEYS_ONLY' as const } : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: index.include };
const schemaOf = (index: IndexModel) => keySchema(...index.partition.map((a) => [a, 'HASH'] as [string, 'HASH']), ...index.sort.map((a) => [a, 'RANGE'] as [string, 'RANGE']));

/** 32 items over four partitions; some lack title, score or level (sparse), ties on every index key. */
function gameItems(): Item[] {
  const items: Item[] = [];
  for (let p = 0; p < 4; p++) {
    for (let k = 1; k <= 8; k++) {
      const i = p * 8 + k;
      const item: Item = { pk: s(`p${p}`), sk: n(k), tag: s(['x', 'y'][i % 2]), note: s(`n${i}`), secret: s(`s${i}`) };
      if (i % 5 !== 0) item.title = s(['alpha', 'beta', 'gamma'][i % 3]);
      if (i % 7 !== 0) item.score = n(((i * 37) % 11) - 3);
      if (i % 4 !== 0) item.level = s(['L1', 'L2', 'L10'][i % 3]);
      items.push(item);
    }
  }
  return items;
}

describe('Query and Scan on secondary indexes', () => {
  let t: TestServer;
  let db: DynamoDBClient;
  const items = gameItems();

  before(async () => {
    t = await startTestServer();
    db = t.client();
    await db.send(
      new CreateTableCommand(tableInput('Games', 'pk:S sk:N', { AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['score', 'N'], ['level', 'S'], ['tag', 'S'], ['title', 'S']), LocalSecondaryIndexes: [LSI_ALL, LSI_KEYS, LSI_INCLUDE].map((ix) => ({ IndexName: ix.name, KeySchema: schemaOf(ix), Projection: projection(ix) })), GlobalSecondaryIndexes: [GSI_ALL, GSI_KEYS, GSI_INCLUDE].map((ix) => ({ IndexName: ix.name, KeySchema: schemaOf(ix), Projection: projection(ix) })) })),
    );
    await writeAll(db, 'Games', items);
  });
  after(() => t.close());

  describe('every index kind and projection, both directions, paged', () => {
    const cases: [IndexModel, AttributeValue][] = [
      [LSI_ALL, s('p1')],
      [LSI_KEYS, s('p2')],
      [LSI_INCLUDE, s('p0')],
      [GSI_ALL, s('alpha')],
      [GSI_KEYS, s('beta')],
      [GSI_INCLUDE, s('gamma')],
    ];
    for (const [index, value] of cases) {
      test(`${index.name} (${index.include === undefined ? 'ALL' : index.include.length ? 'INCLUDE' : 'KEYS_ONLY'})`, async () => {
        const expected = expectedQuery(index, items, [value]);
        assert.ok(expected.length >= 4, 'enough entries to page through');
        const input: QueryCommandInput = {
          TableName: 'Games',
          IndexName: index.name,
          KeyConditionExpression: '#p = :v',
          ExpressionAttributeNames: { '#p': index.partition[0] },
          ExpressionAttributeValues: { ':v': value },
        };
        const whole = await queryAll(db, input);
        assert.deepEqual(whole.items, expected);
        assert.equal(whole.pages, 1);
        for (const pageSize of [1, 3]) {
          const forward = await queryAll(db, input, pageSize);
          assert.deepEqual(forward.items, expected, `forward, pages of ${pageSize}`);
          assert.equal(forward.pages, Math.floor(expected.length / pageSize) + 1);
          // LastEvaluatedKey: the table key and the index key
          const positionNames = [...new Set([...TABLE_KEYS, ...index.partition, ...index.sort])].sort();
          for (const names of forward.keys) assert.deepEqual(names, positionNames);
          const backward = await queryAll(db, { ...input, ScanIndexForward: false }, pageSize);
          assert.deepEqual(backward.items, [...expected].reverse(), `backward, pages of ${pageSize}`);
        }
      });
    }

    test('a sort key condition on an index, with a filter and Limit counting entries read', async () => {
      const input: QueryCommandInput = {
        TableName: 'Games',
        IndexName: GSI_ALL.name,
        KeyConditionExpression: 'title = :t AND score BETWEEN :lo AND :hi',
        FilterExpression: 'tag = :x',
        ExpressionAttributeValues: { ':t': s('alpha'), ':lo': n(-1), ':hi': n(4), ':x': s('x') },
      };
      const inRange = (item: Item) => Number(item.score.N) >= -1 && Number(item.score.N) <= 4;
      const expected = expectedQuery(GSI_ALL, items, [s('alpha')], (item) => inRange(item) && item.tag.S === 'x');
      assert.deepEqual((await queryAll(db, input, 2)).items, expected);
      const page = await db.send(new QueryCommand({ ...input, Limit: 2 }));
      assert.equal(page.ScannedCount, 2);
      const read = expectedQuery(GSI_ALL, items, [s('alpha')], inRange).slice(0, 2);
      assert.deepEqual(page.Items, read.filter((item) => item.tag.S === 'x'));
    });

    test('an LSI sort key condition: begins_with on a string key', async () => {
      const res = await db.send(
        new QueryCommand({ TableName: 'Games', IndexName: LSI_KEYS.name, KeyConditionExpression: 'pk = :p AND begins_with(#l, :pre)', ExpressionAttributeNames: { '#l': 'level' }, ExpressionAttributeValues: { ':p': s('p3'), ':pre': s('L1') } }),
      );
      assert.deepEqual(res.Items, expectedQuery(LSI_KEYS, items, [s('p3')], (item) => item.level.S!.startsWith('L1')));
    });

    test('Select COUNT on an index counts its entries', async () => {
      const res = await db.send(new QueryCommand({ TableName: 'Games', IndexName: GSI_KEYS.name, KeyConditionExpression: 'title = :t', ExpressionAttributeValues: { ':t': s('beta') }, Select: 'COUNT' }));
      assert.equal(res.Items, undefined);
      assert.equal(res.Count, expectedQuery(GSI_KEYS, items, [s('beta')]).length);
    });
  });

  describe('Scan of an index', () => {
    for (const index of [LSI_INCLUDE, GSI_ALL, GSI_KEYS]) {
      test(`${index.name}: every entry once, paged, in one stable order`, async () => {
        const expected = items.map((item) => entryOf(index, item)).filter((e): e is Item => e !== undefined);
        const whole = await scanAll(db, { TableName: 'Games', IndexName: index.name });
        assert.equal(whole.length, expected.length);
        assert.deepEqual(new Set(whole.map((e) => JSON.stringify(e))), new Set(expected.map((e) => JSON.stringify(e))));
        assert.deepEqual(await scanAll(db, { TableName: 'Games', IndexName: index.name }, 4), whole);
        const first = await db.send(new ScanCommand({ TableName: 'Games', IndexName: index.name, Limit: 1 }));
        assert.deepEqual(Object.keys(first.LastEvaluatedKey!).sort(), [...new Set([...TABLE_KEYS, ...index.partition, ...index.sort])].sort());
      });
    }

    test('a parallel scan of an index reassembles it exactly once', async () => {
      const whole = await scanAll(db, { TableName: 'Games', IndexName: GSI_INCLUDE.name });
      const segments = await Promise.all([0, 1, 2, 3].map((Segment) => scanAll(db, { TableName: 'Games', IndexName: GSI_INCLUDE.name, Segment, TotalSegments: 4 }, 2)));
      const all = segments.flat();
      assert.equal(all.length, whole.length);
      assert.deepEqual(new Set(all.map((e) => JSON.stringify(e))).size, whole.length);
      assert.deepEqual(new Set(all.map((e) => JSON.stringify(e))), new Set(whole.map((e) => JSON.stringify(e))));
      assert.ok(segments.filter((segment) => segment.length > 0).length > 1, 'entries spread over segments');
    });

    test('an ExclusiveStartKey outside the segment is refused', async () => {
      const page = await db.send(new ScanCommand({ TableName: 'Games', IndexName: GSI_ALL.name, Segment: 0, TotalSegments: 2, Limit: 1 }));
      const other = page.LastEvaluatedKey ? await db.send(new ScanCommand({ TableName: 'Games', IndexName: GSI_ALL.name, Segment: 1, TotalSegments: 2, Limit: 1 })) : page;
      const start = page.LastEvaluatedKey ?? other.LastEvaluatedKey!;
      const segment = page.LastEvaluatedKey ? 1 : 0;
      await expectError(
        db.send(new ScanCommand({ TableName: 'Games', IndexName: GSI_ALL.name, Segment: segment, TotalSegments: 2, ExclusiveStartKey: start })),
        'ValidationException',
        `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: ${segment}`,
      );
    });
  });

  describe('projections and Select', () => {
    const query = (index: IndexModel, extra: Partial<QueryCommandInput> = {}) =>
      db.send(
        new QueryCommand({
          TableName: 'Games',
          IndexName: index.name,
          KeyConditionExpression: '#p = :v',
          ExpressionAttributeNames: { '#p': index.partition[0], ...extra.ExpressionAttributeNames },
          ExpressionAttributeValues: { ':v': index.partition[0] === 'pk' ? s('p1') : s('alpha') },
          ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'ExpressionAttributeNames')),
        }),
      );

    test('by default (ALL_PROJECTED_ATTRIBUTES) an index returns exactly what it stores', async () => {
      for (const index of [LSI_KEYS, LSI_INCLUDE, GSI_KEYS, GSI_INCLUDE]) {
        const res = await query(index);
        const stored = [...TABLE_KEYS, ...index.partition, ...index.sort, ...(index.include ?? [])];
        for (const item of res.Items!) assert.deepEqual(sortedKeys(item), [...new Set(stored)].filter((name) => item[name] !== undefined).sort(), index.name);
        const explicit = await query(index, { Select: 'ALL_PROJECTED_ATTRIBUTES' });
        assert.deepEqual(explicit.Items, res.Items);
      }
      const all = await query(GSI_ALL);
      assert.ok(all.Items!.every((item) => item.secret !== undefined && item.note !== undefined));
    });

    test('Select ALL_ATTRIBUTES: refused on a GSI not projecting ALL, fetched from the table on an LSI', async () => {
      for (const index of [GSI_KEYS, GSI_INCLUDE]) {
        await expectError(
          query(index, { Select: 'ALL_ATTRIBUTES' }),
          'ValidationException',
          `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
        );
      }
      const gsiAll = await query(GSI_ALL, { Select: 'ALL_ATTRIBUTES' });
      assert.deepEqual(gsiAll.Items, expectedQuery(GSI_ALL, items, [s('alpha')]));
      const lsi = await query(LSI_KEYS, { Select: 'ALL_ATTRIBUTES' });
      const full = expectedQuery(LSI_KEYS, items, [s('p1')]).map((entry) => items.find((item) => item.pk.S === entry.pk.S && item.sk.N === entry.sk.N));
      assert.deepEqual(lsi.Items, full);
    });

    test('a projection of unprojected attributes: an LSI fetches them, a GSI returns them absent', async () => {
      const lsi = await query(LSI_INCLUDE, { ProjectionExpression: 'sk, note, secret' });
      const expected = expectedQuery(LSI_INCLUDE, items, [s('p1')]).map((entry) => {
        const item = items.find((i) => i.pk.S === entry.pk.S && i.sk.N === entry.sk.N)!;
        return { sk: item.sk, note: item.note, secret: item.secret };
      });
      assert.deepEqual(lsi.Items, expected);
      const gsi = await query(GSI_INCLUDE, { ProjectionExpression: 'sk, note, secret' });
      assert.ok(gsi.Items!.length > 0);
      for (const item of gsi.Items!) assert.deepEqual(sortedKeys(item), ['note', 'sk']);
      const legacy = await db.send(new QueryCommand({ TableName: 'Games', IndexName: GSI_KEYS.name, KeyConditions: { title: { ComparisonOperator: 'EQ', AttributeValueList: [s('beta')] } }, AttributesToGet: ['pk', 'secret'] }));
      assert.ok(legacy.Items!.every((item) => sortedKeys(item).join() === 'pk'));
    });

    test('a Scan of an LSI asked for all attributes reads them from the table', async () => {
      const scanned = await scanAll(db, { TableName: 'Games', IndexName: LSI_KEYS.name, Select: 'ALL_ATTRIBUTES' });
      assert.equal(scanned.length, items.filter((item) => item.level).length);
      assert.ok(scanned.every((item) => item.secret !== undefined));
    });
  });

  describe('refusals', () => {
    const base: QueryCommandInput = { TableName: 'Games', IndexName: GSI_ALL.name, KeyConditionExpression: 'title = :t', ExpressionAttributeValues: { ':t': s('alpha') } };

    test('consistent reads of a GSI; an LSI takes them', async () => {
      await expectError(db.send(new QueryCommand({ ...base, ConsistentRead: true })), 'ValidationException', 'Consistent reads are not supported on global secondary indexes');
      await expectError(db.send(new ScanCommand({ TableName: 'Games', IndexName: GSI_KEYS.name, ConsistentRead: true })), 'ValidationException', 'Consistent reads are not supported on global secondary indexes');
      const lsi = await db.send(new QueryCommand({ TableName: 'Games', IndexName: LSI_ALL.name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': s('p0') }, ConsistentRead: true }));
      assert.deepEqual(lsi.Items, expectedQuery(LSI_ALL, items, [s('p0')]));
    });

    test('an index that does not exist', async () => {
      await expectError(db.send(new QueryCommand({ ...base, IndexName: 'nope' })), 'ValidationException', 'The table does not have the specified index: nope');
      await expectError(db.send(new ScanCommand({ TableName: 'Games', IndexName: 'nope' })), 'ValidationException', 'The table does not have the specified index: nope');
    });

    test('an index still being created', async () => {
      const store = tenant(t);
      const def = (await storedTable(store, 'Games')).definition;
      const creating: GlobalSecondaryIndexDefinition = {
        IndexName: 'pending',
        IndexId: '0123456789abcdef',
        KeySchema: [{ AttributeName: 'tag', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
        ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
        IndexStatus: 'CREATING',
      };
      await replaceDefinition(store, 'Games', { ...def, GlobalSecondaryIndexes: [...def.GlobalSecondaryIndexes!, creating] });
      try {
        await expectError(
          db.send(new QueryCommand({ TableName: 'Games', IndexName: 'pending', KeyConditionExpression: 'tag = :t', ExpressionAttributeValues: { ':t': s('x') } })),
          'ValidationException',
          'Cannot read from backfilling global secondary index: pending',
        );
        await expectError(db.send(new ScanCommand({ TableName: 'Games', IndexName: 'pending' })), 'ValidationException', 'Cannot read from backfilling global secondary index: pending');
      } finally {
        await replaceDefinition(store, 'Games', def);
      }
    });

    test('a key condition on the table key instead of the index key', async () => {
      await expectError(
        db.send(new QueryCommand({ ...base, KeyConditionExpression: 'pk = :t' })),
        'ValidationException',
        'Query condition missed key schema element: title',
      );
      await expectError(
        db.send(new QueryCommand({ TableName: 'Games', IndexName: LSI_ALL.name, KeyConditionExpression: 'pk = :p AND sk = :k', ExpressionAttributeValues: { ':p': s('p0'), ':k': n(1) } })),
        'ValidationException',
        'Query condition missed key schema element: score',
      );
    });

    test('a filter on the index key is refused; on the table key of a GSI it is not', async () => {
      await expectError(
        db.send(new QueryCommand({ ...base, FilterExpression: 'score > :z', ExpressionAttributeValues: { ':t': s('alpha'), ':z': n(0) } })),
        'ValidationException',
        'Filter Expression can only contain non-primary key attributes: Primary key attribute: score',
      );
      const res = await db.send(new QueryCommand({ ...base, FilterExpression: 'pk = :p', ExpressionAttributeValues: { ':t': s('alpha'), ':p': s('p2') } }));
      assert.deepEqual(res.Items, expectedQuery(GSI_ALL, items, [s('alpha')], (item) => item.pk.S === 'p2'));
      await expectError(
        db.send(new ScanCommand({ TableName: 'Games', IndexName: GSI_ALL.name, FilterExpression: 'title.x = :t', ExpressionAttributeValues: { ':t': s('alpha') } })),
        'ValidationException',
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: title",
      );
    });

    test('ExclusiveStartKey checks of an index', async () => {
      const page = await db.send(new QueryCommand({ ...base, Limit: 2 }));
      const start = page.LastEvaluatedKey!;
      const cases: [string, Item, string][] = [
        ['only the table key', { pk: start.pk, sk: start.sk }, 'The provided starting key is invalid'],
        ['an attribute too many', { ...start, extra: s('e') }, 'The provided starting key is invalid'],
        ['the index sort key missing', { pk: start.pk, sk: start.sk, title: start.title, other: s('x') }, 'The provided starting key is invalid'],
        ['the index key of another type', { ...start, score: s('1') }, 'The provided starting key is invalid'],
        ['the table key of another type', { ...start, sk: s('1') }, 'The provided starting key is invalid: The provided key element does not match the schema'],
        ['another index partition', { ...start, title: s('beta') }, 'The provided starting key is outside query boundaries based on provided conditions'],
      ];
      for (const [label, key, message] of cases) {
        await expectError(db.send(new QueryCommand({ ...base, ExclusiveStartKey: key })), 'ValidationException', message).catch((e: Error) => {
          throw new Error(`${label}: ${e.message}`);
        });
      }
      await expectError(
        db.send(new QueryCommand({ ...base, KeyConditionExpression: 'title = :t AND score > :z', ExpressionAttributeValues: { ':t': s('alpha'), ':z': n(100) }, ExclusiveStartKey: start })),
        'ValidationException',
        'The provided starting key does not match the range key predicate',
      );
      const rest = await db.send(new QueryCommand({ ...base, ExclusiveStartKey: start }));
      assert.deepEqual([...page.Items!, ...rest.Items!], expectedQuery(GSI_ALL, items, [s('alpha')]));
    });
  });

  describe('index content follows writes', () => {
    const byTitle = async (title: string) =>
      ids((await queryAll(db, { TableName: 'Games', IndexName: GSI_KEYS.name, KeyConditionExpression: 'title = :t', ExpressionAttributeValues: { ':t': s(title) } })).items);

    test('sparse: items without the index key are absent', async () => {
      const withoutTitle = items.filter((item) => !item.title);
      assert.ok(withoutTitle.length > 0);
      const scanned = await scanAll(db, { TableName: 'Games', IndexName: GSI_KEYS.name });
      const present = new Set(ids(scanned));
      for (const item of withoutTitle) assert.ok(!present.has(`${item.pk.S}/${item.sk.N}`));
      assert.equal(scanned.length, items.length - withoutTitle.length);
    });

    test('an update moving an item between index keys, a key removed, a delete', async () => {
      await db.send(new PutItemCommand({ TableName: 'Games', Item: { pk: s('mv'), sk: n(1), title: s('omega'), level: s('L5'), note: s('m') } }));
      assert.deepEqual(await byTitle('omega'), ['mv/1']);
      await db.send(new UpdateItemCommand({ TableName: 'Games', Key: { pk: s('mv'), sk: n(1) }, UpdateExpression: 'SET title = :t', ExpressionAttributeValues: { ':t': s('psi') } }));
      assert.deepEqual(await byTitle('omega'), []);
      assert.deepEqual(await byTitle('psi'), ['mv/1']);
      const include = await db.send(new QueryCommand({ TableName: 'Games', IndexName: GSI_INCLUDE.name, KeyConditionExpression: 'title = :t', ExpressionAttributeValues: { ':t': s('psi') } }));
      assert.deepEqual(include.Items, [{ pk: s('mv'), sk: n(1), title: s('psi'), level: s('L5'), note: s('m') }]);
      await db.send(new UpdateItemCommand({ TableName: 'Games', Key: { pk: s('mv'), sk: n(1) }, UpdateExpression: 'SET note = :n REMOVE #l', ExpressionAttributeNames: { '#l': 'level' }, ExpressionAttributeValues: { ':n': s('m2') } }));
      assert.deepEqual((await db.send(new QueryCommand({ TableName: 'Games', IndexName: GSI_INCLUDE.name, KeyConditionExpression: 'title = :t', ExpressionAttributeValues: { ':t': s('psi') } }))).Items, []);
      assert.deepEqual(await byTitle('psi'), ['mv/1']);
      await db.send(new DeleteItemCommand({ TableName: 'Games', Key: { pk: s('mv'), sk: n(1) } }));
      assert.deepEqual(await byTitle('psi'), []);
    });
  });
});

// ---------------------------------------------------------------- multi-attribute GSI keys

describe('Query on a multi-attribute GSI key', () => {
  let t: TestServer;
  let db: DynamoDBClient;
  const MULTI: IndexModel = { name: 'byMatch', partition: ['tournament', 'league'], sort: ['round', 'bracket', 'seq'] };
  const items: Item[] = [];
  let i = 0;
  for (const tournament of ['T1', 'T2']) {
    for (const league of ['EU', 'NA']) {
      for (const round of ['final', 'quarter', 'semi']) {
        for (const bracket of [1, 2, 10]) {
          for (const seq of [-1, 2]) {
            i++;
            const item: Item = { pk: s(`m${i}`), sk: n(i % 3), tournament: s(tournament), league: s(league), round: s(round), bracket: n(bracket), seq: n(seq) };
            if (i % 11 === 0) delete item.seq; // sparse: not in the index
            items.push(item);
          }
        }
      }
    }
  }

  before(async () => {
    t = await startTestServer();
    db = t.client();
    await db.send(
      new CreateTableCommand(tableInput('Matches', 'pk:S sk:N', { AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['tournament', 'S'], ['league', 'S'], ['round', 'S'], ['bracket', 'N'], ['seq', 'N']), GlobalSecondaryIndexes: [{ IndexName: MULTI.name, KeySchema: schemaOf(MULTI), Projection: { ProjectionType: 'ALL' } }] })),
    );
    await writeAll(db, 'Matches', items);
  });
  after(() => t.close());

  const values = { ':t': s('T1'), ':r': s('EU'), ':ro': s('quarter'), ':ro2': s('semi'), ':f': s('f'), ':b': n(2), ':b2': n(10), ':q': n(0) };
  const run = (expression: string) =>
    queryAll(
      db,
      {
        TableName: 'Matches',
        IndexName: MULTI.name,
        KeyConditionExpression: expression,
        ExpressionAttributeValues: Object.fromEntries(Object.entries(values).filter(([name]) => new RegExp(`${name}(?![0-9a-z])`).test(expression))),
      },
      2,
    );
  const num = (v: AttributeValue) => Number(v.N);

  const valid: [string, (item: Item) => boolean][] = [
    ['tournament = :t AND league = :r', () => true],
    ['league = :r AND tournament = :t AND round = :ro', (x) => x.round.S === 'quarter'],
    ['tournament = :t AND league = :r AND round = :ro AND bracket = :b', (x) => x.round.S === 'quarter' && num(x.bracket) === 2],
    ['tournament = :t AND league = :r AND round = :ro AND bracket = :b AND seq > :q', (x) => x.round.S === 'quarter' && num(x.bracket) === 2 && num(x.seq) > 0],
    ['tournament = :t AND league = :r AND round = :ro AND bracket = :b AND seq = :b', (x) => x.round.S === 'quarter' && num(x.bracket) === 2 && num(x.seq) === 2],
    ['tournament = :t AND league = :r AND round BETWEEN :ro AND :ro2', (x) => x.round.S! >= 'quarter' && x.round.S! <= 'semi'],
    ['tournament = :t AND league = :r AND begins_with(round, :f)', (x) => x.round.S!.startsWith('f')],
    ['tournament = :t AND league = :r AND round < :ro', (x) => x.round.S! < 'quarter'],
    ['tournament = :t AND league = :r AND round >= :ro', (x) => x.round.S! >= 'quarter'],
    ['tournament = :t AND league = :r AND round = :ro AND bracket <= :b', (x) => x.round.S === 'quarter' && num(x.bracket) <= 2],
    ['tournament = :t AND league = :r AND round = :ro AND bracket >= :b2', (x) => x.round.S === 'quarter' && num(x.bracket) >= 10],
    ['tournament = :t AND league = :r AND round = :ro AND bracket BETWEEN :b AND :b2', (x) => x.round.S === 'quarter' && num(x.bracket) >= 2 && num(x.bracket) <= 10],
  ];
  for (const [expression, keep] of valid) {
    test(`accepts ${expression}`, async () => {
      const expected = expectedQuery(MULTI, items, [s('T1'), s('EU')], keep);
      assert.ok(expected.length > 0);
      const forward = await run(expression);
      assert.deepEqual(forward.items, expected);
      for (const names of forward.keys) assert.deepEqual(names, ['bracket', 'league', 'pk', 'round', 'seq', 'sk', 'tournament']);
    });
  }

  test('descending, paged, ordered by the sort attributes left to right', async () => {
    const expected = expectedQuery(MULTI, items, [s('T2'), s('NA')]);
    const res = await queryAll(db, { TableName: 'Matches', IndexName: MULTI.name, KeyConditionExpression: 'tournament = :t AND league = :r', ExpressionAttributeValues: { ':t': s('T2'), ':r': s('NA') }, ScanIndexForward: false }, 3);
    assert.deepEqual(res.items, [...expected].reverse());
    assert.ok(expected.every((item) => item.seq !== undefined), 'items without seq are not in the index');
    assert.equal(expected.length, items.filter((x) => x.tournament.S === 'T2' && x.league.S === 'NA' && x.seq).length);
  });

  // every HASH attribute needs an equality; RANGE attributes left to right, only the last a range
  const hash = (attribute: string) => `Query key condition not supported: every HASH key attribute of the index needs an equality condition; attribute: ${attribute}`;
  const range = (attribute: string) =>
    `Query key condition not supported: RANGE key attributes of the index are constrained in KeySchema order, each with an equality condition but the last, which may be a range condition or begins_with; attribute: ${attribute}`;
  const invalid: [string, string][] = [
    ['tournament = :t', hash('league')],
    ['league = :r AND round = :ro', hash('tournament')],
    ['tournament = :t AND league > :r', hash('league')],
    ['tournament = :t AND begins_with(league, :r)', hash('league')],
    ['tournament = :t AND league = :r AND bracket = :b', range('round')],
    ['tournament = :t AND league = :r AND round = :ro AND seq = :b', range('bracket')],
    ['tournament = :t AND league = :r AND round > :ro AND bracket = :b', range('round')],
    ['tournament = :t AND league = :r AND begins_with(round, :f) AND bracket = :b AND seq = :b', range('round')],
    ['tournament = :t AND league = :r AND round = :b', 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
  ];
  for (const [expression, message] of invalid) {
    test(`rejects ${expression}`, async () => {
      await expectError(run(expression), 'ValidationException', message);
    });
  }

  test('legacy KeyConditions with more than two conditions', async () => {
    const res = await db.send(
      new QueryCommand({
        TableName: 'Matches',
        IndexName: MULTI.name,
        KeyConditions: {
          tournament: { ComparisonOperator: 'EQ', AttributeValueList: [s('T1')] },
          league: { ComparisonOperator: 'EQ', AttributeValueList: [s('EU')] },
          round: { ComparisonOperator: 'EQ', AttributeValueList: [s('semi')] },
          bracket: { ComparisonOperator: 'GT', AttributeValueList: [n(1)] },
        },
      }),
    );
    assert.deepEqual(res.Items, expectedQuery(MULTI, items, [s('T1'), s('EU')], (x) => x.round.S === 'semi' && num(x.bracket) > 1));
    await expectError(
      db.send(
        new QueryCommand({
          TableName: 'Matches',
          IndexName: MULTI.name,
          KeyConditions: {
            tournament: { ComparisonOperator: 'EQ', AttributeValueList: [s('T1')] },
            league: { ComparisonOperator: 'EQ', AttributeValueList: [s('EU')] },
            bracket: { ComparisonOperator: 'GT', AttributeValueList: [n(1)] },
          },
        }),
      ),
      'ValidationException',
      range('round'),
    );
  });

  test('an ExclusiveStartKey must lie in the selected range', async () => {
    const page = await db.send(new QueryCommand({ TableName: 'Matches', IndexName: MULTI.name, KeyConditionExpression: 'tournament = :t AND league = :r AND round = :ro', ExpressionAttributeValues: { ':t': s('T1'), ':r': s('EU'), ':ro': s('semi') }, Limit: 1 }));
    await expectError(
      db.send(new QueryCommand({ TableName: 'Matches', IndexName: MULTI.name, KeyConditionExpression: 'tournament = :t AND league = :r AND round = :ro', ExpressionAttributeValues: { ':t': s('T1'), ':r': s('EU'), ':ro': s('final') }, ExclusiveStartKey: page.LastEvaluatedKey })),
      'ValidationException',
      'The provided starting key does not match the range key predicate',
    );
  });

  test('a parallel scan of a multi-attribute index', async () => {
    const expected = items.filter((x) => x.seq !== undefined).length;
    const segments = await Promise.all([0, 1, 2].map((Segment) => scanAll(db, { TableName: 'Matches', IndexName: MULTI.name, Segment, TotalSegments: 3 }, 5)));
    const all = segments.flat().map((x) => x.pk.S);
    assert.equal(all.length, expected);
    assert.equal(new Set(all).size, expected);
  });
});

// ---------------------------------------------------------------- index pages and their LastEvaluatedKey

describe('index pages: LastEvaluatedKey from the entry read, ties on the index key, 1 MB', () => {
  let t: TestServer;
  let db: DynamoDBClient;
  // every item has the same GSI key (color, rank) and the same LSI sort key (rank): entries
  // of an index partition tie on the index key and are ordered by the table key alone
  const items: Item[] = [];
  for (let p = 0; p < 3; p++) for (let k = 0; k < 4; k++) items.push({ pk: s(`t${p}`), sk: n(k), color: s('red'), rank: n(7), note: s(`${p}-${k}`), odd: { BOOL: k % 2 === 1 } });
  const BY_COLOR: IndexModel = { name: 'byColor', partition: ['color'], sort: ['rank'], include: [] };
  const BY_COLOR_ONLY: IndexModel = { name: 'byColorOnly', partition: ['color'], sort: [], include: ['odd'] };
  const BY_RANK: IndexModel = { name: 'byRank', partition: ['pk'], sort: ['rank'], include: [] };
  // 14 items of about 100,000 bytes with the same index key: 10 are under 1 MiB, 11 cross it
  const big: Item[] = Array.from({ length: 14 }, (_, i) => ({ pk: s(`big${i % 3}`), sk: n(i), color: s('huge'), rank: n(1), data: s('x'.repeat(100_000)) }));
  const BIG_ALL: IndexModel = { name: 'allByColor', partition: ['color'], sort: ['rank'] };
  const BIG_KEYS: IndexModel = { name: 'keysByColor', partition: ['color'], sort: ['rank'], include: [] };

  before(async () => {
    t = await startTestServer();
    db = t.client();
    await db.send(
      new CreateTableCommand(tableInput('Ties', 'pk:S sk:N', { AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['color', 'S'], ['rank', 'N']), LocalSecondaryIndexes: [{ IndexName: BY_RANK.name, KeySchema: schemaOf(BY_RANK), Projection: projection(BY_RANK) }], GlobalSecondaryIndexes: [BY_COLOR, BY_COLOR_ONLY].map((ix) => ({ IndexName: ix.name, KeySchema: schemaOf(ix), Projection: projection(ix) })) })),
    );
    await writeAll(db, 'Ties', items);
    await db.send(
      new CreateTableCommand(tableInput('Big', 'pk:S sk:N', { AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['color', 'S'], ['rank', 'N']), GlobalSecondaryIndexes: [BIG_ALL, BIG_KEYS].map((ix) => ({ IndexName: ix.name, KeySchema: schemaOf(ix), Projection: projection(ix) })) })),
    );
    for (const Item of big) await db.send(new PutItemCommand({ TableName: 'Big', Item }));
  });
  after(() => t.close());

  const positionOf = (index: IndexModel, item: Item): Item =>
    Object.fromEntries([...new Set([...TABLE_KEYS, ...index.partition, ...index.sort])].map((name) => [name, item[name]]));

  /** Pages of `limit` items, each started from the previous page's LastEvaluatedKey, checked against the whole read. */
  async function pageThrough(send: (start: Item | undefined) => Promise<{ Items?: Item[]; Count?: number; LastEvaluatedKey?: Item }>, index: IndexModel, fetched = false) {
    const items: Item[] = [];
    let count = 0;
    let start: Item | undefined;
    let pages = 0;
    do {
      const page = await send(start);
      pages++;
      items.push(...(page.Items ?? []));
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
      if (start && page.Items && page.Items.length > 0 && !fetched) {
        // the key attributes of the last entry read (the filter may have dropped it)
        assert.deepEqual(Object.keys(start).sort(), Object.keys(positionOf(index, items[items.length - 1])).sort());
      }
      assert.ok(pages <= 100, 'paging ends');
    } while (start);
    return { items, count, pages };
  }

  for (const index of [BY_COLOR, BY_COLOR_ONLY]) {
    for (const forward of [true, false]) {
      test(`${index.name}, ${forward ? 'forward' : 'backward'}: pages of every size continue from the table key`, async () => {
        const input: QueryCommandInput = { TableName: 'Ties', IndexName: index.name, KeyConditionExpression: 'color = :c', ExpressionAttributeValues: { ':c': s('red') }, ScanIndexForward: forward };
        const whole = (await db.send(new QueryCommand(input))).Items!;
        const expected = expectedQuery(index, items, [s('red')]);
        assert.deepEqual(whole, forward ? expected : [...expected].reverse());
        for (const limit of [1, 2, 3, 5, 12]) {
          const paged = await pageThrough((start) => db.send(new QueryCommand({ ...input, Limit: limit, ...(start ? { ExclusiveStartKey: start } : {}) })), index);
          assert.deepEqual(paged.items, whole, `Limit ${limit}`);
          assert.equal(paged.pages, Math.floor(whole.length / limit) + 1);
          const first = await db.send(new QueryCommand({ ...input, Limit: limit }));
          assert.deepEqual(first.LastEvaluatedKey, positionOf(index, whole[limit - 1]));
        }
      });
    }
  }

  test('filtered and counted pages name the last entry read, kept or not', async () => {
    const input: QueryCommandInput = {
      TableName: 'Ties',
      IndexName: BY_COLOR_ONLY.name,
      KeyConditionExpression: 'color = :c',
      FilterExpression: 'odd = :t',
      ExpressionAttributeValues: { ':c': s('red'), ':t': { BOOL: true } },
    };
    const all = expectedQuery(BY_COLOR_ONLY, items, [s('red')]);
    for (const limit of [1, 2, 5]) {
      const page = await db.send(new QueryCommand({ ...input, Limit: limit }));
      assert.equal(page.ScannedCount, limit);
      assert.deepEqual(page.Items, all.slice(0, limit).filter((e) => e.odd.BOOL));
      assert.deepEqual(page.LastEvaluatedKey, positionOf(BY_COLOR_ONLY, all[limit - 1]));
      const filtered = await pageThrough((start) => db.send(new QueryCommand({ ...input, Limit: limit, ...(start ? { ExclusiveStartKey: start } : {}) })), BY_COLOR_ONLY);
      assert.deepEqual(filtered.items, all.filter((e) => e.odd.BOOL));
      const counted = await pageThrough((start) => db.send(new QueryCommand({ ...input, Select: 'COUNT', Limit: limit, ...(start ? { ExclusiveStartKey: start } : {}) })), BY_COLOR_ONLY);
      assert.equal(counted.count, all.filter((e) => e.odd.BOOL).length);
      const countPage = await db.send(new QueryCommand({ ...input, Select: 'COUNT', Limit: limit }));
      assert.deepEqual(countPage.LastEvaluatedKey, page.LastEvaluatedKey);
    }
  });

  test('a Scan of an index in pages of one: every entry once, in the order of the whole scan', async () => {
    for (const index of [BY_COLOR, BY_COLOR_ONLY, BY_RANK]) {
      const whole = (await db.send(new ScanCommand({ TableName: 'Ties', IndexName: index.name }))).Items!;
      assert.equal(whole.length, items.length);
      const paged = await pageThrough((start) => db.send(new ScanCommand({ TableName: 'Ties', IndexName: index.name, Limit: 1, ...(start ? { ExclusiveStartKey: start } : {}) })), index);
      assert.deepEqual(paged.items, whole, index.name);
    }
  });

  test('an LSI reading items from the table pages through ties on its sort key', async () => {
    const input: QueryCommandInput = { TableName: 'Ties', IndexName: BY_RANK.name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': s('t1') }, Select: 'ALL_ATTRIBUTES' };
    const expected = items.filter((item) => item.pk.S === 't1');
    for (const limit of [1, 3]) {
      const paged = await pageThrough((start) => db.send(new QueryCommand({ ...input, Limit: limit, ...(start ? { ExclusiveStartKey: start } : {}) })), BY_RANK, true);
      assert.deepEqual(paged.items, expected);
      const first = await db.send(new QueryCommand({ ...input, Limit: limit }));
      assert.deepEqual(first.LastEvaluatedKey, positionOf(BY_RANK, expected[limit - 1]));
    }
  });

  test('1 MB index pages: the entry that crosses 1 MB ends the page and names where the next begins', async () => {
    const expected = expectedQuery(BIG_ALL, big, [s('huge')]);
    const query = (index: IndexModel, extra: Partial<QueryCommandInput> = {}) =>
      db.send(new QueryCommand({ TableName: 'Big', IndexName: index.name, KeyConditionExpression: 'color = :c', ExpressionAttributeValues: { ':c': s('huge') }, ...extra }));
    const first = await query(BIG_ALL);
    assert.equal(first.Count, 11);
    assert.deepEqual(first.Items, expected.slice(0, 11));
    assert.deepEqual(first.LastEvaluatedKey, positionOf(BIG_ALL, expected[10]));
    const second = await query(BIG_ALL, { ExclusiveStartKey: first.LastEvaluatedKey });
    assert.equal(second.Count, 3);
    assert.equal(second.LastEvaluatedKey, undefined);
    assert.deepEqual(second.Items, expected.slice(11));
    // counted, filtered, backwards: the same data read per page
    const counted = await query(BIG_ALL, { Select: 'COUNT' });
    assert.deepEqual([counted.Count, counted.LastEvaluatedKey], [11, first.LastEvaluatedKey]);
    const filtered = await query(BIG_ALL, { FilterExpression: 'attribute_not_exists(#d)', ExpressionAttributeNames: { '#d': 'data' } });
    assert.deepEqual([filtered.Count, filtered.ScannedCount, filtered.LastEvaluatedKey], [0, 11, first.LastEvaluatedKey]);
    const backward = await query(BIG_ALL, { ScanIndexForward: false });
    assert.deepEqual(backward.LastEvaluatedKey, positionOf(BIG_ALL, expected[3]));
    const scanned = await db.send(new ScanCommand({ TableName: 'Big', IndexName: BIG_ALL.name }));
    assert.equal(scanned.Count, 11);
    assert.deepEqual(scanned.LastEvaluatedKey, positionOf(BIG_ALL, scanned.Items![10]));
    // KEYS_ONLY entries are small: one page
    const keys = await query(BIG_KEYS);
    assert.deepEqual([keys.Count, keys.LastEvaluatedKey], [14, undefined]);
  });
});
