/**
 * What an operator and a browser see over HTTP, in both modes: CORS, compressed requests and
 * responses, oversized headers, /health, /ready, /metrics after a known workload, log levels.
 */
import { ConditionalCheckFailedException, CreateTableCommand, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { crc32, deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { parseConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer } from '../../src/server.js';
import { listeningUrl, stop } from '../helpers/process.js';
import { sendRaw, signedCall } from '../helpers/raw-http.js';
import { FAKE, startTestServer, type TestServer } from '../helpers/server.js';
import { createTable } from '../helpers/tables.js';

for (const mode of ['aws', 'dynamodb-local'] as const) {
  describe(`CORS (${mode} mode)`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ args: mode === 'aws' ? [] : ['-sharedDb'] });
    });
    after(() => t.close());

    test('a preflight OPTIONS answers the methods and headers the SDK sends', async () => {
      const res = await sendRaw(t.url, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-amz-date,x-amz-target,x-amz-user-agent,amz-sdk-invocation-id,amz-sdk-request' },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.match(String(res.headers['access-control-allow-methods']), /POST/);
      const allowed = String(res.headers['access-control-allow-headers']).split(', ');
      for (const h of ['x-amz-target', 'x-amz-date', 'authorization', 'x-amz-security-token', 'x-amz-user-agent', 'content-type']) assert.ok(allowed.includes(h), h);
      assert.equal(res.headers['access-control-max-age'], '172800');
    });

    test('answers to a browser carry Access-Control-Allow-Origin and expose the request id and CRC32', async () => {
      const res = await signedCall(t.url, 'ListTables', '{}', { headers: { origin: 'http://localhost:3000' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['access-control-expose-headers'], 'x-amzn-RequestId, x-amz-crc32, Date');
      const error = await signedCall(t.url, 'NoSuchOperation', '{}', { headers: { origin: 'http://localhost:3000' } });
      assert.equal(error.status, 400);
      assert.equal(error.headers['access-control-allow-origin'], '*');
      assert.equal((await signedCall(t.url, 'ListTables', '{}')).headers['access-control-allow-origin'], undefined);
    });
  });
}

describe('CORS with a list of origins', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ args: ['--cors', 'http://localhost:3000'] });
  });
  after(() => t.close());

  test('only the listed origins are allowed', async () => {
    const ok = await sendRaw(t.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } });
    assert.equal(ok.headers['access-control-allow-origin'], 'http://localhost:3000');
    assert.equal(ok.headers.vary, 'Origin');
    const refused = await sendRaw(t.url, { method: 'OPTIONS', headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
    const call = await signedCall(t.url, 'ListTables', '{}', { headers: { origin: 'http://evil.test' } });
    assert.equal(call.headers['access-control-allow-origin'], undefined);
  });
});

describe('compression', () => {
  let t: TestServer;
  const big = 'x'.repeat(6000);
  before(async () => {
    t = await startTestServer();
    const db = t.client();
    await createTable(db, 'Zipped', 'pk:S sk:S');
    await db.send(new PutItemCommand({ TableName: 'Zipped', Item: { pk: { S: 'big' }, sk: { S: '1' }, data: { S: big } } }));
  });
  after(() => t.close());

  const put = (pk: string) => JSON.stringify({ TableName: 'Zipped', Item: { pk: { S: pk }, sk: { S: '1' }, data: { S: 'y'.repeat(3000) } } });
  const get = (pk: string) => JSON.stringify({ TableName: 'Zipped', Key: { pk: { S: pk }, sk: { S: '1' } } });

  test('gzip and deflate request bodies, signed as sent, are decoded', async () => {
    const gz = await signedCall(t.url, 'PutItem', gzipSync(put('gz')), { headers: { 'content-encoding': 'gzip' } });
    assert.equal(gz.status, 200, gz.body.toString());
    const df = await signedCall(t.url, 'PutItem', deflateSync(put('df')), { headers: { 'content-encoding': 'deflate' } });
    assert.equal(df.status, 200, df.body.toString());
    for (const pk of ['gz', 'df']) {
      const item = await t.client().send(new GetItemCommand({ TableName: 'Zipped', Key: { pk: { S: pk }, sk: { S: '1' } } }));
      assert.equal(item.Item?.data.S, 'y'.repeat(3000));
    }
  });

  test('a truncated body, a plain body called gzip and an unknown coding are 400 SerializationException, and write nothing', async () => {
    const compressed = gzipSync(put('broken'));
    for (const [body, coding] of [
      [compressed.subarray(0, compressed.length - 5), 'gzip'],
      [Buffer.from(put('broken')), 'gzip'],
      [Buffer.from(put('broken')), 'garbage'],
    ] as const) {
      const res = await signedCall(t.url, 'PutItem', body, { headers: { 'content-encoding': coding } });
      assert.equal(res.status, 400);
      assert.equal(JSON.parse(res.body.toString()).__type, 'com.amazon.coral.service#SerializationException');
    }
    assert.equal((await t.client().send(new GetItemCommand({ TableName: 'Zipped', Key: { pk: { S: 'broken' }, sk: { S: '1' } } }))).Item, undefined);
  });

  test('a decompression bomb is cut off at 16 MB: 413, and the server keeps serving', async () => {
    const padded = put('bomb').slice(0, -1) + ' '.repeat(20 * 1024 * 1024) + '}';
    const res = await signedCall(t.url, 'PutItem', gzipSync(padded), { headers: { 'content-encoding': 'gzip' } });
    assert.equal(res.status, 413);
    assert.equal((await signedCall(t.url, 'ListTables', '{}')).status, 200);
  });

  test('a changed compressed body fails its signature before it is decoded', async () => {
    const res = await signedCall(t.url, 'PutItem', gzipSync(put('sig')), { headers: { 'content-encoding': 'gzip' } });
    assert.equal(res.status, 200);
    // the same signature over other bytes
    const { Hash } = await import('@smithy/hash-node');
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const u = new URL(t.url);
    const headers = { host: u.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem', 'content-encoding': 'gzip' };
    const signed = await new SignatureV4({ credentials: FAKE, region: 'us-east-1', service: 'dynamodb', sha256: Hash.bind(null, 'sha256') }).sign({
      method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', query: {}, headers, body: gzipSync(put('a')),
    });
    const tampered = await sendRaw(t.url, { method: 'POST', headers: signed.headers as Record<string, string>, body: gzipSync(put('b')) });
    assert.equal(tampered.status, 400);
    assert.equal(JSON.parse(tampered.body.toString()).__type, 'com.amazon.coral.service#InvalidSignatureException');
  });

  test('answers of 4096 bytes and more are compressed when the client accepts it; x-amz-crc32 is over the compressed bytes', async () => {
    for (const [accept, decode] of [['gzip', gunzipSync], ['deflate', inflateSync]] as const) {
      const res = await signedCall(t.url, 'GetItem', get('big'), { headers: { 'accept-encoding': accept } });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-encoding'], accept);
      assert.equal(res.headers['x-amz-crc32'], String(crc32(res.body)));
      assert.equal(Number(res.headers['content-length']), res.body.length);
      assert.equal(JSON.parse(decode(res.body).toString()).Item.data.S, big);
      assert.ok(res.body.length < 1000);
    }
    const plain = await signedCall(t.url, 'GetItem', get('big'));
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers['x-amz-crc32'], String(crc32(plain.body)));
    const small = await signedCall(t.url, 'ListTables', '{}', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(small.headers['content-encoding'], undefined);
    assert.equal(small.body.toString(), '{"TableNames":["Zipped"]}');
  });
});

describe('oversized request lines and headers', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('are 400 Bad Request, not 431, and the server keeps serving', async () => {
    const longHeader = await sendRaw(t.url, { headers: { 'x-padding': 'a'.repeat(20_000) } });
    assert.equal(longHeader.status, 400);
    const longUrl = await sendRaw(t.url, { path: '/' + 'x'.repeat(20_000) });
    assert.equal(longUrl.status, 400);
    assert.equal((await signedCall(t.url, 'ListTables', '{}')).status, 200);
  });
});

describe('/health, /ready and /metrics', () => {
  let t: TestServer;
  before(async () => {
    // per-table series name every account's tables: opt-in on the main port
    t = await startTestServer({ args: ['--metrics-tables', 'on'] });
  });
  after(() => t.close());

  test('/health and /ready answer JSON', async () => {
    const health = await fetch(t.url + '/health');
    assert.equal(health.status, 200);
    const h = (await health.json()) as Record<string, unknown>;
    assert.equal(h.status, 'ok');
    assert.equal(h.mode, 'aws');
    const ready = await fetch(t.url + '/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', checks: { server: 'ok', storage: 'writable' } });
  });

  test('/metrics counts a known workload', async () => {
    const db = t.client();
    await createTable(db, 'Measured', 'pk:S sk:S');
    for (let i = 0; i < 5; i++) await db.send(new PutItemCommand({ TableName: 'Measured', Item: { pk: { S: 'p' }, sk: { S: String(i) }, n: { N: String(i) } } }));
    await db.send(new GetItemCommand({ TableName: 'Measured', Key: { pk: { S: 'p' }, sk: { S: '0' } } }));
    await db.send(new GetItemCommand({ TableName: 'Measured', Key: { pk: { S: 'p' }, sk: { S: 'none' } } }));
    const q = await db.send(new QueryCommand({ TableName: 'Measured', KeyConditionExpression: 'pk = :p', FilterExpression: 'n > :two', ExpressionAttributeValues: { ':p': { S: 'p' }, ':two': { N: '2' } } }));
    assert.equal(q.Count, 2);
    await db.send(new ScanCommand({ TableName: 'Measured' }));
    await assert.rejects(
      db.send(new PutItemCommand({ TableName: 'Measured', Item: { pk: { S: 'p' }, sk: { S: '0' } }, ConditionExpression: 'attribute_not_exists(pk)' })),
      ConditionalCheckFailedException,
    );
    await assert.rejects(
      db.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ ConditionCheck: { TableName: 'Measured', Key: { pk: { S: 'p' }, sk: { S: '1' } }, ConditionExpression: 'attribute_not_exists(pk)' } }],
        }),
      ),
    );
    await assert.rejects(t.client({ accessKeyId: 'nobody', secretAccessKey: 'x' }).send(new GetItemCommand({ TableName: 'Measured', Key: { pk: { S: 'p' }, sk: { S: '0' } } })));
    await assert.rejects(t.client({ accessKeyId: 'fake', secretAccessKey: 'wrong' }).send(new GetItemCommand({ TableName: 'Measured', Key: { pk: { S: 'p' }, sk: { S: '0' } } })));

    const res = await fetch(t.url + '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const value = (series: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(series + ' '));
      assert.ok(line, `no series ${series}`);
      return Number(line.slice(series.length + 1));
    };
    assert.equal(value('sqynamo_requests_total{operation="PutItem",status="200"}'), 5);
    assert.equal(value('sqynamo_requests_total{operation="PutItem",status="400"}'), 1);
    assert.equal(value('sqynamo_requests_total{operation="GetItem",status="200"}'), 2);
    assert.equal(value('sqynamo_successful_request_latency_seconds_count{operation="PutItem"}'), 5);
    assert.ok(value('sqynamo_successful_request_latency_seconds_sum{operation="PutItem"}') > 0);
    assert.equal(value('sqynamo_returned_item_count_sum{operation="GetItem"}'), 1);
    assert.equal(value('sqynamo_returned_item_count_count{operation="GetItem"}'), 2);
    assert.equal(value('sqynamo_returned_item_count_sum{operation="Query"}'), 2);
    assert.equal(value('sqynamo_scanned_item_count_sum{operation="Query"}'), 5);
    assert.equal(value('sqynamo_returned_item_count_sum{operation="Scan"}'), 5);
    assert.equal(value('sqynamo_conditional_check_failed_requests_total{operation="PutItem"}'), 1);
    assert.equal(value('sqynamo_user_errors_total{operation="PutItem",error="ConditionalCheckFailedException"}'), 1);
    assert.equal(value('sqynamo_transaction_canceled_total{operation="TransactWriteItems"}'), 1);
    assert.equal(value('sqynamo_auth_failures_total{reason="unknown_access_key"}'), 1);
    assert.equal(value('sqynamo_auth_failures_total{reason="signature_mismatch"}'), 1);
    assert.equal(value('sqynamo_table_items{region="us-east-1",table="Measured"}'), 5);
    assert.ok(value('sqynamo_table_size_bytes{region="us-east-1",table="Measured"}') > 0);
    assert.ok(value('sqynamo_group_commit_writes_count') >= 6);
    assert.ok(value('sqynamo_commit_duration_seconds_count') >= 1);
    assert.ok(value('sqynamo_wal_size_bytes') > 0);
    assert.equal(value('sqynamo_info{version="0.1.0",mode="aws"}'), 1);
    assert.ok(value('process_resident_memory_bytes') > 0);
    assert.ok(text.includes('# TYPE sqynamo_throttled_requests_total counter'));
    assert.ok(text.includes('# TYPE sqynamo_transaction_conflict_total counter'));
  });
});

test('/metrics on the main port names no table unless --metrics-tables on', async () => {
  const t = await startTestServer();
  try {
    const db = t.client();
    await db.send(new CreateTableCommand({ TableName: 'SecretName', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
    await db.send(new PutItemCommand({ TableName: 'SecretName', Item: { pk: { S: 'p' } } }));
    const text = await (await fetch(t.url + '/metrics')).text();
    assert.match(text, /sqynamo_requests_total\{operation="PutItem",status="200"\} 1/);
    assert.ok(!text.includes('SecretName'), 'no table name in /metrics');
  } finally {
    await t.close();
  }
});

describe('--metrics-port, --metrics off, --metrics-account-label', () => {
  test('the metrics move to their own port; off serves none', async () => {
    const t = await startTestServer({ args: ['--metrics-port', '0', '--metrics-host', '127.0.0.1', '--metrics-account-label'] });
    try {
      await createTable(t.client(), 'Elsewhere', 'pk:S sk:S');
      assert.equal((await fetch(t.url + '/metrics')).status, 404);
      const url = t.server.metricsUrl;
      assert.ok(url);
      const text = await (await fetch(url + '/metrics')).text();
      assert.match(text, /sqynamo_requests_total\{operation="CreateTable",status="200",account="000000000000"\} 1/);
      assert.match(text, /sqynamo_table_items\{region="us-east-1",table="Elsewhere",account="000000000000"\} 0/);
      assert.equal((await fetch(url + '/health')).status, 200);
    } finally {
      await t.close();
    }
    const off = await startTestServer({ args: ['--metrics', 'off'] });
    try {
      assert.equal((await fetch(off.url + '/metrics')).status, 404);
      assert.equal(off.server.metrics, undefined);
    } finally {
      await off.close();
    }
  });
});

describe('log levels and the access log', () => {
  const run = async (args: string[]) => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        for (const l of chunk.toString('utf8').split('\n')) if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    const config = parseConfig(['--host', '127.0.0.1', '--port', '0', '--in-memory', ...args], {}, () => false) as Config;
    const server = await startServer(config, { log: createLogger({ level: config.logLevel, destination: sink }) });
    await signedCall(`http://127.0.0.1:${server.port}`, 'ListTables', '{}');
    await signedCall(`http://127.0.0.1:${server.port}`, 'ListTables', '{}', { credentials: { accessKeyId: 'nobody', secretAccessKey: 'x' } });
    await server.close();
    return lines;
  };

  test('info logs each request; --access-log off and --log-level warn do not; warn keeps authentication failures; silent logs nothing', async () => {
    const info = await run([]);
    assert.ok(info.some((l) => l.msg === 'request' && l.operation === 'ListTables'));
    const quiet = await run(['--access-log', 'off']);
    assert.ok(!quiet.some((l) => l.msg === 'request'));
    assert.ok(quiet.some((l) => l.level === 30));
    const warn = await run(['--log-level', 'warn']);
    assert.ok(warn.every((l) => (l.level as number) >= 40));
    assert.ok(warn.some((l) => l.accessKeyId === 'nobody'));
    assert.deepEqual(await run(['--log-level', 'silent']), []);
    const debug = await run(['--log-level', 'debug']);
    assert.ok(debug.length >= info.length);
  });
});

describe('--log-format', () => {
  const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
  const firstLines = async (format: string): Promise<string[]> => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--host', '127.0.0.1', '--in-memory', '--log-format', format], { stdio: ['ignore', 'pipe', 'pipe'] });
    const { output } = await listeningUrl(child);
    // JSON lines are buffered until exit: read them once the server stopped
    assert.equal(await stop(child), 0);
    return output()
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('Sqynamo') && !l.startsWith('Test credentials') && !l.startsWith('Web console'));
  };

  test('pretty is the human format, json is JSON lines', async () => {
    const pretty = await firstLines('pretty');
    assert.match(pretty[0], /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: /);
    const json = await firstLines('json');
    assert.equal((JSON.parse(json[0]) as { level: number }).level, 30);
  });
});
