import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  PutItemCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const simpleTable = (name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput => tableInput(name, 'pk:S', extra);

describe('table operations', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('CreateTable answers CREATING with the full description; DescribeTable shows ACTIVE at once', async () => {
    const db = t.client();
    const created = await db.send(
      new CreateTableCommand(tableInput('Orders', 'customer:S orderedAt:N', { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7 }, Tags: [{ Key: 'team', Value: 'a' }] })),
    );
    const d = created.TableDescription!;
    assert.equal(d.TableName, 'Orders');
    assert.equal(d.TableStatus, 'CREATING');
    assert.equal(d.TableArn, 'arn:aws:dynamodb:us-east-1:000000000000:table/Orders');
    assert.match(d.TableId!, /^[0-9a-f-]{36}$/);
    assert.ok(d.CreationDateTime instanceof Date);
    assert.ok(Math.abs(d.CreationDateTime.getTime() - Date.now()) < 60_000);
    assert.deepEqual(d.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 7 });
    assert.equal(d.ItemCount, 0);
    assert.equal(d.TableSizeBytes, 0);
    assert.equal(d.BillingModeSummary, undefined);

    const described = (await db.send(new DescribeTableCommand({ TableName: 'Orders' }))).Table!;
    assert.equal(described.TableStatus, 'ACTIVE');
    assert.deepEqual(described.KeySchema, [
      { AttributeName: 'customer', KeyType: 'HASH' },
      { AttributeName: 'orderedAt', KeyType: 'RANGE' },
    ]);
    assert.equal(described.TableId, d.TableId);
  });

  test('PAY_PER_REQUEST tables report a BillingModeSummary and zero throughput', async () => {
    const db = t.client();
    await db.send(new CreateTableCommand(simpleTable('OnDemand')));
    const d = (await db.send(new DescribeTableCommand({ TableName: 'OnDemand' }))).Table!;
    assert.equal(d.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    assert.ok(d.BillingModeSummary?.LastUpdateToPayPerRequestDateTime instanceof Date);
    assert.deepEqual(d.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
  });

  test('creating an existing table is ResourceInUseException', async () => {
    const db = t.client();
    await db.send(new CreateTableCommand(simpleTable('Dup')));
    await expectError(db.send(new CreateTableCommand(simpleTable('Dup'))), 'ResourceInUseException', 'Table already exists: Dup');
  });

  test('describing or deleting a missing table is ResourceNotFoundException', async () => {
    const db = t.client();
    await expectError(db.send(new DescribeTableCommand({ TableName: 'Nope' })), 'ResourceNotFoundException', 'Requested resource not found: Table: Nope not found');
    await expectError(db.send(new DeleteTableCommand({ TableName: 'Nope' })), 'ResourceNotFoundException', 'Requested resource not found: Table: Nope not found');
  });

  test('DeleteTable answers DELETING and the table is gone', async () => {
    const db = t.client();
    await db.send(new CreateTableCommand(simpleTable('Doomed')));
    const res = await db.send(new DeleteTableCommand({ TableName: 'Doomed' }));
    assert.equal(res.TableDescription?.TableStatus, 'DELETING');
    assert.equal(res.TableDescription?.TableName, 'Doomed');
    await expectError(db.send(new DescribeTableCommand({ TableName: 'Doomed' })), 'ResourceNotFoundException');
    // the name is free again
    await db.send(new CreateTableCommand(simpleTable('Doomed')));
  });

  test("DeleteTable answers AWS's reduced description: no creation time, key schema, definitions or indexes", async () => {
    const db = t.client();
    await db.send(
      new CreateTableCommand({
        TableName: 'Reduced',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'g', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        LocalSecondaryIndexes: [{ IndexName: 'byG2', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'g', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
      }),
    );
    await db.send(new PutItemCommand({ TableName: 'Reduced', Item: { pk: { S: 'a' }, sk: { S: 'b' }, g: { S: 'c' } } }));
    const before = (await db.send(new DescribeTableCommand({ TableName: 'Reduced' }))).Table!;
    const d = (await db.send(new DeleteTableCommand({ TableName: 'Reduced' }))).TableDescription!;
    assert.deepEqual(Object.keys(d).sort(), ['BillingModeSummary', 'ItemCount', 'ProvisionedThroughput', 'TableArn', 'TableId', 'TableName', 'TableSizeBytes', 'TableStatus']);
    assert.equal(d.TableStatus, 'DELETING');
    assert.equal(d.TableName, 'Reduced');
    assert.equal(d.TableId, before.TableId);
    assert.equal(d.TableArn, before.TableArn);
    assert.equal(d.ItemCount, 1);
    assert.equal(d.TableSizeBytes, before.TableSizeBytes);
    assert.deepEqual(d.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
    assert.equal(d.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
  });

  test('DeletionProtectionEnabled refuses DeleteTable', async () => {
    const db = t.client();
    await db.send(new CreateTableCommand(simpleTable('Protected', { DeletionProtectionEnabled: true })));
    const d = (await db.send(new DescribeTableCommand({ TableName: 'Protected' }))).Table!;
    assert.equal(d.DeletionProtectionEnabled, true);
    await expectError(db.send(new DeleteTableCommand({ TableName: 'Protected' })), 'ValidationException', /protected against deletion/);
  });

  test('ListTables pages in name order with Limit and ExclusiveStartTableName', async () => {
    const fresh = await startTestServer();
    try {
      const db = fresh.client();
      const names = ['b-table', 'a-table', 'C-table', 'c.table', 'a_table'];
      for (const n of names) await db.send(new CreateTableCommand(simpleTable(n)));
      const all = await db.send(new ListTablesCommand({}));
      assert.deepEqual(all.TableNames, [...names].sort());
      assert.equal(all.LastEvaluatedTableName, undefined);

      const first = await db.send(new ListTablesCommand({ Limit: 2 }));
      assert.deepEqual(first.TableNames, ['C-table', 'a-table']);
      assert.equal(first.LastEvaluatedTableName, 'a-table');
      const second = await db.send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: first.LastEvaluatedTableName }));
      assert.deepEqual(second.TableNames, ['a_table', 'b-table']);
      const third = await db.send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: second.LastEvaluatedTableName }));
      assert.deepEqual(third.TableNames, ['c.table']);
      assert.equal(third.LastEvaluatedTableName, undefined);
    } finally {
      await fresh.close();
    }
  });

  test('ListTables validates Limit', async () => {
    const db = t.client();
    await expectError(
      db.send(new ListTablesCommand({ Limit: 101 })),
      'ValidationException',
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });

  describe('CreateTable validation', () => {
    const cases: [string, Partial<CreateTableCommandInput>, string | RegExp][] = [
      [
        'short table name',
        { TableName: 'ab' },
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      ],
      [
        'bad table name characters',
        { TableName: 'bad name!' },
        "1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      ],
      [
        'first key not HASH',
        { KeySchema: [{ AttributeName: 'pk', KeyType: 'RANGE' }] },
        'Invalid KeySchema: The first KeySchemaElement is not a HASH key type',
      ],
      [
        'second key not RANGE',
        {
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'HASH' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
        },
        'Invalid KeySchema: The second KeySchemaElement is not a RANGE key type',
      ],
      [
        'same hash and range name',
        {
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'pk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
        },
        'Both the Hash Key and the Range Key element in the KeySchema have the same name',
      ],
      [
        'key attribute not defined',
        { AttributeDefinitions: [{ AttributeName: 'other', AttributeType: 'S' }] },
        'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]',
      ],
      [
        'extra attribute definition',
        {
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'extra', AttributeType: 'N' },
          ],
        },
        'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
      ],
      [
        'throughput with PAY_PER_REQUEST',
        { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
      ],
      [
        'PROVISIONED without throughput',
        { BillingMode: 'PROVISIONED' },
        'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
      ],
      [
        'invalid attribute type',
        { AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'BOOL' as 'S' }] },
        "1 validation error detected: Value 'BOOL' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
      ],
    ];
    for (const [label, change, message] of cases) {
      test(label, async () => {
        await expectError(t.client().send(new CreateTableCommand({ ...simpleTable('Validation'), ...change })), 'ValidationException', message);
      });
    }

    test('missing KeySchema and AttributeDefinitions are gathered into one message', async () => {
      const res = await rawRequest(t.url, { target: 'CreateTable', body: JSON.stringify({ TableName: 'NoKeys', BillingMode: 'PAY_PER_REQUEST' }) });
      assert.equal(res.status, 400);
      assert.equal(res.json?.__type, 'com.amazon.coral.validate#ValidationException');
      assert.equal(
        res.json?.message,
        "2 validation errors detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null; Value null at 'keySchema' failed to satisfy constraint: Member must not be null",
      );
    });
  });

  test('the opt-in status delay shows CREATING and DELETING periods, as waiters expect', async () => {
    let clock = Date.now();
    const delayed = await startTestServer({ args: ['--table-status-delay', '1000'], now: () => clock });
    try {
      const db = delayed.client();
      await db.send(new CreateTableCommand(simpleTable('Slow')));
      assert.equal((await db.send(new DescribeTableCommand({ TableName: 'Slow' }))).Table?.TableStatus, 'CREATING');
      await expectError(
        rawRequest(delayed.url, { target: 'GetItem', body: JSON.stringify({ TableName: 'Slow', Key: { pk: { S: 'a' } } }) }).then((r) => {
          if (r.status !== 200) throw Object.assign(new Error(String(r.json?.message)), { name: String(r.json?.__type).split('#')[1] });
        }),
        'ResourceNotFoundException',
      );
      clock += 1001;
      assert.equal((await db.send(new DescribeTableCommand({ TableName: 'Slow' }))).Table?.TableStatus, 'ACTIVE');
      await db.send(new DeleteTableCommand({ TableName: 'Slow' }));
      assert.equal((await db.send(new DescribeTableCommand({ TableName: 'Slow' }))).Table?.TableStatus, 'DELETING');
      await expectError(db.send(new CreateTableCommand(simpleTable('Slow'))), 'ResourceInUseException');
      clock += 1001;
      await expectError(db.send(new DescribeTableCommand({ TableName: 'Slow' })), 'ResourceNotFoundException');
      assert.deepEqual((await db.send(new ListTablesCommand({}))).TableNames, []);
    } finally {
      await delayed.close();
    }
  });
});
