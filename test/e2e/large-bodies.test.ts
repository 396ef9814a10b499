/**
 * Requests over 1 MB take the large-body lane (admission, hashing as they arrive, checks in
 * a worker thread) and are answered exactly as small ones: a valid 5 MB batch is written,
 * invalid oversized requests get their ValidationException, a chunked body works, and many
 * at once are all answered while other requests go on.
 */
import assert from 'node:assert/strict';
import { BatchWriteItemCommand, CreateTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { FAKE, rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const big = (n: number) => 'x'.repeat(n);

describe('large request bodies', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await server.client().send(
      new CreateTableCommand(tableInput('large', 'pk:S')),
    );
  });
  after(() => server.close());

  test('a valid 5 MB BatchWriteItem is written', async () => {
    const client = server.client();
    const items = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `big-${i}` }, data: { S: big(200_000) } } } }));
    const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { large: items } }));
    assert.deepEqual(answer.UnprocessedItems, {});
    const got = await client.send(new GetItemCommand({ TableName: 'large', Key: { pk: { S: 'big-24' } } }));
    assert.equal(got.Item?.data.S?.length, 200_000);
  });

  test('invalid oversized requests get the same errors as small ones', async () => {
    const tooMany = await rawRequest(server.url, { target: 'TransactWriteItems', body: JSON.stringify({ TransactItems: Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: 'large', Item: { pk: { S: `${i}` }, d: { S: big(100_000) } } } })) }) });
    assert.equal(tooMany.status, 400);
    assert.match(String(tooMany.json?.message), /^1 validation error detected: .*at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/);
    const notJson = await rawRequest(server.url, { target: 'PutItem', body: `{"TableName":"large","Item":{"pk":{"S":"${big(2_000_000)}"` });
    assert.equal(notJson.json?.__type, 'com.amazon.coral.service#SerializationException');
    const tooLargeItem = await rawRequest(server.url, { target: 'PutItem', body: JSON.stringify({ TableName: 'large', Item: { pk: { S: 'k' }, d: { S: big(2_000_000) } } }) });
    assert.equal(tooLargeItem.json?.message, 'Item size has exceeded the maximum allowed size');
  });

  test('a large chunked body (no Content-Length) is read and checked the same way', async () => {
    const u = new URL(server.url);
    const body = Buffer.from(JSON.stringify({ TableName: 'large', Item: { pk: { S: 'chunked' }, d: { S: big(300_000) } }, Extra: big(1_500_000) }));
    const signer = new SignatureV4({ credentials: FAKE, region: 'us-east-1', service: 'dynamodb', sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', query: {}, headers: { host: u.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' }, body });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: '/', method: 'POST', headers: { ...(signed.headers as Record<string, string>), 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      for (let at = 0; at < body.length; at += 100_000) req.write(body.subarray(at, at + 100_000));
      req.end();
    });
    assert.equal(status, 200);
    const got = await server.client().send(new GetItemCommand({ TableName: 'large', Key: { pk: { S: 'chunked' } } }));
    assert.equal(got.Item?.d.S?.length, 300_000);
  });

  test('twelve oversized requests at once are all answered, and a small one meanwhile', async () => {
    const body = JSON.stringify({ TransactItems: Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: 'large', Item: { pk: { S: `${i}` }, d: { S: big(30_000) } } } })) });
    const oversized = Array.from({ length: 12 }, () => rawRequest(server.url, { target: 'TransactWriteItems', body }));
    const small = await rawRequest(server.url, { target: 'GetItem', body: JSON.stringify({ TableName: 'large', Key: { pk: { S: 'big-0' } } }) });
    assert.equal(small.status, 200);
    for (const res of await Promise.all(oversized)) assert.equal(res.status, 400);
  });
});
