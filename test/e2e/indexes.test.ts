/**
 * Secondary indexes, write side: CreateTable with LSIs and GSIs (every kind, projection
 * and validation error), DescribeTable's index descriptions, and index maintenance by
 * every write path, checked through DescribeTable counters and against the storage
 * (until Query/Scan read indexes, the storage is where index content is visible).
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  UpdateItemCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type LocalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ACCOUNT_ID } from '../../src/auth/credentials.js';
import type { Item } from '../../src/model/attribute-value.js';
import type { Table } from '../../src/storage/types.js';
import { allRows, assertIndexMatchesTable, storedTable, tenantOf } from '../helpers/storage.js';
import { expectError, startTestServer, type TestServer } from '../helpers/server.js';
import { defs, gsi, keySchema, lsi, tableInput } from '../helpers/tables.js';

type SdkItem = Record<string, AttributeValue>;

const ARN = `arn:aws:dynamodb:us-east-1:${TEST_ACCOUNT_ID}:table`;
const INVALID = 'One or more parameter values were invalid: ';

/** The storage view of a table of the test account. */
const tableOf = (t: TestServer, name: string): Promise<Table> => storedTable(tenantOf(t), name);

/** Asserts that every index of the table holds exactly the entries the table's items imply; returns entry counts by index name. */
async function assertIndexesMatchTable(t: TestServer, name: string): Promise<Record<string, number>> {
  const table = await tableOf(t, name);
  const counts: Record<string, number> = {};
  for (const index of table.indexes) counts[index.name] = await assertIndexMatchesTable(table, index);
  return counts;
}


/** A PAY_PER_REQUEST table (pk S, sk N) with one LSI (l S) and one GSI (g S), all ALL. */
const indexedTable = (name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput =>
  tableInput(name, 'pk:S sk:N', {
    AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S'], ['l', 'S']),
    LocalSecondaryIndexes: [lsi('lsi', 'pk:S l:S')],
    GlobalSecondaryIndexes: [gsi('gsi', 'g:S')],
    ...extra,
  });

const gsiOn = (name: string, keys: [string, 'HASH' | 'RANGE'][], extra: Partial<GlobalSecondaryIndex> = {}): GlobalSecondaryIndex => ({
  IndexName: name,
  KeySchema: keySchema(...keys),
  Projection: { ProjectionType: 'ALL' },
  ...extra,
});

describe('secondary indexes', () => {
  let t: TestServer;
  let db: DynamoDBClient;
  before(async () => {
    t = await startTestServer();
    db = t.client();
  });
  after(() => t.close());

  describe('CreateTable and DescribeTable', () => {
    test('every index kind and projection, described as DynamoDB describes them', async () => {
      const locals: LocalSecondaryIndex[] = [
        { IndexName: 'lsiAll', KeySchema: keySchema(['pk', 'HASH'], ['l', 'RANGE']), Projection: { ProjectionType: 'ALL' } },
        { IndexName: 'lsiKeys', KeySchema: keySchema(['pk', 'HASH'], ['n', 'RANGE']), Projection: { ProjectionType: 'KEYS_ONLY' } },
        { IndexName: 'lsiSome', KeySchema: keySchema(['pk', 'HASH'], ['sk', 'RANGE']), Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['z', 'a'] } },
      ];
      const globals: GlobalSecondaryIndex[] = [
        gsiOn('byG', [['g', 'HASH']], { ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 } }),
        gsiOn('byGN', [['g', 'HASH'], ['n', 'RANGE']], { Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
        gsiOn('multi', [['g', 'HASH'], ['m', 'HASH'], ['n', 'RANGE'], ['l', 'RANGE']], {
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['b'] },
          ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 },
        }),
      ];
      const created = await db.send(
        new CreateTableCommand(tableInput('AllKinds', 'pk:S sk:N', { AttributeDefinitions: defs(['sk', 'N'], ['pk', 'S'], ['n', 'N'], ['m', 'B'], ['l', 'S'], ['g', 'S']), ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 }, LocalSecondaryIndexes: locals, GlobalSecondaryIndexes: globals })),
      );
      const c = created.TableDescription!;
      assert.equal(c.TableStatus, 'CREATING');
      assert.deepEqual(c.GlobalSecondaryIndexes!.map((g) => g.IndexStatus), ['CREATING', 'CREATING', 'CREATING']);
      assert.deepEqual(
        c.AttributeDefinitions!.map((d) => d.AttributeName),
        ['g', 'l', 'm', 'n', 'pk', 'sk'],
      );

      const d = (await db.send(new DescribeTableCommand({ TableName: 'AllKinds' }))).Table!;
      assert.equal(d.TableStatus, 'ACTIVE');
      assert.deepEqual(d.LocalSecondaryIndexes, [
        { IndexName: 'lsiAll', KeySchema: locals[0].KeySchema, Projection: { ProjectionType: 'ALL' }, IndexSizeBytes: 0, ItemCount: 0, IndexArn: `${ARN}/AllKinds/index/lsiAll` },
        { IndexName: 'lsiKeys', KeySchema: locals[1].KeySchema, Projection: { ProjectionType: 'KEYS_ONLY' }, IndexSizeBytes: 0, ItemCount: 0, IndexArn: `${ARN}/AllKinds/index/lsiKeys` },
        {
          IndexName: 'lsiSome',
          KeySchema: locals[2].KeySchema,
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a', 'z'] },
          IndexSizeBytes: 0,
          ItemCount: 0,
          IndexArn: `${ARN}/AllKinds/index/lsiSome`,
        },
      ]);
      const throughput = (r: number, w: number) => ({ NumberOfDecreasesToday: 0, ReadCapacityUnits: r, WriteCapacityUnits: w });
      assert.deepEqual(d.GlobalSecondaryIndexes, [
        {
          IndexName: 'byG',
          KeySchema: globals[0].KeySchema,
          Projection: { ProjectionType: 'ALL' },
          IndexStatus: 'ACTIVE',
          ProvisionedThroughput: throughput(3, 4),
          IndexSizeBytes: 0,
          ItemCount: 0,
          IndexArn: `${ARN}/AllKinds/index/byG`,
        },
        {
          IndexName: 'byGN',
          KeySchema: globals[1].KeySchema,
          Projection: { ProjectionType: 'KEYS_ONLY' },
          IndexStatus: 'ACTIVE',
          ProvisionedThroughput: throughput(1, 1),
          IndexSizeBytes: 0,
          ItemCount: 0,
          IndexArn: `${ARN}/AllKinds/index/byGN`,
        },
        {
          IndexName: 'multi',
          KeySchema: globals[2].KeySchema,
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['b'] },
          IndexStatus: 'ACTIVE',
          ProvisionedThroughput: throughput(2, 2),
          IndexSizeBytes: 0,
          ItemCount: 0,
          IndexArn: `${ARN}/AllKinds/index/multi`,
        },
      ]);
    });

    test('GSIs of a PAY_PER_REQUEST table report zero throughput', async () => {
      await db.send(new CreateTableCommand(indexedTable('OnDemandIndexes')));
      const d = (await db.send(new DescribeTableCommand({ TableName: 'OnDemandIndexes' }))).Table!;
      assert.deepEqual(d.GlobalSecondaryIndexes![0].ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
      assert.equal(d.LocalSecondaryIndexes![0].IndexArn, `${ARN}/OnDemandIndexes/index/lsi`);
      assert.equal('ProvisionedThroughput' in d.LocalSecondaryIndexes![0], false);
    });

    test('accepted edge cases: a GSI identical to the table key, an LSI on the table sort key, 5 LSIs and 20 GSIs', async () => {
      await db.send(
        new CreateTableCommand(
          indexedTable('Edges', {
            LocalSecondaryIndexes: Array.from({ length: 5 }, (_, i) => ({
              IndexName: `lsi${i}`,
              KeySchema: keySchema(['pk', 'HASH'], [i === 0 ? 'sk' : 'l', 'RANGE']),
              Projection: { ProjectionType: 'KEYS_ONLY' },
            })),
            GlobalSecondaryIndexes: [gsiOn('Edges', [['pk', 'HASH'], ['sk', 'RANGE']]), ...Array.from({ length: 19 }, (_, i) => gsiOn(`gsi${i}`, [['g', 'HASH']]))],
          }),
        ),
      );
      const d = (await db.send(new DescribeTableCommand({ TableName: 'Edges' }))).Table!;
      assert.equal(d.LocalSecondaryIndexes!.length, 5);
      assert.equal(d.GlobalSecondaryIndexes!.length, 20);
    });

    describe('validation errors', () => {
      const lsi = (keys: [string, 'HASH' | 'RANGE'][], extra: Partial<LocalSecondaryIndex> = {}): LocalSecondaryIndex => ({
        IndexName: 'lsi',
        KeySchema: keySchema(...keys),
        Projection: { ProjectionType: 'ALL' },
        ...extra,
      });
      const many = (n: number, make: (i: number) => GlobalSecondaryIndex) => Array.from({ length: n }, (_, i) => make(i));
      const cases: [string, Partial<CreateTableCommandInput>, string][] = [
        ['duplicate attribute definition', { AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S'], ['l', 'S'], ['pk', 'N']) }, 'Attribute Name is duplicated: pk'],
        [
          'more table key elements than definitions',
          { KeySchema: keySchema(['pk', 'HASH'], ['pk', 'RANGE']), AttributeDefinitions: defs(['pk', 'S']), LocalSecondaryIndexes: undefined, GlobalSecondaryIndexes: undefined },
          'Invalid KeySchema: Some index key attribute have no definition',
        ],
        [
          'table key attributes not defined (keys listed as a Java HashSet lists them)',
          { AttributeDefinitions: defs(['g', 'S'], ['l', 'S']) },
          `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [sk, pk], AttributeDefinitions: [g, l]`,
        ],
        [
          'an attribute definition no key uses',
          { AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S'], ['l', 'S'], ['extra', 'S']) },
          `${INVALID}Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, g, l, extra], keys used: [g, sk, pk, l]`,
        ],
        [
          'a GSI key attribute not defined',
          { AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['l', 'S']), GlobalSecondaryIndexes: [gsiOn('gsi', [['q', 'HASH']])] },
          `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [q], AttributeDefinitions: [pk, sk, l]`,
        ],
        ['empty LocalSecondaryIndexes', { LocalSecondaryIndexes: [] }, `${INVALID}List of LocalSecondaryIndexes is empty`],
        ['empty GlobalSecondaryIndexes', { GlobalSecondaryIndexes: [] }, `${INVALID}List of GlobalSecondaryIndexes is empty`],
        [
          'LSI on a table without a sort key',
          { KeySchema: keySchema(['pk', 'HASH']), AttributeDefinitions: defs(['pk', 'S'], ['g', 'S'], ['l', 'S']) },
          `${INVALID}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`,
        ],
        [
          'LSI without a sort key',
          { AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S']), LocalSecondaryIndexes: [lsi([['pk', 'HASH']])] },
          `${INVALID}Index KeySchema does not have a range key for index: lsi`,
        ],
        [
          'LSI with another partition key',
          { LocalSecondaryIndexes: [lsi([['sk', 'HASH'], ['l', 'RANGE']])] },
          `${INVALID}Index KeySchema does not have the same leading hash key as table KeySchema for index: lsi. index hash key: sk, table hash key: pk`,
        ],
        ['LSI key starting with RANGE', { LocalSecondaryIndexes: [lsi([['l', 'RANGE'], ['pk', 'HASH']])] }, 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type'],
        ['LSI with two HASH elements', { LocalSecondaryIndexes: [lsi([['pk', 'HASH'], ['l', 'HASH']])] }, 'Invalid KeySchema: The second KeySchemaElement is not a RANGE key type'],
        [
          'LSI key with three elements',
          { LocalSecondaryIndexes: [lsi([['pk', 'HASH'], ['l', 'RANGE'], ['sk', 'RANGE']])] },
          "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), KeySchemaElement(attributeName=l, keyType=RANGE), KeySchemaElement(attributeName=sk, keyType=RANGE)]' at 'localSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member must have length less than or equal to 2",
        ],
        [
          'six LSIs',
          { LocalSecondaryIndexes: Array.from({ length: 6 }, (_, i) => lsi([['pk', 'HASH'], ['l', 'RANGE']], { IndexName: `lsi${i}` })) },
          `${INVALID}Number of LocalSecondaryIndexes exceeds per-table limit of 5`,
        ],
        ['21 GSIs', { GlobalSecondaryIndexes: many(21, (i) => gsiOn(`gsi${i}`, [['g', 'HASH']])) }, `${INVALID}GlobalSecondaryIndex count exceeds the per-table limit of 20`],
        ['duplicate index name across LSI and GSI', { GlobalSecondaryIndexes: [gsiOn('lsi', [['g', 'HASH']])] }, `${INVALID}Duplicate index name: lsi`],
        ['duplicate GSI names', { GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH']]), gsiOn('gsi', [['l', 'HASH']])] }, `${INVALID}Duplicate index name: gsi`],
        ['projection without a type', { GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH']], { Projection: {} })] }, `${INVALID}Unknown ProjectionType: null`],
        [
          'NonKeyAttributes with KEYS_ONLY',
          { GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH']], { Projection: { ProjectionType: 'KEYS_ONLY', NonKeyAttributes: ['x'] } })] },
          `${INVALID}ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified`,
        ],
        [
          'NonKeyAttributes with ALL',
          { LocalSecondaryIndexes: [lsi([['pk', 'HASH'], ['l', 'RANGE']], { Projection: { ProjectionType: 'ALL', NonKeyAttributes: ['x'] } })] },
          `${INVALID}ProjectionType is ALL, but NonKeyAttributes is specified`,
        ],
        [
          'INCLUDE without NonKeyAttributes',
          { GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH']], { Projection: { ProjectionType: 'INCLUDE' } })] },
          `${INVALID}ProjectionType is INCLUDE, but NonKeyAttributes is not specified`,
        ],
        [
          'duplicate NonKeyAttributes',
          { GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH']], { Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['x', 'y', 'x'] } })] },
          `${INVALID}Duplicate element in NonKeyAttributes: x`,
        ],
        [
          'more than 100 NonKeyAttributes over all indexes',
          {
            GlobalSecondaryIndexes: many(6, (i) =>
              gsiOn(`gsi${i}`, [['g', 'HASH']], { Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: Array.from({ length: 20 }, (_, j) => `a${i}_${j}`) } }),
            ),
          },
          `${INVALID}Number of NonKeyAttributes in all indexes exceeds the per-table limit of 100`,
        ],
        [
          'NonKeyAttributes over 20 in one index',
          { GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH']], { Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: Array.from({ length: 21 }, (_, j) => `a${j}`) } })] },
          `1 validation error detected: Value '[${Array.from({ length: 21 }, (_, j) => `a${j}`).join(', ')}]' at 'globalSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy constraint: Member must have length less than or equal to 20`,
        ],
        [
          'GSI throughput on a PAY_PER_REQUEST table',
          { GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH']], { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } })] },
          `${INVALID}ProvisionedThroughput should not be specified for index: gsi when BillingMode is PAY_PER_REQUEST`,
        ],
        [
          'GSI without throughput on a PROVISIONED table',
          { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
          `${INVALID}ProvisionedThroughput is not specified for index: gsi`,
        ],
        ['short index name', { GlobalSecondaryIndexes: [gsiOn('ab', [['g', 'HASH']])] }, "1 validation error detected: Value 'ab' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3"],
        [
          'index name with a bad character',
          { GlobalSecondaryIndexes: [gsiOn('by g', [['g', 'HASH']])] },
          "1 validation error detected: Value 'by g' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        ],
        [
          'GSI without projection',
          { GlobalSecondaryIndexes: [{ IndexName: 'gsi', KeySchema: keySchema(['g', 'HASH']) } as GlobalSecondaryIndex] },
          "1 validation error detected: Value null at 'globalSecondaryIndexes.1.member.projection' failed to satisfy constraint: Member must not be null",
        ],
        // multi-attribute keys
        ['GSI key starting with RANGE', { GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'RANGE'], ['l', 'HASH']])] }, 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type'],
        ['GSI hash and range of the same name', { GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH'], ['g', 'RANGE']])] }, 'Both the Hash Key and the Range Key element in the KeySchema have the same name'],
        ['GSI key naming an attribute twice', { GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH'], ['g', 'HASH'], ['l', 'RANGE']])] }, 'The KeySchema contains multiple key attributes with the same name'],
        ['GSI HASH after RANGE', { GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH'], ['l', 'RANGE'], ['pk', 'HASH']])] }, `${INVALID}All HASH key attributes must precede RANGE key attributes in the KeySchema`],
        [
          'five GSI partition attributes',
          {
            AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S'], ['l', 'S'], ['a', 'S'], ['b', 'S']),
            GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH'], ['l', 'HASH'], ['a', 'HASH'], ['b', 'HASH'], ['pk', 'HASH']])],
          },
          `${INVALID}The KeySchema exceeds the maximum allowed number of HASH key attributes`,
        ],
        [
          'five GSI sort attributes',
          {
            AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S'], ['l', 'S'], ['a', 'S'], ['b', 'S']),
            GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH'], ['l', 'RANGE'], ['a', 'RANGE'], ['b', 'RANGE'], ['pk', 'RANGE'], ['sk', 'RANGE']])],
          },
          `${INVALID}The KeySchema exceeds the maximum allowed number of RANGE key attributes`,
        ],
      ];
      for (const [label, change, message] of cases) {
        test(label, async () => {
          await expectError(db.send(new CreateTableCommand({ ...indexedTable('Invalid'), ...change })), 'ValidationException', message);
        });
      }

      test('four partition and four sort attributes are accepted', async () => {
        await db.send(
          new CreateTableCommand(
            indexedTable('EightKeys', {
              AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S'], ['l', 'S'], ['a', 'S'], ['b', 'N'], ['c', 'B'], ['d', 'S']),
              GlobalSecondaryIndexes: [gsiOn('gsi', [['g', 'HASH'], ['a', 'HASH'], ['b', 'HASH'], ['c', 'HASH'], ['d', 'RANGE'], ['l', 'RANGE'], ['pk', 'RANGE'], ['sk', 'RANGE']])],
            }),
          ),
        );
        const d = (await db.send(new DescribeTableCommand({ TableName: 'EightKeys' }))).Table!;
        assert.deepEqual(
          d.GlobalSecondaryIndexes![0].KeySchema!.map((k) => `${k.AttributeName}:${k.KeyType}`),
          ['g:HASH', 'a:HASH', 'b:HASH', 'c:HASH', 'd:RANGE', 'l:RANGE', 'pk:RANGE', 'sk:RANGE'],
        );
      });
    });
  });

  describe('maintenance by every write path', () => {
    const TABLE = 'Maintained';
    before(async () => {
      await db.send(
        new CreateTableCommand(
          indexedTable(TABLE, {
            AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S'], ['l', 'S'], ['m', 'B'], ['n', 'N']),
            LocalSecondaryIndexes: [{ IndexName: 'lsi', KeySchema: keySchema(['pk', 'HASH'], ['l', 'RANGE']), Projection: { ProjectionType: 'KEYS_ONLY' } }],
            GlobalSecondaryIndexes: [
              gsiOn('gsi', [['g', 'HASH']]),
              gsiOn('some', [['g', 'HASH'], ['n', 'RANGE']], { Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['b'] } }),
              gsiOn('multi', [['g', 'HASH'], ['m', 'HASH'], ['n', 'RANGE']], { Projection: { ProjectionType: 'KEYS_ONLY' } }),
            ],
          }),
        ),
      );
    });

    const describeCounts = async (): Promise<Record<string, [number, number]>> => {
      const d = (await db.send(new DescribeTableCommand({ TableName: TABLE }))).Table!;
      const out: Record<string, [number, number]> = {};
      for (const i of [...(d.LocalSecondaryIndexes ?? []), ...(d.GlobalSecondaryIndexes ?? [])]) out[i.IndexName!] = [i.ItemCount!, i.IndexSizeBytes!];
      return out;
    };

    const get = async (pk: string, sk: number): Promise<SdkItem | undefined> =>
      (await db.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: pk }, sk: { N: String(sk) } } }))).Item;

    test('PutItem indexes items sparsely, with each projection and its size', async () => {
      await db.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'G1' }, l: { S: 'L' }, m: { B: Buffer.from([1, 2]) }, n: { N: '5' }, b: { S: 'bee' }, other: { S: 'o' } },
        }),
      );
      await db.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'b' }, sk: { N: '1' }, g: { S: 'G1' } } }));
      await db.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'c' }, sk: { N: '1' }, other: { S: 'in no index' } } }));
      assert.deepEqual(await assertIndexesMatchTable(t, TABLE), { lsi: 1, gsi: 2, some: 1, multi: 1 });
      const counts = await describeCounts();
      // KEYS_ONLY LSI entry of 'a': pk(2+1) sk(2+2) l(1+1) = 9 bytes
      assert.deepEqual(counts.lsi, [1, 9]);
      // INCLUDE entry: keys + g(1+2) n(1+2) b(1+3) = 9 + 3 + 3 + 4 - 2 (no l) = 17
      assert.deepEqual(counts.some, [1, 17]);
      const table = await tableOf(t, TABLE);
      assert.equal(counts.gsi[1], (await table.stats()).sizeBytes - (await table.get(table.encodeKey({ pk: { S: 'c' }, sk: { N: '1' } })))!.size);
    });

    test('UpdateItem moves an item between index keys and out of an index', async () => {
      await db.send(
        new UpdateItemCommand({ TableName: TABLE, Key: { pk: { S: 'a' }, sk: { N: '1' } }, UpdateExpression: 'SET g = :g REMOVE l', ExpressionAttributeValues: { ':g': { S: 'G2' } } }),
      );
      await db.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: { S: 'c' }, sk: { N: '1' } }, UpdateExpression: 'SET l = :l', ExpressionAttributeValues: { ':l': { S: 'new' } } }));
      assert.deepEqual(await assertIndexesMatchTable(t, TABLE), { lsi: 1, gsi: 2, some: 1, multi: 1 });
      const gsi = (await tableOf(t, TABLE)).index('gsi')!;
      const entries = (await allRows(gsi)).map((r) => (JSON.parse(r.json) as Item).g);
      assert.deepEqual(entries.map((g) => (g as { S: string }).S).sort(), ['G1', 'G2']);
    });

    test('DeleteItem, BatchWriteItem and TransactWriteItems keep indexes in step', async () => {
      await db.send(new DeleteItemCommand({ TableName: TABLE, Key: { pk: { S: 'b' }, sk: { N: '1' } } }));
      await db.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [TABLE]: [
              { PutRequest: { Item: { pk: { S: 'd' }, sk: { N: '1' }, g: { S: 'G3' }, n: { N: '1' } } } },
              { PutRequest: { Item: { pk: { S: 'd' }, sk: { N: '2' }, g: { S: 'G3' }, l: { S: 'x' } } } },
              { DeleteRequest: { Key: { pk: { S: 'c' }, sk: { N: '1' } } } },
            ],
          },
        }),
      );
      assert.deepEqual(await assertIndexesMatchTable(t, TABLE), { lsi: 1, gsi: 3, some: 2, multi: 1 });
      await db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: { pk: { S: 'e' }, sk: { N: '1' }, g: { S: 'G4' }, m: { B: Buffer.from([9]) }, n: { N: '7' } } } },
            { Update: { TableName: TABLE, Key: { pk: { S: 'd' }, sk: { N: '1' } }, UpdateExpression: 'REMOVE g' } },
            { Delete: { TableName: TABLE, Key: { pk: { S: 'd' }, sk: { N: '2' } } } },
          ],
        }),
      );
      assert.deepEqual(await assertIndexesMatchTable(t, TABLE), { lsi: 0, gsi: 2, some: 2, multi: 2 });
      const counts = await describeCounts();
      assert.deepEqual(
        Object.fromEntries(Object.entries(counts).map(([k, [n]]) => [k, n])),
        { lsi: 0, gsi: 2, some: 2, multi: 2 },
      );
    });

    describe('an unusable index key attribute is rejected before anything is written', () => {
      const cases: [string, SdkItem, string][] = [
        ['GSI key of the wrong type', { g: { N: '1' } }, `${INVALID}Type mismatch for Index Key g Expected: S Actual: N IndexName: gsi`],
        ['LSI key of the wrong type', { l: { N: '1' } }, `${INVALID}Type mismatch for Index Key l Expected: S Actual: N IndexName: lsi`],
        ['multi-attribute key of the wrong type', { m: { S: 'x' } }, `${INVALID}Type mismatch for Index Key m Expected: B Actual: S IndexName: multi`],
        ['a document where a key belongs', { n: { L: [] } }, `${INVALID}Type mismatch for Index Key n Expected: N Actual: L IndexName: some`],
        [
          'an empty string',
          { g: { S: '' } },
          'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsi, IndexKey: g',
        ],
        ['an oversized key', { g: { S: 'x'.repeat(2049) } }, `${INVALID}Size limit exceeded for Index Key g Actual Size: 2049 bytes Max Size: 2048 bytes IndexName: gsi`],
      ];
      for (const [label, bad, message] of cases) {
        test(`PutItem: ${label}`, async () => {
          const before = await get('e', 1);
          await expectError(db.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'new' }, sk: { N: '1' }, ...bad } })), 'ValidationException', message);
          await expectError(db.send(new PutItemCommand({ TableName: TABLE, Item: { ...before!, ...bad } })), 'ValidationException', message);
          assert.equal(await get('new', 1), undefined);
          assert.deepEqual(await get('e', 1), before);
        });
      }

      test('UpdateItem', async () => {
        const before = await get('e', 1);
        await expectError(
          db.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: { S: 'e' }, sk: { N: '1' } }, UpdateExpression: 'SET g = :v', ExpressionAttributeValues: { ':v': { N: '1' } } })),
          'ValidationException',
          `${INVALID}Type mismatch for Index Key g Expected: S Actual: N IndexName: gsi`,
        );
        await expectError(
          db.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: { S: 'new' }, sk: { N: '2' } }, UpdateExpression: 'SET l = :v', ExpressionAttributeValues: { ':v': { S: '' } } })),
          'ValidationException',
          'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: lsi, IndexKey: l',
        );
        assert.deepEqual(await get('e', 1), before);
        assert.equal(await get('new', 2), undefined);
        assert.deepEqual(await assertIndexesMatchTable(t, TABLE), { lsi: 0, gsi: 2, some: 2, multi: 2 });
      });
    });
  });

  describe('GSI key size limits', () => {
    const TABLE = 'KeySizes';
    before(async () => {
      await db.send(
        new CreateTableCommand({
          TableName: TABLE,
          KeySchema: keySchema(['pk', 'HASH']),
          AttributeDefinitions: defs(['pk', 'S'], ['gp', 'S'], ['gs', 'B'], ['h1', 'S'], ['h2', 'S']),
          BillingMode: 'PAY_PER_REQUEST',
          GlobalSecondaryIndexes: [
            gsiOn('sized', [['gp', 'HASH'], ['gs', 'RANGE']], { Projection: { ProjectionType: 'KEYS_ONLY' } }),
            gsiOn('twoPart', [['h1', 'HASH'], ['h2', 'HASH']], { Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['note'] } }),
          ],
        }),
      );
    });
    const get = async (pk: string) => (await db.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item;

    test('a partition key of 2048 bytes and a sort key of 1024 are indexed and queryable', async () => {
      const gp = { S: 'é'.repeat(1024) }; // 2048 bytes of UTF-8
      const gs = { B: new Uint8Array(1024).fill(7) };
      await db.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'at-limit' }, gp, gs } }));
      await db.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: { S: 'at-limit-2' } }, UpdateExpression: 'SET gp = :p, gs = :s', ExpressionAttributeValues: { ':p': gp, ':s': { B: new Uint8Array(1024).fill(9) } } }));
      const page = await db.send(new QueryCommand({ TableName: TABLE, IndexName: 'sized', KeyConditionExpression: 'gp = :p AND gs = :s', ExpressionAttributeValues: { ':p': gp, ':s': gs } }));
      assert.deepEqual(page.Items, [{ pk: { S: 'at-limit' }, gp, gs }]);
      const both = await db.send(new QueryCommand({ TableName: TABLE, IndexName: 'sized', KeyConditionExpression: 'gp = :p', ExpressionAttributeValues: { ':p': gp }, Limit: 1 }));
      assert.equal(both.Count, 1);
      const rest = await db.send(new QueryCommand({ TableName: TABLE, IndexName: 'sized', KeyConditionExpression: 'gp = :p', ExpressionAttributeValues: { ':p': gp }, ExclusiveStartKey: both.LastEvaluatedKey }));
      assert.deepEqual(rest.Items?.map((i) => i.pk.S), ['at-limit-2']);
    });

    test('each attribute of a multi-attribute key may be 2048 bytes', async () => {
      const h1 = { S: 'a'.repeat(2048) };
      const h2 = { S: 'b'.repeat(2048) };
      await db.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'two-part' }, h1, h2, note: { S: 'n' } } }));
      const res = await db.send(new QueryCommand({ TableName: TABLE, IndexName: 'twoPart', KeyConditionExpression: 'h1 = :a AND h2 = :b', ExpressionAttributeValues: { ':a': h1, ':b': h2 } }));
      assert.deepEqual(res.Items, [{ pk: { S: 'two-part' }, h1, h2, note: { S: 'n' } }]);
    });

    const over = (name: string, actual: number, max: number, index: string) =>
      `${INVALID}Size limit exceeded for Index Key ${name} Actual Size: ${actual} bytes Max Size: ${max} bytes IndexName: ${index}`;
    const cases: [string, SdkItem, string][] = [
      ['partition key of 2049 bytes', { gp: { S: 'x'.repeat(2049) }, gs: { B: new Uint8Array([1]) } }, over('gp', 2049, 2048, 'sized')],
      ['sort key of 1025 bytes', { gp: { S: 'x' }, gs: { B: new Uint8Array(1025) } }, over('gs', 1025, 1024, 'sized')],
      ['an attribute of a multi-attribute key over 2048 bytes', { h1: { S: 'x' }, h2: { S: 'y'.repeat(2049) } }, over('h2', 2049, 2048, 'twoPart')],
    ];
    for (const [label, attrs, message] of cases) {
      test(`a ${label} is refused by every write path, and nothing is written`, async () => {
        const pk = `over-${label}`;
        await expectError(db.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: pk }, ...attrs } })), 'ValidationException', message);
        const names = Object.keys(attrs);
        await expectError(
          db.send(
            new UpdateItemCommand({
              TableName: TABLE,
              Key: { pk: { S: pk } },
              UpdateExpression: `SET ${names.map((n, i) => `${n} = :v${i}`).join(', ')}`,
              ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, attrs[n]])),
            }),
          ),
          'ValidationException',
          message,
        );
        await expectError(db.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: [{ PutRequest: { Item: { pk: { S: pk }, ...attrs } } }] } })), 'ValidationException', message);
        const err = await expectError(
          db.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: TABLE, Item: { pk: { S: pk }, ...attrs } } }] })),
          'TransactionCanceledException',
        );
        assert.deepEqual((err as TransactionCanceledException).CancellationReasons, [{ Code: 'ValidationError', Message: message }]);
        assert.equal(await get(pk), undefined);
      });
    }

    test('a Query value over the limits is refused', async () => {
      await expectError(
        db.send(new QueryCommand({ TableName: TABLE, IndexName: 'sized', KeyConditionExpression: 'gp = :p', ExpressionAttributeValues: { ':p': { S: 'x'.repeat(2049) } } })),
        'ValidationException',
        `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
      );
    });

    test('Select on an index: ALL_ATTRIBUTES is refused unless it projects ALL; ALL_PROJECTED_ATTRIBUTES returns the projection', async () => {
      await db.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'select' }, h1: { S: 's1' }, h2: { S: 's2' }, note: { S: 'kept' }, other: { S: 'left out' } } }));
      for (const index of ['sized', 'twoPart']) {
        // KEYS_ONLY and INCLUDE projections
        const message = `${INVALID}Select type ALL_ATTRIBUTES is not supported for global secondary index ${index} because its projection type is not ALL`;
        await expectError(db.send(new ScanCommand({ TableName: TABLE, IndexName: index, Select: 'ALL_ATTRIBUTES' })), 'ValidationException', message);
      }
      await expectError(
        db.send(new QueryCommand({ TableName: TABLE, IndexName: 'twoPart', Select: 'ALL_ATTRIBUTES', KeyConditionExpression: 'h1 = :a AND h2 = :b', ExpressionAttributeValues: { ':a': { S: 's1' }, ':b': { S: 's2' } } })),
        'ValidationException',
        `${INVALID}Select type ALL_ATTRIBUTES is not supported for global secondary index twoPart because its projection type is not ALL`,
      );
      const projected = await db.send(
        new QueryCommand({ TableName: TABLE, IndexName: 'twoPart', Select: 'ALL_PROJECTED_ATTRIBUTES', KeyConditionExpression: 'h1 = :a AND h2 = :b', ExpressionAttributeValues: { ':a': { S: 's1' }, ':b': { S: 's2' } } }),
      );
      assert.deepEqual(projected.Items, [{ pk: { S: 'select' }, h1: { S: 's1' }, h2: { S: 's2' }, note: { S: 'kept' } }]);
      const scanned = await db.send(new ScanCommand({ TableName: TABLE, IndexName: 'twoPart', Select: 'ALL_PROJECTED_ATTRIBUTES', FilterExpression: 'note = :n', ExpressionAttributeValues: { ':n': { S: 'kept' } } }));
      assert.deepEqual(scanned.Items, projected.Items);
    });

    test('DescribeTable echoes a multi-attribute KeySchema in the order given, table key attributes included', async () => {
      await db.send(
        new CreateTableCommand({
          TableName: 'KeyOrder',
          KeySchema: keySchema(['pk', 'HASH'], ['sk', 'RANGE']),
          AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['a', 'S'], ['b', 'S']),
          BillingMode: 'PAY_PER_REQUEST',
          GlobalSecondaryIndexes: [
            gsiOn('tableKeyFirst', [['sk', 'HASH'], ['a', 'HASH'], ['pk', 'RANGE'], ['b', 'RANGE']]),
            gsiOn('tableKeyLast', [['a', 'HASH'], ['pk', 'HASH'], ['b', 'RANGE'], ['sk', 'RANGE']]),
          ],
        }),
      );
      const d = (await db.send(new DescribeTableCommand({ TableName: 'KeyOrder' }))).Table!;
      const order = (name: string) => d.GlobalSecondaryIndexes!.find((g) => g.IndexName === name)!.KeySchema!.map((k) => `${k.AttributeName}:${k.KeyType}`);
      assert.deepEqual(order('tableKeyFirst'), ['sk:HASH', 'a:HASH', 'pk:RANGE', 'b:RANGE']);
      assert.deepEqual(order('tableKeyLast'), ['a:HASH', 'pk:HASH', 'b:RANGE', 'sk:RANGE']);
      assert.deepEqual(d.KeySchema, keySchema(['pk', 'HASH'], ['sk', 'RANGE']));
    });

    test('"same name": an attribute repeated in an index KeySchema is refused', async () => {
      for (const keys of [
        [['a', 'HASH'], ['a', 'HASH']],
        [['a', 'HASH'], ['b', 'HASH'], ['a', 'RANGE']],
      ] as [string, 'HASH' | 'RANGE'][][]) {
        const definitions = defs(['pk', 'S'], ...[...new Set(keys.map(([name]) => name))].map((name): [string, 'S'] => [name, 'S']));
        await expectError(
          db.send(new CreateTableCommand({ TableName: 'Repeated', KeySchema: keySchema(['pk', 'HASH']), AttributeDefinitions: definitions, BillingMode: 'PAY_PER_REQUEST', GlobalSecondaryIndexes: [gsiOn('gsi', keys)] })),
          'ValidationException',
          'The KeySchema contains multiple key attributes with the same name',
        );
      }
    });
  });
});
