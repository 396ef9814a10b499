/**
 * `--workers N`: the bundle `npm start` runs, started with two worker processes over one
 * data directory. Each SDK client has its own connection, and the cluster hands connections
 * to the workers in turn, so the clients below are served by both workers (the test checks
 * the request log for that). What one worker does to a table, the other sees at once;
 * conditional writes and transactions stay atomic across them.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { BUNDLE, startBundle } from '../helpers/bundle.js';
import { expectError, FAKE, tempDir } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

interface Cluster {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startCluster(dataDir: string, args: string[] = []): Promise<Cluster> {
  const bundle = await startBundle(['--data-dir', dataDir, '--workers', '2', ...args]);
  if (bundle.url === undefined) throw new Error(`server exited early: ${bundle.output()}`);
  return { url: bundle.url, child: bundle.child, output: bundle.output, exited: bundle.exited };
}

/** Request-log records: which worker process served which operation. */
function requestRecords(output: string): { process: number; operation: string; status: number }[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"msg":"request"'))
    .map((line) => JSON.parse(line) as { process: number; operation: string; status: number });
}

const s = (v: string) => ({ S: v });
const n = (v: string | number) => ({ N: String(v) });

describe('two worker processes over one data directory', () => {
  const dataDir = tempDir('sqynamo-workers-');
  let cluster: Cluster;
  let clients: DynamoDBClient[];

  before(async () => {
    cluster = await startCluster(dataDir);
    // one connection per client: the cluster deals connections to the workers in turn
    clients = Array.from({ length: 4 }, () => new DynamoDBClient({ endpoint: cluster.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 1 }));
  });

  after(async () => {
    for (const c of clients) c.destroy();
    if (cluster.child.exitCode === null) {
      cluster.child.kill('SIGTERM');
      await cluster.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a table created, given an index, dropped and recreated by one worker is seen by the other at once', async () => {
    const [a, b, c, d] = clients;
    await a.send(
      new CreateTableCommand(tableInput('Shared', 'pk:S')),
    );
    for (const client of clients) assert.equal((await client.send(new DescribeTableCommand({ TableName: 'Shared' }))).Table?.TableStatus, 'ACTIVE');
    await Promise.all(clients.map((client, i) => client.send(new PutItemCommand({ TableName: 'Shared', Item: { pk: s(`before-${i}`), g: s('G') } }))));

    // b adds a GSI; every client's writes after it is ACTIVE land in it
    await b.send(
      new UpdateTableCommand({
        TableName: 'Shared',
        AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } }],
      }),
    );
    for (let i = 0; ; i++) {
      const index = (await c.send(new DescribeTableCommand({ TableName: 'Shared' }))).Table?.GlobalSecondaryIndexes?.[0];
      if (index?.IndexStatus === 'ACTIVE') break;
      assert.ok(i < 200, 'the index turns ACTIVE');
      await new Promise((r) => setTimeout(r, 25));
    }
    await Promise.all(clients.map((client, i) => client.send(new PutItemCommand({ TableName: 'Shared', Item: { pk: s(`after-${i}`), g: s('G') } }))));
    for (const client of clients) {
      const page = await client.send(new QueryCommand({ TableName: 'Shared', IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': s('G') } }));
      assert.deepEqual(page.Items?.map((item) => item.pk.S).sort(), ['after-0', 'after-1', 'after-2', 'after-3', 'before-0', 'before-1', 'before-2', 'before-3']);
    }

    // c drops it and recreates it with a numeric key: the others write by the new schema
    await c.send(new DeleteTableCommand({ TableName: 'Shared' }));
    await expectError(d.send(new PutItemCommand({ TableName: 'Shared', Item: { pk: s('x') } })), 'ResourceNotFoundException');
    await c.send(
      new CreateTableCommand(tableInput('Shared', 'pk:N')),
    );
    for (const client of clients) {
      await expectError(client.send(new PutItemCommand({ TableName: 'Shared', Item: { pk: s('x') } })), 'ValidationException');
      await client.send(new PutItemCommand({ TableName: 'Shared', Item: { pk: n(7) } }));
    }
    assert.equal((await a.send(new DescribeTableCommand({ TableName: 'Shared' }))).Table?.GlobalSecondaryIndexes, undefined);
  });

  test('conditional writes and transactions are atomic across the workers', async () => {
    await clients[0].send(
      new CreateTableCommand(tableInput('Counters', 'pk:S')),
    );
    // 100 increments from four connections: none is lost
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        clients[i % 4].send(new UpdateItemCommand({ TableName: 'Counters', Key: { pk: s('hits') }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': n(1) } })),
      ),
    );
    assert.deepEqual((await clients[1].send(new GetItemCommand({ TableName: 'Counters', Key: { pk: s('hits') }, ConsistentRead: true }))).Item?.n, n(100));

    // 20 racing "create if absent": exactly one wins
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        clients[i % 4].send(new PutItemCommand({ TableName: 'Counters', Item: { pk: s('lock'), owner: n(i) }, ConditionExpression: 'attribute_not_exists(pk)' })),
      ),
    );
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    for (const o of outcomes) if (o.status === 'rejected') assert.equal((o.reason as Error).name, 'ConditionalCheckFailedException');

    // one ClientRequestToken sent through every connection at once: applied once, all succeed
    const transaction = () =>
      new TransactWriteItemsCommand({
        ClientRequestToken: 'same-token-everywhere',
        TransactItems: [{ Update: { TableName: 'Counters', Key: { pk: s('once') }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': n(1) } } }],
      });
    await Promise.all(Array.from({ length: 12 }, (_, i) => clients[i % 4].send(transaction())));
    assert.deepEqual((await clients[2].send(new GetItemCommand({ TableName: 'Counters', Key: { pk: s('once') } }))).Item?.n, n(1));
  });

  test('both workers served, and a worker that dies is replaced', async () => {
    // the log is flushed in 4 KB blocks: kill a worker, then count served requests after the stop
    const pid = Number(/"worker":0,"pid":(\d+)/.exec(cluster.output())?.[1]);
    assert.ok(pid > 0, 'the primary logs its workers');
    process.kill(pid, 'SIGKILL');
    for (let i = 0; !/"worker":0,"code":null,"signal":"SIGKILL","msg":"worker died; starting another"/.test(cluster.output()); i++) {
      assert.ok(i < 100, 'the primary notices the dead worker');
      await new Promise((r) => setTimeout(r, 20));
    }
    // fresh connections are served (by the survivor, then also the replacement)
    for (let i = 0; i < 6; i++) {
      const client = new DynamoDBClient({ endpoint: cluster.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 3 });
      assert.deepEqual((await client.send(new GetItemCommand({ TableName: 'Counters', Key: { pk: s('hits') } }))).Item?.n, n(100));
      client.destroy();
    }
    cluster.child.kill('SIGTERM');
    assert.equal(await cluster.exited, 0);
    const served = new Set(requestRecords(cluster.output()).map((r) => r.process));
    assert.deepEqual([...served].sort(), [0, 1]);
  });
});

test('--workers: a worker that cannot listen stops the whole server with status 1', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as { port: number }).port;
  const dataDir = tempDir('sqynamo-workers-');
  try {
    const child = spawn(process.execPath, [BUNDLE, '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, '--workers', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    assert.equal(code, 1);
    assert.match(err, /sqynamo: worker \d exited before listening/);
  } finally {
    blocker.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('--workers: SIGTERM while the workers start stops them all cleanly (status 0)', async () => {
  const dataDir = tempDir('sqynamo-workers-');
  try {
    const child = spawn(process.execPath, [BUNDLE, '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--workers', '2', '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let signalled = false;
    const code = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // logged by the primary just before it forks; its signal handlers are in place by then
      if (!signalled && out.includes('"msg":"starting the workers"')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    assert.equal(await code, 0);
    assert.match(out, /"msg":"shutting down the workers"/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('--workers: /metrics adds up every worker, on the main port and on --metrics-port', async () => {
  const dir = tempDir();
  const cluster = await startCluster(dir, ['--metrics-port', '0', '--metrics-host', '127.0.0.1']);
  try {
    // connections are dealt to the workers in turn: separate clients reach both
    for (let i = 0; i < 6; i++) {
      const c = new DynamoDBClient({ endpoint: cluster.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 1 });
      await c.send(new ListTablesCommand({}));
      c.destroy();
    }
    const m = /Metrics on (http:\/\/\S+)\/metrics/.exec(cluster.output());
    assert.ok(m, cluster.output());
    const text = await (await fetch(m[1] + '/metrics')).text();
    assert.match(text, /sqynamo_requests_total\{operation="ListTables",status="200"\} 6\b/);
    assert.equal((await fetch(cluster.url + '/metrics')).status, 404);
  } finally {
    cluster.child.kill('SIGTERM');
    assert.equal(await cluster.exited, 0);
  }
  // the logs, flushed at exit, show that both workers served the six calls counted above
  const served = new Set(requestRecords(cluster.output()).filter((r) => r.operation === 'ListTables').map((r) => r.process));
  assert.equal(served.size, 2, 'both workers served');
});

test('--workers: GET /metrics on the main port is the whole cluster', async () => {
  const dir = tempDir();
  const cluster = await startCluster(dir);
  try {
    for (let i = 0; i < 4; i++) {
      const c = new DynamoDBClient({ endpoint: cluster.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 1 });
      await c.send(new ListTablesCommand({}));
      c.destroy();
    }
    // whichever worker answers, the count is the cluster's
    for (let i = 0; i < 2; i++) {
      const text = await (await fetch(cluster.url + '/metrics', { headers: { connection: 'close' } })).text();
      assert.match(text, /sqynamo_requests_total\{operation="ListTables",status="200"\} 4\b/);
    }
  } finally {
    cluster.child.kill('SIGTERM');
    assert.equal(await cluster.exited, 0);
  }
});

test('--workers in DynamoDB Local mode: the workers share the directory they marked, and serve any key', async () => {
  const dir = tempDir();
  const cluster = await startCluster(dir, ['-sharedDb']);
  try {
    for (const key of ['one', 'two', 'three']) {
      const c = new DynamoDBClient({ endpoint: cluster.url, region: 'localhost', credentials: { accessKeyId: key, secretAccessKey: 'x' }, maxAttempts: 1 });
      await c.send(new ListTablesCommand({}));
      c.destroy();
    }
  } finally {
    cluster.child.kill('SIGTERM');
    assert.equal(await cluster.exited, 0);
  }
});
