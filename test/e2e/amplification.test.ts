/**
 * An error costs no more than its request: for each operation, the requests whose error
 * messages would quote the most (huge strings where a value is rendered, lists and maps
 * over their limits holding large items, unused names, duplicate sets, long statements)
 * are answered with a message under 64 KB, whatever their size (several MB here).
 */
import assert from 'node:assert/strict';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { after, before, describe, test } from 'node:test';
import { OPERATION_NAMES } from '../../src/api/registry.js';
import { rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const LIMIT = 64 * 1024;
const MB = 1024 * 1024;
const big = (n: number, c = 'x') => c.repeat(n);
const s = (v: string) => ({ S: v });
/** An item of about `bytes` bytes. */
const item = (pk: string, bytes: number) => ({ pk: s(pk), data: s(big(bytes)) });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const names = (n: number, length: number) => Object.fromEntries(range(n).map((i) => [`#n${i}${big(length)}`, `a${i}`]));
const values = (n: number, length: number) => Object.fromEntries(range(n).map((i) => [`:v${i}${big(length)}`, s(big(length))]));
const TABLE = 'amp';
const HUGE_NAME = big(4 * MB, 'n');

/** The worst cases of one operation: [what, request]. */
function worstCases(operation: string): [string, unknown][] {
  const tableName: [string, unknown] = ['a 4 MB TableName', { TableName: HUGE_NAME }];
  switch (operation) {
    case 'CreateTable':
      return [
        tableName,
        ['3 KeySchema elements of 1 MB names', { TableName: TABLE, KeySchema: range(3).map(() => ({ AttributeName: big(MB), KeyType: 'HASH' })), AttributeDefinitions: [] }],
        ['51 tags of 40 KB', { TableName: 'amp2', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST', Tags: range(51).map((i) => ({ Key: `${i}${big(20_000)}`, Value: big(20_000) })) }],
        ['30 GSIs with 100 KB names', { TableName: 'amp3', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST', GlobalSecondaryIndexes: range(30).map(() => ({ IndexName: big(100_000), KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } })) }],
      ];
    case 'UpdateTable':
      return [tableName, ['GSI updates of 1 MB names', { TableName: TABLE, GlobalSecondaryIndexUpdates: range(4).map(() => ({ Delete: { IndexName: big(MB) } })) }]];
    case 'ListTables':
      return [['a 4 MB ExclusiveStartTableName', { ExclusiveStartTableName: HUGE_NAME }]];
    case 'TagResource':
      return [
        ['a 4 MB ResourceArn', { ResourceArn: `arn:${HUGE_NAME}`, Tags: [] }],
        ['tags of 100 KB', { ResourceArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${TABLE}`, Tags: range(40).map(() => ({ Key: big(100_000), Value: big(100_000) })) }],
      ];
    case 'UntagResource':
      return [['10,000 tag keys of 400 characters', { ResourceArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${TABLE}`, TagKeys: range(10_000).map(() => big(400)) }]];
    case 'ListTagsOfResource':
      return [['a 4 MB ResourceArn', { ResourceArn: big(4 * MB) }]];
    case 'DescribeLimits':
    case 'DescribeEndpoints':
      return [['a 4 MB unknown member', { Unknown: big(4 * MB) }]];
    case 'PutItem':
      return [
        tableName,
        ['a string set of 4 MB with a duplicate', { TableName: TABLE, Item: { pk: s('a'), ss: { SS: [...range(4000).map((i) => `${i}${big(1000)}`), '0' + big(1000)] } } }],
        ['a binary set of 3 MB with a duplicate', { TableName: TABLE, Item: { pk: s('a'), bs: { BS: [...range(3000).map((i) => Buffer.from(`${i}${big(700)}`).toString('base64')), Buffer.from(`0${big(700)}`).toString('base64')] } } }],
        ['2,000 unused names and values of 1 KB', { TableName: TABLE, Item: item('a', 10), ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeNames: names(2000, 1000), ExpressionAttributeValues: values(2000, 1000) }],
        ['an Expected of 2,000 wrong operators', { TableName: TABLE, Item: item('a', 10), Expected: Object.fromEntries(range(2000).map((i) => [`${i}${big(1000)}`, { ComparisonOperator: big(1000) }])) }],
      ];
    case 'GetItem':
      return [tableName, ['4,000 unused names of 1 KB', { TableName: TABLE, Key: { pk: s('a') }, ProjectionExpression: 'pk', ExpressionAttributeNames: names(4000, 1000) }], ['a 4 MB key value', { TableName: TABLE, Key: { pk: s(big(4 * MB)) } }]];
    case 'UpdateItem':
      return [
        tableName,
        ['4,000 unused values of 1 KB', { TableName: TABLE, Key: { pk: s('a') }, UpdateExpression: 'SET a = :v', ExpressionAttributeValues: { ':v': s('x'), ...values(2000, 1000) } }],
        ['AttributeUpdates of 2,000 wrong actions', { TableName: TABLE, Key: { pk: s('a') }, AttributeUpdates: Object.fromEntries(range(2000).map((i) => [`${i}${big(1000)}`, { Action: big(1000) }])) }],
        ['a 4 MB UpdateExpression', { TableName: TABLE, Key: { pk: s('a') }, UpdateExpression: `SET ${big(4 * MB, 'a')} = :v` }],
      ];
    case 'DeleteItem':
      return [tableName, ['a key of 4 MB attribute names', { TableName: TABLE, Key: Object.fromEntries(range(4).map((i) => [`${i}${big(MB)}`, s('x')])) }]];
    case 'Query':
      return [
        tableName,
        ['KeyConditions of 2,000 entries with 1 KB values', { TableName: TABLE, KeyConditions: Object.fromEntries(range(2000).map((i) => [`${i}${big(1000)}`, { ComparisonOperator: 'EQ', AttributeValueList: [s(big(1000))] }])) }],
        ['a 4 MB ExclusiveStartKey', { TableName: TABLE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': s('a') }, ExclusiveStartKey: { pk: s(big(4 * MB)), x: s('y') } }],
      ];
    case 'Scan':
      return [tableName, ['a ScanFilter of 2,000 wrong operators', { TableName: TABLE, ScanFilter: Object.fromEntries(range(2000).map((i) => [`${i}${big(1000)}`, { ComparisonOperator: big(1000) }])) }]];
    case 'BatchGetItem':
      return [
        ['101 tables of 40 KB names', { RequestItems: Object.fromEntries(range(101).map((i) => [`${i}${big(40_000)}`, { Keys: [{ pk: s(big(100)) }] }])) }],
        ['101 keys of 40 KB', { RequestItems: { [TABLE]: { Keys: range(101).map((i) => ({ pk: s(`${i}${big(40_000)}`) })) } } }],
      ];
    case 'BatchWriteItem':
      return [['26 puts of 150 KB', { RequestItems: { [TABLE]: range(26).map((i) => ({ PutRequest: { Item: item(`${i}`, 150_000) } })) } }]];
    case 'TransactWriteItems':
      return [
        ['101 puts of 40 KB (the 117 MB message of the issue)', { TransactItems: range(101).map((i) => ({ Put: { TableName: TABLE, Item: item(`${i}`, 40_000) } })) }],
        ['100 puts with 40 KB unused names each', { TransactItems: range(100).map((i) => ({ Put: { TableName: TABLE, Item: item(`${i}`, 10), ExpressionAttributeNames: names(4, 10_000) } })) }],
        ['100 puts each with 4 names over the limit of 64 KB', { TransactItems: range(100).map((i) => ({ Put: { TableName: TABLE, Item: item(`${i}`, 10), ConditionExpression: 'attribute_exists(#a)', ExpressionAttributeNames: { '#a': big(70_000) } } })) }],
      ];
    case 'TransactGetItems':
      return [['101 gets of 40 KB keys', { TransactItems: range(101).map((i) => ({ Get: { TableName: TABLE, Key: { pk: s(`${i}${big(40_000)}`) } } })) }]];
    case 'ExecuteStatement':
      return [
        ['a 4 MB statement', { Statement: `SELECT * FROM "${TABLE}" WHERE pk = '${big(4 * MB)}'` }],
        ['10,000 parameters of 400 characters', { Statement: `SELECT * FROM "${TABLE}" WHERE pk = ?`, Parameters: range(10_000).map(() => s(big(400))) }],
      ];
    case 'BatchExecuteStatement':
      return [
        ['26 statements of 8 KB', { Statements: range(26).map(() => ({ Statement: `SELECT * FROM "${TABLE}" WHERE pk = '${big(8000)}'` })) }],
        ['25 failing statements of 8 KB', { Statements: range(25).map(() => ({ Statement: `SELECT * FROM "${big(8000)}"` })) }],
        ['25 statements with a duplicate string set of 100 KB', { Statements: range(25).map(() => ({ Statement: `INSERT INTO "${TABLE}" VALUE {'pk': ?, 'ss': ?}`, Parameters: [s('a'), { SS: [...range(100).map((i) => `${i}${big(1000)}`), '0' + big(1000)] }] })) }],
      ];
    case 'ExecuteTransaction':
      return [
        ['101 statements of 8 KB', { TransactStatements: range(101).map(() => ({ Statement: `SELECT * FROM "${TABLE}" WHERE pk = '${big(8000)}'` })) }],
        ['100 inserts of 40 KB items', { TransactStatements: range(100).map((i) => ({ Statement: `INSERT INTO "${TABLE}" VALUE {'pk': '${i}', 'x': ?}`, Parameters: [s(big(40_000))] })) }],
      ];
    default:
      return [tableName];
  }
}

describe('error messages are bounded', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
    await server.client().send(
      new CreateTableCommand(tableInput(TABLE, 'pk:S')),
    );
  });
  after(() => server.close());

  test('STS: a 4 MB session name and role ARN', async () => {
    const body = `Action=AssumeRole&Version=2011-06-15&RoleArn=${big(2 * MB, 'r')}&RoleSessionName=${big(2 * MB, 's')}`;
    const res = await rawRequest(server.url, { service: 'sts', contentType: 'application/x-www-form-urlencoded', body });
    assert.equal(res.status, 400, res.text.slice(0, 300));
    assert.ok(Buffer.byteLength(res.text) < LIMIT, `a ${Buffer.byteLength(res.text)}-byte answer`);
  });

  for (const operation of OPERATION_NAMES) {
    test(operation, async () => {
      for (const [what, request] of worstCases(operation)) {
        const body = JSON.stringify(request);
        const res = await rawRequest(server.url, { target: operation, body });
        const size = Buffer.byteLength(res.text);
        assert.ok(res.status < 500, `${operation} ${what}: ${res.status} ${res.text.slice(0, 300)}`);
        assert.ok(size < LIMIT, `${operation} ${what}: a ${(body.length / MB).toFixed(1)} MB request got a ${size}-byte answer (${res.text.slice(0, 200)})`);
      }
    });
  }
});
