import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ACCESS, FAKE, expectError, rawRequest, startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const listTables = JSON.stringify({});

describe('SigV4 authentication', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  for (const creds of [FAKE, ACCESS, { accessKeyId: 'key', secretAccessKey: 'secret' }, { accessKeyId: 'fakeMyKeyId', secretAccessKey: 'fakeSecretAccessKey' }]) {
    test(`test credentials ${creds.accessKeyId}/${creds.secretAccessKey} work and share one account`, async () => {
      const db = t.client(creds);
      const res = await db.send(new ListTablesCommand({}));
      assert.ok(Array.isArray(res.TableNames));
    });
  }

  test('all test credentials map to the same test account', async () => {
    await t.client(FAKE).send(
      new CreateTableCommand(tableInput('Shared', 'pk:S')),
    );
    assert.ok((await t.client(ACCESS).send(new ListTablesCommand({}))).TableNames?.includes('Shared'));
  });

  test('the jest-dynamodb and NoSQL Workbench regions work', async () => {
    for (const region of ['local-env', 'localhost']) {
      const res = await t.client(FAKE, region).send(new ListTablesCommand({}));
      assert.ok(Array.isArray(res.TableNames));
    }
  });

  test('no Authorization header: MissingAuthenticationTokenException', async () => {
    const res = await rawRequest(t.url, { target: 'ListTables', body: listTables, unsigned: true });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { __type: 'com.amazon.coral.service#MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
  });

  test('unknown access key: UnrecognizedClientException', async () => {
    const res = await rawRequest(t.url, { target: 'ListTables', body: listTables, credentials: { accessKeyId: 'AKIANOBODYHERE000000', secretAccessKey: 'x' } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { __type: 'com.amazon.coral.service#UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
  });

  test('wrong secret: InvalidSignatureException, through the SDK too', async () => {
    const res = await rawRequest(t.url, { target: 'ListTables', body: listTables, credentials: { accessKeyId: 'fake', secretAccessKey: 'wrong' } });
    assert.equal(res.status, 400);
    assert.equal(res.json?.__type, 'com.amazon.coral.service#InvalidSignatureException');
    assert.match(String(res.json?.message), /^The request signature we calculated does not match the signature you provided/);
    await expectError(t.client({ accessKeyId: 'fake', secretAccessKey: 'wrong' }).send(new ListTablesCommand({})), 'InvalidSignatureException');
  });

  test('a body changed after signing is refused', async () => {
    const res = await rawRequest(t.url, {
      target: 'ListTables',
      body: JSON.stringify({ Limit: 1 }),
      afterSign: (r) => {
        r.body = JSON.stringify({ Limit: 2 });
      },
    });
    assert.equal(res.status, 400);
    assert.equal(res.json?.__type, 'com.amazon.coral.service#InvalidSignatureException');
  });

  test('a signed header changed after signing is refused', async () => {
    const res = await rawRequest(t.url, {
      target: 'ListTables',
      body: listTables,
      afterSign: (r) => {
        r.headers['x-amz-target'] = 'DynamoDB_20120810.DeleteTable';
      },
    });
    assert.equal(res.status, 400);
    assert.equal(res.json?.__type, 'com.amazon.coral.service#InvalidSignatureException');
  });

  test('a signature older than 15 minutes is expired', async () => {
    const res = await rawRequest(t.url, { target: 'ListTables', body: listTables, date: new Date(Date.now() - 16 * 60 * 1000) });
    assert.equal(res.status, 400);
    assert.equal(res.json?.__type, 'com.amazon.coral.service#InvalidSignatureException');
    assert.match(String(res.json?.message), /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });

  test('a signature from more than 15 minutes in the future is not yet current', async () => {
    const res = await rawRequest(t.url, { target: 'ListTables', body: listTables, date: new Date(Date.now() + 16 * 60 * 1000) });
    assert.equal(res.status, 400);
    assert.equal(res.json?.__type, 'com.amazon.coral.service#InvalidSignatureException');
    assert.match(String(res.json?.message), /^Signature not yet current/);
  });

  test('a malformed Authorization header is IncompleteSignatureException and the signature is not echoed', async () => {
    const res = await rawRequest(t.url, {
      target: 'ListTables',
      body: listTables,
      afterSign: (r) => {
        r.headers.authorization = 'AWS4-HMAC-SHA256 Credential=fake/20240101/us-east-1/dynamodb/aws4_request, Signature=deadbeefcafe';
      },
    });
    assert.equal(res.status, 400);
    assert.equal(res.json?.__type, 'com.amazon.coral.service#IncompleteSignatureException');
    assert.match(String(res.json?.message), /SignedHeaders/);
    assert.doesNotMatch(res.text, /deadbeefcafe/);
  });

  test('--no-test-credentials refuses the test keys', async () => {
    const strict = await startTestServer({ args: ['--no-test-credentials'] });
    try {
      await expectError(strict.client(FAKE).send(new ListTablesCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    } finally {
      await strict.close();
    }
  });

  test('keys from access_keys.csv work, in their own account', async () => {
    const dir = tempDir();
    const file = join(dir, 'access_keys.csv');
    writeFileSync(file, '# Access Key, Secret key, Account Id, Existing encoded encryption key, New encoded encryption key\nAKIAADMIN00000000001,adminsecretadminsecretadminsecret0000000,123456789012,,\n');
    const s = await startTestServer({ args: ['--access-keys', file, '--no-test-credentials'] });
    try {
      const admin = s.client({ accessKeyId: 'AKIAADMIN00000000001', secretAccessKey: 'adminsecretadminsecretadminsecret0000000' });
      const created = await admin.send(
        new CreateTableCommand(tableInput('AdminTable', 'pk:S')),
      );
      assert.equal(created.TableDescription?.TableArn, 'arn:aws:dynamodb:us-east-1:123456789012:table/AdminTable');
      await expectError(s.client(FAKE).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    } finally {
      await s.close();
    }
  });

  test('a malformed access_keys.csv stops startup naming the file and line', async () => {
    const dir = tempDir();
    const file = join(dir, 'access_keys.csv');
    writeFileSync(file, '# comment\nAKIAADMIN00000000001,secret,123456789012,,\nAKIABROKEN0000000002,secret,not-an-account,,\n');
    await assert.rejects(startTestServer({ args: ['--access-keys', file] }), (err: Error) => {
      assert.match(err.message, /access_keys\.csv/);
      assert.match(err.message, /line 3/);
      return true;
    });
  });
});
