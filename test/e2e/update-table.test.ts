/**
 * UpdateTable: adding a GSI to a live table (background backfill while writes continue,
 * converging exactly to the table's content), deleting GSIs, the one-at-a-time limit,
 * throughput and billing changes, deletion protection, table class, and every
 * validation error.
 */
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type TableDescription,
  type UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ACCOUNT_ID } from '../../src/auth/credentials.js';
import type { Item } from '../../src/model/attribute-value.js';
import type { GlobalSecondaryIndexDefinition } from '../../src/storage/types.js';
import { expectError, startTestServer, type TestServer } from '../helpers/server.js';
import { defs, keySchema, tableInput } from '../helpers/tables.js';
import { assertIndexMatchesTable, putStored, replaceDefinition, storedTable, tenantOf } from '../helpers/storage.js';

const INVALID = 'One or more parameter values were invalid: ';
const REDEFINED = `${INVALID}Attributes cannot be redefined. Please check that your attribute has the same type as previously defined. `;
const NOTHING_TO_UPDATE =
  'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required';
const ONE_ONLINE_INDEX = 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table';

const throughput = (r: number, w: number) => ({ ReadCapacityUnits: r, WriteCapacityUnits: w });

const tenant = (t: TestServer) => tenantOf(t);

/** A table (pk S, sk N), optionally with an LSI on l and GSIs. */
const table = (name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput => tableInput(name, 'pk:S sk:N', extra);

const createGsi = (name: string, attribute: string, extra: Partial<GlobalSecondaryIndex> = {}) => ({
  Create: { IndexName: name, KeySchema: keySchema([attribute, 'HASH']), Projection: { ProjectionType: 'ALL' as const }, ...extra },
});

/** Seeds items straight into storage (fast): about a third lack g; some carry g as a number. */
async function seed(t: TestServer, name: string, count: number): Promise<void> {
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    const item: Item = { pk: { S: `p${i % 211}` }, sk: { N: String(i) }, data: { S: `d${i}` } };
    if (i % 3 === 1) item.g = { S: `g${i % 17}` };
    if (i % 3 === 2) item.g = i % 300 === 2 ? { N: '1' } : { S: `h${i % 5}` };
    items.push(item);
  }
  await putStored(tenant(t), await storedTable(tenant(t), name), items);
}

/** Asserts the GSI holds exactly the entries the table implies; returns their count. */
async function assertIndexMatches(t: TestServer, name: string, indexName: string): Promise<number> {
  const table = await storedTable(tenant(t), name);
  return assertIndexMatchesTable(table, table.index(indexName)!);
}

describe('UpdateTable', () => {
  let t: TestServer;
  let db: DynamoDBClient;
  before(async () => {
    t = await startTestServer();
    db = t.client();
  });
  after(() => t.close());

  const describeTable = async (name: string): Promise<TableDescription> => (await db.send(new DescribeTableCommand({ TableName: name }))).Table!;
  const gsiOf = (d: TableDescription, name: string) => d.GlobalSecondaryIndexes?.find((g) => g.IndexName === name);

  describe('adding a GSI to a live table', () => {
    test('backfills thousands of items in the background while writes continue, converging exactly', async () => {
      await db.send(new CreateTableCommand(table('Live')));
      await seed(t, 'Live', 6_000);
      const response = await db.send(
        new UpdateTableCommand({
          TableName: 'Live',
          AttributeDefinitions: defs(['g', 'S']),
          GlobalSecondaryIndexUpdates: [createGsi('byG', 'g', { Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['data'] } })],
        }),
      );
      const r = response.TableDescription!;
      assert.equal(r.TableStatus, 'UPDATING');
      assert.deepEqual(
        r.AttributeDefinitions!.map((d) => d.AttributeName),
        ['g', 'pk', 'sk'],
      );
      const created = gsiOf(r, 'byG')!;
      assert.equal(created.IndexStatus, 'CREATING');
      assert.equal(created.Backfilling, false);
      assert.equal(created.ItemCount, 0);
      assert.equal(created.IndexArn, `arn:aws:dynamodb:us-east-1:${TEST_ACCOUNT_ID}:table/Live/index/byG`);

      const during = await describeTable('Live');
      assert.equal(during.TableStatus, 'ACTIVE');
      assert.equal(gsiOf(during, 'byG')!.IndexStatus, 'CREATING');
      assert.equal(gsiOf(during, 'byG')!.Backfilling, true);

      // the table stays usable: puts, moves, removals and deletes while the index fills
      let writes = 0;
      let writesWhileCreating = 0;
      for (let i = 0; i < 400; i++) {
        const n = (i * 53) % 6_500;
        const Key = { pk: { S: `p${n % 211}` }, sk: { N: String(n) } };
        if (i % 4 === 0) await db.send(new DeleteItemCommand({ TableName: 'Live', Key }));
        else if (i % 4 === 1) await db.send(new PutItemCommand({ TableName: 'Live', Item: { ...Key, g: { S: `w${i % 7}` }, data: { S: `new${i}` } } }));
        else if (i % 4 === 2) await db.send(new UpdateItemCommand({ TableName: 'Live', Key, UpdateExpression: 'REMOVE g' }));
        else await db.send(new UpdateItemCommand({ TableName: 'Live', Key, UpdateExpression: 'SET g = :g', ExpressionAttributeValues: { ':g': { S: 'moved' } } }));
        writes++;
        if ((await storedTable(tenant(t), 'Live')).index('byG')!.status === 'CREATING') writesWhileCreating++;
        else if (i > 40) break;
      }
      assert.ok(writesWhileCreating > 0, `no write ran during the backfill (${writes} writes)`);
      await tenant(t).settled();

      const done = await describeTable('Live');
      const byG = gsiOf(done, 'byG')!;
      assert.equal(byG.IndexStatus, 'ACTIVE');
      assert.equal(byG.Backfilling, undefined);
      const count = await assertIndexMatches(t, 'Live', 'byG');
      assert.equal(byG.ItemCount, count);
      assert.ok(count > 3_000, `${count} entries`);
    });

    test('items whose index key attribute has the wrong type stay out of the index, and then cannot be written', async () => {
      await db.send(new CreateTableCommand(table('Violations')));
      await db.send(new PutItemCommand({ TableName: 'Violations', Item: { pk: { S: 'ok' }, sk: { N: '1' }, g: { S: 'x' } } }));
      await db.send(new PutItemCommand({ TableName: 'Violations', Item: { pk: { S: 'bad' }, sk: { N: '1' }, g: { N: '7' } } }));
      await db.send(new UpdateTableCommand({ TableName: 'Violations', AttributeDefinitions: defs(['g', 'S']), GlobalSecondaryIndexUpdates: [createGsi('byG', 'g')] }));
      await tenant(t).settled();
      assert.equal(gsiOf(await describeTable('Violations'), 'byG')!.ItemCount, 1);
      assert.equal(await assertIndexMatches(t, 'Violations', 'byG'), 1);
      await expectError(
        db.send(new PutItemCommand({ TableName: 'Violations', Item: { pk: { S: 'bad2' }, sk: { N: '1' }, g: { N: '7' } } })),
        'ValidationException',
        `${INVALID}Type mismatch for Index Key g Expected: S Actual: N IndexName: byG`,
      );
    });

    test('a GSI on a PROVISIONED table takes its own throughput; existing definitions need not be repeated', async () => {
      await db.send(new CreateTableCommand(table('ProvAdd', { BillingMode: 'PROVISIONED', ProvisionedThroughput: throughput(5, 5) })));
      const r = await db.send(
        new UpdateTableCommand({
          TableName: 'ProvAdd',
          AttributeDefinitions: defs(['n', 'N']),
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byN', KeySchema: keySchema(['n', 'HASH'], ['pk', 'RANGE']), Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: throughput(2, 3) } }],
        }),
      );
      assert.deepEqual(gsiOf(r.TableDescription!, 'byN')!.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 2, WriteCapacityUnits: 3 });
      await tenant(t).settled();
      const d = await describeTable('ProvAdd');
      assert.deepEqual(
        d.AttributeDefinitions!.map((a) => `${a.AttributeName}:${a.AttributeType}`),
        ['n:N', 'pk:S', 'sk:N'],
      );
      assert.equal(gsiOf(d, 'byN')!.IndexStatus, 'ACTIVE');
    });

    test('an existing definition repeated with the same type is accepted', async () => {
      await db.send(new CreateTableCommand(table('Repeat')));
      await db.send(
        new UpdateTableCommand({
          TableName: 'Repeat',
          AttributeDefinitions: defs(['pk', 'S'], ['n', 'N']),
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byN', KeySchema: keySchema(['n', 'HASH'], ['pk', 'RANGE']), Projection: { ProjectionType: 'KEYS_ONLY' } } }],
        }),
      );
      await tenant(t).settled();
      assert.equal(gsiOf(await describeTable('Repeat'), 'byN')!.IndexStatus, 'ACTIVE');
    });
  });

  describe('deleting a GSI', () => {
    test('the index is DELETING, then gone; its key attribute leaves AttributeDefinitions; writes go on', async () => {
      await db.send(
        new CreateTableCommand(
          table('Shrink', {
            AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S'], ['h', 'S']),
            GlobalSecondaryIndexes: [
              { IndexName: 'byG', KeySchema: keySchema(['g', 'HASH']), Projection: { ProjectionType: 'ALL' } },
              { IndexName: 'byH', KeySchema: keySchema(['h', 'HASH'], ['g', 'RANGE']), Projection: { ProjectionType: 'ALL' } },
              { IndexName: 'byPk', KeySchema: keySchema(['pk', 'HASH']), Projection: { ProjectionType: 'ALL' } },
            ],
          }),
        ),
      );
      await db.send(new PutItemCommand({ TableName: 'Shrink', Item: { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'x' }, h: { S: 'y' } } }));
      const r = (await db.send(new UpdateTableCommand({ TableName: 'Shrink', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byH' } }] }))).TableDescription!;
      assert.equal(r.TableStatus, 'UPDATING');
      assert.equal(gsiOf(r, 'byH')!.IndexStatus, 'DELETING');
      await tenant(t).settled();
      const d = await describeTable('Shrink');
      assert.equal(d.TableStatus, 'ACTIVE');
      assert.deepEqual(
        d.GlobalSecondaryIndexes!.map((g) => g.IndexName),
        ['byG', 'byPk'],
      );
      assert.deepEqual(
        d.AttributeDefinitions!.map((a) => a.AttributeName),
        ['g', 'pk', 'sk'],
      );
      // h is no longer an index key: any type is fine
      await db.send(new PutItemCommand({ TableName: 'Shrink', Item: { pk: { S: 'b' }, sk: { N: '1' }, h: { N: '1' } } }));
      assert.equal(await assertIndexMatches(t, 'Shrink', 'byPk'), 2);

      await db.send(new UpdateTableCommand({ TableName: 'Shrink', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byG' } }] }));
      await tenant(t).settled();
      await db.send(new UpdateTableCommand({ TableName: 'Shrink', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byPk' } }] }));
      await tenant(t).settled();
      const empty = await describeTable('Shrink');
      assert.equal(empty.GlobalSecondaryIndexes, undefined);
      assert.deepEqual(
        empty.AttributeDefinitions!.map((a) => a.AttributeName),
        ['pk', 'sk'],
      );
      // a deleted index name can be used again
      await db.send(new UpdateTableCommand({ TableName: 'Shrink', AttributeDefinitions: defs(['g', 'N']), GlobalSecondaryIndexUpdates: [createGsi('byG', 'g')] }));
      await tenant(t).settled();
      assert.equal(gsiOf(await describeTable('Shrink'), 'byG')!.IndexStatus, 'ACTIVE');
    });

    test('an index still backfilling can be deleted', async () => {
      await db.send(new CreateTableCommand(table('Abandon')));
      await seed(t, 'Abandon', 3_000);
      await db.send(new UpdateTableCommand({ TableName: 'Abandon', AttributeDefinitions: defs(['g', 'S']), GlobalSecondaryIndexUpdates: [createGsi('byG', 'g')] }));
      const r = await db.send(new UpdateTableCommand({ TableName: 'Abandon', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byG' } }] }));
      assert.equal(gsiOf(r.TableDescription!, 'byG')!.IndexStatus, 'DELETING');
      await tenant(t).settled();
      assert.equal((await describeTable('Abandon')).GlobalSecondaryIndexes, undefined);
    });
  });

  describe('one GSI create or delete at a time', () => {
    /** Puts a GSI in CREATING that never finishes (no backfill scheduled), as if resources were being allocated. */
    async function stuckCreating(name: string, indexName: string): Promise<void> {
      const store = tenant(t);
      const def = (await storedTable(store, name)).definition;
      const stuck: GlobalSecondaryIndexDefinition = {
        IndexName: indexName,
        IndexId: '00112233aabbccdd',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
        ProvisionedThroughput: throughput(0, 0),
        IndexStatus: 'CREATING',
      };
      await replaceDefinition(store, name, { ...def, GlobalSecondaryIndexes: [...(def.GlobalSecondaryIndexes ?? []), stuck] });
    }

    test('while another index is being created, creates and deletes are refused; throughput updates are not', async () => {
      await db.send(
        new CreateTableCommand(
          table('Busy', {
            BillingMode: 'PROVISIONED',
            ProvisionedThroughput: throughput(1, 1),
            AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S']),
            GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: keySchema(['g', 'HASH']), Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: throughput(1, 1) }],
          }),
        ),
      );
      await stuckCreating('Busy', 'pending');
      await expectError(
        db.send(new UpdateTableCommand({ TableName: 'Busy', GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'another', KeySchema: keySchema(['g', 'HASH']), Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: throughput(1, 1) } }] })),
        'LimitExceededException',
        ONE_ONLINE_INDEX,
      );
      await expectError(db.send(new UpdateTableCommand({ TableName: 'Busy', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byG' } }] })), 'LimitExceededException', ONE_ONLINE_INDEX);
      await expectError(
        db.send(new UpdateTableCommand({ TableName: 'Busy', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'pending' } }] })),
        'ResourceInUseException',
        'Attempt to change a resource which is still in use: Index creation is in resource allocation phase. Retry deletion during backfilling phase or when the index is active. Table: Busy Index: pending',
      );
      await db.send(new UpdateTableCommand({ TableName: 'Busy', GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byG', ProvisionedThroughput: throughput(2, 2) } }] }));
      assert.deepEqual(
        [gsiOf(await describeTable('Busy'), 'byG')!.ProvisionedThroughput!.ReadCapacityUnits, gsiOf(await describeTable('Busy'), 'pending')!.IndexStatus],
        [2, 'CREATING'],
      );
    });

    test('two creates, or a create and a delete, in one request are refused', async () => {
      await db.send(new CreateTableCommand(table('Greedy', { AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S']), GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: keySchema(['g', 'HASH']), Projection: { ProjectionType: 'ALL' } }] })));
      await expectError(
        db.send(new UpdateTableCommand({ TableName: 'Greedy', AttributeDefinitions: defs(['a', 'S'], ['b', 'S']), GlobalSecondaryIndexUpdates: [createGsi('byA', 'a'), createGsi('byB', 'b')] })),
        'LimitExceededException',
        ONE_ONLINE_INDEX,
      );
      await expectError(
        db.send(new UpdateTableCommand({ TableName: 'Greedy', AttributeDefinitions: defs(['a', 'S']), GlobalSecondaryIndexUpdates: [createGsi('byA', 'a'), { Delete: { IndexName: 'byG' } }] })),
        'LimitExceededException',
        ONE_ONLINE_INDEX,
      );
      assert.deepEqual(
        (await describeTable('Greedy')).GlobalSecondaryIndexes!.map((g) => g.IndexName),
        ['byG'],
      );
    });

    test('a 21st GSI is refused', async () => {
      await db.send(
        new CreateTableCommand(
          table('Full', {
            AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S']),
            GlobalSecondaryIndexes: Array.from({ length: 20 }, (_, i) => ({ IndexName: `gsi${i}`, KeySchema: keySchema(['g', 'HASH']), Projection: { ProjectionType: 'KEYS_ONLY' } })),
          }),
        ),
      );
      await expectError(
        db.send(new UpdateTableCommand({ TableName: 'Full', GlobalSecondaryIndexUpdates: [createGsi('gsi20', 'g')] })),
        'LimitExceededException',
        'Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of 20',
      );
    });
  });

  describe('throughput and billing', () => {
    test('table and GSI throughput changes: the response echoes the old capacity, DescribeTable the new with its history', async () => {
      const start = Date.now();
      await db.send(
        new CreateTableCommand(
          table('Capacity', {
            BillingMode: 'PROVISIONED',
            ProvisionedThroughput: throughput(5, 5),
            AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S']),
            GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: keySchema(['g', 'HASH']), Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: throughput(2, 2) }],
          }),
        ),
      );
      const up = (await db.send(new UpdateTableCommand({ TableName: 'Capacity', ProvisionedThroughput: throughput(10, 6) }))).TableDescription!;
      assert.equal(up.TableStatus, 'UPDATING');
      assert.equal(up.ProvisionedThroughput!.ReadCapacityUnits, 5);
      assert.ok(up.ProvisionedThroughput!.LastIncreaseDateTime!.getTime() >= start - 1000);
      let d = await describeTable('Capacity');
      assert.equal(d.TableStatus, 'ACTIVE');
      assert.deepEqual([d.ProvisionedThroughput!.ReadCapacityUnits, d.ProvisionedThroughput!.WriteCapacityUnits, d.ProvisionedThroughput!.NumberOfDecreasesToday], [10, 6, 0]);

      await db.send(new UpdateTableCommand({ TableName: 'Capacity', ProvisionedThroughput: throughput(4, 7) }));
      await db.send(new UpdateTableCommand({ TableName: 'Capacity', ProvisionedThroughput: throughput(3, 7) }));
      d = await describeTable('Capacity');
      assert.equal(d.ProvisionedThroughput!.NumberOfDecreasesToday, 2);
      assert.ok(d.ProvisionedThroughput!.LastDecreaseDateTime instanceof Date);

      const gsi = (await db.send(new UpdateTableCommand({ TableName: 'Capacity', GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byG', ProvisionedThroughput: throughput(1, 9) } }] }))).TableDescription!;
      assert.equal(gsi.TableStatus, 'ACTIVE');
      assert.equal(gsiOf(gsi, 'byG')!.IndexStatus, 'UPDATING');
      assert.deepEqual([gsiOf(gsi, 'byG')!.ProvisionedThroughput!.ReadCapacityUnits, gsiOf(gsi, 'byG')!.ProvisionedThroughput!.WriteCapacityUnits], [2, 2]);
      const settled = gsiOf(await describeTable('Capacity'), 'byG')!;
      assert.equal(settled.IndexStatus, 'ACTIVE');
      assert.deepEqual(
        [settled.ProvisionedThroughput!.ReadCapacityUnits, settled.ProvisionedThroughput!.WriteCapacityUnits, settled.ProvisionedThroughput!.NumberOfDecreasesToday],
        [1, 9, 1],
      );
    });

    test('PROVISIONED to PAY_PER_REQUEST and back, with GSI throughput', async () => {
      await db.send(
        new CreateTableCommand(
          table('Billing', {
            BillingMode: 'PROVISIONED',
            ProvisionedThroughput: throughput(5, 5),
            AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S']),
            GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: keySchema(['g', 'HASH']), Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: throughput(2, 2) }],
          }),
        ),
      );
      const toOnDemand = (await db.send(new UpdateTableCommand({ TableName: 'Billing', BillingMode: 'PAY_PER_REQUEST' }))).TableDescription!;
      assert.equal(toOnDemand.TableStatus, 'UPDATING');
      let d = await describeTable('Billing');
      assert.equal(d.BillingModeSummary!.BillingMode, 'PAY_PER_REQUEST');
      assert.ok(d.BillingModeSummary!.LastUpdateToPayPerRequestDateTime instanceof Date);
      assert.deepEqual([d.ProvisionedThroughput!.ReadCapacityUnits, gsiOf(d, 'byG')!.ProvisionedThroughput!.ReadCapacityUnits], [0, 0]);
      // re-sending the current mode is accepted
      assert.equal((await db.send(new UpdateTableCommand({ TableName: 'Billing', BillingMode: 'PAY_PER_REQUEST' }))).TableDescription!.TableStatus, 'ACTIVE');

      await expectError(
        db.send(new UpdateTableCommand({ TableName: 'Billing', BillingMode: 'PROVISIONED', ProvisionedThroughput: throughput(3, 3) })),
        'ValidationException',
        `${INVALID}ProvisionedThroughput must be specified for index: byG`,
      );
      const back = (
        await db.send(
          new UpdateTableCommand({
            TableName: 'Billing',
            BillingMode: 'PROVISIONED',
            ProvisionedThroughput: throughput(3, 3),
            GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byG', ProvisionedThroughput: throughput(4, 4) } }],
          }),
        )
      ).TableDescription!;
      assert.deepEqual([back.ProvisionedThroughput!.ReadCapacityUnits, gsiOf(back, 'byG')!.ProvisionedThroughput!.ReadCapacityUnits], [3, 4]);
      d = await describeTable('Billing');
      assert.equal(d.BillingModeSummary!.BillingMode, 'PROVISIONED');
      assert.deepEqual([d.ProvisionedThroughput!.WriteCapacityUnits, gsiOf(d, 'byG')!.ProvisionedThroughput!.WriteCapacityUnits], [3, 4]);
    });
  });

  describe('deletion protection and table class', () => {
    test('DeletionProtectionEnabled refuses DeleteTable until it is turned off', async () => {
      await db.send(new CreateTableCommand(table('Guarded')));
      const r = (await db.send(new UpdateTableCommand({ TableName: 'Guarded', DeletionProtectionEnabled: true }))).TableDescription!;
      assert.equal(r.DeletionProtectionEnabled, true);
      await expectError(
        db.send(new DeleteTableCommand({ TableName: 'Guarded' })),
        'ValidationException',
        'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
      );
      await db.send(new UpdateTableCommand({ TableName: 'Guarded', DeletionProtectionEnabled: false }));
      await db.send(new DeleteTableCommand({ TableName: 'Guarded' }));
    });

    test('TableClass', async () => {
      await db.send(new CreateTableCommand(table('Classy')));
      await db.send(new UpdateTableCommand({ TableName: 'Classy', TableClass: 'STANDARD_INFREQUENT_ACCESS' }));
      assert.equal((await describeTable('Classy')).TableClassSummary?.TableClass, 'STANDARD_INFREQUENT_ACCESS');
    });
  });

  describe('validation errors', () => {
    before(async () => {
      await db.send(
        new CreateTableCommand(
          table('Prov', {
            BillingMode: 'PROVISIONED',
            ProvisionedThroughput: throughput(5, 5),
            AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S'], ['l', 'S']),
            LocalSecondaryIndexes: [{ IndexName: 'lsi', KeySchema: keySchema(['pk', 'HASH'], ['l', 'RANGE']), Projection: { ProjectionType: 'ALL' } }],
            GlobalSecondaryIndexes: [{ IndexName: 'gsi', KeySchema: keySchema(['g', 'HASH']), Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: throughput(2, 2) }],
          }),
        ),
      );
      await db.send(
        new CreateTableCommand(
          table('OnDemand', {
            AttributeDefinitions: defs(['pk', 'S'], ['sk', 'N'], ['g', 'S']),
            GlobalSecondaryIndexes: [{ IndexName: 'gsi', KeySchema: keySchema(['g', 'HASH']), Projection: { ProjectionType: 'ALL' } }],
          }),
        ),
      );
    });

    const newIndex = (extra: Record<string, unknown> = {}) => ({ Create: { IndexName: 'byX', KeySchema: keySchema(['x', 'HASH']), Projection: { ProjectionType: 'ALL' as const }, ...extra } });
    const X = defs(['x', 'S']);
    type Case = [string, string, Partial<UpdateTableCommandInput>, string, string];
    const cases: Case[] = [
      ['nothing to update', 'Prov', {}, 'ValidationException', NOTHING_TO_UPDATE],
      ['AttributeDefinitions alone', 'Prov', { AttributeDefinitions: X }, 'ValidationException', NOTHING_TO_UPDATE],
      ['an empty GlobalSecondaryIndexUpdates alone', 'Prov', { GlobalSecondaryIndexUpdates: [] }, 'ValidationException', NOTHING_TO_UPDATE],
      [
        'MultiRegionConsistency alone is left out of the list',
        'Prov',
        { MultiRegionConsistency: 'STRONG' },
        'ValidationException',
        NOTHING_TO_UPDATE.replace('MultiRegionConsistency, ', ''),
      ],
      ['an empty GlobalSecondaryIndexUpdates with a change', 'Prov', { GlobalSecondaryIndexUpdates: [], BillingMode: 'PROVISIONED' }, 'ValidationException', `${INVALID}List of GlobalSecondaryIndexUpdates is empty`],
      [
        'an update without action',
        'Prov',
        { GlobalSecondaryIndexUpdates: [{}] },
        'ValidationException',
        `${INVALID}One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null`,
      ],
      [
        'an update with two actions',
        'Prov',
        { GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'gsi', ProvisionedThroughput: throughput(3, 3) }, Delete: { IndexName: 'gsi' } }] },
        'ValidationException',
        `${INVALID}Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object`,
      ],
      [
        'the same index twice',
        'Prov',
        { GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'gsi' } }, { Update: { IndexName: 'gsi', ProvisionedThroughput: throughput(3, 3) } }] },
        'ValidationException',
        `${INVALID}Only one global secondary index update per index is allowed simultaneously. Index: gsi`,
      ],
      [
        'an Update without throughput',
        'Prov',
        { GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'gsi' } as never }] },
        'ValidationException',
        "1 validation error detected: Value null at 'globalSecondaryIndexUpdates.1.member.update.provisionedThroughput' failed to satisfy constraint: Member must not be null",
      ],
      ['deletion protection with another change', 'Prov', { DeletionProtectionEnabled: true, ProvisionedThroughput: throughput(6, 6) }, 'ValidationException', `${INVALID}DeletionProtection modification must be the only operation in the request`],
      ['table class with another change', 'OnDemand', { TableClass: 'STANDARD_INFREQUENT_ACCESS', BillingMode: 'PAY_PER_REQUEST' }, 'ValidationException', `${INVALID}TableClass modification must be the only operation in the request`],
      [
        'an index create with table throughput',
        'Prov',
        { AttributeDefinitions: X, ProvisionedThroughput: throughput(6, 6), GlobalSecondaryIndexUpdates: [newIndex({ ProvisionedThroughput: throughput(1, 1) })] },
        'ValidationException',
        `${INVALID}You cannot create or delete index while updating table IOPS`,
      ],
      ['a stream change', 'Prov', { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }, 'ValidationException', 'Sqynamo does not support StreamSpecification in UpdateTable yet'],
      [
        'throughput with PAY_PER_REQUEST',
        'Prov',
        { BillingMode: 'PAY_PER_REQUEST', ProvisionedThroughput: throughput(1, 1) },
        'ValidationException',
        `${INVALID}ProvisionedThroughput cannot be specified when BillingMode is PAY_PER_REQUEST`,
      ],
      [
        'throughput on a PAY_PER_REQUEST table',
        'OnDemand',
        { ProvisionedThroughput: throughput(1, 1) },
        'ValidationException',
        `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
      ],
      ['PROVISIONED without throughput', 'Prov', { BillingMode: 'PROVISIONED' }, 'ValidationException', `${INVALID}ProvisionedThroughput must be specified when BillingMode is PROVISIONED`],
      [
        'unchanged table throughput',
        'Prov',
        { ProvisionedThroughput: throughput(5, 5) },
        'ValidationException',
        'The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
      ],
      [
        'unchanged index throughput',
        'Prov',
        { GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'gsi', ProvisionedThroughput: throughput(2, 2) } }] },
        'ValidationException',
        'The provisioned throughput for the index gsi will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for index gsi: 2. Requested ReadCapacityUnits: 2. Current WriteCapacityUnits provisioned for index gsi: 2. Requested WriteCapacityUnits: 2. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
      ],
      [
        'index throughput on a PAY_PER_REQUEST table',
        'OnDemand',
        { GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'gsi', ProvisionedThroughput: throughput(2, 2) } }] },
        'ValidationException',
        `${INVALID}The only Updates for index: gsi when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput`,
      ],
      ['updating a missing index', 'Prov', { GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'nope', ProvisionedThroughput: throughput(1, 1) } }] }, 'ResourceNotFoundException', 'Requested resource not found: Index nope for table Prov'],
      ['deleting a missing index', 'Prov', { GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'nope' } }] }, 'ResourceNotFoundException', 'Requested resource not found: Index nope for table Prov'],
      ['updating an LSI', 'Prov', { GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'lsi', ProvisionedThroughput: throughput(1, 1) } }] }, 'ValidationException', 'Cannot update an index that is not a GlobalSecondaryIndex: lsi'],
      ['deleting an LSI', 'Prov', { GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'lsi' } }] }, 'ValidationException', 'Cannot delete an index that is not a GlobalSecondaryIndex: lsi'],
      ['creating an existing GSI', 'Prov', { AttributeDefinitions: X, GlobalSecondaryIndexUpdates: [newIndex({ IndexName: 'gsi', ProvisionedThroughput: throughput(1, 1) })] }, 'ValidationException', 'Attempting to create an index which already exists'],
      ['creating a GSI named like an LSI', 'Prov', { AttributeDefinitions: X, GlobalSecondaryIndexUpdates: [newIndex({ IndexName: 'lsi', ProvisionedThroughput: throughput(1, 1) })] }, 'ValidationException', 'Attempting to create an index which already exists'],
      ['a new key attribute without AttributeDefinitions', 'OnDemand', { GlobalSecondaryIndexUpdates: [newIndex()] }, 'ValidationException', `${INVALID}AttributeDefinitions is not specified for index: byX`],
      [
        'a new key attribute missing from AttributeDefinitions',
        'OnDemand',
        { AttributeDefinitions: defs(['y', 'S']), GlobalSecondaryIndexUpdates: [newIndex()] },
        'ValidationException',
        `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [x], AttributeDefinitions: [y]`,
      ],
      [
        'a new GSI with throughput on a PAY_PER_REQUEST table',
        'OnDemand',
        { AttributeDefinitions: X, GlobalSecondaryIndexUpdates: [newIndex({ ProvisionedThroughput: throughput(1, 1) })] },
        'ValidationException',
        `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: byX when BillingMode is PAY_PER_REQUEST`,
      ],
      [
        'a new GSI without throughput on a PROVISIONED table',
        'Prov',
        { AttributeDefinitions: X, GlobalSecondaryIndexUpdates: [newIndex()] },
        'ValidationException',
        `${INVALID}Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: byX`,
      ],
      [
        'a new GSI with a bad projection',
        'OnDemand',
        { AttributeDefinitions: X, GlobalSecondaryIndexUpdates: [newIndex({ Projection: { ProjectionType: 'INCLUDE' } })] },
        'ValidationException',
        `${INVALID}ProjectionType is INCLUDE, but NonKeyAttributes is not specified`,
      ],
      [
        'a new GSI with five partition attributes',
        'OnDemand',
        { AttributeDefinitions: defs(['a', 'S'], ['b', 'S'], ['c', 'S'], ['d', 'S'], ['e', 'S']), GlobalSecondaryIndexUpdates: [newIndex({ KeySchema: keySchema(['a', 'HASH'], ['b', 'HASH'], ['c', 'HASH'], ['d', 'HASH'], ['e', 'HASH']) })] },
        'ValidationException',
        `${INVALID}The KeySchema exceeds the maximum allowed number of HASH key attributes`,
      ],
      ['a missing table', 'Missing', { BillingMode: 'PAY_PER_REQUEST' }, 'ResourceNotFoundException', 'Requested resource not found: Table: Missing not found'],
      [
        "a new GSI redefining another GSI's key attribute",
        'OnDemand',
        { AttributeDefinitions: defs(['g', 'N']), GlobalSecondaryIndexUpdates: [newIndex({ KeySchema: keySchema(['g', 'HASH']) })] },
        'ValidationException',
        `${REDEFINED}Existing schema: Schema:[SchemaElement: key{g:S:HASH}] New schema: Schema:[SchemaElement: key{g:N:HASH}]`,
      ],
      [
        "a new GSI redefining an LSI's sort key",
        'Prov',
        { AttributeDefinitions: defs(['l', 'N']), GlobalSecondaryIndexUpdates: [newIndex({ KeySchema: keySchema(['l', 'HASH']), ProvisionedThroughput: throughput(1, 1) })] },
        'ValidationException',
        `${REDEFINED}Existing schema: Schema:[SchemaElement: key{pk:S:HASH}, SchemaElement: key{l:S:RANGE}] New schema: Schema:[SchemaElement: key{l:N:HASH}]`,
      ],
      [
        "a new GSI redefining the table's key",
        'OnDemand',
        { AttributeDefinitions: defs(['x', 'S'], ['pk', 'N']), GlobalSecondaryIndexUpdates: [newIndex({ KeySchema: keySchema(['x', 'HASH'], ['pk', 'RANGE']) })] },
        'ValidationException',
        `${REDEFINED}Existing schema: Schema:[SchemaElement: key{pk:S:HASH}, SchemaElement: key{sk:N:RANGE}] New schema: Schema:[SchemaElement: key{x:S:HASH}, SchemaElement: key{pk:N:RANGE}]`,
      ],
    ];
    for (const [label, tableName, change, name, message] of cases) {
      test(label, async () => {
        const before = await describeTable(tableName === 'Missing' ? 'Prov' : tableName);
        await expectError(db.send(new UpdateTableCommand({ TableName: tableName, ...change })), name, message);
        const afterwards = await describeTable(tableName === 'Missing' ? 'Prov' : tableName);
        assert.deepEqual(afterwards, before, 'nothing changed');
      });
    }

    test('a table still being created', async () => {
      const delayed = await startTestServer({ args: ['--table-status-delay', '60000'] });
      try {
        const client = delayed.client();
        await client.send(new CreateTableCommand(table('Young')));
        await expectError(
          client.send(new UpdateTableCommand({ TableName: 'Young', DeletionProtectionEnabled: true })),
          'ResourceInUseException',
          'Attempt to change a resource which is still in use: Table is being created: Young',
        );
      } finally {
        await delayed.close();
      }
    });
  });
});
