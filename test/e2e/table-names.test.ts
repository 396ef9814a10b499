/**
 * A TableName is a valid table name (3-255 of [a-zA-Z0-9_.-]) or a well-formed table ARN;
 * anything else, including text that merely starts with `arn:`, is a ValidationException,
 * and no such table can be created, listed or used.
 */
import assert from 'node:assert/strict';
import { CreateTableCommand, DescribeTableCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { after, before, describe, test } from 'node:test';
import { expectError, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const PATTERN_FAILURE = /failed to satisfy constraint: Member must satisfy regular expression pattern: \[a-zA-Z0-9_.-\]\+/;

const create = (TableName: string) =>
  new CreateTableCommand(tableInput(TableName, 'pk:S'));

describe('table names and ARNs', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const bad = [
    'arn:',
    'arn:x',
    'arn:aws:dynamodb:us-east-1:000000000000:table/',
    'arn:aws:dynamodb:us-east-1:000000000000:table/ab',
    'arn:aws:dynamodb:us-east-1:000000000000:table/x\n',
    'arn:aws:dynamodb:us-east-1:000000000000:table/ok\u0000',
    'arn:aws:dynamodb:us-east-1:000000000000:table/has"quote',
    'arn:aws:dynamodb:us-east-1:000000000000:table/Good/index/x',
    'arn:aws:dynamodb:us-east-1:00000000000:table/Good',
    'arn:aws:s3:::bucket',
    `arn:${'\n"\u0000'.repeat(300)}`,
  ];
  for (const name of bad) {
    test(`${JSON.stringify(name.slice(0, 60))} is a ValidationException wherever a TableName stands`, async () => {
      const client = server.client();
      await expectError(client.send(create(name)), 'ValidationException', PATTERN_FAILURE);
      await expectError(client.send(new DescribeTableCommand({ TableName: name })), 'ValidationException', PATTERN_FAILURE);
      await expectError(client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' } } })), 'ValidationException', PATTERN_FAILURE);
    });
  }

  test('none of them was created; a well-formed ARN of the caller names its table', async () => {
    const client = server.client();
    await client.send(create('arn:aws:dynamodb:us-east-1:000000000000:table/Good'));
    assert.deepEqual((await client.send(new ListTablesCommand({}))).TableNames, ['Good']);
    const described = await client.send(new DescribeTableCommand({ TableName: 'arn:aws:dynamodb:us-east-1:000000000000:table/Good' }));
    assert.equal(described.Table?.TableName, 'Good');
    await expectError(client.send(new DescribeTableCommand({ TableName: 'arn:aws:dynamodb:us-east-1:111111111111:table/Good' })), 'AccessDeniedException');
  });
});
