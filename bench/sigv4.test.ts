import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { testCredentialResolver } from '../src/auth/credentials.js';
import { verifySignature } from '../src/auth/sigv4-verify.js';
import { amzDate, deriveSigningKey, parseAmzDate, parseAuthorization, RequestSigner, SigningKeyCache, verifyRequest } from './sigv4.js';

const KEY = { accessKeyId: 'fake', secretAccessKey: 'fake' };
const NOW = Date.UTC(2024, 2, 1, 12, 0, 0);
const HOST = '127.0.0.1:8000';
const BODY = Buffer.from('{"TableName":"bench","Key":{"pk":{"S":"p0001"},"sk":{"N":"3"}}}');

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

describe('amzDate / parseAmzDate', () => {
  test('formats and parses SigV4 dates', () => {
    assert.equal(amzDate(NOW), '20240301T120000Z');
    assert.equal(amzDate(Date.UTC(2024, 11, 31, 23, 59, 59, 999)), '20241231T235959Z');
    assert.equal(parseAmzDate('20240301T120000Z'), NOW);
  });
  for (const bad of ['2024-03-01T12:00:00Z', '20240301T1200Z', '', '20240301T120000']) {
    test(`rejects '${bad}'`, () => assert.ok(Number.isNaN(parseAmzDate(bad))));
  }
});

describe('RequestSigner', () => {
  test('signs exactly as @smithy/signature-v4 does', async () => {
    const headers = new RequestSigner(KEY, 'us-east-1').sign({ host: HOST, target: 'DynamoDB_20120810.GetItem', body: BODY, now: NOW });
    const smithy = new SignatureV4({ credentials: KEY, region: 'us-east-1', service: 'dynamodb', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    const signed = await smithy.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 8000,
        path: '/',
        query: {},
        headers: { 'content-type': headers['Content-Type']!, host: HOST, 'x-amz-target': 'DynamoDB_20120810.GetItem' },
        body: BODY,
      },
      { signingDate: new Date(NOW) },
    );
    assert.equal(headers.Authorization, signed.headers['authorization']);
    assert.equal(headers['X-Amz-Date'], signed.headers['x-amz-date']);
  });

  test("is accepted by Sqynamo's own verifier", async () => {
    const headers = new RequestSigner(KEY, 'eu-west-1').sign({ host: HOST, target: 'DynamoDB_20120810.ListTables', body: Buffer.from('{}'), now: NOW });
    const identity = await verifySignature(
      { method: 'POST', path: '/', query: '', headers: lowerCase(headers), body: Buffer.from('{}') },
      testCredentialResolver(),
      { now: () => new Date(NOW + 5000) },
    );
    assert.equal(identity.accessKeyId, 'fake');
    assert.equal(identity.region, 'eu-west-1');
  });

  test('derives the signing key once per day through the cache', () => {
    const cache = new SigningKeyCache();
    const signer = new RequestSigner(KEY, 'us-east-1', 'dynamodb', cache);
    for (let i = 0; i < 5; i += 1) signer.sign({ host: HOST, target: 'DynamoDB_20120810.GetItem', body: BODY, now: NOW + i * 1000 });
    assert.equal(cache.size, 1);
    signer.sign({ host: HOST, target: 'DynamoDB_20120810.GetItem', body: BODY, now: NOW + 86_400_000 });
    assert.equal(cache.size, 2);
  });
});

describe('SigningKeyCache', () => {
  test('returns the derived key and evicts the oldest beyond its bound', () => {
    const cache = new SigningKeyCache(2);
    assert.deepEqual(cache.get('s', '20240301', 'r', 'dynamodb'), deriveSigningKey('s', '20240301', 'r', 'dynamodb'));
    cache.get('s', '20240302', 'r', 'dynamodb');
    cache.get('s', '20240303', 'r', 'dynamodb');
    assert.equal(cache.size, 2);
    cache.clear();
    assert.equal(cache.size, 0);
  });
});

describe('parseAuthorization', () => {
  test('reads credential scope, signed headers and signature', () => {
    const parsed = parseAuthorization('AWS4-HMAC-SHA256 Credential=AK/20240301/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc');
    assert.deepEqual(parsed, { accessKeyId: 'AK', day: '20240301', region: 'us-east-1', service: 'dynamodb', terminator: 'aws4_request', signedHeaders: ['host', 'x-amz-date'], signature: 'abc' });
  });
  for (const bad of [undefined, 'Basic abc', 'AWS4-HMAC-SHA256 Credential=AK/20240301/us-east-1/dynamodb, SignedHeaders=host, Signature=abc', 'AWS4-HMAC-SHA256 Credential=AK/20240301/r/s/aws4_request, Signature=abc']) {
    test(`refuses ${String(bad)}`, () => assert.equal(parseAuthorization(bad), undefined));
  }
});

describe('verifyRequest', () => {
  const secretOf = (id: string) => (id === 'fake' ? 'fake' : undefined);
  const signed = (now = NOW, key = KEY) => lowerCase(new RequestSigner(key, 'us-east-1').sign({ host: HOST, target: 'DynamoDB_20120810.GetItem', body: BODY, now }));
  const cases: { name: string; headers: () => Record<string, string>; body?: Buffer; now?: number; type?: string }[] = [
    { name: 'accepts a valid signature', headers: () => signed() },
    { name: 'accepts within the clock skew', headers: () => signed(), now: NOW + 14 * 60_000 },
    { name: 'refuses a changed body', headers: () => signed(), body: Buffer.from('{}'), type: 'InvalidSignatureException' },
    { name: 'refuses a changed signed header', headers: () => ({ ...signed(), 'x-amz-target': 'DynamoDB_20120810.PutItem' }), type: 'InvalidSignatureException' },
    { name: 'refuses an expired signature', headers: () => signed(), now: NOW + 16 * 60_000, type: 'InvalidSignatureException' },
    { name: 'refuses an unknown key', headers: () => signed(NOW, { accessKeyId: 'nobody', secretAccessKey: 'x' }), type: 'UnrecognizedClientException' },
    { name: 'refuses a missing Authorization', headers: () => ({ ...signed(), authorization: undefined as unknown as string }), type: 'MissingAuthenticationTokenException' },
    { name: 'refuses a malformed Authorization', headers: () => ({ ...signed(), authorization: 'AWS4-HMAC-SHA256 nonsense' }), type: 'IncompleteSignatureException' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const result = verifyRequest({ method: 'POST', path: '/', headers: c.headers(), body: c.body ?? BODY }, secretOf, new SigningKeyCache(), c.now ?? NOW);
      if (c.type === undefined) assert.deepEqual(result, { accessKeyId: 'fake' });
      else assert.equal('type' in result ? result.type : 'accepted', c.type);
    });
  }
});
