/**
 * The benchmark's scenarios: for each, how one worker builds its next request and what it
 * counts. Keys come from seeded PRNGs per (seed, scenario, worker), so every server sees the
 * same sequences.
 */
import type { DynamoClient, Reply } from './client.js';
import { itemWithKey, keyAt, keyOf, mixSeed, mulberry32, partitionKey, randomInt, TABLE_NAME, type Key } from './dataset.js';
import type { Operation, OpOutcome } from './load.js';

export const SCENARIO_NAMES = ['PutItem', 'GetItem', 'Query', 'Scan', 'BatchWriteItem', 'UpdateItem', 'TransactWriteItems'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Short names accepted by `--scenarios` besides the full ones (case-insensitive). */
export const SCENARIO_ALIASES: Readonly<Record<string, ScenarioName>> = {
  put: 'PutItem',
  get: 'GetItem',
  query: 'Query',
  scan: 'Scan',
  batch: 'BatchWriteItem',
  batchwrite: 'BatchWriteItem',
  update: 'UpdateItem',
  transact: 'TransactWriteItems',
  transactwrite: 'TransactWriteItems',
};

/** Resolves a scenario name or alias; undefined when unknown. */
export function scenarioByName(text: string): ScenarioName | undefined {
  const lower = text.trim().toLowerCase();
  return SCENARIO_ALIASES[lower] ?? SCENARIO_NAMES.find((name) => name.toLowerCase() === lower);
}

/** What a worker needs to build requests. */
export interface ScenarioContext {
  readonly client: DynamoClient;
  /** Items loaded (keys `keyAt(0..items-1)` exist). */
  readonly items: number;
  readonly partitions: number;
  readonly seed: number;
  readonly worker: number;
  /** Hands out numbers never handed out before in this scenario run (for new keys). */
  readonly nextUnique: () => number;
}

/** Sort keys of items BatchWriteItem creates start here, clear of the loaded ones. */
export const NEW_ITEM_SORT_BASE = 1_000_000_000;
export const BATCH_SIZE = 25;

const UPDATE = {
  UpdateExpression: 'SET #c = if_not_exists(#c, :z) + :one',
  ExpressionAttributeNames: { '#c': 'c' },
  ExpressionAttributeValues: { ':z': { N: '0' }, ':one': { N: '1' } },
};

function outcome(reply: Reply, items?: number): OpOutcome {
  if (reply.status === 200) return items === undefined ? { ok: true } : { ok: true, items };
  return { ok: false, error: `HTTP ${reply.status}: ${reply.body.toString('utf8').slice(0, 1000)}` };
}

/** Builds one worker's operation for a scenario. */
export function makeOperation(name: ScenarioName, ctx: ScenarioContext): Operation {
  const rng = mulberry32(mixSeed(ctx.seed, name, ctx.worker));
  const { client, items, partitions } = ctx;
  const existing = (): Key => keyAt(randomInt(rng, items), partitions);
  switch (name) {
    case 'PutItem': {
      // Half the sort-key range exists (overwrites), half does not (new items).
      const sortRange = 2 * Math.max(1, Math.ceil(items / partitions));
      return async () => {
        const key = keyOf(randomInt(rng, partitions), randomInt(rng, sortRange));
        return outcome(await client.send('PutItem', { TableName: TABLE_NAME, Item: itemWithKey(key, ctx.nextUnique()) }));
      };
    }
    case 'GetItem':
      return async () => outcome(await client.send('GetItem', { TableName: TABLE_NAME, Key: existing() }));
    case 'Query':
      return async () => {
        const request = {
          TableName: TABLE_NAME,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: partitionKey(randomInt(rng, partitions)) } },
          Limit: 10,
        };
        return outcome(await client.send('Query', request));
      };
    case 'Scan': {
      // Each worker pages through the whole table, then starts over.
      let startKey: unknown;
      return async () => {
        const reply = await client.send('Scan', { TableName: TABLE_NAME, Limit: 100, ...(startKey !== undefined ? { ExclusiveStartKey: startKey } : {}) });
        if (reply.status !== 200) return outcome(reply);
        const page = JSON.parse(reply.body.toString('utf8')) as { Count?: number; LastEvaluatedKey?: unknown };
        startKey = page.LastEvaluatedKey;
        return outcome(reply, page.Count ?? 0);
      };
    }
    case 'BatchWriteItem':
      return async () => {
        const puts = [];
        for (let n = 0; n < BATCH_SIZE; n += 1) {
          const unique = ctx.nextUnique();
          puts.push({ PutRequest: { Item: itemWithKey(keyOf(randomInt(rng, partitions), NEW_ITEM_SORT_BASE + unique), unique) } });
        }
        const reply = await client.send('BatchWriteItem', { RequestItems: { [TABLE_NAME]: puts } });
        if (reply.status !== 200) return outcome(reply);
        const answer = JSON.parse(reply.body.toString('utf8')) as { UnprocessedItems?: Record<string, unknown[]> };
        const unprocessed = answer.UnprocessedItems?.[TABLE_NAME]?.length ?? 0;
        return outcome(reply, BATCH_SIZE - unprocessed);
      };
    case 'UpdateItem':
      return async () => outcome(await client.send('UpdateItem', { TableName: TABLE_NAME, Key: existing(), ...UPDATE }));
    case 'TransactWriteItems':
      return async () => {
        const first = randomInt(rng, items);
        let second = randomInt(rng, items - 1);
        if (second >= first) second += 1;
        const update = (i: number) => ({ Update: { TableName: TABLE_NAME, Key: keyAt(i, partitions), ...UPDATE } });
        return outcome(await client.send('TransactWriteItems', { TransactItems: [update(first), update(second)] }));
      };
  }
}

/** The unit a scenario reports besides operations, if any. */
export function itemsUnit(name: ScenarioName): 'items' | undefined {
  return name === 'Scan' || name === 'BatchWriteItem' ? 'items' : undefined;
}
