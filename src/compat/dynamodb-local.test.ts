import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { describe, test } from 'node:test';
import { claimDataDir, MODE_FILE } from './data-dir-mode.js';
import { translateDynamoDBLocalArgs, TRANSIENT_STATUS_DELAY_MS } from './dynamodb-local-args.js';
import { leniencies, localAccountId, SHARED_ACCOUNT_ID, SHARED_REGION, unverifiedIdentity } from './dynamodb-local.js';

describe("DynamoDB Local's command line", () => {
  test('its flags become Sqynamo flags; others are kept', () => {
    assert.deepEqual(translateDynamoDBLocalArgs(['-sharedDb', '-inMemory', '-port', '8001', '--log-level', 'info']), {
      argv: ['--shared-db', '--in-memory', '--port', '8001', '--log-level', 'info'],
      dynamoDBLocalFlags: ['-sharedDb', '-inMemory', '-port'],
    });
    assert.deepEqual(translateDynamoDBLocalArgs(['-dbPath', '/d', '-cors', 'http://a.test', '-delayTransientStatuses', '-optimizeDbBeforeStartup', '-disableTelemetry']).argv, [
      '--data-dir',
      '/d',
      '--cors',
      'http://a.test',
      '--table-status-delay',
      String(TRANSIENT_STATUS_DELAY_MS),
      '--optimize-db',
    ]);
    assert.deepEqual(translateDynamoDBLocalArgs(['-help']).argv, ['--help']);
    assert.deepEqual(translateDynamoDBLocalArgs(['-version']).argv, ['--version']);
    assert.deepEqual(translateDynamoDBLocalArgs(['-p', '9', '-h', 'x']), { argv: ['-p', '9', '-h', 'x'], dynamoDBLocalFlags: [] });
    assert.deepEqual(translateDynamoDBLocalArgs(['-port']).argv, ['--port']);
  });
});

describe('identities without authentication', () => {
  const auth = (key: string, region: string) => ({
    authorization: `AWS4-HMAC-SHA256 Credential=${key}/20260101/${region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
  });

  test('one namespace per access key and region; the signature and date are not looked at', () => {
    const a = unverifiedIdentity(auth('alice', 'us-east-1'), false);
    assert.equal(a.accessKeyId, 'alice');
    assert.equal(a.region, 'us-east-1');
    assert.equal(a.accountId, localAccountId('alice'));
    assert.match(a.accountId, /^\d{12}$/);
    assert.notEqual(localAccountId('alice'), localAccountId('bob'));
    assert.equal(localAccountId('alice'), localAccountId('alice'));
    assert.equal(unverifiedIdentity(auth('alice', 'localhost'), false).region, 'localhost');
  });

  test('-sharedDb: one namespace for every key and region', () => {
    for (const [key, region] of [['alice', 'us-east-1'], ['bob', 'localhost']]) {
      const id = unverifiedIdentity(auth(key, region), true);
      assert.equal(id.accountId, SHARED_ACCOUNT_ID);
      assert.equal(id.region, SHARED_REGION);
    }
  });

  test("no Authorization header is DynamoDB Local's MissingAuthenticationToken; a malformed one AWS's error", () => {
    assert.throws(
      () => unverifiedIdentity({}, true),
      (err: Error & { type?: string; status?: number }) => err.type === 'com.amazonaws.dynamodb.v20120810#MissingAuthenticationToken' && err.status === 400,
    );
    assert.throws(() => unverifiedIdentity({ authorization: 'AWS4-HMAC-SHA256 Credential=x' }, true), /IncompleteSignature|requires/);
  });
});

test('leniencies: none in AWS mode; ACTIVE answers unless transient statuses are delayed', () => {
  assert.deepEqual(leniencies({ compat: 'aws', tableStatusDelayMs: 0 }), {
    unusedAttributeDefinitions: false,
    ttlChangeAnyTime: false,
    createdStatus: 'CREATING',
    deletedStatus: 'DELETING',
  });
  assert.deepEqual(leniencies({ compat: 'dynamodb-local', tableStatusDelayMs: 0 }), {
    unusedAttributeDefinitions: true,
    ttlChangeAnyTime: true,
    createdStatus: 'ACTIVE',
    deletedStatus: 'ACTIVE',
  });
  assert.equal(leniencies({ compat: 'dynamodb-local', tableStatusDelayMs: 5000 }).createdStatus, 'CREATING');
});

describe('data directories keep to their mode', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'sqynamo-mode-'));

  test('DynamoDB Local mode marks a new directory, and AWS mode then refuses it', () => {
    const d = dir();
    claimDataDir(d, 'dynamodb-local');
    assert.equal(readFileSync(join(d, MODE_FILE), 'utf8'), 'dynamodb-local\n');
    claimDataDir(d, 'dynamodb-local');
    assert.throws(() => claimDataDir(d, 'aws'), /was written in DynamoDB Local mode, which does not authenticate/);
  });

  test('DynamoDB Local mode refuses a directory holding AWS-mode accounts or the STS secret', () => {
    const d = dir();
    claimDataDir(d, 'aws');
    writeFileSync(join(d, 'account-000000000000.sqlite3'), '');
    assert.throws(() => claimDataDir(d, 'dynamodb-local'), /holds AWS-mode accounts; DynamoDB Local mode does not authenticate and never opens them/);
    const e = dir();
    writeFileSync(join(e, 'sts-secret.key'), 'x');
    assert.throws(() => claimDataDir(e, 'dynamodb-local'), /holds AWS-mode accounts/);
    const f = join(dir(), 'new', 'nested');
    claimDataDir(f, 'aws');
    mkdirSync(f, { recursive: true });
  });
});
