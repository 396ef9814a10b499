import { CreateTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

describe('HTTP protocol', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('GET / is the health probe', async () => {
    const res = await fetch(t.url + '/');
    assert.equal(res.status, 200);
    assert.equal((await res.text()).trim(), `healthy: ${new URL(t.url).host}`);
  });

  test('responses carry a request id and the CRC32 of the body', async () => {
    const res = await rawRequest(t.url, { target: 'ListTables', body: '{}' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[A-Z0-9]{52}$/);
    assert.equal(res.headers.get('x-amz-crc32'), String(crc32(res.text)));
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.0');
  });

  test("responses carry AWS's headers: Server, Date, Content-Length, keep-alive, on success and on errors", async () => {
    for (const [target, body, status] of [
      ['ListTables', '{}', 200],
      ['DescribeTable', JSON.stringify({ TableName: 'Nowhere' }), 400],
      ['DropEverything', '{}', 400],
    ] as const) {
      const res = await rawRequest(t.url, { target, body });
      assert.equal(res.status, status, target);
      assert.equal(res.headers.get('server'), 'Server', target);
      assert.ok(!Number.isNaN(Date.parse(res.headers.get('date') ?? '')), target);
      assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(res.text)), target);
      assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.0', target);
      assert.equal(res.headers.get('connection'), 'keep-alive', target);
    }
  });

  test('an unknown operation is UnknownOperationException, with AWS\'s message', async () => {
    const expected = { __type: 'com.amazon.coral.service#UnknownOperationException', Message: 'Unknown operation exception' };
    const res = await rawRequest(t.url, { target: 'DropEverything', body: '{}' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, expected);
    const noTarget = await rawRequest(t.url, { body: '{}' });
    assert.deepEqual(noTarget.json, expected);
    const otherApi = await rawRequest(t.url, { rawTarget: 'DynamoDB_20111205.ListTables', body: '{}' });
    assert.deepEqual(otherApi.json, expected);
  });

  for (const [label, body] of [
    ['not JSON', '{"TableName": '],
    ['a JSON array', '[1, 2]'],
    ['a JSON string', '"ListTables"'],
    ['JSON null', 'null'],
    ['empty', ''],
  ] as const) {
    test(`a body that is ${label} is SerializationException`, async () => {
      const res = await rawRequest(t.url, { target: 'ListTables', body });
      assert.equal(res.status, 400);
      assert.equal(res.json?.__type, 'com.amazon.coral.service#SerializationException');
    });
  }

  test('a member of the wrong JSON type is SerializationException', async () => {
    const res = await rawRequest(t.url, { target: 'DescribeTable', body: JSON.stringify({ TableName: 42 }) });
    assert.equal(res.status, 400);
    assert.equal(res.json?.__type, 'com.amazon.coral.service#SerializationException');
  });

  test('a body over 16 MB is refused without crashing the server', async () => {
    const huge = '{"TableName":"' + 'x'.repeat(16 * 1024 * 1024 + 10) + '"}';
    const res = await rawRequest(t.url, { target: 'ListTables', body: huge });
    assert.equal(res.status, 413);
    const ok = await rawRequest(t.url, { target: 'ListTables', body: '{}' });
    assert.equal(ok.status, 200);
  });

  test('unknown top-level members are ignored, as AWS ignores them', async () => {
    const res = await rawRequest(t.url, { target: 'ListTables', body: JSON.stringify({ Limit: 5, Whatever: true }) });
    assert.equal(res.status, 200);
  });

  test('application/json is accepted as well as application/x-amz-json-1.0', async () => {
    const res = await rawRequest(t.url, { target: 'ListTables', body: '{}', contentType: 'application/json' });
    assert.equal(res.status, 200);
  });

  test('concurrent writes from many clients are all applied', async () => {
    const db = t.client();
    await db.send(new CreateTableCommand(tableInput('Concurrent', 'pk:S')));
    await Promise.all(Array.from({ length: 50 }, (_, i) => t.client().send(new PutItemCommand({ TableName: 'Concurrent', Item: { pk: { S: `k${i}` }, i: { N: String(i) } } }))));
    for (const i of [0, 17, 49]) {
      const got = await db.send(new GetItemCommand({ TableName: 'Concurrent', Key: { pk: { S: `k${i}` } } }));
      assert.deepEqual(got.Item?.i, { N: String(i) });
    }
  });
});
