/**
 * Deep nesting never overflows the stack. A JSON body nested past 100 levels is refused by
 * the JSON layer with DynamoDB's nesting error (no valid request comes near: 32 attribute
 * levels are 64 JSON levels), wherever the nesting is; below that the validators answer
 * DynamoDB's limit of 32 levels. PartiQL statements and expressions have their own bounds.
 */
import assert from 'node:assert/strict';
import { CreateTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { after, before, describe, test } from 'node:test';
import { rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const NESTING = 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';
const DEEP = 10_000;

const deepMap = (levels: number): string => '{"M":{"a":'.repeat(levels) + '{"S":"x"}' + '}}'.repeat(levels);
const deepList = (levels: number): string => '{"L":['.repeat(levels) + '{"S":"x"}' + ']}'.repeat(levels);

describe('deep nesting', () => {
  let server: TestServer;
  const send = (target: string, body: string) => rawRequest(server.url, { target, body });

  before(async () => {
    server = await startTestServer();
    await server.client().send(
      new CreateTableCommand(tableInput('deep', 'pk:S')),
    );
  });
  after(() => server.close());

  const refusals: [string, string, string][] = [
    ['TransactWriteItems', 'a ConditionCheck Key nested 10,000 levels', `{"TransactItems":[{"ConditionCheck":{"TableName":"deep","ConditionExpression":"attribute_exists(pk)","Key":{"pk":${deepMap(DEEP)}}}}]}`],
    ['PutItem', 'an item attribute nested 10,000 lists deep', `{"TableName":"deep","Item":{"pk":{"S":"a"},"d":${deepList(DEEP)}}}`],
    ['UpdateItem', 'an expression attribute value nested 10,000 maps deep', `{"TableName":"deep","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET d = :d","ExpressionAttributeValues":{":d":${deepMap(DEEP)}}}`],
    ['BatchWriteItem', 'a batch item nested 10,000 levels', `{"RequestItems":{"deep":[{"PutRequest":{"Item":{"pk":{"S":"a"},"d":${deepMap(DEEP)}}}}]}}`],
    ['ExecuteStatement', 'a PartiQL parameter nested 10,000 levels', `{"Statement":"INSERT INTO \\"deep\\" VALUE {'pk': 'a', 'd': ?}","Parameters":[${deepList(DEEP)}]}`],
    ['Query', 'an ExclusiveStartKey nested 10,000 levels', `{"TableName":"deep","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"}},"ExclusiveStartKey":{"pk":${deepMap(DEEP)}}}`],
    ['PutItem', 'an unknown member nested 10,000 arrays deep', `{"TableName":"deep","Item":{"pk":{"S":"a"}},"Unknown":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`],
    ['GetItem', 'a TableName nested 10,000 objects deep', `{"TableName":${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)},"Key":{"pk":{"S":"a"}}}`],
    ['PutItem', 'an attribute 40 levels deep (over the 32 of DynamoDB, under the JSON bound)', `{"TableName":"deep","Item":{"pk":{"S":"a"},"d":${deepList(40)}}}`],
  ];
  for (const [target, what, body] of refusals) {
    test(`${target}: ${what} is DynamoDB's nesting error`, async () => {
      const res = await send(target, body);
      assert.equal(res.status, 400, res.text.slice(0, 300));
      assert.equal(res.json?.__type, 'com.amazon.coral.validate#ValidationException');
      assert.equal(res.json?.message, NESTING);
    });
  }

  test('PartiQL statements nested thousands of levels are refused, not a crash', async () => {
    for (const statement of [
      `SELECT * FROM "deep" WHERE ${'('.repeat(3000)}pk = 'a'${')'.repeat(3000)}`,
      `INSERT INTO "deep" VALUE {'pk': 'z', 'd': ${'['.repeat(3000)}1${']'.repeat(3000)}}`,
      `INSERT INTO "deep" VALUE {'pk': 'z', 'd': ${"{'a': ".repeat(1300)}1${'}'.repeat(1300)}}`,
      `SELECT * FROM "deep" WHERE ${'NOT '.repeat(2000)} pk = 'a'`,
    ]) {
      const res = await send('ExecuteStatement', JSON.stringify({ Statement: statement }));
      assert.equal(res.status, 400, res.text.slice(0, 300));
      assert.equal(res.json?.__type, 'com.amazon.coral.validate#ValidationException');
    }
  });

  test('the deepest valid documents are accepted where a request nests them deepest', async () => {
    // 31 documents and a scalar: DynamoDB's deepest item, inside a transaction's Put and a batch
    const ok = [
      ['TransactWriteItems', `{"TransactItems":[{"Put":{"TableName":"deep","Item":{"pk":{"S":"t"},"d":${deepMap(31)}}}}]}`],
      ['BatchWriteItem', `{"RequestItems":{"deep":[{"PutRequest":{"Item":{"pk":{"S":"b"},"d":${deepList(31)}}}}]}}`],
      ['ExecuteTransaction', `{"TransactStatements":[{"Statement":"INSERT INTO \\"deep\\" VALUE {'pk': 'e', 'd': ?}","Parameters":[${deepList(31)}]}]}`],
    ];
    for (const [target, body] of ok) {
      const res = await send(target, body);
      assert.equal(res.status, 200, `${target}: ${res.text.slice(0, 300)}`);
    }
    const got = await server.client().send(new GetItemCommand({ TableName: 'deep', Key: { pk: { S: 't' } } }));
    let value = got.Item?.d;
    let levels = 0;
    while (value?.M) {
      value = value.M.a;
      levels++;
    }
    assert.equal(levels, 31);
  });
});
