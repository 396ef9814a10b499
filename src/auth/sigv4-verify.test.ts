import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { DynamoDBError } from '../errors.js';
import { rootCredential, testCredentialResolver, TEST_ACCOUNT_ID, type CredentialResolver, type ResolvedCredential } from './credentials.js';
import { canonicalHeaders, clearSignerCache, parseQuery, verifySignature, type SignedRequest } from './sigv4-verify.js';

const CORAL = 'com.amazon.coral.service#';
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const ACCOUNT = '123456789012';
const KEY = { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const SIGNED_AT = new Date('2024-03-01T12:00:00Z');
const fixedClock = (date: Date) => () => date;
const opts = { now: fixedClock(SIGNED_AT) };

/** Resolver over fixed long-term keys (like the CSV file). */
function keysResolver(...keys: { accessKeyId: string; secretAccessKey: string; accountId?: string }[]): CredentialResolver {
  const map = new Map(keys.map((k) => [k.accessKeyId, rootCredential(k.accessKeyId, k.secretAccessKey, k.accountId ?? ACCOUNT)]));
  return { resolve: (id) => map.get(id) };
}
const resolver = keysResolver(KEY);

async function expectError(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof DynamoDBError, `expected DynamoDBError, got ${String(err)}`);
    assert.equal(err.type, `${CORAL}${code}`);
    assert.equal(err.status, 400);
    assert.equal(err.message, message);
    return true;
  });
}

interface SignOptions {
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
  service?: string;
  signingDate?: Date;
  applyChecksum?: boolean;
  signableHeaders?: Set<string>;
  query?: Record<string, string>;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
}

/** Signs a DynamoDB request the way the SDK v3 does, returned in the shape the HTTP layer hands over. */
async function sdkSigned(o: SignOptions = {}): Promise<SignedRequest> {
  const body = o.body ?? '{"TableName":"t"}';
  const signer = new SignatureV4({
    service: o.service ?? 'dynamodb',
    region: o.region ?? 'us-east-1',
    credentials: {
      accessKeyId: KEY.accessKeyId,
      secretAccessKey: o.secretAccessKey ?? KEY.secretAccessKey,
      ...(o.sessionToken !== undefined ? { sessionToken: o.sessionToken } : {}),
    },
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: o.applyChecksum ?? true,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      port: 8000,
      path: o.path ?? '/',
      query: o.query ?? {},
      headers: {
        host: 'localhost:8000',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'aws-sdk-js/3.0.0 ua/2.1 os/linux lang/js md/nodejs#20',
        ...o.headers,
      },
      body,
    },
    { signingDate: o.signingDate ?? SIGNED_AT, ...(o.signableHeaders ? { signableHeaders: o.signableHeaders } : {}) },
  );
  return {
    method: signed.method,
    path: signed.path,
    query: new URLSearchParams(signed.query as Record<string, string>).toString(),
    headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: Buffer.from(body),
  };
}

const withHeaders = (req: SignedRequest, change: Record<string, string | undefined>): SignedRequest => {
  const headers = { ...req.headers };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete headers[k];
    else headers[k] = v;
  }
  return { ...req, headers };
};

// ---- an independent, by-the-spec signer (no smithy) ----
const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

interface HandSignInput {
  canonicalRequest: string;
  longDate: string;
  region: string;
  service: string;
  secretAccessKey: string;
}
function handSignature(i: HandSignInput): string {
  const shortDate = i.longDate.slice(0, 8);
  const scope = `${shortDate}/${i.region}/${i.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', i.longDate, scope, sha256Hex(i.canonicalRequest)].join('\n');
  let key = hmac(`AWS4${i.secretAccessKey}`, shortDate);
  for (const part of [i.region, i.service, 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

afterEach(() => clearSignerCache());

describe('verifySignature: AWS SigV4 test-suite vectors', () => {
  // From AWS's aws-sig-v4-test-suite (the requests as they travel on the wire).
  const AKID = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const vectorResolver = keysResolver(AKID);
  const vectorOpts = { now: fixedClock(new Date('2015-08-30T12:36:00Z')), expectedService: 'service' };
  const scope = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';
  const cases: { name: string; method: string; path: string; query: string; headers: Record<string, string>; body?: string; signedHeaders: string; signature: string }[] = [
    { name: 'get-vanilla', method: 'GET', path: '/', query: '', headers: {}, signedHeaders: 'host;x-amz-date', signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
    { name: 'post-vanilla', method: 'POST', path: '/', query: '', headers: {}, signedHeaders: 'host;x-amz-date', signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b' },
    {
      name: 'get-vanilla-query-order-key-case',
      method: 'GET', path: '/', query: 'Param2=value2&Param1=value1', headers: {},
      signedHeaders: 'host;x-amz-date', signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    },
    {
      name: 'post-vanilla-query-nonunreserved',
      method: 'POST', path: '/', query: '%40%23%24%25%5E=&%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D', headers: {},
      signedHeaders: 'host;x-amz-date', signature: '66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e',
    },
    {
      name: 'get-unreserved',
      method: 'GET', path: '/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', query: '', headers: {},
      signedHeaders: 'host;x-amz-date', signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f',
    },
    {
      name: 'get-header-value-trim',
      method: 'GET', path: '/', query: '', headers: { 'my-header1': ' value1', 'my-header2': ' "a   b   c"' },
      signedHeaders: 'host;my-header1;my-header2;x-amz-date', signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
    },
    {
      name: 'post-x-www-form-urlencoded',
      method: 'POST', path: '/', query: '', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Param1=value1',
      signedHeaders: 'content-type;host;x-amz-date', signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const identity = await verifySignature(
        {
          method: c.method,
          path: c.path,
          query: c.query,
          headers: {
            host: 'example.amazonaws.com',
            'x-amz-date': '20150830T123600Z',
            ...c.headers,
            authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=${c.signedHeaders}, Signature=${c.signature}`,
          },
          body: Buffer.from(c.body ?? ''),
        },
        vectorResolver,
        vectorOpts,
      );
      assert.equal(identity.accessKeyId, 'AKIDEXAMPLE');
      assert.equal(identity.service, 'service');
    });
  }

  test('post-sts-header-before (signed session token)', async () => {
    const token =
      'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';
    const temporary: CredentialResolver = {
      resolve: (id, t) => (id === AKID.accessKeyId && t === token ? { ...rootCredential(id, AKID.secretAccessKey, ACCOUNT), sessionToken: token } : undefined),
    };
    const identity = await verifySignature(
      {
        method: 'POST',
        path: '/',
        query: '',
        headers: {
          host: 'example.amazonaws.com',
          'x-amz-date': '20150830T123600Z',
          'x-amz-security-token': token,
          authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead`,
        },
        body: new Uint8Array(),
      },
      temporary,
      vectorOpts,
    );
    assert.equal(identity.sessionToken, token);
  });

  test('post-x-www-form-urlencoded, canonical request built by hand', async () => {
    const body = 'Param1=value1';
    const canonicalRequest = [
      'POST',
      '/',
      '',
      'content-type:application/x-www-form-urlencoded',
      'host:example.amazonaws.com',
      'x-amz-date:20150830T123600Z',
      '',
      'content-type;host;x-amz-date',
      sha256Hex(body),
    ].join('\n');
    const signature = handSignature({ canonicalRequest, longDate: '20150830T123600Z', region: 'us-east-1', service: 'service', secretAccessKey: AKID.secretAccessKey });
    assert.equal(signature, 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a');
  });
});

describe('verifySignature: requests signed like the AWS SDK', () => {
  test('accepts a request signed by @smithy/signature-v4 (user-agent present, host with port)', async () => {
    const req = await sdkSigned();
    assert.match(req.headers.authorization ?? '', /SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target,/);
    assert.deepEqual(await verifySignature(req, resolver, opts), {
      accessKeyId: KEY.accessKeyId,
      accountId: ACCOUNT,
      region: 'us-east-1',
      service: 'dynamodb',
      principalArn: `arn:aws:iam::${ACCOUNT}:root`,
      userId: ACCOUNT,
    });
  });

  test('accepts a request whose signed headers include "unsignable" ones (user-agent)', async () => {
    const req = await sdkSigned({ signableHeaders: new Set(['user-agent']) });
    assert.match(req.headers.authorization ?? '', /;user-agent;/);
    await verifySignature(req, resolver, opts);
  });

  test('accepts a request without x-amz-content-sha256', async () => {
    const req = await sdkSigned({ applyChecksum: false });
    assert.equal(req.headers['x-amz-content-sha256'], undefined);
    await verifySignature(req, resolver, opts);
  });

  test('accepts a signed query string and an empty path', async () => {
    const req = await sdkSigned({ query: { b: '2 3', a: 'x/y' } });
    await verifySignature({ ...req, query: 'b=2%203&a=x%2Fy' }, resolver, opts);
    const root = await sdkSigned({ path: '/' });
    await verifySignature({ ...root, path: '' }, resolver, opts);
  });

  test('accepts an unsigned extra header', async () => {
    const req = withHeaders(await sdkSigned(), { 'x-forwarded-for': '10.0.0.1', 'accept-encoding': 'gzip' });
    await verifySignature(req, resolver, opts);
  });

  test('accepts requests from @aws-sdk/client-dynamodb itself', async () => {
    let captured: { method: string; path: string; query: Record<string, unknown>; headers: Record<string, string>; body: Uint8Array } | undefined;
    const client = new DynamoDBClient({
      endpoint: 'http://localhost:8000',
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: KEY,
      requestHandler: {
        handle: async (request: typeof captured) => {
          captured = request;
          throw new Error('request captured');
        },
      },
    } as DynamoDBClientConfig);
    await assert.rejects(client.send(new PutItemCommand({ TableName: 't', Item: { k: { S: 'v' }, n: { N: '1' } } })), /request captured/);
    assert.ok(captured);
    const identity = await verifySignature(
      {
        method: captured.method,
        path: captured.path,
        query: '',
        headers: Object.fromEntries(Object.entries(captured.headers).map(([k, v]) => [k.toLowerCase(), v])),
        body: captured.body,
      },
      resolver,
      { now: () => new Date() },
    );
    assert.equal(identity.region, 'eu-west-1');
    assert.equal(identity.accountId, ACCOUNT);
  });

  test('accepts the built-in test credentials in the test account', async () => {
    const signer = new SignatureV4({ service: 'dynamodb', region: 'local', credentials: { accessKeyId: 'fake', secretAccessKey: 'fake' }, sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign(
      { method: 'POST', protocol: 'http:', hostname: 'localhost', path: '/', query: {}, headers: { host: 'localhost:8000' }, body: '{}' },
      { signingDate: SIGNED_AT },
    );
    const identity = await verifySignature(
      { method: 'POST', path: '/', query: '', headers: signed.headers, body: Buffer.from('{}') },
      testCredentialResolver(),
      opts,
    );
    assert.equal(identity.accountId, TEST_ACCOUNT_ID);
    assert.equal(identity.principalArn, 'arn:aws:iam::000000000000:root');
  });

  test('accepts a request dated by a Date header only (built by hand)', async () => {
    const date = 'Fri, 01 Mar 2024 12:00:00 GMT';
    const body = '{}';
    const canonicalRequest = ['POST', '/', '', `date:${date}`, 'host:localhost:8000', '', 'date;host', sha256Hex(body)].join('\n');
    const signature = handSignature({ canonicalRequest, longDate: '20240301T120000Z', region: 'us-east-1', service: 'dynamodb', secretAccessKey: KEY.secretAccessKey });
    const req: SignedRequest = {
      method: 'POST',
      path: '/',
      query: '',
      headers: {
        host: 'localhost:8000',
        date,
        authorization: `AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/20240301/us-east-1/dynamodb/aws4_request, SignedHeaders=date;host, Signature=${signature}`,
      },
      body: Buffer.from(body),
    };
    const identity = await verifySignature(req, resolver, opts);
    assert.equal(identity.accessKeyId, KEY.accessKeyId);
  });

  test('a signer cache hit gives the same answer', async () => {
    const req = await sdkSigned();
    await verifySignature(req, resolver, opts);
    await verifySignature(req, resolver, opts);
    await expectError(verifySignature(await sdkSigned({ secretAccessKey: 'other' }), resolver, opts), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });
});

describe('verifySignature: rejections', () => {
  test('wrong secret', async () => {
    await expectError(verifySignature(await sdkSigned({ secretAccessKey: 'not-the-secret' }), resolver, opts), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });

  test('tampered body (no content hash header)', async () => {
    const req = await sdkSigned({ applyChecksum: false });
    await expectError(verifySignature({ ...req, body: Buffer.from('{"TableName":"u"}') }, resolver, opts), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });

  test('x-amz-content-sha256 that does not match the body', async () => {
    const req = await sdkSigned();
    await expectError(verifySignature({ ...req, body: Buffer.from('{"TableName":"u"}') }, resolver, opts), 'InvalidSignatureException', SIGNATURE_MISMATCH);
    await expectError(
      verifySignature(withHeaders(req, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), resolver, opts),
      'InvalidSignatureException',
      SIGNATURE_MISMATCH,
    );
  });

  test('tampered signed header', async () => {
    const req = withHeaders(await sdkSigned(), { 'x-amz-target': 'DynamoDB_20120810.DeleteTable' });
    await expectError(verifySignature(req, resolver, opts), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });

  test('a signed header removed', async () => {
    const req = withHeaders(await sdkSigned(), { 'content-type': undefined });
    await expectError(verifySignature(req, resolver, opts), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });

  test('tampered path or query', async () => {
    const req = await sdkSigned();
    await expectError(verifySignature({ ...req, path: '/x' }, resolver, opts), 'InvalidSignatureException', SIGNATURE_MISMATCH);
    await expectError(verifySignature({ ...req, query: 'a=1' }, resolver, opts), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });

  test('signature in upper case or truncated', async () => {
    const req = await sdkSigned();
    const auth = req.headers.authorization ?? '';
    const sig = auth.slice(auth.indexOf('Signature=') + 10);
    for (const other of [sig.toUpperCase(), sig.slice(0, 63), `${sig}0`]) {
      await expectError(
        verifySignature(withHeaders(req, { authorization: auth.replace(sig, other) }), resolver, opts),
        'InvalidSignatureException',
        SIGNATURE_MISMATCH,
      );
    }
  });

  test('clock skew: expired', async () => {
    const req = await sdkSigned();
    const now = new Date(SIGNED_AT.getTime() + 15 * 60_000 + 1000);
    await expectError(
      verifySignature(req, resolver, { now: fixedClock(now) }),
      'InvalidSignatureException',
      'Signature expired: 20240301T120000Z is now earlier than 20240301T120001Z (20240301T121501Z - 15 min.)',
    );
  });

  test('clock skew: not yet current', async () => {
    const req = await sdkSigned();
    const now = new Date(SIGNED_AT.getTime() - 15 * 60_000 - 1000);
    await expectError(
      verifySignature(req, resolver, { now: fixedClock(now) }),
      'InvalidSignatureException',
      'Signature not yet current: 20240301T120000Z is still later than 20240301T115959Z (20240301T114459Z + 15 min.)',
    );
  });

  test('clock skew: exactly 15 minutes is fine', async () => {
    const req = await sdkSigned();
    await verifySignature(req, resolver, { now: fixedClock(new Date(SIGNED_AT.getTime() + 15 * 60_000)) });
    await verifySignature(req, resolver, { now: fixedClock(new Date(SIGNED_AT.getTime() - 15 * 60_000)) });
  });

  test('missing date header', async () => {
    const req = withHeaders(await sdkSigned(), { 'x-amz-date': undefined });
    const auth = req.headers.authorization ?? '';
    await expectError(
      verifySignature(req, resolver, opts),
      'IncompleteSignatureException',
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${auth.replace(/Signature=.*$/, 'Signature=<redacted>')}`,
    );
  });

  test('malformed X-Amz-Date', async () => {
    const req = withHeaders(await sdkSigned(), { 'x-amz-date': '2024-03-01T12:00:00Z' });
    await expectError(
      verifySignature(req, resolver, opts),
      'IncompleteSignatureException',
      "Date must be in ISO-8601 'basic format'. Got '2024-03-01T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
  });

  test('credential scope date differs from X-Amz-Date', async () => {
    const req = await sdkSigned({ signingDate: new Date('2024-03-01T23:59:00Z') });
    const shifted = withHeaders(req, { 'x-amz-date': '20240302T000100Z' });
    await expectError(
      verifySignature(shifted, resolver, { now: fixedClock(new Date('2024-03-02T00:00:00Z')) }),
      'InvalidSignatureException',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240301' != '20240302', from '20240302T000100Z'.",
    );
  });

  test('scope for another service', async () => {
    await expectError(
      verifySignature(await sdkSigned({ service: 'dynamo' }), resolver, opts),
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'dynamodb'. ",
    );
    const sts = await verifySignature(await sdkSigned({ service: 'sts' }), resolver, { ...opts, expectedService: ['dynamodb', 'sts'] });
    assert.equal(sts.service, 'sts');
  });

  test('host not signed', async () => {
    const req = await sdkSigned();
    const auth = (req.headers.authorization ?? '').replace(';host;', ';');
    await expectError(
      verifySignature(withHeaders(req, { authorization: auth }), resolver, opts),
      'InvalidSignatureException',
      "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });

  test('unknown access key (checked before the signature)', async () => {
    await expectError(
      verifySignature(await sdkSigned({ secretAccessKey: 'whatever' }), keysResolver({ accessKeyId: 'OTHER', secretAccessKey: 'x' }), opts),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  });

  test('a resolver error propagates', async () => {
    const failing: CredentialResolver = { resolve: () => Promise.reject(new DynamoDBError(`${CORAL}ExpiredTokenException`, 'expired')) };
    await expectError(verifySignature(await sdkSigned(), failing, opts), 'ExpiredTokenException', 'expired');
  });
});

describe('verifySignature: session tokens', () => {
  test('the test credentials accept any session token and report it', async () => {
    const signer = new SignatureV4({
      service: 'dynamodb',
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local', sessionToken: 'anything' },
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign(
      { method: 'POST', protocol: 'http:', hostname: 'localhost', path: '/', query: {}, headers: { host: 'localhost:8000' }, body: '{}' },
      { signingDate: SIGNED_AT },
    );
    const identity = await verifySignature({ method: 'POST', path: '/', query: '', headers: signed.headers, body: Buffer.from('{}') }, testCredentialResolver(), opts);
    assert.equal(identity.sessionToken, 'anything');
  });

  test('a temporary credential with its token', async () => {
    const temporary: CredentialResolver = {
      resolve: async (id, token): Promise<ResolvedCredential | undefined> =>
        id === KEY.accessKeyId && token === 'sealed-token' ? { ...rootCredential(id, KEY.secretAccessKey, ACCOUNT), sessionToken: token } : undefined,
    };
    const identity = await verifySignature(await sdkSigned({ sessionToken: 'sealed-token' }), temporary, opts);
    assert.equal(identity.sessionToken, 'sealed-token');
  });

  test('a long-term key sent with a session token is refused after the signature check', async () => {
    await expectError(
      verifySignature(await sdkSigned({ sessionToken: 'stray-token' }), resolver, opts),
      'UnrecognizedClientException',
      'The security token included in the request is invalid',
    );
    // a bad signature is reported first
    await expectError(
      verifySignature(await sdkSigned({ sessionToken: 'stray-token', secretAccessKey: 'x' }), resolver, opts),
      'InvalidSignatureException',
      SIGNATURE_MISMATCH,
    );
  });
});

describe('canonicalHeaders', () => {
  test('trims, collapses whitespace, and keeps signed headers the request lacks as empty', () => {
    assert.deepEqual(
      { ...canonicalHeaders({ a: '  x   y\t z ', b: 'line1\r\nline2', c: 'unsigned' }, ['a', 'b', 'missing']) },
      { a: 'x y z', b: 'line1 line2', missing: '' },
    );
  });
  test('is not fooled by prototype names', () => {
    assert.deepEqual(Object.entries(canonicalHeaders({}, ['constructor', '__proto__'])), [
      ['constructor', ''],
      ['__proto__', ''],
    ]);
  });
});

describe('parseQuery', () => {
  test('decodes pairs, repeats and bare keys', () => {
    assert.deepEqual({ ...parseQuery('a=1&b=%2F%20x&a=2&flag&&c=') }, { a: ['1', '2'], b: '/ x', flag: '', c: '' });
  });
  test('keeps undecodable text as is', () => {
    assert.deepEqual({ ...parseQuery('x=%zz') }, { x: '%zz' });
  });
  test('empty string is an empty bag', () => {
    assert.deepEqual({ ...parseQuery('') }, {});
  });
});
