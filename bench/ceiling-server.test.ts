import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { CEILING_BODY, createCeilingServer } from './ceiling-server.js';
import { DynamoClient } from './client.js';

describe('ceiling server', () => {
  const server = createCeilingServer({ credentials: [{ accessKeyId: 'fake', secretAccessKey: 'fake' }] });
  let client: DynamoClient;

  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    client = new DynamoClient({ port: (server.address() as AddressInfo).port, maxSockets: 2 });
  });
  after(async () => {
    client.close();
    server.close();
    server.closeAllConnections();
    await once(server, 'close');
  });

  test('answers a signed JSON request with the fixed body and DynamoDB headers', async () => {
    const reply = await client.send('GetItem', { TableName: 'bench', Key: { pk: { S: 'a' } } });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.toString(), CEILING_BODY);
    assert.deepEqual(await client.call('ListTables', {}), {});
  });

  test('refuses a tampered signature with InvalidSignatureException', async () => {
    const reply = await client.send('ListTables', {}, (h) => ({ ...h, Authorization: h.Authorization!.replace(/Signature=(.)/, (_, c: string) => `Signature=${c === '0' ? '1' : '0'}`) }));
    assert.equal(reply.status, 400);
    const body = JSON.parse(reply.body.toString()) as { __type: string };
    assert.equal(body.__type, 'com.amazon.coral.service#InvalidSignatureException');
  });

  test('refuses an unknown key and a body that is not a JSON object', async () => {
    const stranger = new DynamoClient({ port: (server.address() as AddressInfo).port, credentials: { accessKeyId: 'nobody', secretAccessKey: 'x' } });
    try {
      const reply = await stranger.send('ListTables', {});
      assert.equal(reply.status, 400);
      assert.match(reply.body.toString(), /UnrecognizedClientException/);
    } finally {
      stranger.close();
    }
    for (const body of ['[1]', 'not json', 'null']) {
      const reply = await client.send('ListTables', body);
      assert.equal(reply.status, 400, body);
      assert.match(reply.body.toString(), /SerializationException/);
    }
  });

  test('sends a correct x-amz-crc32', async () => {
    const port = (server.address() as AddressInfo).port;
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' });
    const text = await response.text();
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amz-crc32'), String(crc32(text)));
  });
});
