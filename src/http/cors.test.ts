import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCors } from './cors.js';

test('--cors * allows every origin: preflight and response headers', () => {
  const cors = createCors('*')!;
  const pre = cors.preflight({ origin: 'http://app.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'X-Amz-Target, x-custom, bad header' });
  assert.equal(pre.status, 200);
  assert.equal(pre.headers['Access-Control-Allow-Origin'], '*');
  assert.equal(pre.headers['Access-Control-Allow-Methods'], 'GET, POST, OPTIONS');
  const allowed = pre.headers['Access-Control-Allow-Headers'].split(', ');
  for (const h of ['x-amz-target', 'x-amz-date', 'authorization', 'x-amz-security-token', 'x-amz-user-agent', 'content-type', 'amz-sdk-invocation-id', 'x-custom']) assert.ok(allowed.includes(h), h);
  assert.ok(!allowed.includes('bad header'));
  assert.equal(pre.headers['Access-Control-Max-Age'], '172800');
  assert.deepEqual(cors.responseHeaders('http://app.test'), { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'x-amzn-RequestId, x-amz-crc32, Date' });
  assert.equal(cors.responseHeaders(undefined), undefined);
});

test('a list of origins: only those are allowed, answers vary by Origin', () => {
  const cors = createCors(['http://localhost:3000', 'https://app.example.com'])!;
  assert.equal(cors.preflight({ origin: 'http://localhost:3000' }).headers['Access-Control-Allow-Origin'], 'http://localhost:3000');
  assert.equal(cors.preflight({ origin: 'HTTPS://APP.example.com' }).status, 200);
  const refused = cors.preflight({ origin: 'http://evil.test' });
  assert.equal(refused.status, 403);
  assert.equal(refused.headers['Access-Control-Allow-Origin'], undefined);
  assert.deepEqual(cors.responseHeaders('http://evil.test'), { Vary: 'Origin' });
  assert.equal(cors.responseHeaders('http://localhost:3000')?.['Access-Control-Allow-Origin'], 'http://localhost:3000');
  assert.equal(cors.responseHeaders('http://localhost:3000')?.Vary, 'Origin');
});

test('--cors off: no CORS at all', () => {
  assert.equal(createCors('off'), undefined);
});
