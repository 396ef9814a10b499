/**
 * The multi-tenant control plane through the real SDK: the operator bootstraps with
 * access_keys.csv and --no-test-credentials, the admin creates root users by writing the IAM
 * table, and each root user sees only its own account.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  ScanCommand,
  TagResourceCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer } from '../../src/server.js';
import { expectError, startTestServer, tempDir, type Credentials, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';
import { putStored, storedTable } from '../helpers/storage.js';

const IAM_ACCOUNT = '100000000001';
const ADMIN: Credentials = { accessKeyId: 'AKIAADMINADMINADMIN1', secretAccessKey: 'adminSecretAdminSecretAdminSecret0000000' };
const CSV_ACCOUNT = '100000000002';
const CSV_USER: Credentials = { accessKeyId: 'AKIACSVUSERCSVUSER01', secretAccessKey: 'csvUserSecretCsvUserSecretCsvUserSecret0' };
const TABLE = 'sqynamo-accounts';

const TEAM_A = { accountId: '111111111111', key: { accessKeyId: 'AKIATEAMATEAMATEAM01', secretAccessKey: 'teamASecretTeamASecretTeamASecret0000000' } };
const TEAM_B = { accountId: '222222222222', key: { accessKeyId: 'AKIATEAMBTEAMBTEAMB1', secretAccessKey: 'teamBSecretTeamBSecretTeamBSecret0000000' } };

const usersTable = (TableName = 'Users') => tableInput(TableName, 'pk:S');

/** An account item as the README documents it. */
function accountItem(accountId: string, name: string, keys: Credentials[], extra: Record<string, AttributeValue> = {}): Record<string, AttributeValue> {
  return {
    AccountId: { S: accountId },
    Name: { S: name },
    Status: { S: 'Active' },
    AccessKeys: { M: Object.fromEntries(keys.map((k) => [k.accessKeyId, { M: { SecretAccessKey: { S: k.secretAccessKey }, Status: { S: 'Active' } } }])) },
    ...extra,
  };
}

function writeAccessKeys(dir: string, rows: string[]): string {
  const file = join(dir, 'access_keys.csv');
  writeFileSync(file, ['# Access Key,Secret key,Account Id,Existing encoded encryption key,New encoded encryption key', ...rows, ''].join('\n'));
  return file;
}

const adminRow = `${ADMIN.accessKeyId},${ADMIN.secretAccessKey},${IAM_ACCOUNT},,`;
const csvUserRow = `${CSV_USER.accessKeyId},${CSV_USER.secretAccessKey},${CSV_ACCOUNT},,`;

describe('control plane: root users in the IAM table', () => {
  let t: TestServer;
  let keysFile: string;
  let clockOffset = 0;
  let admin: DynamoDBClient;

  before(async () => {
    keysFile = writeAccessKeys(tempDir(), [adminRow, csvUserRow]);
    t = await startTestServer({ args: ['--access-keys', keysFile, '--no-test-credentials'], now: () => Date.now() + clockOffset });
    admin = t.client(ADMIN);
    await admin.send(new PutItemCommand({ TableName: TABLE, Item: accountItem(TEAM_A.accountId, 'team-a', [TEAM_A.key]) }));
    await admin.send(new PutItemCommand({ TableName: TABLE, Item: accountItem(TEAM_B.accountId, 'team-b', [TEAM_B.key]) }));
  });
  after(() => t.close());

  test('the test credentials are off', async () => {
    await expectError(t.client({ accessKeyId: 'fake', secretAccessKey: 'fake' }).send(new ListTablesCommand({})), 'UnrecognizedClientException');
  });

  test('the IAM table exists in the IAM account, deletion-protected, and holds what the admin wrote', async () => {
    const table = (await admin.send(new DescribeTableCommand({ TableName: TABLE }))).Table;
    assert.equal(table?.TableArn, `arn:aws:dynamodb:us-east-1:${IAM_ACCOUNT}:table/${TABLE}`);
    assert.equal(table?.DeletionProtectionEnabled, true);
    assert.deepEqual(table?.KeySchema, [{ AttributeName: 'AccountId', KeyType: 'HASH' }]);
    const item = (await admin.send(new GetItemCommand({ TableName: TABLE, Key: { AccountId: { S: TEAM_A.accountId } } }))).Item;
    assert.equal(item?.Name?.S, 'team-a');
  });

  test('a root user creates tables and items in its own account', async () => {
    const a = t.client(TEAM_A.key);
    const created = await a.send(new CreateTableCommand(usersTable()));
    assert.equal(created.TableDescription?.TableArn, `arn:aws:dynamodb:us-east-1:${TEAM_A.accountId}:table/Users`);
    await a.send(new PutItemCommand({ TableName: 'Users', Item: { pk: { S: 'u1' }, owner: { S: 'team-a' } } }));
    assert.deepEqual((await a.send(new GetItemCommand({ TableName: 'Users', Key: { pk: { S: 'u1' } } }))).Item?.owner, { S: 'team-a' });
  });

  test('another root user can neither see nor touch them', async () => {
    const b = t.client(TEAM_B.key);
    const arn = `arn:aws:dynamodb:us-east-1:${TEAM_A.accountId}:table/Users`;
    assert.deepEqual((await b.send(new ListTablesCommand({}))).TableNames, []);
    await expectError(b.send(new DescribeTableCommand({ TableName: 'Users' })), 'ResourceNotFoundException');
    await expectError(b.send(new GetItemCommand({ TableName: 'Users', Key: { pk: { S: 'u1' } } })), 'ResourceNotFoundException');
    const denied = (op: string) =>
      `User: arn:aws:iam::${TEAM_B.accountId}:root is not authorized to perform: dynamodb:${op} on resource: ${arn} because no resource-based policy allows the dynamodb:${op} action`;
    await expectError(b.send(new GetItemCommand({ TableName: arn, Key: { pk: { S: 'u1' } } })), 'AccessDeniedException', denied('GetItem'));
    await expectError(b.send(new PutItemCommand({ TableName: arn, Item: { pk: { S: 'x' } } })), 'AccessDeniedException', denied('PutItem'));
    await expectError(b.send(new DeleteItemCommand({ TableName: arn, Key: { pk: { S: 'u1' } } })), 'AccessDeniedException', denied('DeleteItem'));
    await expectError(b.send(new DescribeTableCommand({ TableName: arn })), 'AccessDeniedException', denied('DescribeTable'));
    await expectError(b.send(new DeleteTableCommand({ TableName: arn })), 'AccessDeniedException', denied('DeleteTable'));
    // and team-a's item is untouched
    assert.ok((await t.client(TEAM_A.key).send(new GetItemCommand({ TableName: 'Users', Key: { pk: { S: 'u1' } } }))).Item);
  });

  test("root users cannot read or write the IAM account's tables", async () => {
    const a = t.client(TEAM_A.key);
    const arn = `arn:aws:dynamodb:us-east-1:${IAM_ACCOUNT}:table/${TABLE}`;
    await expectError(a.send(new GetItemCommand({ TableName: arn, Key: { AccountId: { S: TEAM_B.accountId } } })), 'AccessDeniedException', /is not authorized to perform: dynamodb:GetItem/);
    await expectError(a.send(new PutItemCommand({ TableName: arn, Item: accountItem('333333333333', 'evil', []) })), 'AccessDeniedException');
    await expectError(a.send(new ScanCommand({ TableName: arn })), 'AccessDeniedException');
    await expectError(a.send(new DescribeTableCommand({ TableName: TABLE })), 'ResourceNotFoundException');
    assert.ok(!(await a.send(new ListTablesCommand({}))).TableNames?.includes(TABLE));
  });

  test("a root user's own table of that name is just a table: it creates no accounts", async () => {
    const b = t.client(TEAM_B.key);
    await b.send(new CreateTableCommand(tableInput(TABLE, 'AccountId:S')));
    const forged = { accessKeyId: 'AKIAFORGEDFORGEDFORG', secretAccessKey: 'forgedSecretForgedSecretForgedSecret0000' };
    await b.send(new PutItemCommand({ TableName: TABLE, Item: accountItem('444444444444', 'forged', [forged]) }));
    await expectError(t.client(forged).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    await b.send(new DeleteTableCommand({ TableName: TABLE }));
  });

  test('the IAM account acts only in its own namespace', async () => {
    assert.deepEqual((await admin.send(new ListTablesCommand({}))).TableNames, [TABLE]);
    await expectError(admin.send(new DescribeTableCommand({ TableName: 'Users' })), 'ResourceNotFoundException');
    await expectError(
      admin.send(new GetItemCommand({ TableName: `arn:aws:dynamodb:us-east-1:${TEAM_A.accountId}:table/Users`, Key: { pk: { S: 'u1' } } })),
      'AccessDeniedException',
      `User: arn:aws:iam::${IAM_ACCOUNT}:root is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:${TEAM_A.accountId}:table/Users because no resource-based policy allows the dynamodb:GetItem action`,
    );
  });

  test('a root user of access_keys.csv is a tenant like the others', async () => {
    const c = t.client(CSV_USER);
    assert.deepEqual((await c.send(new ListTablesCommand({}))).TableNames, []);
    await expectError(c.send(new DescribeTableCommand({ TableName: TABLE })), 'ResourceNotFoundException');
  });

  const KEY = 'AKIAVALIDVALIDVALID1';
  const SECRET = 'validSecretValidSecretValidSecret0000000';
  const P = `Invalid item for the IAM table ${TABLE}: `;
  const malformed: [string, Record<string, AttributeValue>, string][] = [
    ['no Name', { AccountId: { S: '555555555555' } }, `${P}Name is required (1 to 64 characters of letters, digits and +=,.@_-)`],
    ['an AccountId of 11 digits', accountItem('55555555555', 'x', []), `${P}AccountId must be exactly 12 digits`],
    ['a Status of the wrong word', accountItem('555555555555', 'x', [], { Status: { S: 'Suspended' } }), `${P}Status must be the string "Active" or "Disabled"`],
    ['an unknown attribute', accountItem('555555555555', 'x', [], { Email: { S: 'a@b' } }), `${P}unknown attribute 'Email' (allowed: AccountId, Name, Status, CreateDate, AccessKeys)`],
    ['AccessKeys as a string', accountItem('555555555555', 'x', [], { AccessKeys: { S: KEY } }), `${P}AccessKeys must be a map (M) from access key id to {SecretAccessKey, Status, CreateDate}`],
    ['a key without its secret', accountItem('555555555555', 'x', [], { AccessKeys: { M: { [KEY]: { M: { Status: { S: 'Active' } } } } } }), `${P}AccessKeys.${KEY}.SecretAccessKey is required (a string of 16 to 128 printable ASCII characters without spaces)`],
    ['a secret of 8 characters', accountItem('555555555555', 'x', [{ accessKeyId: KEY, secretAccessKey: 'short123' }]), `${P}AccessKeys.${KEY}.SecretAccessKey must be a string of 16 to 128 printable ASCII characters without spaces`],
    ['a temporary key id', accountItem('555555555555', 'x', [{ accessKeyId: 'ASIAVALIDVALIDVALID1', secretAccessKey: SECRET }]), `${P}access key id 'ASIAVALIDVALIDVALID1' must not start with ASIA (reserved for temporary credentials)`],
    [
      'three keys',
      accountItem('555555555555', 'x', ['AKIAVALIDVALIDVALID1', 'AKIAVALIDVALIDVALID2', 'AKIAVALIDVALIDVALID3'].map((k) => ({ accessKeyId: k, secretAccessKey: SECRET }))),
      `${P}AccessKeys holds 3 keys; an account may have at most 2`,
    ],
    ['a key id team-a holds', accountItem('555555555555', 'x', [{ accessKeyId: TEAM_A.key.accessKeyId, secretAccessKey: SECRET }]), `${P}access key id ${TEAM_A.key.accessKeyId} of account 555555555555 already belongs to account ${TEAM_A.accountId}`],
    ['the admin key id', accountItem('555555555555', 'x', [{ accessKeyId: ADMIN.accessKeyId, secretAccessKey: SECRET }]), `${P}access key id ${ADMIN.accessKeyId} is a key of access_keys.csv`],
    ['the IAM account id', accountItem(IAM_ACCOUNT, 'x', []), `${P}AccountId ${IAM_ACCOUNT} is the IAM account`],
    ['an account id of access_keys.csv', accountItem(CSV_ACCOUNT, 'x', []), `${P}AccountId ${CSV_ACCOUNT} is an account of access_keys.csv`],
    ['the test account id', accountItem('000000000000', 'x', []), `${P}AccountId 000000000000 is the built-in test credentials' account`],
  ];
  for (const [name, item, message] of malformed) {
    test(`put-item with ${name}: ValidationException saying what is wrong, nothing written`, async () => {
      await expectError(admin.send(new PutItemCommand({ TableName: TABLE, Item: item })), 'ValidationException', message);
      const id = item.AccountId?.S;
      if (id !== undefined && id !== IAM_ACCOUNT) assert.equal((await admin.send(new GetItemCommand({ TableName: TABLE, Key: { AccountId: { S: id } }, ConsistentRead: true }))).Item, undefined);
    });
  }

  test('DynamoDB\'s own checks come first (a missing key attribute)', async () => {
    await expectError(admin.send(new PutItemCommand({ TableName: TABLE, Item: { Name: { S: 'x' } } })), 'ValidationException', /One of the required keys was not given a value|Missing the key AccountId/);
  });

  test('an update that would leave a malformed item is rolled back', async () => {
    const key = { AccountId: { S: TEAM_A.accountId } };
    await expectError(
      admin.send(new UpdateItemCommand({ TableName: TABLE, Key: key, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'Status' }, ExpressionAttributeValues: { ':s': { S: 'Off' } } })),
      'ValidationException',
      `${P}Status must be the string "Active" or "Disabled"`,
    );
    await expectError(
      admin.send(new UpdateItemCommand({ TableName: TABLE, Key: { AccountId: { S: '666666666666' } }, UpdateExpression: 'SET #n = :n', ExpressionAttributeNames: { '#n': 'Nmae' }, ExpressionAttributeValues: { ':n': { S: 'typo' } } })),
      'ValidationException',
      /unknown attribute 'Nmae'/,
    );
    const item = (await admin.send(new GetItemCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item;
    assert.equal(item?.Status?.S, 'Active');
    assert.equal((await admin.send(new GetItemCommand({ TableName: TABLE, Key: { AccountId: { S: '666666666666' } } }))).Item, undefined);
    assert.ok((await t.client(TEAM_A.key).send(new ListTablesCommand({}))).TableNames);
  });

  test('batch and transactional writes are checked the same way, and roll back as a whole', async () => {
    await expectError(
      admin.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: [{ PutRequest: { Item: accountItem('565656565656', 'ok', []) } }, { PutRequest: { Item: accountItem('575757575757', 'bad name!', []) } }] } })),
      'ValidationException',
      `${P}Name must be 1 to 64 characters of letters, digits and +=,.@_-`,
    );
    await admin.send(new CreateTableCommand(usersTable('AdminNotes')));
    await expectError(
      admin.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'AdminNotes', Item: { pk: { S: 'note' } } } },
            { Put: { TableName: TABLE, Item: accountItem('585858585858', 'x', [], { Status: { S: 'Gone' } }) } },
          ],
        }),
      ),
      'ValidationException',
      `${P}Status must be the string "Active" or "Disabled"`,
    );
    for (const id of ['565656565656', '575757575757', '585858585858']) {
      assert.equal((await admin.send(new GetItemCommand({ TableName: TABLE, Key: { AccountId: { S: id } }, ConsistentRead: true }))).Item, undefined, id);
    }
    assert.equal((await admin.send(new GetItemCommand({ TableName: 'AdminNotes', Key: { pk: { S: 'note' } }, ConsistentRead: true }))).Item, undefined);
    const e = { accessKeyId: 'AKIATEAMETEAMETEAME1', secretAccessKey: 'teamESecretTeamESecretTeamESecret0000000' };
    await admin.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'AdminNotes', Item: { pk: { S: 'team-e' } } } },
          { Put: { TableName: TABLE, Item: accountItem('595959595959', 'team-e', [e]) } },
        ],
      }),
    );
    assert.ok(await t.client(e).send(new ListTablesCommand({})));
    await admin.send(new DeleteTableCommand({ TableName: 'AdminNotes' }));
  });

  test('disabling an account takes effect at once (and its tables stay); enabling restores it', async () => {
    const setStatus = (Status: string) =>
      admin.send(new UpdateItemCommand({ TableName: TABLE, Key: { AccountId: { S: TEAM_A.accountId } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'Status' }, ExpressionAttributeValues: { ':s': { S: Status } } }));
    const a = t.client(TEAM_A.key);
    await setStatus('Disabled');
    await expectError(a.send(new ListTablesCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    assert.ok((await t.client(TEAM_B.key).send(new ListTablesCommand({}))).TableNames);
    await setStatus('Active');
    assert.deepEqual((await a.send(new ListTablesCommand({}))).TableNames, ['Users']);
  });

  test('a second key, an inactive key, a deleted key', async () => {
    const second = { accessKeyId: 'AKIATEAMBSECONDKEY01', secretAccessKey: 'teamBSecondSecretTeamBSecondSecret000000' };
    const key = { AccountId: { S: TEAM_B.accountId } };
    await admin.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: key,
        UpdateExpression: 'SET AccessKeys.#k = :v',
        ExpressionAttributeNames: { '#k': second.accessKeyId },
        ExpressionAttributeValues: { ':v': { M: { SecretAccessKey: { S: second.secretAccessKey }, Status: { S: 'Active' } } } },
      }),
    );
    assert.ok(await t.client(second).send(new ListTablesCommand({})));
    await admin.send(
      new UpdateItemCommand({ TableName: TABLE, Key: key, UpdateExpression: 'SET AccessKeys.#k.#s = :s', ExpressionAttributeNames: { '#k': TEAM_B.key.accessKeyId, '#s': 'Status' }, ExpressionAttributeValues: { ':s': { S: 'Inactive' } } }),
    );
    await expectError(t.client(TEAM_B.key).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    assert.ok(await t.client(second).send(new ListTablesCommand({})), 'the other key still works');
    await admin.send(new UpdateItemCommand({ TableName: TABLE, Key: key, UpdateExpression: 'REMOVE AccessKeys.#k', ExpressionAttributeNames: { '#k': second.accessKeyId } }));
    await expectError(t.client(second).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    await admin.send(
      new UpdateItemCommand({ TableName: TABLE, Key: key, UpdateExpression: 'SET AccessKeys.#k.#s = :s', ExpressionAttributeNames: { '#k': TEAM_B.key.accessKeyId, '#s': 'Status' }, ExpressionAttributeValues: { ':s': { S: 'Active' } } }),
    );
    assert.ok(await t.client(TEAM_B.key).send(new ListTablesCommand({})));
  });

  test('deleting an account item refuses its keys', async () => {
    const gone = { accessKeyId: 'AKIAGONEGONEGONEGONE', secretAccessKey: 'goneSecretGoneSecretGoneSecretGone000000' };
    await admin.send(new PutItemCommand({ TableName: TABLE, Item: accountItem('777777777777', 'gone', [gone]) }));
    assert.ok(await t.client(gone).send(new ListTablesCommand({})));
    await admin.send(new DeleteItemCommand({ TableName: TABLE, Key: { AccountId: { S: '777777777777' } } }));
    await expectError(t.client(gone).send(new ListTablesCommand({})), 'UnrecognizedClientException');
  });

  test('the IAM table cannot be deleted, recreated or altered as a table', async () => {
    const denied = (op: string) =>
      `User: arn:aws:iam::${IAM_ACCOUNT}:root is not authorized to perform: dynamodb:${op} on resource: arn:aws:dynamodb:us-east-1:${IAM_ACCOUNT}:table/${TABLE} with an explicit deny in a resource-based policy`;
    await expectError(admin.send(new DeleteTableCommand({ TableName: TABLE })), 'AccessDeniedException', denied('DeleteTable'));
    await expectError(admin.send(new CreateTableCommand(usersTable(TABLE))), 'AccessDeniedException', denied('CreateTable'));
    await expectError(t.client(ADMIN, 'eu-west-1').send(new CreateTableCommand(usersTable(TABLE))), 'AccessDeniedException', denied('CreateTable'));
    await expectError(admin.send(new UpdateTimeToLiveCommand({ TableName: TABLE, TimeToLiveSpecification: { AttributeName: 'Name', Enabled: true } })), 'AccessDeniedException', denied('UpdateTimeToLive'));
    await expectError(
      admin.send(new TagResourceCommand({ ResourceArn: `arn:aws:dynamodb:us-east-1:${IAM_ACCOUNT}:table/${TABLE}`, Tags: [{ Key: 'k', Value: 'v' }] })),
      'AccessDeniedException',
      denied('TagResource'),
    );
  });

  test('the IAM table answers in every region the admin signs for', async () => {
    const west = t.client(ADMIN, 'eu-west-1');
    const c = { accessKeyId: 'AKIATEAMCTEAMCTEAMC1', secretAccessKey: 'teamCSecretTeamCSecretTeamCSecret0000000' };
    await west.send(new PutItemCommand({ TableName: TABLE, Item: accountItem('888888888888', 'team-c', [c]) }));
    assert.equal((await admin.send(new GetItemCommand({ TableName: TABLE, Key: { AccountId: { S: '888888888888' } } }))).Item?.Name?.S, 'team-c');
    assert.equal((await west.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.TableArn, `arn:aws:dynamodb:us-east-1:${IAM_ACCOUNT}:table/${TABLE}`);
    assert.ok(await t.client(c, 'ap-south-1').send(new ListTablesCommand({})));
    // the admin's other tables in eu-west-1 stay regional
    await west.send(new CreateTableCommand(usersTable('AdminWest')));
    assert.deepEqual((await west.send(new ListTablesCommand({}))).TableNames, ['AdminWest']);
  });

  test('a change that bypasses the API is seen within the key-cache lifetime (under 5 s)', async () => {
    const d = { accessKeyId: 'AKIATEAMDTEAMDTEAMD1', secretAccessKey: 'teamDSecretTeamDSecretTeamDSecret0000000' };
    await admin.send(new PutItemCommand({ TableName: TABLE, Item: accountItem('999999999999', 'team-d', [d]) }));
    assert.ok(await t.client(d).send(new ListTablesCommand({})));
    // Straight into storage, as another process sharing the files might.
    const store = t.server.storage.tenant(IAM_ACCOUNT, 'us-east-1');
    const disabled = accountItem('999999999999', 'team-d', [d], { Status: { S: 'Disabled' } }) as never;
    await putStored(store, await storedTable(store, TABLE), [disabled]);
    assert.ok(await t.client(d).send(new ListTablesCommand({})), 'still cached');
    clockOffset += 2500;
    await expectError(t.client(d).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    clockOffset -= 2500;
  });

  test('access_keys.csv reloads: a key added works, a key removed stops, a broken file keeps the last good set', async () => {
    const added = { accessKeyId: 'AKIAADDEDADDEDADDED1', secretAccessKey: 'addedSecretAddedSecretAddedSecret0000000' };
    writeAccessKeys(join(keysFile, '..'), [adminRow, csvUserRow, `${added.accessKeyId},${added.secretAccessKey},100000000003,,`]);
    assert.ok(t.server.accessKeys?.reload());
    assert.deepEqual((await t.client(added).send(new ListTablesCommand({}))).TableNames, []);
    writeAccessKeys(join(keysFile, '..'), [adminRow, `${added.accessKeyId},${added.secretAccessKey},100000000003,,`]);
    assert.ok(t.server.accessKeys?.reload());
    await expectError(t.client(CSV_USER).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    writeFileSync(keysFile, `${adminRow}\nthis line is broken\n`);
    assert.equal(t.server.accessKeys?.reload(), false);
    assert.ok(await t.client(added).send(new ListTablesCommand({})), 'the last good set stays in force');
    // a removed CSV account id becomes free for the IAM table
    writeAccessKeys(join(keysFile, '..'), [adminRow, csvUserRow]);
    assert.ok(t.server.accessKeys?.reload());
  });
});

describe('control plane: the IAM account choice and persistence', () => {
  test('--iam-account names another row; the first row is then a plain root user', async () => {
    const dir = tempDir();
    const file = writeAccessKeys(dir, [csvUserRow, adminRow]);
    const t = await startTestServer({ args: ['--access-keys', file, '--no-test-credentials', '--iam-account', IAM_ACCOUNT] });
    try {
      assert.deepEqual((await t.client(ADMIN).send(new ListTablesCommand({}))).TableNames, [TABLE]);
      assert.deepEqual((await t.client(CSV_USER).send(new ListTablesCommand({}))).TableNames, []);
    } finally {
      await t.close();
    }
  });

  test('--iam-account must be an account of access_keys.csv', async () => {
    const file = writeAccessKeys(tempDir(), [adminRow]);
    await assert.rejects(startTestServer({ args: ['--access-keys', file, '--iam-account', '123412341234'] }), /--iam-account 123412341234 is not an account of access_keys.csv/);
  });

  test('without access_keys.csv there is no IAM account and no IAM table', async () => {
    const t = await startTestServer();
    try {
      assert.equal(t.server.controlPlane.iamAccountId, undefined);
      assert.ok(!(await t.client().send(new ListTablesCommand({}))).TableNames?.includes(TABLE));
    } finally {
      await t.close();
    }
  });

  test('root users survive a restart', async () => {
    const dir = tempDir();
    const file = writeAccessKeys(dir, [adminRow]);
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const first = await startTestServer({ dataDir, args: ['--access-keys', file, '--no-test-credentials'] });
    await first.client(ADMIN).send(new PutItemCommand({ TableName: TABLE, Item: accountItem(TEAM_A.accountId, 'team-a', [TEAM_A.key]) }));
    await first.stop();
    const second = await startTestServer({ dataDir, args: ['--access-keys', file, '--no-test-credentials'] });
    try {
      assert.deepEqual((await second.client(TEAM_A.key).send(new ListTablesCommand({}))).TableNames, []);
    } finally {
      await second.close();
    }
  });
});

describe('control plane: flags', () => {
  test('--iam-account and SQYNAMO_IAM_ACCOUNT take a 12-digit account id', () => {
    assert.equal((parseConfig(['--iam-account', '123456789012'], {}, () => false) as { iamAccount: string }).iamAccount, '123456789012');
    assert.equal((parseConfig([], { SQYNAMO_IAM_ACCOUNT: '123456789012' }, () => false) as { iamAccount: string }).iamAccount, '123456789012');
    assert.throws(() => parseConfig(['--iam-account', 'admin'], {}, () => false), /--iam-account must be a 12-digit account id, got 'admin'/);
  });

  test('the STS secret from the environment never shows when the config is serialized', () => {
    const config = parseConfig([], { SQYNAMO_STS_SECRET: 'hunter2-very-secret', SQYNAMO_STS_SECRET_FILE: '/etc/sqynamo/sts' }, () => false);
    assert.ok(typeof config === 'object');
    assert.equal(config.stsSecret, 'hunter2-very-secret');
    assert.equal(config.stsSecretFile, '/etc/sqynamo/sts');
    assert.ok(!JSON.stringify(config).includes('hunter2'));
    assert.ok(!Object.keys(config).includes('stsSecret'));
    assert.equal((parseConfig([], { SQYNAMO_STS_SECRET_FILE: '/run/secret' }, () => false) as { stsSecretFile: string }).stsSecretFile, '/run/secret');
  });
});

describe('control plane: structured logs', () => {
  const lines: string[] = [];
  let server: Awaited<ReturnType<typeof startServer>>;
  let url: string;
  const client = async (credentials: Credentials) => {
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    return new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
  };

  before(async () => {
    const dir = tempDir();
    const file = writeAccessKeys(dir, [adminRow]);
    const config = parseConfig(['--host', '127.0.0.1', '--port', '0', '--data-dir', join(dir, 'data'), '--access-keys', file, '--no-test-credentials'], {}, () => false);
    assert.ok(typeof config === 'object');
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
        done();
      },
    });
    server = await startServer(config, { log: createLogger({ verbose: false, destination: sink }) });
    url = `http://127.0.0.1:${server.port}`;
  });
  after(() => server.close());

  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  test('account and key changes are logged, with who made them and no secret', async () => {
    const admin = await client(ADMIN);
    await admin.send(new PutItemCommand({ TableName: TABLE, Item: accountItem(TEAM_A.accountId, 'team-a', [TEAM_A.key]) }));
    await admin.send(
      new UpdateItemCommand({ TableName: TABLE, Key: { AccountId: { S: TEAM_A.accountId } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'Status' }, ExpressionAttributeValues: { ':s': { S: 'Disabled' } } }),
    );
    const changes = records().filter((r) => typeof r.event === 'string');
    assert.deepEqual(
      changes.map((r) => [r.event, r.accountId, r.accessKeyId ?? null, r.by]),
      [
        ['account.created', TEAM_A.accountId, null, ADMIN.accessKeyId],
        ['key.created', TEAM_A.accountId, TEAM_A.key.accessKeyId, ADMIN.accessKeyId],
        ['account.disabled', TEAM_A.accountId, null, ADMIN.accessKeyId],
      ],
    );
    assert.equal(changes[0].msg, 'account created');
  });

  test('every authentication failure is logged with the key id and the reason, never a secret', async () => {
    await expectError((await client(TEAM_A.key)).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    await expectError((await client({ accessKeyId: ADMIN.accessKeyId, secretAccessKey: 'wrongwrongwrongwrong' })).send(new ListTablesCommand({})), 'InvalidSignatureException');
    await expectError((await client({ accessKeyId: 'AKIANOBODYNOBODYNOBO', secretAccessKey: 'x' })).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    const failures = records().filter((r) => r.msg === 'authentication failed');
    assert.deepEqual(
      failures.map((r) => [r.accessKeyId, r.reason, r.api]),
      [
        [TEAM_A.key.accessKeyId, `account ${TEAM_A.accountId} is disabled`, 'dynamodb'],
        [ADMIN.accessKeyId, 'signature does not match', 'dynamodb'],
        ['AKIANOBODYNOBODYNOBO', 'unknown access key id', 'dynamodb'],
      ],
    );
    const all = lines.join('\n');
    for (const secret of [ADMIN.secretAccessKey, TEAM_A.key.secretAccessKey, 'wrongwrongwrongwrong']) assert.ok(!all.includes(secret));
    assert.ok(!/Signature=[0-9a-f]{64}/.test(all));
  });
});
