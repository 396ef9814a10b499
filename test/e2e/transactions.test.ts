import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const table = (name: string) => tableInput(name, 'pk:S');

describe('transactions', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    await t.client().send(new CreateTableCommand(table('Accounts')));
    await t.client().send(new CreateTableCommand(table('Ledger')));
  });
  after(() => t.close());

  const get = async (tableName: string, pk: string) => (await t.client().send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item;

  test('all actions of a successful transaction apply, across tables', async () => {
    const db = t.client();
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { pk: { S: 'alice' }, balance: { N: '100' } } }));
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { pk: { S: 'bob' }, balance: { N: '0' } } }));
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { pk: { S: 'stale' } } }));
    const res = await db.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Update: { TableName: 'Accounts', Key: { pk: { S: 'alice' } }, UpdateExpression: 'SET balance = balance - :a', ConditionExpression: 'balance >= :a', ExpressionAttributeValues: { ':a': { N: '30' } } } },
          { Update: { TableName: 'Accounts', Key: { pk: { S: 'bob' } }, UpdateExpression: 'SET balance = balance + :a', ExpressionAttributeValues: { ':a': { N: '30' } } } },
          { Put: { TableName: 'Ledger', Item: { pk: { S: 'tx1' }, amount: { N: '30' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Delete: { TableName: 'Accounts', Key: { pk: { S: 'stale' } } } },
        ],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual((await get('Accounts', 'alice'))?.balance, { N: '70' });
    assert.deepEqual((await get('Accounts', 'bob'))?.balance, { N: '30' });
    assert.deepEqual((await get('Ledger', 'tx1'))?.amount, { N: '30' });
    assert.equal(await get('Accounts', 'stale'), undefined);
    // transactional writes cost twice: 3 one-unit writes on Accounts, 1 on Ledger
    const byTable = Object.fromEntries((res.ConsumedCapacity ?? []).map((c) => [c.TableName, c.CapacityUnits]));
    assert.deepEqual(byTable, { Accounts: 6, Ledger: 2 });
  });

  test('a failed condition cancels everything, with reasons in request order and the old item when asked', async () => {
    const db = t.client();
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { pk: { S: 'carol' }, balance: { N: '10' } } }));
    const err = await expectError(
      db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'Ledger', Item: { pk: { S: 'tx2' } } } },
            {
              Update: {
                TableName: 'Accounts',
                Key: { pk: { S: 'carol' } },
                UpdateExpression: 'SET balance = balance - :a',
                ConditionExpression: 'balance >= :a',
                ExpressionAttributeValues: { ':a': { N: '50' } },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { ConditionCheck: { TableName: 'Accounts', Key: { pk: { S: 'nobody' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      ),
      'TransactionCanceledException',
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]',
    );
    const reasons = (err as TransactionCanceledException).CancellationReasons;
    assert.deepEqual(reasons, [
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'carol' }, balance: { N: '10' } } },
      { Code: 'None' },
    ]);
    assert.equal(await get('Ledger', 'tx2'), undefined, 'the Put before the failure was not applied');
    assert.deepEqual((await get('Accounts', 'carol'))?.balance, { N: '10' });
  });

  test('an update that cannot apply cancels with ValidationError', async () => {
    const db = t.client();
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { pk: { S: 'dave' }, label: { S: 'Dave' } } }));
    const err = await expectError(
      db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'Ledger', Item: { pk: { S: 'tx3' } } } },
            { Update: { TableName: 'Accounts', Key: { pk: { S: 'dave' } }, UpdateExpression: 'SET label = label + :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
          ],
        }),
      ),
      'TransactionCanceledException',
    );
    const reasons = (err as TransactionCanceledException).CancellationReasons!;
    assert.equal(reasons[0].Code, 'None');
    assert.equal(reasons[1].Code, 'ValidationError');
    assert.equal(await get('Ledger', 'tx3'), undefined);
  });

  test('request-level validation: two actions on one item, several actions in one entry, missing table', async () => {
    const db = t.client();
    await expectError(
      db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'Accounts', Item: { pk: { S: 'same' } } } },
            { ConditionCheck: { TableName: 'Accounts', Key: { pk: { S: 'same' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      ),
      'ValidationException',
      'Transaction request cannot include multiple operations on one item',
    );
    await expectError(
      db.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: 'Accounts', Item: { pk: { S: 'x' } } }, Delete: { TableName: 'Accounts', Key: { pk: { S: 'y' } } } }],
        }),
      ),
      'ValidationException',
      'TransactItems can only contain one of Check, Put, Update or Delete',
    );
    await expectError(db.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'NoSuchTable', Item: { pk: { S: 'x' } } } }] })), 'ResourceNotFoundException');
    await expectError(
      db.send(new TransactWriteItemsCommand({ TransactItems: Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: 'Ledger', Item: { pk: { S: `many${i}` } } } })) })),
      'ValidationException',
      /Member must have length less than or equal to 100/,
    );
    assert.equal(await get('Accounts', 'same'), undefined);
  });

  test('ClientRequestToken: a replay returns the same result without re-applying; a different request is a mismatch', async () => {
    const db = t.client();
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { pk: { S: 'counter' }, n: { N: '0' } } }));
    const increment = {
      TransactItems: [{ Update: { TableName: 'Accounts', Key: { pk: { S: 'counter' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } } }],
      ClientRequestToken: 'token-1',
    };
    await db.send(new TransactWriteItemsCommand(increment));
    await db.send(new TransactWriteItemsCommand(increment));
    assert.deepEqual((await get('Accounts', 'counter'))?.n, { N: '1' });
    await expectError(
      db.send(new TransactWriteItemsCommand({ ...increment, TransactItems: [{ Put: { TableName: 'Accounts', Item: { pk: { S: 'counter' } } } }] })),
      'IdempotentParameterMismatchException',
    );
    await db.send(new TransactWriteItemsCommand({ ...increment, ClientRequestToken: 'token-2' }));
    assert.deepEqual((await get('Accounts', 'counter'))?.n, { N: '2' });
  });

  test('concurrent transactions on the same item lose no update', async () => {
    const db = t.client();
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { pk: { S: 'hot' }, n: { N: '0' } } }));
    const clients = Array.from({ length: 8 }, () => t.client());
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        clients[i % clients.length].send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Update: { TableName: 'Accounts', Key: { pk: { S: 'hot' } }, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
              { Put: { TableName: 'Ledger', Item: { pk: { S: `hot-${i}` } } } },
            ],
          }),
        ),
      ),
    );
    assert.deepEqual((await get('Accounts', 'hot'))?.n, { N: '40' });
  });

  test('TransactGetItems reads several items in order, with projections and capacity', async () => {
    const db = t.client();
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { pk: { S: 'g1' }, a: { S: 'x' }, b: { S: 'y' } } }));
    await db.send(new UpdateItemCommand({ TableName: 'Ledger', Key: { pk: { S: 'g2' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: '5' } } }));
    const res = await db.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: 'Accounts', Key: { pk: { S: 'g1' } }, ProjectionExpression: 'a' } },
          { Get: { TableName: 'Accounts', Key: { pk: { S: 'missing' } } } },
          { Get: { TableName: 'Ledger', Key: { pk: { S: 'g2' } } } },
        ],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(res.Responses, [{ Item: { a: { S: 'x' } } }, {}, { Item: { pk: { S: 'g2' }, v: { N: '5' } } }]);
    const byTable = Object.fromEntries((res.ConsumedCapacity ?? []).map((c) => [c.TableName, c.CapacityUnits]));
    assert.deepEqual(byTable, { Accounts: 4, Ledger: 2 });
  });
});
