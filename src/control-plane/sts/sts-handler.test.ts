import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { rootCredential } from '../../auth/credentials.js';
import { deriveTokenKey } from '../../auth/session-token.js';
import { createStsHandler, isStsRequest, queryParameters, type StsHttpRequest } from './sts-handler.js';

const KEY = { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCD' };
const ACCOUNT = '123456789012';

describe('routing to STS', () => {
  const scope = (service: string) => `AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=ab`;
  const cases: [string, Record<string, string>, boolean][] = [
    ['scope names sts', { authorization: scope('sts') }, true],
    ['scope names dynamodb', { authorization: scope('dynamodb') }, false],
    ['scope names iam', { authorization: scope('iam') }, false],
    ['unsigned form post', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, true],
    ['unsigned form post with a DynamoDB target', { 'content-type': 'application/x-www-form-urlencoded', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, false],
    ['unsigned JSON', { 'content-type': 'application/x-amz-json-1.0' }, false],
  ];
  for (const [name, headers, expected] of cases) {
    test(`${name}: ${expected ? 'STS' : 'DynamoDB'}`, () => assert.equal(isStsRequest(headers), expected));
  }
});

describe('query parameters', () => {
  test('form body first, then the query string; + is a space', () => {
    const params = queryParameters(Buffer.from('Action=AssumeRole&RoleSessionName=a+b&Version=2011-06-15'), 'Action=Other&Extra=%2Fx');
    assert.deepEqual(Object.fromEntries(params), { Action: 'AssumeRole', RoleSessionName: 'a b', Version: '2011-06-15', Extra: '/x' });
  });
});

describe('the STS handler', () => {
  const now = Date.UTC(2026, 0, 1);
  const handler = createStsHandler({
    credentials: { resolve: (id) => (id === KEY.accessKeyId ? rootCredential(KEY.accessKeyId, KEY.secretAccessKey, ACCOUNT) : undefined) },
    tokenKey: deriveTokenKey('t'),
    now: () => now,
    accountOfKey: () => undefined,
    log: { warn: () => undefined, error: () => undefined },
  });

  async function signed(body: string, credentials = KEY): Promise<StsHttpRequest> {
    const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
    const request = await signer.sign(
      { method: 'POST', protocol: 'http:', hostname: 'localhost', path: '/', headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded' }, body },
      { signingDate: new Date(now) },
    );
    return { method: 'POST', path: '/', query: '', headers: request.headers as Record<string, string>, body: Buffer.from(body), requestId: 'R' };
  }

  test('a signed GetCallerIdentity', async () => {
    const res = await handler(await signed('Action=GetCallerIdentity&Version=2011-06-15'));
    assert.equal(res.status, 200);
    assert.equal(res.headers['Content-Type'], 'text/xml');
    assert.equal(res.headers['x-amzn-RequestId'], 'R');
    assert.equal(res.action, 'GetCallerIdentity');
    assert.equal(res.identity?.accountId, ACCOUNT);
    assert.match(res.body, /<Account>123456789012<\/Account>/);
  });

  const failures: [string, string, number, string, string][] = [
    ['unknown action', 'Action=GetFederationToken&Version=2011-06-15', 400, 'InvalidAction', 'Could not find operation GetFederationToken for version 2011-06-15'],
    ['wrong version', 'Action=GetCallerIdentity&Version=2010-01-01', 400, 'InvalidAction', 'Could not find operation GetCallerIdentity for version 2010-01-01'],
    ['no action', 'Version=2011-06-15', 400, 'MissingAction', 'Missing Action'],
    ['an inherited property name', 'Action=toString&Version=2011-06-15', 400, 'InvalidAction', 'Could not find operation toString for version 2011-06-15'],
  ];
  for (const [name, body, status, code, message] of failures) {
    test(`${name}: ${code}`, async () => {
      const res = await handler(await signed(body));
      assert.equal(res.status, status);
      assert.match(res.body, new RegExp(`<Code>${code}</Code>\\n {4}<Message>${message}</Message>`));
    });
  }

  test('unsigned: MissingAuthenticationToken (403)', async () => {
    const res = await handler({ method: 'POST', path: '/', query: '', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from('Action=GetCallerIdentity'), requestId: 'R' });
    assert.equal(res.status, 403);
    assert.match(res.body, /<Code>MissingAuthenticationToken<\/Code>\n {4}<Message>Request is missing Authentication Token<\/Message>/);
  });

  test('wrong secret: SignatureDoesNotMatch (403)', async () => {
    const res = await handler(await signed('Action=GetCallerIdentity&Version=2011-06-15', { ...KEY, secretAccessKey: 'wrong' }));
    assert.equal(res.status, 403);
    assert.match(res.body, /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  test('unknown key: InvalidClientTokenId (403)', async () => {
    const res = await handler(await signed('Action=GetCallerIdentity&Version=2011-06-15', { ...KEY, accessKeyId: 'AKIANOBODYNOBODY0001' }));
    assert.equal(res.status, 403);
    assert.match(res.body, /<Code>InvalidClientTokenId<\/Code>\n {4}<Message>The security token included in the request is invalid.<\/Message>/);
  });
});
