import { CreateTableCommand, DescribeTableCommand, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FAKE, expectError, startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const TEAM_A = { accessKeyId: 'AKIATEAMA00000000001', secretAccessKey: 'teamAsecretteamAsecretteamAsecret0000000' };
const TEAM_B = { accessKeyId: 'AKIATEAMB00000000002', secretAccessKey: 'teamBsecretteamBsecretteamBsecret0000000' };

const usersTable = tableInput('Users', 'pk:S');

describe('tenancy: accounts and regions are separate namespaces', () => {
  let t: TestServer;
  before(async () => {
    const file = join(tempDir(), 'access_keys.csv');
    writeFileSync(file, `${TEAM_A.accessKeyId},${TEAM_A.secretAccessKey},111111111111,,\n${TEAM_B.accessKeyId},${TEAM_B.secretAccessKey},222222222222,,\n`);
    t = await startTestServer({ args: ['--access-keys', file] });
  });
  after(() => t.close());

  test('the same table name in two accounts is two tables, each seeing only its own items', async () => {
    const a = t.client(TEAM_A);
    const b = t.client(TEAM_B);
    await a.send(new CreateTableCommand(usersTable));
    await b.send(new CreateTableCommand(usersTable));
    await a.send(new PutItemCommand({ TableName: 'Users', Item: { pk: { S: 'u1' }, team: { S: 'a' } } }));
    await b.send(new PutItemCommand({ TableName: 'Users', Item: { pk: { S: 'u1' }, team: { S: 'b' } } }));
    assert.deepEqual((await a.send(new GetItemCommand({ TableName: 'Users', Key: { pk: { S: 'u1' } } }))).Item?.team, { S: 'a' });
    assert.deepEqual((await b.send(new GetItemCommand({ TableName: 'Users', Key: { pk: { S: 'u1' } } }))).Item?.team, { S: 'b' });
    const arnA = (await a.send(new DescribeTableCommand({ TableName: 'Users' }))).Table?.TableArn;
    const arnB = (await b.send(new DescribeTableCommand({ TableName: 'Users' }))).Table?.TableArn;
    assert.equal(arnA, 'arn:aws:dynamodb:us-east-1:111111111111:table/Users');
    assert.equal(arnB, 'arn:aws:dynamodb:us-east-1:222222222222:table/Users');
  });

  test('ListTables shows only the caller account tables', async () => {
    const a = t.client(TEAM_A);
    await a.send(new CreateTableCommand(tableInput('OnlyA', 'pk:S')));
    assert.ok((await a.send(new ListTablesCommand({}))).TableNames?.includes('OnlyA'));
    assert.ok(!(await t.client(TEAM_B).send(new ListTablesCommand({}))).TableNames?.includes('OnlyA'));
    assert.ok(!(await t.client(FAKE).send(new ListTablesCommand({}))).TableNames?.includes('OnlyA'));
    await expectError(t.client(TEAM_B).send(new DescribeTableCommand({ TableName: 'OnlyA' })), 'ResourceNotFoundException');
    await expectError(t.client(TEAM_B).send(new GetItemCommand({ TableName: 'OnlyA', Key: { pk: { S: 'x' } } })), 'ResourceNotFoundException');
  });

  test("another account's table ARN is AccessDeniedException", async () => {
    const b = t.client(TEAM_B);
    await expectError(
      b.send(new GetItemCommand({ TableName: 'arn:aws:dynamodb:us-east-1:111111111111:table/OnlyA', Key: { pk: { S: 'x' } } })),
      'AccessDeniedException',
      /is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:111111111111:table\/OnlyA/,
    );
    // its own ARN works like its name
    await b.send(new PutItemCommand({ TableName: 'arn:aws:dynamodb:us-east-1:222222222222:table/Users', Item: { pk: { S: 'via-arn' } } }));
    assert.ok((await b.send(new GetItemCommand({ TableName: 'Users', Key: { pk: { S: 'via-arn' } } }))).Item);
  });

  test('regions are separate namespaces of one account', async () => {
    const east = t.client(TEAM_A, 'us-east-1');
    const west = t.client(TEAM_A, 'eu-west-1');
    await west.send(new CreateTableCommand(tableInput('Regional', 'pk:S')));
    assert.ok((await west.send(new ListTablesCommand({}))).TableNames?.includes('Regional'));
    assert.ok(!(await east.send(new ListTablesCommand({}))).TableNames?.includes('Regional'));
    assert.equal((await west.send(new DescribeTableCommand({ TableName: 'Regional' }))).Table?.TableArn, 'arn:aws:dynamodb:eu-west-1:111111111111:table/Regional');
    await expectError(
      east.send(new GetItemCommand({ TableName: 'arn:aws:dynamodb:eu-west-1:111111111111:table/Regional', Key: { pk: { S: 'x' } } })),
      'AccessDeniedException',
    );
  });
});
