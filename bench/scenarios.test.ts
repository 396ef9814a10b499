import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DynamoClient, Reply } from './client.js';
import { TABLE_NAME } from './dataset.js';
import { BATCH_SIZE, makeOperation, NEW_ITEM_SORT_BASE, scenarioByName, SCENARIO_NAMES, type ScenarioName } from './scenarios.js';

interface Sent {
  operation: string;
  payload: Record<string, unknown>;
}

/** A client double that records requests and answers with queued bodies (default `{}`). */
function recorder(answers: string[] = []): { client: DynamoClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const client = {
    send: async (operation: string, payload: unknown): Promise<Reply> => {
      sent.push({ operation, payload: payload as Record<string, unknown> });
      return { status: 200, body: Buffer.from(answers.shift() ?? '{}') };
    },
  } as unknown as DynamoClient;
  return { client, sent };
}

function context(client: DynamoClient, worker = 0) {
  let unique = 0;
  return { client, items: 10_000, partitions: 1000, seed: 1, worker, nextUnique: () => unique++, clientFor: () => client };
}

async function runOps(name: ScenarioName, n: number, answers: string[] = []): Promise<{ sent: Sent[]; items: (number | undefined)[] }> {
  const { client, sent } = recorder(answers);
  const op = makeOperation(name, context(client));
  const items: (number | undefined)[] = [];
  for (let i = 0; i < n; i += 1) items.push((await op()).items);
  return { sent, items };
}

describe('scenario names', () => {
  const cases: [string, ScenarioName | undefined][] = [
    ['get', 'GetItem'],
    ['GETITEM', 'GetItem'],
    ['transact', 'TransactWriteItems'],
    [' batch ', 'BatchWriteItem'],
    ['delete', undefined],
  ];
  for (const [text, expected] of cases) test(`'${text}'`, () => assert.equal(scenarioByName(text), expected));
  test('every scenario has an operation', () => {
    for (const name of SCENARIO_NAMES) assert.equal(typeof makeOperation(name, context(recorder().client)), 'function');
  });
});

describe('requests', () => {
  test('GetItem asks for existing keys, the same sequence for the same seed and worker', async () => {
    const a = await runOps('GetItem', 50);
    const b = await runOps('GetItem', 50);
    assert.deepEqual(a.sent, b.sent);
    for (const { operation, payload } of a.sent) {
      assert.equal(operation, 'GetItem');
      const key = payload.Key as { pk: { S: string }; sk: { N: string } };
      assert.match(key.pk.S, /^p\d{4}$/);
      assert.ok(Number(key.sk.N) < 10, key.sk.N);
    }
  });

  test('PutItem mixes overwrites and new keys', async () => {
    const { sent } = await runOps('PutItem', 200);
    const sorts = sent.map((s) => Number(((s.payload.Item as Record<string, { N: string }>).sk).N));
    assert.ok(sorts.some((n) => n < 10) && sorts.some((n) => n >= 10 && n < 20));
  });

  test('Query reads one partition with Limit 10', async () => {
    const { sent } = await runOps('Query', 1);
    assert.equal(sent[0]!.payload.KeyConditionExpression, 'pk = :pk');
    assert.equal(sent[0]!.payload.Limit, 10);
  });

  test('Scan follows LastEvaluatedKey, starts over at the end, and counts items', async () => {
    const lek = { pk: { S: 'p0001' }, sk: { N: '4' } };
    const { sent, items } = await runOps('Scan', 3, [JSON.stringify({ Count: 100, LastEvaluatedKey: lek }), JSON.stringify({ Count: 37 }), '{}']);
    assert.equal(sent[0]!.payload.ExclusiveStartKey, undefined);
    assert.deepEqual(sent[1]!.payload.ExclusiveStartKey, lek);
    assert.equal(sent[2]!.payload.ExclusiveStartKey, undefined);
    assert.deepEqual(items, [100, 37, 0]);
  });

  test('BatchWriteItem writes 25 new distinct keys and subtracts unprocessed items', async () => {
    const unprocessed = JSON.stringify({ UnprocessedItems: { [TABLE_NAME]: [{}, {}] } });
    const { sent, items } = await runOps('BatchWriteItem', 2, ['{}', unprocessed]);
    const keys = sent.flatMap((s) => ((s.payload.RequestItems as Record<string, { PutRequest: { Item: Record<string, { S?: string; N?: string }> } }[]>)[TABLE_NAME]!).map((r) => `${r.PutRequest.Item.pk!.S}/${r.PutRequest.Item.sk!.N}`));
    assert.equal(keys.length, 2 * BATCH_SIZE);
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(keys.every((k) => Number(k.split('/')[1]) >= NEW_ITEM_SORT_BASE));
    assert.deepEqual(items, [25, 23]);
  });

  test('UpdateItem increments c with if_not_exists', async () => {
    const { sent } = await runOps('UpdateItem', 1);
    assert.equal(sent[0]!.payload.UpdateExpression, 'SET #c = if_not_exists(#c, :z) + :one');
    assert.deepEqual(sent[0]!.payload.ExpressionAttributeNames, { '#c': 'c' });
  });

  test('TransactWriteItems updates two different existing items', async () => {
    const { sent } = await runOps('TransactWriteItems', 300);
    for (const { payload } of sent) {
      const [a, b] = (payload.TransactItems as { Update: { Key: unknown } }[]).map((t) => JSON.stringify(t.Update.Key));
      assert.notEqual(a, b);
    }
  });

  test('a non-200 answer is an error carrying the body', async () => {
    const client = { send: async (): Promise<Reply> => ({ status: 400, body: Buffer.from('{"__type":"x#ValidationException"}') }) } as unknown as DynamoClient;
    const outcome = await makeOperation('GetItem', context(client))();
    assert.equal(outcome.ok, false);
    assert.match(outcome.error ?? '', /HTTP 400: .*ValidationException/);
  });
});

describe('NoisyNeighbor', () => {
  test('the first workers send the oversized transaction for another namespace, unmeasured; the others GetItem', async () => {
    const noisy = recorder(['{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected"}']);
    const regions: string[] = [];
    const own = (worker: number) => ({ ...context(recorder().client, worker), clientFor: (region: string) => (regions.push(region), noisy.client) });
    const outcome = await makeOperation('NoisyNeighbor', own(0))();
    assert.equal(outcome.background, true);
    assert.deepEqual(regions, ['eu-west-1']);
    assert.equal(noisy.sent[0]?.operation, 'TransactWriteItems');
    const body = noisy.sent[0]?.payload as unknown as string;
    assert.ok(body.length > 15 * 1024 * 1024 && body.length < 16 * 1024 * 1024, String(body.length));
    const { client, sent } = recorder();
    const measured = await makeOperation('NoisyNeighbor', { ...context(client, 2), clientFor: () => assert.fail('a measured worker needs no client of its own') })();
    assert.equal(measured.background, undefined);
    assert.equal(sent[0]?.operation, 'GetItem');
  });
});
