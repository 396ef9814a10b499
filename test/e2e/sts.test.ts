/**
 * STS on the DynamoDB port, through `@aws-sdk/client-sts` and raw query-protocol requests:
 * identities, temporary credentials and their use with DynamoDB, expiry on a controllable
 * clock, tampering, and cross-account attempts.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { AssumeRoleCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FAKE, expectError, rawRequest, startTestServer, tempDir, type Credentials, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const IAM_ACCOUNT = '100000000001';
const ADMIN: Credentials = { accessKeyId: 'AKIAADMINADMINADMIN1', secretAccessKey: 'adminSecretAdminSecretAdminSecret0000000' };
const TABLE = 'sqynamo-accounts';
const TEAM_A = { accountId: '111111111111', key: { accessKeyId: 'AKIATEAMATEAMATEAM01', secretAccessKey: 'teamASecretTeamASecretTeamASecret0000000' } };
const TEAM_B = { accountId: '222222222222', key: { accessKeyId: 'AKIATEAMBTEAMBTEAMB1', secretAccessKey: 'teamBSecretTeamBSecretTeamBSecret0000000' } };

function accountItem(accountId: string, name: string, key: Credentials): Record<string, AttributeValue> {
  return {
    AccountId: { S: accountId },
    Name: { S: name },
    AccessKeys: { M: { [key.accessKeyId]: { M: { SecretAccessKey: { S: key.secretAccessKey } } } } },
  };
}

type TempCredentials = Required<Credentials>;

function temp(creds: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): TempCredentials {
  assert.ok(creds?.AccessKeyId && creds.SecretAccessKey && creds.SessionToken);
  return { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken };
}

/** A form-encoded STS request, signed as the SDKs sign it (service sts). */
function stsRaw(url: string, body: string, credentials?: Credentials, extra: { unsigned?: boolean; date?: Date } = {}) {
  return rawRequest(url, {
    body,
    credentials,
    service: 'sts',
    contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    ...(credentials?.sessionToken ? { headers: { 'x-amz-security-token': credentials.sessionToken } } : {}),
    ...extra,
  });
}

describe('STS', () => {
  let t: TestServer;
  let clockOffset = 0;
  const stsClients: STSClient[] = [];
  const dbClients: DynamoDBClient[] = [];

  /** Clients sign with the server's (possibly advanced) clock, as a client whose clock agrees would. */
  const sts = (credentials: Credentials, region = 'us-east-1') => {
    const c = new STSClient({ endpoint: t.url, region, credentials, maxAttempts: 1, systemClockOffset: clockOffset });
    stsClients.push(c);
    return c;
  };
  const db = (credentials: Credentials, region = 'us-east-1') => {
    const c = new DynamoDBClient({ endpoint: t.url, region, credentials, maxAttempts: 1, systemClockOffset: clockOffset });
    dbClients.push(c);
    return c;
  };

  before(async () => {
    const file = join(tempDir(), 'access_keys.csv');
    writeFileSync(file, `${ADMIN.accessKeyId},${ADMIN.secretAccessKey},${IAM_ACCOUNT},,\n`);
    t = await startTestServer({ args: ['--access-keys', file], now: () => Date.now() + clockOffset });
    const admin = t.client(ADMIN);
    await admin.send(new PutItemCommand({ TableName: TABLE, Item: accountItem(TEAM_A.accountId, 'team-a', TEAM_A.key) }));
    await admin.send(new PutItemCommand({ TableName: TABLE, Item: accountItem(TEAM_B.accountId, 'team-b', TEAM_B.key) }));
    await t.client(TEAM_A.key).send(
      new CreateTableCommand(tableInput('Orders', 'pk:S')),
    );
    await t.client(TEAM_A.key).send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'o1' } } }));
  });
  after(async () => {
    for (const c of [...stsClients, ...dbClients]) c.destroy();
    await t.close();
  });

  test('GetCallerIdentity: a root user, the admin, the test credentials', async () => {
    const a = await sts(TEAM_A.key).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([a.Account, a.Arn, a.UserId], [TEAM_A.accountId, `arn:aws:iam::${TEAM_A.accountId}:root`, TEAM_A.accountId]);
    assert.equal((await sts(ADMIN, 'eu-west-1').send(new GetCallerIdentityCommand({}))).Account, IAM_ACCOUNT);
    assert.equal((await sts(FAKE).send(new GetCallerIdentityCommand({}))).Account, '000000000000');
  });

  test('GetAccessKeyInfo: the account of a key', async () => {
    const b = sts(TEAM_B.key);
    assert.equal((await b.send(new GetAccessKeyInfoCommand({ AccessKeyId: TEAM_A.key.accessKeyId }))).Account, TEAM_A.accountId);
    assert.equal((await b.send(new GetAccessKeyInfoCommand({ AccessKeyId: ADMIN.accessKeyId }))).Account, IAM_ACCOUNT);
    const session = temp((await sts(TEAM_A.key).send(new GetSessionTokenCommand({}))).Credentials);
    assert.equal((await b.send(new GetAccessKeyInfoCommand({ AccessKeyId: session.accessKeyId }))).Account, TEAM_A.accountId);
    await expectError(
      b.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'short' })),
      'ValidationError',
      "1 validation error detected: Value 'short' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16",
    );
  });

  test('GetSessionToken: ASIA credentials that work with DynamoDB in the same account', async () => {
    const before = Date.now();
    const res = await sts(TEAM_A.key).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const creds = temp(res.Credentials);
    assert.match(creds.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(creds.secretAccessKey.length, 40);
    const expires = res.Credentials?.Expiration?.getTime() ?? 0;
    assert.ok(expires >= before + 899_000 && expires <= Date.now() + 900_000, `expiration ${res.Credentials?.Expiration?.toISOString()}`);
    const d = db(creds);
    assert.deepEqual((await d.send(new ListTablesCommand({}))).TableNames, ['Orders']);
    assert.ok((await d.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'o1' } } }))).Item);
    const who = await sts(creds).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([who.Account, who.Arn], [TEAM_A.accountId, `arn:aws:iam::${TEAM_A.accountId}:root`]);
  });

  test("GetSessionToken: a root user's session lasts at most an hour", async () => {
    const res = await sts(TEAM_A.key).send(new GetSessionTokenCommand({ DurationSeconds: 129_600 }));
    const seconds = ((res.Credentials?.Expiration?.getTime() ?? 0) - Date.now()) / 1000;
    assert.ok(seconds > 3590 && seconds <= 3600, `${seconds}`);
  });

  const durationErrors: [string, () => unknown, string][] = [
    ['GetSessionToken 899', () => new GetSessionTokenCommand({ DurationSeconds: 899 }), "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"],
    ['GetSessionToken 129601', () => new GetSessionTokenCommand({ DurationSeconds: 129_601 }), "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600"],
    [
      'AssumeRole 43201',
      () => new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEAM_A.accountId}:role/App`, RoleSessionName: 'job', DurationSeconds: 43_201 }),
      "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
    ],
    [
      'AssumeRole 899',
      () => new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEAM_A.accountId}:role/App`, RoleSessionName: 'job', DurationSeconds: 899 }),
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    ],
  ];
  for (const [name, command, message] of durationErrors) {
    test(`DurationSeconds bounds: ${name} is a ValidationError`, async () => {
      const err = await expectError(sts(TEAM_A.key).send(command() as GetSessionTokenCommand), 'ValidationError', message);
      assert.equal(err.$metadata?.httpStatusCode, 400);
    });
  }

  test('GetSessionToken with session credentials: AccessDenied', async () => {
    const creds = temp((await sts(TEAM_A.key).send(new GetSessionTokenCommand({}))).Credentials);
    const err = await expectError(sts(creds).send(new GetSessionTokenCommand({})), 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
    assert.equal(err.$metadata?.httpStatusCode, 403);
  });

  test('AssumeRole: a role of its own account; the role credentials act in that account', async () => {
    const res = await sts(TEAM_A.key).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEAM_A.accountId}:role/OrdersReader`, RoleSessionName: 'nightly-report', DurationSeconds: 1800 }));
    assert.equal(res.AssumedRoleUser?.Arn, `arn:aws:sts::${TEAM_A.accountId}:assumed-role/OrdersReader/nightly-report`);
    assert.match(res.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z2-7]{17}:nightly-report$/);
    const creds = temp(res.Credentials);
    const who = await sts(creds).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([who.Account, who.Arn, who.UserId], [TEAM_A.accountId, res.AssumedRoleUser?.Arn, res.AssumedRoleUser?.AssumedRoleId]);
    assert.deepEqual((await db(creds).send(new ListTablesCommand({}))).TableNames, ['Orders']);
    // role chaining works, limited to an hour
    const chained = await sts(creds).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEAM_A.accountId}:role/Other`, RoleSessionName: 'hop' }));
    assert.ok(chained.Credentials?.AccessKeyId);
    await expectError(
      sts(creds).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEAM_A.accountId}:role/Other`, RoleSessionName: 'hop', DurationSeconds: 7200 })),
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  });

  test("AssumeRole of another account's role: AccessDenied", async () => {
    for (const roleArn of [`arn:aws:iam::${TEAM_B.accountId}:role/Admin`, `arn:aws:iam::${IAM_ACCOUNT}:role/Admin`]) {
      const err = await expectError(
        sts(TEAM_A.key).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sneaky' })),
        'AccessDenied',
        `User: arn:aws:iam::${TEAM_A.accountId}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
      assert.equal(err.$metadata?.httpStatusCode, 403);
    }
  });

  test("temporary credentials cannot reach another account's tables", async () => {
    const creds = temp((await sts(TEAM_B.key).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEAM_B.accountId}:role/R`, RoleSessionName: 'xy' }))).Credentials);
    await expectError(
      db(creds).send(new GetItemCommand({ TableName: `arn:aws:dynamodb:us-east-1:${TEAM_A.accountId}:table/Orders`, Key: { pk: { S: 'o1' } } })),
      'AccessDeniedException',
      `User: arn:aws:sts::${TEAM_B.accountId}:assumed-role/R/xy is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:${TEAM_A.accountId}:table/Orders because no resource-based policy allows the dynamodb:GetItem action`,
    );
    await expectError(db(creds).send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'o1' } } })), 'ResourceNotFoundException');
  });

  test('an expired session token: ExpiredTokenException (DynamoDB) and ExpiredToken (STS)', async () => {
    const creds = temp((await sts(TEAM_A.key).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials);
    assert.ok(await db(creds).send(new ListTablesCommand({})));
    clockOffset += 901_000;
    try {
      await expectError(db(creds).send(new ListTablesCommand({})), 'ExpiredTokenException', 'The security token included in the request is expired');
      const err = await expectError(sts(creds).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 'The security token included in the request is expired');
      assert.equal(err.$metadata?.httpStatusCode, 403);
      // the long-term key is unaffected by the clock
      assert.ok(await db(TEAM_A.key).send(new ListTablesCommand({})));
    } finally {
      clockOffset -= 901_000;
    }
  });

  test('a tampered session token: the AWS invalid-token error', async () => {
    const creds = temp((await sts(TEAM_A.key).send(new GetSessionTokenCommand({}))).Credentials);
    const i = Math.floor(creds.sessionToken.length / 2);
    const tampered = { ...creds, sessionToken: creds.sessionToken.slice(0, i) + (creds.sessionToken[i] === 'A' ? 'B' : 'A') + creds.sessionToken.slice(i + 1) };
    await expectError(db(tampered).send(new ListTablesCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid');
    const err = await expectError(sts(tampered).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 'The security token included in the request is invalid');
    assert.equal(err.$metadata?.httpStatusCode, 403);
    await expectError(db({ ...creds, sessionToken: 'garbage' }).send(new ListTablesCommand({})), 'UnrecognizedClientException');
  });

  test('a session token with a different access key: the AWS invalid-token error', async () => {
    const one = temp((await sts(TEAM_A.key).send(new GetSessionTokenCommand({}))).Credentials);
    const two = temp((await sts(TEAM_A.key).send(new GetSessionTokenCommand({}))).Credentials);
    await expectError(db({ ...one, sessionToken: two.sessionToken }).send(new ListTablesCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid');
    // right token, but signed with another secret
    await expectError(db({ ...one, secretAccessKey: two.secretAccessKey }).send(new ListTablesCommand({})), 'InvalidSignatureException');
    // a long-term key does not take a session token
    await expectError(db({ ...TEAM_A.key, sessionToken: one.sessionToken }).send(new ListTablesCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid');
    // an ASIA key without its token is unknown
    await expectError(db({ accessKeyId: one.accessKeyId, secretAccessKey: one.secretAccessKey }).send(new ListTablesCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  });

  test('a session token sealed by another server (another secret) is refused', async () => {
    const foreign = await startTestServer();
    try {
      const c = new STSClient({ endpoint: foreign.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 1 });
      const creds = temp((await c.send(new GetSessionTokenCommand({}))).Credentials);
      c.destroy();
      await expectError(db(creds).send(new ListTablesCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid');
    } finally {
      await foreign.close();
    }
  });

  test('instances sharing the STS secret accept each other\'s tokens without a lookup', async () => {
    const secretFile = join(tempDir(), 'sts-secret');
    writeFileSync(secretFile, 'a shared operator secret\n');
    const one = await startTestServer({ args: ['--sts-secret-file', secretFile] });
    const two = await startTestServer({ args: ['--sts-secret-file', secretFile] });
    try {
      const c = new STSClient({ endpoint: one.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 1 });
      const creds = temp((await c.send(new GetSessionTokenCommand({}))).Credentials);
      c.destroy();
      assert.ok(await two.client(creds).send(new ListTablesCommand({})));
      await expectError(db(creds).send(new ListTablesCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid');
    } finally {
      await one.close();
      await two.close();
    }
  });

  test('disabling the account ends its sessions', async () => {
    const creds = temp((await sts(TEAM_B.key).send(new GetSessionTokenCommand({}))).Credentials);
    assert.ok(await db(creds).send(new ListTablesCommand({})));
    const setStatus = (Status: string) =>
      t.client(ADMIN).send(new UpdateItemCommand({ TableName: TABLE, Key: { AccountId: { S: TEAM_B.accountId } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'Status' }, ExpressionAttributeValues: { ':s': { S: Status } } }));
    await setStatus('Disabled');
    try {
      await expectError(db(creds).send(new ListTablesCommand({})), 'UnrecognizedClientException');
      await expectError(sts(creds).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
    } finally {
      await setStatus('Active');
    }
    assert.ok(await db(creds).send(new ListTablesCommand({})));
  });

  test('the XML of a response and of an error is shaped as AWS sends it', async () => {
    const ok = await stsRaw(t.url, 'Action=GetCallerIdentity&Version=2011-06-15', TEAM_A.key);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'text/xml');
    const requestId = ok.headers.get('x-amzn-requestid');
    assert.equal(
      ok.text,
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::${TEAM_A.accountId}:root</Arn>
    <UserId>${TEAM_A.accountId}</UserId>
    <Account>${TEAM_A.accountId}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>${requestId}</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`,
    );
    const bad = await stsRaw(t.url, 'Action=GetCallerIdentity&Version=2011-06-15', { accessKeyId: 'AKIANOBODYNOBODYNOBO', secretAccessKey: 'x' });
    assert.equal(bad.status, 403);
    assert.equal(
      bad.text,
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>InvalidClientTokenId</Code>
    <Message>The security token included in the request is invalid.</Message>
  </Error>
  <RequestId>${bad.headers.get('x-amzn-requestid')}</RequestId>
</ErrorResponse>
`,
    );
  });

  const rawErrors: [string, () => Promise<{ status: number; text: string }>, number, string, string][] = [
    ['unsigned', () => stsRaw(t.url, 'Action=GetCallerIdentity&Version=2011-06-15', undefined, { unsigned: true }), 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token'],
    [
      'wrong secret',
      () => stsRaw(t.url, 'Action=GetCallerIdentity&Version=2011-06-15', { ...TEAM_A.key, secretAccessKey: 'wrong' }),
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    ],
    ['unknown action', () => stsRaw(t.url, 'Action=GetFederationToken&Version=2011-06-15', TEAM_A.key), 400, 'InvalidAction', 'Could not find operation GetFederationToken for version 2011-06-15'],
    [
      'signature older than 15 minutes',
      () => stsRaw(t.url, 'Action=GetCallerIdentity&Version=2011-06-15', TEAM_A.key, { date: new Date(Date.now() - 16 * 60_000) }),
      403,
      'SignatureDoesNotMatch',
      'Signature expired: ',
    ],
  ];
  for (const [name, send, status, code, message] of rawErrors) {
    test(`${name}: ${code} (${status})`, async () => {
      const res = await send();
      assert.equal(res.status, status);
      assert.match(res.text, /^<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/">\n {2}<Error>\n {4}<Type>Sender<\/Type>/);
      assert.ok(res.text.includes(`<Code>${code}</Code>`), res.text);
      assert.ok(res.text.includes(`<Message>${message}`), res.text);
    });
  }

  test('DynamoDB requests are untouched by the STS route', async () => {
    const res = await rawRequest(t.url, { target: 'ListTables', body: '{}', credentials: TEAM_A.key });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { TableNames: ['Orders'] });
    // an STS-signed request can not call DynamoDB, and vice versa
    const crossed = await rawRequest(t.url, { target: 'ListTables', body: '{}', credentials: TEAM_A.key, service: 'sts' });
    assert.equal(crossed.status, 400);
    assert.match(crossed.text, /<Code>MissingAction<\/Code>/);
  });
});
