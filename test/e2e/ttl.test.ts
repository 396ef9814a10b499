import { CreateTableCommand, GetItemCommand, PutItemCommand, UpdateTimeToLiveCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { startTestServer } from '../helpers/server.js';
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
