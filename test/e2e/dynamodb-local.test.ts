/**
 * DynamoDB Local mode, selected by DynamoDB Local's own flags: any access key, namespaces per
 * key and region or one with -sharedDb, GET / answering 400, and the leniencies suites written
 * against DynamoDB Local rely on. AWS mode keeps refusing all of it.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  PutItemCommand,
  GetItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer } from '../../src/server.js';
import { listeningUrl, stop } from '../helpers/process.js';
import { expectError, rawRequest, startTestServer, tempDir, type TestServer } from '../helpers/server.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const key = (id: string) => ({ accessKeyId: id, secretAccessKey: `any secret of ${id}` });
const table = (name: string, definitions = ['pk']) =>
  new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: definitions.map((d) => ({ AttributeName: d, AttributeType: 'S' as const })),
    BillingMode: 'PAY_PER_REQUEST',
  });

describe('DynamoDB Local mode with -sharedDb', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ args: ['-sharedDb'] });
  });
  after(() => t.close());

  test('GET / answers 400 with DynamoDB Local body, as start-up loops wait for', async () => {
    const res = await fetch(t.url + '/');
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.0');
    assert.deepEqual(await res.json(), {
      __type: 'com.amazonaws.dynamodb.v20120810#MissingAuthenticationToken',
      Message: 'Request must contain either a valid (registered) AWS access key ID or X.509 certificate.',
    });
  });

  test('any access key and secret are accepted; one namespace for every key and region', async () => {
    const a = t.client(key('test'), 'us-east-1');
    const created = await a.send(table('SharedThings'));
    assert.equal(created.TableDescription?.TableArn, 'arn:aws:dynamodb:ddblocal:000000000000:table/SharedThings');
    for (const [id, region] of [['someoneElse', 'localhost'], ['AKIAIOSFODNN7EXAMPLE', 'eu-west-1'], ['fakeMyKeyId', 'local-env']]) {
      const listed = await t.client(key(id), region).send(new ListTablesCommand({}));
      assert.ok(listed.TableNames?.includes('SharedThings'), `${id} in ${region}`);
    }
  });

  test('a wrong signature is not checked, a request without credentials is refused', async () => {
    const tampered = await rawRequest(t.url, {
      target: 'ListTables',
      body: '{}',
      afterSign: (r) => {
        r.headers.authorization = r.headers.authorization.replace(/Signature=[0-9a-f]+/, 'Signature=' + '0'.repeat(64));
      },
    });
    assert.equal(tampered.status, 200);
    const anonymous = await rawRequest(t.url, { target: 'ListTables', body: '{}', unsigned: true });
    assert.equal(anonymous.status, 400);
    assert.equal(anonymous.json?.__type, 'com.amazonaws.dynamodb.v20120810#MissingAuthenticationToken');
  });

  test('CreateTable accepts AttributeDefinitions that no key uses, answers ACTIVE, and keeps only the used ones', async () => {
    const db = t.client(key('test'), 'localhost');
    const created = await db.send(table('Lenient', ['pk', 'unused', 'alsoUnused']));
    assert.equal(created.TableDescription?.TableStatus, 'ACTIVE');
    const described = await db.send(new DescribeTableCommand({ TableName: 'Lenient' }));
    assert.deepEqual(described.Table?.AttributeDefinitions, [{ AttributeName: 'pk', AttributeType: 'S' }]);
    await db.send(new PutItemCommand({ TableName: 'Lenient', Item: { pk: { S: 'a' }, unused: { N: '1' } } }));
    assert.deepEqual((await db.send(new GetItemCommand({ TableName: 'Lenient', Key: { pk: { S: 'a' } } }))).Item?.unused, { N: '1' });
    const deleted = await db.send(new DeleteTableCommand({ TableName: 'Lenient' }));
    assert.equal(deleted.TableDescription?.TableStatus, 'ACTIVE');
  });

  test('UpdateTimeToLive may change a table again at once', async () => {
    const db = t.client(key('test'), 'localhost');
    await db.send(table('TtlTwice'));
    await db.send(new UpdateTimeToLiveCommand({ TableName: 'TtlTwice', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    await db.send(new UpdateTimeToLiveCommand({ TableName: 'TtlTwice', TimeToLiveSpecification: { Enabled: false, AttributeName: 'expires' } }));
    await db.send(new UpdateTimeToLiveCommand({ TableName: 'TtlTwice', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
  });
});

describe('DynamoDB Local mode without -sharedDb', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ args: ['--compat', 'dynamodb-local'] });
  });
  after(() => t.close());

  test('one namespace per access key and region, as DynamoDB Local keeps one file per <key>_<region>', async () => {
    await t.client(key('alice'), 'us-east-1').send(table('Mine'));
    assert.deepEqual((await t.client(key('alice'), 'us-east-1').send(new ListTablesCommand({}))).TableNames, ['Mine']);
    assert.deepEqual((await t.client(key('alice'), 'eu-west-1').send(new ListTablesCommand({}))).TableNames, []);
    assert.deepEqual((await t.client(key('bob'), 'us-east-1').send(new ListTablesCommand({}))).TableNames, []);
    // the same key with another secret is the same namespace: secrets are not checked
    assert.deepEqual((await t.client({ accessKeyId: 'alice', secretAccessKey: 'other' }, 'us-east-1').send(new ListTablesCommand({}))).TableNames, ['Mine']);
  });
});

describe('AWS mode keeps refusing what DynamoDB Local mode allows', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('unknown keys, unused AttributeDefinitions, and CreateTable answers CREATING', async () => {
    await expectError(t.client(key('someoneElse')).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    await expectError(t.client(key('test')).send(new ListTablesCommand({})), 'InvalidSignatureException');
    const db = t.client({ accessKeyId: 'test', secretAccessKey: 'test' });
    await expectError(db.send(table('Strict', ['pk', 'unused'])), 'ValidationException', /Number of attributes in KeySchema does not exactly match/);
    assert.equal((await db.send(table('Strict'))).TableDescription?.TableStatus, 'CREATING');
    assert.equal((await fetch(t.url + '/')).status, 200);
  });
});

describe('the data directories of the two modes', () => {
  const start = async (args: string[]) => {
    const config = parseConfig(['--host', '127.0.0.1', '--port', '0', ...args], {}, () => false) as Config;
    return startServer(config, { log: createLogger({ destination: 'silent' }) });
  };

  test('DynamoDB Local mode never opens an AWS-mode directory, nor AWS mode a DynamoDB Local one', async () => {
    const awsDir = tempDir();
    await (await start(['--data-dir', awsDir])).close();
    await assert.rejects(start(['-sharedDb', '-dbPath', awsDir]), /holds AWS-mode accounts; DynamoDB Local mode does not authenticate/);
    const localDir = tempDir();
    await (await start(['-sharedDb', '-dbPath', localDir])).close();
    await assert.rejects(start(['--data-dir', localDir]), /was written in DynamoDB Local mode, which does not authenticate/);
  });

  test('-optimizeDbBeforeStartup optimizes the files of -dbPath, which keep their tables', async () => {
    const dir = tempDir();
    const first = await start(['-sharedDb', '-dbPath', dir]);
    const t = { url: `http://127.0.0.1:${first.port}` };
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const db = new DynamoDBClient({ endpoint: t.url, region: 'localhost', credentials: key('test'), maxAttempts: 1 });
    await db.send(table('KeptThings'));
    db.destroy();
    await first.close();
    const second = await start(['-sharedDb', '-dbPath', dir, '-optimizeDbBeforeStartup']);
    const again = new DynamoDBClient({ endpoint: `http://127.0.0.1:${second.port}`, region: 'x', credentials: key('other'), maxAttempts: 1 });
    assert.deepEqual((await again.send(new ListTablesCommand({}))).TableNames, ['KeptThings']);
    again.destroy();
    await second.close();
  });
});

describe('the sqynamo command with DynamoDB Local flags', () => {
  test('story 5: -sharedDb -inMemory -port; wait for GET / = 400; list tables with test/test in region localhost', async () => {
    const child = spawn(process.execPath, [CLI, '-sharedDb', '-inMemory', '-port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const { url, output } = await listeningUrl(child, /WARNING/);
      const out = output();
      assert.match(out, /DynamoDB Local mode, -sharedDb; data: in memory/);
      assert.match(out, /DynamoDB Local mode does not authenticate: any access key is accepted/);
      let status = 0;
      for (let i = 0; i < 50 && status !== 400; i++) status = (await fetch(url + '/')).status;
      assert.equal(status, 400);
      const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
      const db = new DynamoDBClient({ endpoint: url, region: 'localhost', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
      assert.deepEqual((await db.send(new ListTablesCommand({}))).TableNames, []);
      db.destroy();
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  test('-version and -help; --access-keys is refused', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.once('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const version = await run(['-version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^sqynamo \d+\.\d+\.\d+\n$/);
    const help = await run(['-help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /-sharedDb/);
    assert.match(help.stdout, /--compat <aws\|dynamodb-local>/);
    const refused = await run(['-sharedDb', '--access-keys', 'access_keys.csv']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /cannot be combined with --access-keys/);
  });
});
