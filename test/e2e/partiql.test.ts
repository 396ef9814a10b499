import {
  BatchExecuteStatementCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  type AttributeValue,
  type DynamoDBClient,
  type ExecuteStatementCommandInput,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

type Item = Record<string, AttributeValue>;

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: number | string): AttributeValue => ({ N: String(value) });

const NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: ";

describe('PartiQL', () => {
  let t: TestServer;
  let db: DynamoDBClient;

  /** Runs one statement and returns its items (and the rest of the response). */
  const run = async (Statement: string, extra: Omit<ExecuteStatementCommandInput, 'Statement'> = {}) => db.send(new ExecuteStatementCommand({ Statement, ...extra }));
  const get = async (TableName: string, Key: Item) => (await db.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item;
  /** Every item of every page of a SELECT, following NextToken. */
  const selectAll = async (Statement: string, extra: Omit<ExecuteStatementCommandInput, 'Statement' | 'NextToken'> = {}) => {
    const items: Item[] = [];
    let pages = 0;
    let NextToken: string | undefined;
    do {
      const page = await run(Statement, { ...extra, ...(NextToken ? { NextToken } : {}) });
      items.push(...(page.Items ?? []));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    return { items, pages };
  };
  const keysOf = (items: Item[], name = 'pk') => items.map((item) => item[name].S ?? item[name].N).sort();

  before(async () => {
    t = await startTestServer();
    db = t.client();
    await db.send(
      new CreateTableCommand(tableInput('Music', 'Artist:S SongTitle:S', { AttributeDefinitions: [
          { AttributeName: 'Artist', AttributeType: 'S' },
          { AttributeName: 'SongTitle', AttributeType: 'S' },
          { AttributeName: 'Album', AttributeType: 'S' },
        ], GlobalSecondaryIndexes: [{ IndexName: 'byAlbum', KeySchema: [{ AttributeName: 'Album', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }] })),
    );
    for (const name of ['Things', 'Big']) {
      await db.send(
        new CreateTableCommand(tableInput(name, 'pk:S')),
      );
    }
    await db.send(
      new CreateTableCommand(tableInput('Pages', 'pk:S sk:N')),
    );
    // Pages: 3 partitions x 10 items; Big: 20 items of ~4000 bytes, one per partition
    const pages: Item[] = [];
    for (const p of ['a', 'b', 'c']) for (let i = 0; i < 10; i++) pages.push({ pk: s(p), sk: n(i), odd: { BOOL: i % 2 === 1 } });
    const big: Item[] = Array.from({ length: 20 }, (_, i) => ({ pk: s(`p${String(i).padStart(2, '0')}`), data: s('x'.repeat(3990)) }));
    for (const [table, items] of [['Pages', pages], ['Big', big]] as const) {
      for (let i = 0; i < items.length; i += 25) {
        await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
      }
    }
  });
  after(() => t.close());

  test('INSERT, SELECT, UPDATE and DELETE, with ? parameters', async () => {
    assert.deepEqual((await run(`INSERT INTO "Music" VALUE {'Artist': ?, 'SongTitle': ?, 'Released': ?, 'Tags': <<'rock', 'live'>>, 'Info': {'rating': 4.50, 'plays': [1, 2]}}`, { Parameters: [s('Acme'), s('Song A'), n(2020)] })).Items, []);
    assert.deepEqual(await get('Music', { Artist: s('Acme'), SongTitle: s('Song A') }), {
      Artist: s('Acme'),
      SongTitle: s('Song A'),
      Released: n(2020),
      Tags: { SS: ['rock', 'live'] },
      Info: { M: { rating: n('4.5'), plays: { L: [n(1), n(2)] } } },
    });
    const selected = await run(`SELECT * FROM "Music" WHERE Artist = ? AND SongTitle = ?`, { Parameters: [s('Acme'), s('Song A')] });
    assert.equal(selected.Items?.length, 1);
    assert.deepEqual(selected.Items?.[0].Released, n(2020));

    await run(`UPDATE "Music" SET Released = Released + ? SET Info.plays = list_append(Info.plays, [3]) REMOVE Tags WHERE Artist = 'Acme' AND SongTitle = 'Song A'`, { Parameters: [n(1)] });
    const updated = await get('Music', { Artist: s('Acme'), SongTitle: s('Song A') });
    assert.deepEqual(updated?.Released, n(2021));
    assert.deepEqual(updated?.Info, { M: { rating: n('4.5'), plays: { L: [n(1), n(2), n(3)] } } });
    assert.equal(updated?.Tags, undefined);

    assert.deepEqual((await run(`DELETE FROM "Music" WHERE Artist = ? AND SongTitle = 'Song A'`, { Parameters: [s('Acme')] })).Items, []);
    assert.equal(await get('Music', { Artist: s('Acme'), SongTitle: s('Song A') }), undefined);
  });

  test('INSERT of an existing key fails with DuplicateItemException and changes nothing', async () => {
    await run(`INSERT INTO "Things" VALUE {'pk': 'dup', 'v': 1}`);
    await expectError(run(`INSERT INTO "Things" VALUE {'pk': 'dup', 'v': 2}`), 'DuplicateItemException', 'Duplicate primary key exists in table');
    assert.deepEqual(await get('Things', { pk: s('dup') }), { pk: s('dup'), v: n(1) });
    await run(`DELETE FROM "Things" WHERE pk = 'dup'`);
    await run(`INSERT INTO "Things" VALUE {'pk': 'dup', 'v': 3}`);
    assert.deepEqual(await get('Things', { pk: s('dup') }), { pk: s('dup'), v: n(3) });
  });

  test('SELECT projections return each path under its last name', async () => {
    await db.send(new PutItemCommand({ TableName: 'Things', Item: { pk: s('proj'), m: { M: { k: s('deep'), j: n(1) } }, l: { L: [s('x'), s('y')] }, 'a.b': s('dotted'), other: s('hidden') } }));
    const { Items } = await run(`SELECT pk, m.k, l[1], "a.b", absent FROM "Things" WHERE pk = 'proj'`);
    assert.deepEqual(Items, [{ pk: s('proj'), k: s('deep'), 'l[1]': s('y'), 'a.b': s('dotted') }]);
    await expectError(run(`SELECT m.k, n.k FROM "Things" WHERE pk = 'proj'`), 'ValidationException', 'Duplicate identifiers in select clause: k');
  });

  test('WHERE: comparisons, IN, BETWEEN, functions, IS [NOT] MISSING, NOT and OR', async () => {
    const cases: [string, string[]][] = [
      [`sk BETWEEN 2 AND 4`, ['2', '3', '4']],
      [`sk IN [1, 8, 42]`, ['1', '8']],
      [`sk NOT IN [0, 1, 2, 3, 4, 5, 6]`, ['7', '8', '9']],
      [`odd = true AND sk < 5`, ['1', '3']],
      [`(NOT (sk >= 2) OR sk = 9)`, ['0', '1', '9']],
      [`sk <> 0 AND sk != 1 AND sk <= 3`, ['2', '3']],
      [`attribute_type(odd, 'BOOL') AND sk > 7`, ['8', '9']],
      [`note IS MISSING AND sk = 5`, ['5']],
      [`odd IS NOT MISSING AND sk = 6`, ['6']],
    ];
    for (const [where, expected] of cases) {
      const { items } = await selectAll(`SELECT sk FROM "Pages" WHERE pk = 'a' AND ${where}`);
      assert.deepEqual(keysOf(items, 'sk'), expected.sort(), where);
    }
    await db.send(new PutItemCommand({ TableName: 'Things', Item: { pk: s('fn'), name: s('hello world'), tags: { SS: ['a', 'b'] } } }));
    for (const where of [`begins_with(name, 'hello')`, `contains(name, 'o w')`, `contains(tags, 'b')`, `size(name) = 11`, `size(tags) BETWEEN 2 AND 3`]) {
      assert.equal((await run(`SELECT pk FROM "Things" WHERE pk = 'fn' AND ${where}`)).Items?.length, 1, where);
    }
    assert.equal((await run(`SELECT pk FROM "Things" WHERE pk = 'fn' AND begins_with(name, 'world')`)).Items?.length, 0);
  });

  test('paging: Limit and NextToken cover every item exactly once, for scans and multi-partition queries', async () => {
    const scanned = await selectAll(`SELECT * FROM "Pages"`, { Limit: 7 });
    assert.equal(scanned.items.length, 30);
    assert.equal(new Set(scanned.items.map((i) => `${i.pk.S}/${i.sk.N}`)).size, 30);
    assert.equal(scanned.pages, 5);

    const queried = await selectAll(`SELECT * FROM "Pages" WHERE pk IN ['c', 'a'] AND sk >= 5`, { Limit: 4 });
    assert.deepEqual(
      queried.items.map((i) => `${i.pk.S}/${i.sk.N}`),
      ['a/5', 'a/6', 'a/7', 'a/8', 'a/9', 'c/5', 'c/6', 'c/7', 'c/8', 'c/9'],
    );

    // Limit counts items read before the WHERE clause: a page may hold none and still go on
    const first = await run(`SELECT * FROM "Pages" WHERE pk = 'b' AND odd = true`, { Limit: 1 });
    assert.deepEqual(first.Items, []);
    assert.ok(first.NextToken);
    assert.deepEqual(first.LastEvaluatedKey, { pk: s('b'), sk: n(0) });
    const filtered = await selectAll(`SELECT sk FROM "Pages" WHERE pk = 'b' AND odd = true`, { Limit: 3 });
    assert.deepEqual(keysOf(filtered.items, 'sk'), ['1', '3', '5', '7', '9']);

    const descending = await selectAll(`SELECT sk FROM "Pages" WHERE pk = 'b' ORDER BY sk DESC`, { Limit: 4 });
    assert.deepEqual(
      descending.items.map((i) => i.sk.N),
      ['9', '8', '7', '6', '5', '4', '3', '2', '1', '0'],
    );

    await expectError(run(`SELECT * FROM "Pages" WHERE pk = 'c'`, { NextToken: first.NextToken }), 'ValidationException', 'The provided starting key is invalid');
    await expectError(run(`SELECT * FROM "Pages"`, { NextToken: 'garbage' }), 'ValidationException', 'Invalid NextToken');
  });

  test('a WHERE clause that fixes the partition key runs as a Query, any other as a Scan', async () => {
    const capacity = async (statement: string) => (await run(statement, { ReturnConsumedCapacity: 'TOTAL' })).ConsumedCapacity?.CapacityUnits;
    // one ~4 KB item read (eventually consistent: half a unit) against all 20 of them
    assert.equal(await capacity(`SELECT * FROM "Big" WHERE pk = 'p03'`), 0.5);
    assert.equal(await capacity(`SELECT * FROM "Big" WHERE pk IN ['p03', 'p07']`), 1);
    assert.equal(await capacity(`SELECT * FROM "Big" WHERE pk = 'p03' OR pk = 'p07'`), 1);
    assert.equal(await capacity(`SELECT * FROM "Big" WHERE pk >= 'p03' AND pk <= 'p03'`), 10);
    assert.equal(await capacity(`SELECT * FROM "Big" WHERE pk = 'p03' OR data = 'x'`), 10);
    // the same item either way
    assert.deepEqual((await run(`SELECT pk FROM "Big" WHERE pk = 'p03'`, { Limit: 1 })).Items, [{ pk: s('p03') }]);
    assert.equal((await selectAll(`SELECT pk FROM "Big" WHERE pk BETWEEN 'p03' AND 'p03'`, { Limit: 1 })).items.length, 1);
    // ORDER BY needs the partition key fixed
    await expectError(run(`SELECT * FROM "Big" WHERE data = 'x' ORDER BY pk`), 'ValidationException', 'Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.');
  });

  test('UPDATE: conditions, RETURNING, sets, and a missing item', async () => {
    await run(`INSERT INTO "Things" VALUE {'pk': 'u', 'n': 1, 'keep': 'k', 'tags': <<'a'>>}`);
    const modifiedNew = await run(`UPDATE "Things" SET n = n + 1 WHERE pk = 'u' AND n = 1 RETURNING MODIFIED NEW *`);
    assert.deepEqual(modifiedNew.Items, [{ n: n(2) }]);
    const modifiedOld = await run(`UPDATE "Things" SET n = 10, extra = 'e' WHERE pk = 'u' RETURNING MODIFIED OLD *`);
    assert.deepEqual(modifiedOld.Items, [{ n: n(2) }]);
    const allNew = await run(`UPDATE "Things" SET tags = set_add(tags, <<'b'>>) REMOVE extra WHERE pk = 'u' RETURNING ALL NEW *`);
    assert.deepEqual(allNew.Items, [{ pk: s('u'), n: n(10), keep: s('k'), tags: { SS: ['a', 'b'] } }]);
    const allOld = await run(`UPDATE "Things" SET tags = set_delete(tags, <<'a'>>) WHERE pk = 'u' RETURNING ALL OLD *`);
    assert.deepEqual(allOld.Items?.[0].tags, { SS: ['a', 'b'] });
    assert.deepEqual((await get('Things', { pk: s('u') }))?.tags, { SS: ['b'] });

    const failed = await expectError(
      run(`UPDATE "Things" SET n = 0 WHERE pk = 'u' AND n > 100`, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      'ConditionalCheckFailedException',
      'The conditional request failed',
    );
    assert.deepEqual((failed as unknown as { Item?: Item }).Item?.n, n(10));
    assert.deepEqual((await get('Things', { pk: s('u') }))?.n, n(10));
    // UPDATE never creates an item
    await expectError(run(`UPDATE "Things" SET n = 1 WHERE pk = 'no-such-item'`), 'ConditionalCheckFailedException');
    // nor does one that only removes (as UpdateItem, which leaves no item then)
    await expectError(run(`UPDATE "Things" REMOVE extra.deep WHERE pk = 'no-such-item'`), 'ConditionalCheckFailedException');
    assert.equal(await get('Things', { pk: s('no-such-item') }), undefined);
    await expectError(run(`UPDATE "Things" SET pk = 'x' WHERE pk = 'u'`), 'ValidationException', 'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key');
  });

  test('DELETE: conditions, RETURNING ALL OLD *, and a missing item', async () => {
    await run(`INSERT INTO "Things" VALUE {'pk': 'd', 'v': 5}`);
    await expectError(run(`DELETE FROM "Things" WHERE pk = 'd' AND v = 6`), 'ConditionalCheckFailedException');
    assert.ok(await get('Things', { pk: s('d') }));
    assert.deepEqual((await run(`DELETE FROM "Things" WHERE pk = 'd' AND v = 5 RETURNING ALL OLD *`)).Items, [{ pk: s('d'), v: n(5) }]);
    assert.deepEqual((await run(`DELETE FROM "Things" WHERE pk = 'd' RETURNING ALL OLD *`)).Items, []);
    await expectError(
      run(`DELETE FROM "Things" WHERE pk = 'd' RETURNING ALL NEW *`),
      'ValidationException',
      'Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements.',
    );
  });

  test('SELECT from an index', async () => {
    await run(`INSERT INTO "Music" VALUE {'Artist': 'B', 'SongTitle': 'one', 'Album': 'First'}`);
    await run(`INSERT INTO "Music" VALUE {'Artist': 'C', 'SongTitle': 'two', 'Album': 'First'}`);
    await run(`INSERT INTO "Music" VALUE {'Artist': 'C', 'SongTitle': 'three', 'Album': 'Second'}`);
    const { items } = await selectAll(`SELECT * FROM "Music"."byAlbum" WHERE Album = 'First'`);
    assert.deepEqual(keysOf(items, 'SongTitle'), ['one', 'two']);
    await expectError(run(`SELECT * FROM "Music"."byAlbum" WHERE Album = 'First'`, { ConsistentRead: true }), 'ValidationException', 'Strongly consistent read is not supported on Global Secondary Indexes');
    await expectError(run(`SELECT * FROM "Music"."nope" WHERE Album = 'First'`), 'ValidationException', 'The table does not have the specified index');
    await expectError(run(`SELECT Released FROM "Music"."byAlbum" WHERE Album = 'First'`), 'ValidationException', 'One or more parameter values were invalid: Global secondary index byAlbum does not project [Released]');
  });

  test('BatchExecuteStatement: one result or error per statement', async () => {
    await run(`INSERT INTO "Things" VALUE {'pk': 'b1', 'v': 1}`);
    const writes = await db.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO "Things" VALUE {'pk': ?}`, Parameters: [s('b2')] },
          { Statement: `INSERT INTO "Things" VALUE {'pk': 'b1'}` },
          { Statement: `UPDATE "Things" SET v = 2 WHERE pk = 'b1' AND v = 9`, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
          { Statement: `UPDATE "Things" SET v = v + 1 WHERE pk = 'b1' RETURNING ALL NEW *` },
          { Statement: `SLECT * FROM "Things"` },
          { Statement: `DELETE FROM "NoSuchTable" WHERE pk = 'x'` },
        ],
      }),
    );
    assert.deepEqual(writes.Responses, [
      { TableName: 'Things' },
      { TableName: 'Things', Error: { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' } },
      { TableName: 'Things', Error: { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: s('b1'), v: n(1) } } },
      { TableName: 'Things', Item: { pk: s('b1'), v: n(2) } },
      { Error: { Code: 'ValidationError', Message: `${NOT_WELL_FORMED}Expected data manipulation` } },
      { Error: { Code: 'ResourceNotFound', Message: 'Requested resource not found' } },
    ]);
    const reads = await db.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `SELECT pk, v FROM "Things" WHERE pk = 'b1'`, ConsistentRead: true },
          { Statement: `SELECT * FROM "Things" WHERE pk = 'nobody'` },
          { Statement: `SELECT * FROM "Things" WHERE v = 1` },
        ],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(reads.Responses, [
      { TableName: 'Things', Item: { pk: s('b1'), v: n(2) } },
      { TableName: 'Things' },
      { Error: { Code: 'ValidationError', Message: 'Where clause does not contain a mandatory equality on all key attributes' } },
    ]);
    assert.deepEqual(reads.ConsumedCapacity, [{ TableName: 'Things', CapacityUnits: 1.5 }]);
    await expectError(
      db.send(new BatchExecuteStatementCommand({ Statements: [{ Statement: `SELECT * FROM "Things" WHERE pk = 'b1'` }, { Statement: `DELETE FROM "Things" WHERE pk = 'b1'` }] })),
      'ValidationException',
    );
    await expectError(
      db.send(new BatchExecuteStatementCommand({ Statements: Array.from({ length: 26 }, () => ({ Statement: `SELECT * FROM "Things" WHERE pk = 'b1'` })) })),
      'ValidationException',
      /Member must have length less than or equal to 25/,
    );
  });

  test('ExecuteTransaction: all writes or none, with cancellation reasons in statement order', async () => {
    await run(`INSERT INTO "Things" VALUE {'pk': 'acct1', 'balance': 100}`);
    await run(`INSERT INTO "Things" VALUE {'pk': 'acct2', 'balance': 0}`);
    const transfer = (amount: number, ledger: string) =>
      db.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `UPDATE "Things" SET balance = balance - ? WHERE pk = 'acct1' AND balance >= ?`, Parameters: [n(amount), n(amount)] },
            { Statement: `UPDATE "Things" SET balance = balance + ? WHERE pk = 'acct2'`, Parameters: [n(amount)] },
            { Statement: `INSERT INTO "Things" VALUE {'pk': ?, 'amount': ?}`, Parameters: [s(ledger), n(amount)] },
            { Statement: `EXISTS(SELECT * FROM "Things" WHERE pk = 'dup' AND v = 3)` },
          ],
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
    const ok = await transfer(30, 'tx1');
    assert.deepEqual(ok.ConsumedCapacity, [{ TableName: 'Things', CapacityUnits: 8, WriteCapacityUnits: 8 }]);
    assert.deepEqual((await get('Things', { pk: s('acct1') }))?.balance, n(70));
    assert.deepEqual((await get('Things', { pk: s('acct2') }))?.balance, n(30));

    // too much: the first statement's condition fails; the ledger entry is not written either
    const err = await expectError(transfer(500, 'tx2'), 'TransactionCanceledException');
    assert.deepEqual((err as TransactionCanceledException).CancellationReasons, [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }, { Code: 'None' }, { Code: 'None' }, { Code: 'None' }]);
    // an INSERT of an existing key cancels too
    const dup = await expectError(transfer(5, 'tx1'), 'TransactionCanceledException');
    assert.deepEqual((dup as TransactionCanceledException).CancellationReasons?.map((r) => r.Code), ['None', 'None', 'ValidationError', 'None']);
    assert.equal(await get('Things', { pk: s('tx2') }), undefined);
    assert.deepEqual((await get('Things', { pk: s('acct1') }))?.balance, n(70));
    assert.deepEqual((await get('Things', { pk: s('acct2') }))?.balance, n(30));
  });

  test('ExecuteTransaction: reads, and what a transaction may not hold', async () => {
    const reads = await db.send(
      new ExecuteTransactionCommand({
        TransactStatements: [{ Statement: `SELECT balance FROM "Things" WHERE pk = 'acct1'` }, { Statement: `SELECT * FROM "Things" WHERE pk = 'nobody'` }],
      }),
    );
    assert.deepEqual(reads.Responses, [{ Item: { balance: n(70) } }, {}]);
    const rejected: [string[], string][] = [
      [[`SELECT * FROM "Things" WHERE pk = 'acct1'`, `DELETE FROM "Things" WHERE pk = 'acct2'`], 'ExecuteTransaction API does not support both read and write operations in the same request.'],
      [[`UPDATE "Things" SET v = 1 WHERE pk = 'acct1' RETURNING ALL NEW *`], 'Validation failed in TransactStatements[0]: RETURNING clause is not supported in ExecuteTransaction.'],
      [[`DELETE FROM "Things" WHERE pk = 'x'`, `SELECT * FROM "Things" WHERE`], `Validation failed in TransactStatements[1]: ${NOT_WELL_FORMED}Unexpected term`],
      [[`SELECT * FROM "Things" WHERE v = 1`], 'Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the primary key in the where clause.'],
      [[`SELECT * FROM "Music"."byAlbum" WHERE Album = 'x'`], 'Validation failed in TransactStatements[0]: Reads on indices are not supported within transactions.'],
      [[`UPDATE "Things" SET v = 1 WHERE pk = 'acct1'`, `DELETE FROM "Things" WHERE pk = 'acct1'`], 'Transaction request cannot include multiple operations on one item'],
    ];
    for (const [statements, message] of rejected) {
      await expectError(db.send(new ExecuteTransactionCommand({ TransactStatements: statements.map((Statement) => ({ Statement })) })), 'ValidationException', message);
    }
    assert.deepEqual((await get('Things', { pk: s('acct2') }))?.balance, n(30));
  });

  test('ExecuteTransaction: ClientRequestToken applies a transaction once, and refuses other statements', async () => {
    await run(`INSERT INTO "Things" VALUE {'pk': 'counter', 'n': 0}`);
    const statements = [{ Statement: `UPDATE "Things" SET n = n + 1 WHERE pk = 'counter'` }];
    const first = await db.send(new ExecuteTransactionCommand({ ClientRequestToken: 'token-1', TransactStatements: statements, ReturnConsumedCapacity: 'TOTAL' }));
    const replay = await db.send(new ExecuteTransactionCommand({ ClientRequestToken: 'token-1', TransactStatements: statements, ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual((await get('Things', { pk: s('counter') }))?.n, n(1));
    assert.deepEqual(first.ConsumedCapacity, [{ TableName: 'Things', CapacityUnits: 2, WriteCapacityUnits: 2 }]);
    assert.deepEqual(replay.ConsumedCapacity, [{ TableName: 'Things', CapacityUnits: 2, ReadCapacityUnits: 2 }]);
    await expectError(
      db.send(new ExecuteTransactionCommand({ ClientRequestToken: 'token-1', TransactStatements: [{ Statement: `UPDATE "Things" SET n = n + 2 WHERE pk = 'counter'` }] })),
      'IdempotentParameterMismatchException',
      'Request token was already used with different parameters.',
    );
    assert.deepEqual((await get('Things', { pk: s('counter') }))?.n, n(1));
    await db.send(new ExecuteTransactionCommand({ ClientRequestToken: 'token-2', TransactStatements: statements }));
    assert.deepEqual((await get('Things', { pk: s('counter') }))?.n, n(2));
  });

  test('syntax errors and other errors, as DynamoDB words them', async () => {
    const cases: [string, string, string, AttributeValue[]?][] = [
      [`SELECT * FROM "Things" WHERE pk = 'a' foo`, 'ValidationException', `${NOT_WELL_FORMED}Unexpected token after expression`],
      [`SELECT * FROM "Things" WHERE pk = 'a' AND`, 'ValidationException', `${NOT_WELL_FORMED}Missing right-hand side expression of infix operator`],
      [`SELECT * FROM "Things" WHERE pk = 'a' # note`, 'ValidationException', NOT_WELL_FORMED],
      [`DELETE FROM`, 'ValidationException', `${NOT_WELL_FORMED}Expected identifier for simple path`],
      [`SELECT * FROM "Things" t WHERE pk = 'x'`, 'ValidationException', 'Aliasing is not supported'],
      [`SELECT * FROM "Things" WHERE pk = 'x' LIMIT 1`, 'ValidationException', 'Unsupported clause: LIMIT'],
      [`SELECT * FROM "NoSuchTable" WHERE pk = 'x'`, 'ResourceNotFoundException', 'Requested resource not found'],
      [`UPDATE "Things" SET v = 1 WHERE v = 2`, 'ValidationException', 'Where clause does not contain a mandatory equality on all key attributes'],
      [`FROM "Things" SET c = 1`, 'ValidationException', 'Where clause does not contain a mandatory equality on all key attributes'],
      [`INSERT INTO "Things" VALUE {'v': 1}`, 'ValidationException', 'Key attribute should be present in the item: Key pk'],
      [`INSERT INTO "Things" VALUE {'pk': 'x', 'n': 1e126}`, 'ValidationException', 'Number overflow. Attempting to store a number with magnitude larger than supported range under root'],
      [`SELECT * FROM "Things" WHERE pk = ? AND v < ?`, 'ValidationException', 'Incorrect operand type for operator or function; operator or function: <, operand type: BOOL', [s('x'), { BOOL: true }]],
      [`SELECT * FROM "Things" WHERE pk = ? AND v = ?`, 'ValidationException', "Number of parameters in request and statement don't match.", [s('x')]],
      [`EXISTS(SELECT * FROM "Things" WHERE pk = 'x' AND v = 1)`, 'ValidationException', 'EXISTS can only be used in ExecuteTransaction write requests.'],
      [`SELECT * FROM "Things" WHERE pk = 'x' ORDER BY v`, 'ValidationException', 'Variable reference v in ORDER BY clause must be part of the primary key'],
    ];
    for (const [statement, name, message, Parameters] of cases) {
      await expectError(run(statement, Parameters ? { Parameters } : {}), name, message);
    }
    await expectError(run('x'.repeat(8193)), 'ValidationException', /Member must have length less than or equal to 8192/);
    await expectError(run(`SELECT * FROM "Things"`, { Limit: 0 }), 'ValidationException', /Member must have value greater than or equal to 1/);
  });
});
