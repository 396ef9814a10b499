import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rootCredential } from '../../auth/credentials.js';
import { verifySignature } from '../../auth/sigv4-verify.js';
import { DynamoDBCallError, dynamoDBCaller } from './dynamodb-client.js';

const KEY = { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCD' };

/** A fake server: records the request, answers with `status` and `body`. */
function fakeFetch(status: number, body: string) {
  const seen: { url: string; headers: Record<string, string>; body: string }[] = [];
  const fetchFn = (async (url: URL | string, init?: RequestInit) => {
    seen.push({ url: String(url), headers: init?.headers as Record<string, string>, body: String(init?.body) });
    return new Response(body, { status });
  }) as typeof fetch;
  return { seen, fetchFn };
}

describe('the admin CLI DynamoDB client', () => {
  test('sends a SigV4-signed DynamoDB JSON request that the server verifies', async () => {
    const { seen, fetchFn } = fakeFetch(200, '{"Item":{}}');
    const call = dynamoDBCaller({ endpoint: 'http://127.0.0.1:8000', region: 'eu-west-1', credentials: async () => KEY, fetch: fetchFn });
    assert.deepEqual(await call('GetItem', { TableName: 't' }), { Item: {} });
    const [request] = seen;
    assert.equal(request.url, 'http://127.0.0.1:8000/');
    assert.equal(request.headers['x-amz-target'], 'DynamoDB_20120810.GetItem');
    assert.equal(request.headers['content-type'], 'application/x-amz-json-1.0');
    assert.equal(request.body, '{"TableName":"t"}');
    const identity = await verifySignature(
      { method: 'POST', path: '/', query: '', headers: { ...request.headers, host: '127.0.0.1:8000' }, body: Buffer.from(request.body) },
      { resolve: (id) => (id === KEY.accessKeyId ? rootCredential(KEY.accessKeyId, KEY.secretAccessKey, '123456789012') : undefined) },
      { now: () => new Date() },
    );
    assert.equal(identity.region, 'eu-west-1');
    assert.equal(identity.accountId, '123456789012');
  });

  test("an error answer becomes a DynamoDBCallError with the __type's short name", async () => {
    const { fetchFn } = fakeFetch(400, '{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}');
    const call = dynamoDBCaller({ endpoint: 'http://h:1', region: 'us-east-1', credentials: async () => KEY, fetch: fetchFn });
    await assert.rejects(call('PutItem', {}), (err: unknown) => err instanceof DynamoDBCallError && err.code === 'ConditionalCheckFailedException' && err.message === 'The conditional request failed' && err.status === 400);
  });

  test('SerializationException spells it Message; a non-JSON answer is reported', async () => {
    const serialization = fakeFetch(400, '{"__type":"com.amazon.coral.service#SerializationException","Message":"bad"}');
    await assert.rejects(
      dynamoDBCaller({ endpoint: 'http://h:1', region: 'us-east-1', credentials: async () => KEY, fetch: serialization.fetchFn })('PutItem', {}),
      (err: unknown) => err instanceof DynamoDBCallError && err.code === 'SerializationException' && err.message === 'bad',
    );
    const html = fakeFetch(502, '<html>bad gateway</html>');
    await assert.rejects(
      dynamoDBCaller({ endpoint: 'http://h:1', region: 'us-east-1', credentials: async () => KEY, fetch: html.fetchFn })('PutItem', {}),
      (err: unknown) => err instanceof DynamoDBCallError && err.code === 'InvalidResponse' && /did not answer DynamoDB JSON \(HTTP 502\)/.test(err.message),
    );
  });
});
