/**
 * With --workers, revocation is immediate in every worker: once `accounts disable` (a write
 * to the IAM table, served by one worker) is acknowledged, the account's keys and sessions
 * are refused by all of them on their next request, and enabling it again works the same
 * way. Each SDK client holds its own connection and the cluster deals connections to the
 * workers in turn; the log shows both workers refusing.
 */
import { DynamoDBClient, ListTablesCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logRecords, startBundle, type Bundle } from '../helpers/bundle.js';
import { tempDir, type Credentials } from '../helpers/server.js';

const IAM_ACCOUNT = '100000000001';
const ADMIN: Credentials = { accessKeyId: 'AKIAADMINADMINADMIN1', secretAccessKey: 'adminSecretAdminSecretAdminSecret0000000' };
const TEAM = { accountId: '111111111111', key: { accessKeyId: 'AKIATEAMATEAMATEAM01', secretAccessKey: 'teamASecretTeamASecretTeamASecret0000000' } };
const CLIENTS = 6;
const TRIALS = 3;

describe('revocation across worker processes', () => {
  const dir = tempDir('sqynamo-revoke-');
  let cluster: Bundle;
  const clients: DynamoDBClient[] = [];
  let admin: DynamoDBClient;

  const client = (credentials: Credentials) => {
    const c = new DynamoDBClient({ endpoint: cluster.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(c);
    return c;
  };
  const setStatus = (Status: 'Active' | 'Disabled') =>
    admin.send(new UpdateItemCommand({ TableName: 'sqynamo-accounts', Key: { AccountId: { S: TEAM.accountId } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'Status' }, ExpressionAttributeValues: { ':s': { S: Status } } }));
  /** What each client's next ListTables answers: 'ok' or the error name. */
  const poll = (team: DynamoDBClient[]) => Promise.all(team.map((c) => c.send(new ListTablesCommand({})).then(() => 'ok', (err: Error) => err.name)));

  before(async () => {
    const keys = join(dir, 'access_keys.csv');
    writeFileSync(keys, `${ADMIN.accessKeyId},${ADMIN.secretAccessKey},${IAM_ACCOUNT},,\n`);
    cluster = await startBundle(['--data-dir', join(dir, 'data'), '--workers', '2', '--access-keys', keys, '--no-test-credentials']);
    assert.ok(cluster.url, cluster.output());
    admin = client(ADMIN);
    await admin.send(
      new PutItemCommand({
        TableName: 'sqynamo-accounts',
        Item: { AccountId: { S: TEAM.accountId }, Name: { S: 'team' }, AccessKeys: { M: { [TEAM.key.accessKeyId]: { M: { SecretAccessKey: { S: TEAM.key.secretAccessKey } } } } } },
      }),
    );
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test(`disable and enable, ${TRIALS} times: every worker refuses (and accepts) at once`, async () => {
    const sts = new STSClient({ endpoint: cluster.url, region: 'us-east-1', credentials: TEAM.key, maxAttempts: 1 });
    const session = (await sts.send(new GetSessionTokenCommand({}))).Credentials!;
    sts.destroy();
    const team = [
      ...Array.from({ length: CLIENTS }, () => client(TEAM.key)),
      ...Array.from({ length: CLIENTS }, () => client({ accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! })),
    ];
    // warm: every connection open and every worker's key cache filled. One client at a time,
    // so that the cluster, dealing connections in turn, gives each worker some of the key's
    // connections and some of the session's (opened all at once, their order is chance).
    for (const c of team) assert.deepEqual(await poll([c]), ['ok']);
    for (let trial = 0; trial < TRIALS; trial++) {
      await setStatus('Disabled');
      for (let round = 0; round < 3; round++) assert.deepEqual(await poll(team), team.map(() => 'UnrecognizedClientException'), `trial ${trial}, round ${round} after disabling`);
      await setStatus('Active');
      for (let round = 0; round < 3; round++) assert.deepEqual(await poll(team), team.map(() => 'ok'), `trial ${trial}, round ${round} after enabling`);
    }
    await cluster.stop();
    const refusals = logRecords<{ process: number; accessKeyId: string; reason: string }>(cluster.output(), 'authentication failed');
    const refusedBy = new Set(refusals.filter((r) => r.accessKeyId === TEAM.key.accessKeyId).map((r) => r.process));
    assert.deepEqual([...refusedBy].sort(), [0, 1], 'both workers refused the disabled key');
    const sessionsRefusedBy = new Set(refusals.filter((r) => r.accessKeyId === session.AccessKeyId).map((r) => r.process));
    assert.deepEqual([...sessionsRefusedBy].sort(), [0, 1], 'both workers refused its session');
    assert.equal(refusals.length, TRIALS * 3 * team.length);
  });
});
