/**
 * `__proto__`, `constructor`, `prototype`, `hasOwnProperty` and `toString` are ordinary
 * names in DynamoDB: attribute names, map keys, key attributes, table and index names.
 * Each one goes through every write path (PutItem, UpdateItem with expressions and with
 * AttributeUpdates, BatchWriteItem, TransactWriteItems, PartiQL INSERT/UPDATE) and every
 * read path (GetItem, projections, conditions and filters, Query, Scan, BatchGetItem,
 * TransactGetItems, PartiQL SELECT, indexes), as raw JSON: the SDK itself cannot carry a
 * `__proto__` member.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rawRequest, startTestServer, type TestServer } from '../helpers/server.js';

const NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'] as const;

describe('names that are Object.prototype members in JavaScript', () => {
  let server: TestServer;

  /** Sends a request as JSON text; returns the parsed answer, asserting the status. */
  const call = async (target: string, body: string, status = 200): Promise<Record<string, unknown>> => {
    const res = await rawRequest(server.url, { target, body });
    assert.equal(res.status, status, `${target} ${body.slice(0, 200)} -> ${res.text.slice(0, 500)}`);
    return res.json ?? {};
  };
  /** JSON text of a value (with `__proto__` as an ordinary member, as JSON.parse reads it). */
  const j = (value: unknown): string => JSON.stringify(value);
  /** An object literal whose member `name` is an own member whatever the name. */
  const obj = (...entries: [string, unknown][]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  };
  /**
   * A value as JSON text with map members sorted (DynamoDB promises no member order), to
   * compare without the objects' prototypes in the way.
   */
  const text = (value: unknown): string => JSON.stringify(sorted(value));
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== 'object') return value;
    return obj(...Object.keys(value).sort().map((k): [string, unknown] => [k, sorted((value as Record<string, unknown>)[k])]));
  };

  before(async () => {
    server = await startTestServer();
    await call(
      'CreateTable',
      j({
        TableName: 'items',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'g', AttributeType: 'S' },
        ],
        // an index projecting each of the names (and nothing else but the keys)
        GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...NAMES] } }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });
  after(() => server.close());

  for (const name of NAMES) {
    describe(name, () => {
      const p = (pk: string) => `${name}-${pk}`;
      const item = (pk: string) => obj(['pk', { S: pk }], [name, { S: `top-${pk}` }], ['m', { M: obj([name, { S: `nested-${pk}` }], ['other', { N: '1' }]) }]);
      const key = (pk: string) => j({ TableName: 'items', Key: { pk: { S: pk } } });
      const get = async (pk: string) => (await call('GetItem', key(pk))).Item;

      test('PutItem, GetItem, DeleteItem keep it as an attribute and a map key', async () => {
        await call('PutItem', j({ TableName: 'items', Item: item(p('put')) }));
        assert.equal(text(await get(p('put'))), text(item(p('put'))));
        const old = await call('DeleteItem', j({ TableName: 'items', Key: { pk: { S: p('put') } }, ReturnValues: 'ALL_OLD' }));
        assert.equal(text(old.Attributes), text(item(p('put'))));
        assert.equal(await get(p('put')), undefined);
      });

      test('a projection on it returns it, and only it', async () => {
        await call('PutItem', j({ TableName: 'items', Item: item(p('proj')) }));
        const names = obj(['#n', name]);
        const projected = await call('GetItem', j({ TableName: 'items', Key: { pk: { S: p('proj') } }, ProjectionExpression: '#n, m.#n', ExpressionAttributeNames: names }));
        assert.equal(text(projected.Item), text(obj([name, { S: `top-${p('proj')}` }], ['m', { M: obj([name, { S: `nested-${p('proj')}` }]) }])));
        const legacy = await call('GetItem', j({ TableName: 'items', Key: { pk: { S: p('proj') } }, AttributesToGet: [name] }));
        assert.equal(text(legacy.Item), text(obj([name, { S: `top-${p('proj')}` }])));
        // an item without it projects to nothing, not to something inherited
        await call('PutItem', j({ TableName: 'items', Item: { pk: { S: p('bare') }, m: { M: {} } } }));
        const bare = await call('GetItem', j({ TableName: 'items', Key: { pk: { S: p('bare') } }, ProjectionExpression: '#n, m.#n', ExpressionAttributeNames: names }));
        assert.equal(text(bare.Item), '{}');
      });

      test('conditions see it only where the item has it', async () => {
        const names = obj(['#n', name]);
        const bare = { pk: { S: p('cond') }, m: { M: {} } };
        const put = (written: unknown, condition: string, status: number) =>
          call('PutItem', j({ TableName: 'items', Item: written, ConditionExpression: condition, ExpressionAttributeNames: names }), status);
        await call('PutItem', j({ TableName: 'items', Item: bare }));
        await put(bare, 'attribute_not_exists(#n) AND attribute_not_exists(m.#n)', 200);
        await put(bare, 'attribute_exists(#n)', 400);
        await put(bare, 'attribute_exists(m.#n)', 400);
        await call('PutItem', j({ TableName: 'items', Item: bare, Expected: obj([name, { Exists: false }]) }));
        await call('PutItem', j({ TableName: 'items', Item: item(p('cond')), Expected: obj([name, { Value: { S: 'x' } }]) }), 400);
        await call('PutItem', j({ TableName: 'items', Item: item(p('cond')) }));
        await put(item(p('cond')), 'attribute_exists(#n) AND attribute_exists(m.#n)', 200);
        await call('PutItem', j({ TableName: 'items', Item: item(p('cond')), Expected: obj([name, { Value: { S: `top-${p('cond')}` } }]) }));
        await call('PutItem', j({ TableName: 'items', Item: bare, Expected: obj([name, { Exists: false }]) }), 400);
      });

      test('UpdateItem sets, copies and removes it, by expression and by AttributeUpdates', async () => {
        const names = obj(['#n', name]);
        await call(
          'UpdateItem',
          j({
            TableName: 'items',
            Key: { pk: { S: p('upd') } },
            UpdateExpression: 'SET #n = :v, m = :m, c = if_not_exists(#n, :v)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':v': { S: 'set' }, ':m': { M: obj([name, { S: 'in-map' }]) } },
          }),
        );
        assert.equal(text(await get(p('upd'))), text(obj(['pk', { S: p('upd') }], [name, { S: 'set' }], ['m', { M: obj([name, { S: 'in-map' }]) }], ['c', { S: 'set' }])));
        const updated = await call(
          'UpdateItem',
          j({ TableName: 'items', Key: { pk: { S: p('upd') } }, UpdateExpression: 'SET m.#n = :w REMOVE c', ExpressionAttributeNames: names, ExpressionAttributeValues: { ':w': { S: 'w' } }, ReturnValues: 'UPDATED_NEW' }),
        );
        assert.equal(text(updated.Attributes), text(obj(['m', { M: obj([name, { S: 'w' }]) }])));
        await call('UpdateItem', j({ TableName: 'items', Key: { pk: { S: p('upd') } }, UpdateExpression: 'REMOVE #n, m.#n', ExpressionAttributeNames: names }));
        assert.equal(text(await get(p('upd'))), text({ pk: { S: p('upd') }, m: { M: {} } }));
        await call('UpdateItem', j({ TableName: 'items', Key: { pk: { S: p('upd') } }, AttributeUpdates: obj([name, { Action: 'PUT', Value: { N: '5' } }]) }));
        await call('UpdateItem', j({ TableName: 'items', Key: { pk: { S: p('upd') } }, AttributeUpdates: obj([name, { Action: 'ADD', Value: { N: '2' } }]) }));
        assert.equal(text(await get(p('upd'))), text(obj(['pk', { S: p('upd') }], ['m', { M: {} }], [name, { N: '7' }])));
      });

      test('BatchWriteItem and TransactWriteItems write it; BatchGetItem and TransactGetItems read it', async () => {
        await call('BatchWriteItem', j({ RequestItems: { items: [{ PutRequest: { Item: item(p('b1')) } }, { PutRequest: { Item: item(p('b2')) } }] } }));
        await call(
          'TransactWriteItems',
          j({
            TransactItems: [
              { Put: { TableName: 'items', Item: item(p('t1')) } },
              { Update: { TableName: 'items', Key: { pk: { S: p('t2') } }, UpdateExpression: 'SET #n = :v', ExpressionAttributeNames: obj(['#n', name]), ExpressionAttributeValues: { ':v': { S: 'tx' } } } },
            ],
          }),
        );
        const batch = await call('BatchGetItem', j({ RequestItems: { items: { Keys: [{ pk: { S: p('b1') } }, { pk: { S: p('b2') } }, { pk: { S: p('t1') } }] } } }));
        const got = ((batch.Responses as Record<string, unknown[]>).items ?? []).map(text).sort();
        assert.deepEqual(got, [item(p('b1')), item(p('b2')), item(p('t1'))].map(text).sort());
        const tx = await call('TransactGetItems', j({ TransactItems: [{ Get: { TableName: 'items', Key: { pk: { S: p('t2') } }, ProjectionExpression: '#n', ExpressionAttributeNames: obj(['#n', name]) } }] }));
        assert.equal(text((tx.Responses as { Item: unknown }[])[0].Item), text(obj([name, { S: 'tx' }])));
      });

      test('Query and Scan filter and project on it', async () => {
        await call('PutItem', j({ TableName: 'items', Item: item(p('q')) }));
        const names = obj(['#n', name]);
        const q = await call(
          'Query',
          j({ TableName: 'items', KeyConditionExpression: 'pk = :pk', FilterExpression: 'm.#n = :v', ProjectionExpression: 'm.#n', ExpressionAttributeNames: names, ExpressionAttributeValues: { ':pk': { S: p('q') }, ':v': { S: `nested-${p('q')}` } } }),
        );
        assert.equal(text(q.Items), text([obj(['m', { M: obj([name, { S: `nested-${p('q')}` }]) }])]));
        const scan = await call('Scan', j({ TableName: 'items', FilterExpression: '#n = :v', ExpressionAttributeNames: names, ExpressionAttributeValues: { ':v': { S: `top-${p('q')}` } } }));
        assert.equal(text(scan.Items), text([item(p('q'))]));
        const missing = await call('Scan', j({ TableName: 'items', FilterExpression: 'attribute_exists(#n) AND pk = :pk', ExpressionAttributeNames: names, ExpressionAttributeValues: { ':pk': { S: p('bare') } } }));
        assert.equal(missing.Count, 0);
        const legacy = await call('Scan', j({ TableName: 'items', ScanFilter: obj([name, { ComparisonOperator: 'EQ', AttributeValueList: [{ S: `top-${p('q')}` }] }]) }));
        assert.equal(legacy.Count, 1);
      });

      test('PartiQL INSERT, UPDATE and SELECT keep it', async () => {
        const quoted = `"${name}"`;
        const pk = p('pq');
        await call('ExecuteStatement', j({ Statement: `INSERT INTO "items" VALUE {'pk': '${pk}', '${name}': 'ins', 'm': {'${name}': 'ins-m'}}` }));
        assert.equal(text(await get(pk)), text(obj(['pk', { S: pk }], [name, { S: 'ins' }], ['m', { M: obj([name, { S: 'ins-m' }]) }])));
        await call('ExecuteStatement', j({ Statement: `UPDATE "items" SET ${quoted} = 'upd', m.${quoted} = 'upd-m' WHERE pk = '${pk}'` }));
        const top = await call('ExecuteStatement', j({ Statement: `SELECT ${quoted} FROM "items" WHERE pk = '${pk}'` }));
        assert.equal(text(top.Items), text([obj([name, { S: 'upd' }])]));
        const nested = await call('ExecuteStatement', j({ Statement: `SELECT m.${quoted} FROM "items" WHERE pk = '${pk}'` }));
        assert.equal(text(nested.Items), text([obj([name, { S: 'upd-m' }])]));
        await call('PutItem', j({ TableName: 'items', Item: { pk: { S: p('pbare') } } }));
        const missing = await call('ExecuteStatement', j({ Statement: `SELECT pk FROM "items" WHERE pk = '${p('pbare')}' AND ${quoted} IS NOT MISSING` }));
        assert.deepEqual(missing.Items, []);
        const none = await call('ExecuteStatement', j({ Statement: `SELECT ${quoted} FROM "items" WHERE pk = '${p('pbare')}'` }));
        assert.equal(text(none.Items), '[{}]');
      });

      test('transactions, PartiQL batches and index projections carry it', async () => {
        const names = obj(['#n', name]);
        await call('PutItem', j({ TableName: 'items', Item: item(p('x1')) }));
        await call(
          'TransactWriteItems',
          j({
            TransactItems: [
              { ConditionCheck: { TableName: 'items', Key: { pk: { S: p('x1') } }, ConditionExpression: 'attribute_exists(#n) AND attribute_exists(m.#n)', ExpressionAttributeNames: names } },
              { Delete: { TableName: 'items', Key: { pk: { S: p('x2') } }, ConditionExpression: 'attribute_not_exists(#n)', ExpressionAttributeNames: names } },
            ],
          }),
        );
        await call('ExecuteTransaction', j({ TransactStatements: [{ Statement: `UPDATE "items" SET "${name}" = 'etx' WHERE pk = '${p('x1')}'` }] }));
        const batch = await call('BatchExecuteStatement', j({ Statements: [{ Statement: `SELECT "${name}" FROM "items" WHERE pk = '${p('x1')}'` }] }));
        assert.equal(text((batch.Responses as { Item: unknown }[])[0].Item), text(obj([name, { S: 'etx' }])));
        await call('UpdateItem', j({ TableName: 'items', Key: { pk: { S: p('x1') } }, UpdateExpression: 'SET g = :g', ExpressionAttributeValues: { ':g': { S: p('G') } } }));
        const q = await call('Query', j({ TableName: 'items', IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: p('G') } } }));
        assert.equal(text(q.Items), text([obj(['pk', { S: p('x1') }], ['g', { S: p('G') }], [name, { S: 'etx' }])]));
      });

      test('as a table name, an index name and a key attribute name', async () => {
        await call(
          'CreateTable',
          j({
            TableName: name,
            KeySchema: [{ AttributeName: name, KeyType: 'HASH' }],
            AttributeDefinitions: [
              { AttributeName: name, AttributeType: 'S' },
              { AttributeName: 'g', AttributeType: 'S' },
            ],
            GlobalSecondaryIndexes: [{ IndexName: name, KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
            BillingMode: 'PAY_PER_REQUEST',
          }),
        );
        const row = (id: string) => obj([name, { S: id }], ['g', { S: 'G' }]);
        await call('PutItem', j({ TableName: name, Item: row('a') }));
        await call('BatchWriteItem', j({ RequestItems: obj([name, [{ PutRequest: { Item: row('b') } }]]) }));
        await call('TransactWriteItems', j({ TransactItems: [{ Put: { TableName: name, Item: row('c') } }] }));
        const missingKey = await call('PutItem', j({ TableName: name, Item: { g: { S: 'G' } } }), 400);
        assert.equal(missingKey.message, `One or more parameter values were invalid: Missing the key ${name} in the item`);
        const batch = await call('BatchGetItem', j({ RequestItems: obj([name, { Keys: [obj([name, { S: 'a' }]), obj([name, { S: 'b' }])] }]), ReturnConsumedCapacity: 'TOTAL' }));
        assert.deepEqual(Object.keys(batch.Responses as object), [name]);
        assert.equal(((batch.Responses as Record<string, unknown[]>)[name] ?? []).length, 2);
        const q = await call('Query', j({ TableName: name, IndexName: name, KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'G' } }, ReturnConsumedCapacity: 'INDEXES' }));
        assert.equal(q.Count, 3);
        assert.deepEqual(Object.keys((q.ConsumedCapacity as { GlobalSecondaryIndexes: object }).GlobalSecondaryIndexes), [name]);
        const tables = await call('ListTables', '{}');
        assert.ok((tables.TableNames as string[]).includes(name));
        const described = await call('DescribeTable', j({ TableName: name }));
        assert.equal((described.Table as { TableName: string }).TableName, name);
        await call('DeleteTable', j({ TableName: name }));
      });
    });
  }
});
