import { CreateTableCommand, DescribeTableCommand, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FAKE, startTestServer, tempDir } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const table = tableInput('Durable', 'pk:S');

test('tables and items survive a restart on the same data dir', async () => {
  const dataDir = tempDir();
  const first = await startTestServer({ dataDir });
  await first.client().send(new CreateTableCommand(table));
  await first.client().send(new PutItemCommand({ TableName: 'Durable', Item: { pk: { S: 'kept' }, n: { N: '42' } } }));
  await first.stop();

  const second = await startTestServer({ dataDir });
  try {
    assert.deepEqual((await second.client().send(new ListTablesCommand({}))).TableNames, ['Durable']);
    const got = await second.client().send(new GetItemCommand({ TableName: 'Durable', Key: { pk: { S: 'kept' } } }));
    assert.deepEqual(got.Item, { pk: { S: 'kept' }, n: { N: '42' } });
    assert.equal((await second.client().send(new DescribeTableCommand({ TableName: 'Durable' }))).Table?.ItemCount, 1);
  } finally {
    await second.close();
  }
});

test('--in-memory keeps nothing on disk across restarts', async () => {
  const dataDir = tempDir();
  const first = await startTestServer({ dataDir, args: ['--in-memory'] });
  await first.client().send(new CreateTableCommand(table));
  await first.stop();
  const second = await startTestServer({ dataDir, args: ['--in-memory'] });
  try {
    assert.deepEqual((await second.client().send(new ListTablesCommand({}))).TableNames, []);
  } finally {
    await second.close();
  }
});

test('an acknowledged write survives the process being killed (SIGKILL)', async () => {
  const dataDir = tempDir();
  // the bundle `npm start` runs, as a user starts it
  const main = fileURLToPath(new URL('../../sqynamo.mjs', import.meta.url));
  const start = () =>
    new Promise<{ url: string; kill: () => void; done: Promise<void> }>((resolve, reject) => {
      const child = spawn(process.execPath, [main, '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve({ url: m[1].replace('localhost', '127.0.0.1'), kill: () => child.kill('SIGKILL'), done });
      });
      child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${out}`)));
    });
  const one = await start();
  const c1 = new DynamoDBClient({ endpoint: one.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 1 });
  await c1.send(new CreateTableCommand(table));
  await c1.send(new PutItemCommand({ TableName: 'Durable', Item: { pk: { S: 'acked' } } }));
  c1.destroy();
  one.kill();
  await one.done;

  const two = await start();
  const c2 = new DynamoDBClient({ endpoint: two.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 1 });
  try {
    const got = await c2.send(new GetItemCommand({ TableName: 'Durable', Key: { pk: { S: 'acked' } } }));
    assert.deepEqual(got.Item, { pk: { S: 'acked' } });
  } finally {
    c2.destroy();
    two.kill();
    await two.done;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
