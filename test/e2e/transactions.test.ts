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
    await t.client().send(
      new CreateTableCommand({
        ...table('Indexed'),
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'g', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
      }),
    );
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

  describe('an action whose item or key does not fit its table', () => {
    const canceled = async (items: NonNullable<ConstructorParameters<typeof TransactWriteItemsCommand>[0]['TransactItems']>) => {
      const err = await expectError(t.client().send(new TransactWriteItemsCommand({ TransactItems: items })), 'TransactionCanceledException');
      const reasons = (err as TransactionCanceledException).CancellationReasons!;
      return { message: err.message, reasons: reasons.map((r) => (r.Message === undefined ? [r.Code] : [r.Code, r.Message])) };
    };
    const fine = { Put: { TableName: 'Ledger', Item: { pk: { S: 'fit-ok' } } } };

    test('a Put with a key of the wrong type cancels that action, None for the others', async () => {
      const res = await canceled([fine, { Put: { TableName: 'Accounts', Item: { pk: { N: '5' } } } }]);
      assert.equal(res.message, 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]');
      assert.deepEqual(res.reasons, [['None'], ['ValidationError', 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N']]);
      assert.equal(await get('Ledger', 'fit-ok'), undefined, 'nothing was written');
    });

    test('a Put missing its key, or with a key over the size limit, cancels likewise', async () => {
      assert.deepEqual((await canceled([{ Put: { TableName: 'Accounts', Item: { other: { S: 'x' } } } }, fine])).reasons, [
        ['ValidationError', 'One or more parameter values were invalid: Missing the key pk in the item'],
        ['None'],
      ]);
      assert.deepEqual((await canceled([{ Put: { TableName: 'Accounts', Item: { pk: { S: 'k'.repeat(2049) } } } }])).reasons, [
        ['ValidationError', 'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes'],
      ]);
    });

    test('a Put with an index key of the wrong type cancels with the index message', async () => {
      const res = await canceled([fine, { Put: { TableName: 'Indexed', Item: { pk: { S: 'i1' }, g: { N: '5' } } } }]);
      assert.deepEqual(res.reasons, [['None'], ['ValidationError', 'One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: byG']]);
      assert.equal(await get('Indexed', 'i1'), undefined);
    });

    test('an Update, Delete or ConditionCheck with a Key of the wrong type cancels with the schema mismatch', async () => {
      for (const action of [
        { Update: { TableName: 'Accounts', Key: { pk: { N: '5' } }, UpdateExpression: 'SET a = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } } },
        { Delete: { TableName: 'Accounts', Key: { pk: { N: '5' } } } },
        { ConditionCheck: { TableName: 'Accounts', Key: { pk: { S: 'a' }, extra: { S: 'b' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ]) {
        const res = await canceled([action, fine]);
        assert.deepEqual(res.reasons, [['ValidationError', 'The provided key element does not match the schema'], ['None']], JSON.stringify(action));
      }
    });

    test('a failing condition elsewhere is reported beside the ValidationError', async () => {
      await t.client().send(new PutItemCommand({ TableName: 'Accounts', Item: { pk: { S: 'fit-taken' } } }));
      const res = await canceled([
        { Put: { TableName: 'Accounts', Item: { pk: { N: '1' } } } },
        { Put: { TableName: 'Accounts', Item: { pk: { S: 'fit-taken' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ]);
      assert.deepEqual(res.reasons.map((r) => r[0]), ['ValidationError', 'ConditionalCheckFailed']);
    });

    test('an empty key value is refused before the transaction runs', async () => {
      await expectError(
        t.client().send(new TransactWriteItemsCommand({ TransactItems: [fine, { Put: { TableName: 'Accounts', Item: { pk: { S: '' } } } }] })),
        'ValidationException',
        'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
      );
      await expectError(
        t.client().send(new TransactWriteItemsCommand({ TransactItems: [{ Delete: { TableName: 'Accounts', Key: { pk: { S: '' } } } }] })),
        'ValidationException',
        'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
      );
      await expectError(
        t.client().send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'Indexed', Item: { pk: { S: 'i2' }, g: { S: '' } } } }] })),
        'ValidationException',
        'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byG, IndexKey: g',
      );
      assert.equal(await get('Ledger', 'fit-ok'), undefined);
    });

    test('alone, the same writes are plain ValidationExceptions', async () => {
      await expectError(t.client().send(new PutItemCommand({ TableName: 'Accounts', Item: { pk: { N: '5' } } })), 'ValidationException', 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N');
      await expectError(t.client().send(new PutItemCommand({ TableName: 'Indexed', Item: { pk: { S: 'i3' }, g: { N: '5' } } })), 'ValidationException', 'One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: byG');
    });
  });

  test('a transaction over 4 MB is refused with AWS\'s "cannot exceed" wording', async () => {
    const big = 'x'.repeat(390 * 1024);
    const items = Array.from({ length: 11 }, (_, i) => ({ Put: { TableName: 'Ledger', Item: { pk: { S: `big${i}` }, v: { S: big } } } }));
    await expectError(t.client().send(new TransactWriteItemsCommand({ TransactItems: items })), 'ValidationException', 'The aggregate size of the items in the transaction cannot exceed 4 MB');
    assert.equal(await get('Ledger', 'big0'), undefined);
  });
});
