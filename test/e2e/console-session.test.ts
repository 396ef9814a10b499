/**
 * The console's sign-in and signing (src/console/app/lib) against a real server, run in Node:
 * the same WebCrypto signer and STS exchange the browser uses.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsClient, CallError } from '../../src/console/app/lib/aws-client.js';
import { loadSession, saveSession, SESSION_KEY, sessionClient, sessionEndedMessage, signIn, type KeyValueStore } from '../../src/console/app/lib/session.js';
import { decodeXmlText, xmlText } from '../../src/console/app/lib/sts-xml.js';
import { WebCryptoSha256 } from '../../src/console/app/lib/webcrypto-sha256.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';

const KEY = { accessKeyId: 'AKIACONSOLESESSION01', secretAccessKey: 'console-session-test-secret-000000000001', region: 'eu-west-1' };
const ACCOUNT = '333333333333';

function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('console sign-in and signing', () => {
  let server: TestServer;
  // the server's clock: set by one test, otherwise the real time
  let clock: number | undefined;
  before(async () => {
    const csv = join(tempDir('sqynamo-console-session-'), 'access_keys.csv');
    writeFileSync(csv, `${KEY.accessKeyId},${KEY.secretAccessKey},${ACCOUNT},,\n`);
    server = await startTestServer({ args: ['--access-keys', csv, '--no-test-credentials'], now: () => clock ?? Date.now() });
  });
  after(() => server.close());

  test('long-term keys are exchanged for an STS session of the account (a root user: one hour)', async () => {
    const before = Date.now();
    const session = await signIn(KEY, server.url);
    assert.match(session.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.notEqual(session.secretAccessKey, KEY.secretAccessKey);
    assert.ok(session.sessionToken.length > 40);
    assert.equal(session.accountId, ACCOUNT);
    assert.equal(session.arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(session.region, 'eu-west-1');
    assert.ok(session.expiration !== undefined && Math.abs(session.expiration - before - 3_600_000) < 5_000, `expires ${session.expiration}`);
    // the session signs DynamoDB calls in its region
    const dynamodb = sessionClient(session, server.url).dynamodb;
    await dynamodb('CreateTable', {
      TableName: 'Tab1',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    assert.deepEqual(await dynamodb('ListTables', {}), { TableNames: ['Tab1'] });
    assert.deepEqual(await sessionClient(session, server.url, 'us-west-2').dynamodb('ListTables', {}), { TableNames: [] }, 'another region, another namespace');
  });

  test('keys that carry a session token are used as they are', async () => {
    const session = await signIn(KEY, server.url);
    const again = await signIn({ ...session, region: 'eu-west-1' }, server.url);
    assert.equal(again.accessKeyId, session.accessKeyId);
    assert.equal(again.sessionToken, session.sessionToken);
    assert.equal(again.expiration, undefined);
    assert.equal(again.accountId, ACCOUNT);
  });

  test('with a role ARN, the keys assume the role', async () => {
    const session = await signIn({ ...KEY, roleArn: `arn:aws:iam::${ACCOUNT}:role/Reader` }, server.url);
    assert.match(session.accessKeyId, /^ASIA/);
    assert.equal(session.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/sqynamo-console`);
    assert.ok(session.expiration !== undefined && session.expiration > Date.now());
    await assert.rejects(signIn({ ...KEY, roleArn: 'arn:aws:iam::999999999999:role/Reader' }, server.url), (err: unknown) => err instanceof CallError && err.code === 'AccessDenied');
  });

  test('a wrong secret is refused with STS error code and message', async () => {
    await assert.rejects(signIn({ ...KEY, secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret-0' }, server.url), (err: unknown) => {
      assert.ok(err instanceof CallError);
      assert.equal(err.code, 'SignatureDoesNotMatch');
      assert.equal(err.status, 403);
      return true;
    });
    await assert.rejects(signIn({ ...KEY, accessKeyId: 'AKIANOSUCHKEY0000001' }, server.url), (err: unknown) => err instanceof CallError && err.code === 'InvalidClientTokenId');
  });

  test('an expired session is recognised and sends the user back with a message', async () => {
    // a 15-minute session (the shortest) started 895 s ago by the server's clock ends 5 s from now
    clock = Date.now() - 895_000;
    const xml = await awsClient({ endpoint: server.url, region: KEY.region, credentials: KEY }).sts('GetSessionToken', { DurationSeconds: '900' });
    const session = { accessKeyId: xmlText(xml, 'AccessKeyId')!, secretAccessKey: xmlText(xml, 'SecretAccessKey')!, sessionToken: xmlText(xml, 'SessionToken')!, expiration: undefined, region: KEY.region, accountId: ACCOUNT, arn: '' };
    clock = Date.now() + 10_000;
    try {
      const err = await sessionClient(session, server.url)
        .dynamodb('ListTables', {})
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(err instanceof CallError, String(err));
      assert.equal(err.code, 'ExpiredTokenException');
      assert.equal(sessionEndedMessage(err), 'Your session has expired. Sign in again.');
    } finally {
      clock = undefined;
    }
    assert.equal(sessionEndedMessage(new CallError('ResourceNotFoundException', 'x', 400)), undefined);
    assert.match(sessionEndedMessage(new CallError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400)) ?? '', /no longer accepted/);
  });

  test('sessions are stored whole, and dropped when expired or malformed', async () => {
    const store = memoryStore();
    const session = await signIn(KEY, server.url);
    saveSession(store, session);
    assert.deepEqual(loadSession(store, Date.now()), session);
    assert.equal(loadSession(store, session.expiration! + 1), undefined);
    assert.equal(store.map.has(SESSION_KEY), false);
    store.setItem(SESSION_KEY, '{"accessKeyId": 1');
    assert.equal(loadSession(store, Date.now()), undefined);
    assert.equal(store.map.size, 0);
  });
});

describe('WebCrypto SHA-256 for the signer', () => {
  test('hashes and HMACs as Node does', async () => {
    const h = new WebCryptoSha256();
    h.update('abc');
    h.update(new Uint8Array([1, 2, 3]));
    assert.deepEqual(Buffer.from(await h.digest()), createHash('sha256').update('abc').update(Buffer.from([1, 2, 3])).digest());
    const mac = new WebCryptoSha256('key');
    mac.update(new TextEncoder().encode('message').buffer);
    assert.deepEqual(Buffer.from(await mac.digest()), createHmac('sha256', 'key').update('message').digest());
    mac.reset();
    assert.deepEqual(Buffer.from(await mac.digest()), createHmac('sha256', 'key').digest());
  });
});

describe('STS XML text', () => {
  test('reads elements and decodes references', () => {
    const xml = '<R><Arn>arn:a&amp;b</Arn><Code attr="1">X&#65;&#x42;</Code><Empty></Empty></R>';
    assert.equal(xmlText(xml, 'Arn'), 'arn:a&b');
    assert.equal(xmlText(xml, 'Code'), 'XAB');
    assert.equal(xmlText(xml, 'Empty'), '');
    assert.equal(xmlText(xml, 'Missing'), undefined);
    assert.equal(decodeXmlText('&lt;&gt;&quot;&apos;'), `<>"'`);
  });
});
