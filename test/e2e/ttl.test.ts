import { CreateTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateTimeToLiveCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { expectError, FAKE, startTestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

test('the TTL sweeper deletes expired items, and only those', async () => {
  const t = await startTestServer({ args: ['--ttl-interval', '0.05'] });
  try {
    const db = t.client();
    await db.send(
      new CreateTableCommand(tableInput('Sessions', 'pk:S')),
    );
    const now = Math.floor(Date.now() / 1000);
    const items: Record<string, AttributeValue | undefined> = {
      expired: { N: String(now - 60) },
      future: { N: String(now + 3600) },
      ancient: { N: String(now - 6 * 365 * 24 * 3600) },
      text: { S: String(now - 60) },
      none: undefined,
    };
    for (const [pk, exp] of Object.entries(items)) {
      await db.send(new PutItemCommand({ TableName: 'Sessions', Item: { pk: { S: pk }, ...(exp ? { exp } : {}) } }));
    }
    await sleep(200);
    assert.ok((await db.send(new GetItemCommand({ TableName: 'Sessions', Key: { pk: { S: 'expired' } } }))).Item, 'nothing is deleted before TTL is enabled');
    await db.send(new UpdateTimeToLiveCommand({ TableName: 'Sessions', TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } }));
    const exists = async (pk: string) => (await db.send(new GetItemCommand({ TableName: 'Sessions', Key: { pk: { S: pk } } }))).Item !== undefined;
    const deadline = Date.now() + 5000;
    while ((await exists('expired')) && Date.now() < deadline) await sleep(50);
    assert.equal(await exists('expired'), false);
    for (const kept of ['future', 'ancient', 'text', 'none']) assert.equal(await exists(kept), true, `${kept} is kept`);
  } finally {
    await t.close();
  }
});

test("UpdateTimeToLive's refusals: already disabled, another attribute, and a second change within an hour", async () => {
  let clock = Date.now();
  const t = await startTestServer({ now: () => clock });
  // the client signs with the server's clock, so that the clock can move on by hours
  const client = () => new DynamoDBClient({ endpoint: t.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 1, systemClockOffset: clock - Date.now() });
  try {
    await client().send(
      new CreateTableCommand({ TableName: 'Clocked', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
    );
    const update = (Enabled: boolean, AttributeName: string) => client().send(new UpdateTimeToLiveCommand({ TableName: 'Clocked', TimeToLiveSpecification: { Enabled, AttributeName } }));
    const status = async () => (await client().send(new DescribeTimeToLiveCommand({ TableName: 'Clocked' }))).TimeToLiveDescription;

    await expectError(update(false, 'exp'), 'ValidationException', 'TimeToLive is already disabled');
    await update(true, 'exp');
    assert.deepEqual(await status(), { TimeToLiveStatus: 'ENABLED', AttributeName: 'exp' });
    await expectError(update(true, 'exp'), 'ValidationException', 'TimeToLive is already enabled');
    await expectError(update(true, 'other'), 'ValidationException', 'TimeToLive is active on a different AttributeName: current AttributeName is exp');
    await expectError(update(false, 'other'), 'ValidationException', 'TimeToLive is active on a different AttributeName: current AttributeName is exp');
    // disabling right after enabling: "multiple times within a fixed interval"
    await expectError(update(false, 'exp'), 'ValidationException', 'Time to live has been modified multiple times within a fixed interval');
    assert.deepEqual(await status(), { TimeToLiveStatus: 'ENABLED', AttributeName: 'exp' });
    clock += 59 * 60 * 1000;
    await expectError(update(false, 'exp'), 'ValidationException', 'Time to live has been modified multiple times within a fixed interval');
    clock += 60 * 1000;
    await update(false, 'exp');
    assert.deepEqual(await status(), { TimeToLiveStatus: 'DISABLED' });
    // and the same hour again before it can be enabled once more
    await expectError(update(true, 'exp'), 'ValidationException', 'Time to live has been modified multiple times within a fixed interval');
    clock += 60 * 60 * 1000;
    await update(true, 'renamed');
    assert.deepEqual(await status(), { TimeToLiveStatus: 'ENABLED', AttributeName: 'renamed' });
  } finally {
    await t.close();
  }
});
