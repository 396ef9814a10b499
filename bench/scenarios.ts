/**
 * The benchmark's scenarios: for each, how one worker builds its next request and what it
 * counts. Keys come from seeded PRNGs per (seed, scenario, worker), so every server sees the
 * same sequences.
 */
import type { DynamoClient, Reply } from './client.js';
import { itemWithKey, keyAt, keyOf, mixSeed, mulberry32, partitionKey, randomInt, TABLE_NAME, type Key } from './dataset.js';
import type { Operation, OpOutcome } from './load.js';

/** The scenarios of a full run. */
export const DEFAULT_SCENARIOS = ['PutItem', 'GetItem', 'Query', 'Scan', 'BatchWriteItem', 'UpdateItem', 'TransactWriteItems'] as const;
/** Every scenario `--scenarios` accepts: the defaults and NoisyNeighbor (run on request). */
export const SCENARIO_NAMES = [...DEFAULT_SCENARIOS, 'NoisyNeighbor'] as const;
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
  noisy: 'NoisyNeighbor',
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
  /** A client of its own (one connection) signing for `region`: another tenant's namespace. */
  readonly clientFor: (region: string) => DynamoClient;
}

/** NoisyNeighbor: workers sending the oversized requests (the others measure GetItem). */
export const NOISY_WORKERS = 2;
/** The namespace the oversized requests come from (the measured tenant signs for us-east-1). */
export const NOISY_REGION = 'eu-west-1';
/** Largest answer an oversized request may get (the bound of error messages). */
export const NOISY_ANSWER_LIMIT = 64 * 1024;

/**
 * The worst case of issue 12: a TransactWriteItems of 101 puts of 165 KB, about 15.9 MB (the
 * largest body accepted is 16 MB), refused for its 101 actions. It once cost 20 times its
 * size in the answer and seconds of server time.
 */
export function oversizedTransaction(): string {
  const data = 'x'.repeat(165_000);
  const puts = Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: TABLE_NAME, Item: { pk: { S: `noisy-${i}` }, sk: { N: String(i) }, data: { S: data } } } }));
  return JSON.stringify({ TransactItems: puts });
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
    case 'NoisyNeighbor': {
      if (ctx.worker >= NOISY_WORKERS) return async () => outcome(await client.send('GetItem', { TableName: TABLE_NAME, Key: existing() }));
      // another tenant's oversized requests, back to back: not measured, only checked
      const noisy = ctx.clientFor(NOISY_REGION);
      const body = oversizedTransaction();
      return async () => {
        const reply = await noisy.send('TransactWriteItems', body);
        const ok = reply.status >= 400 && reply.status < 500 && reply.body.length < NOISY_ANSWER_LIMIT;
        return ok ? { ok: true, background: true } : { ok: false, background: true, error: `oversized request: HTTP ${reply.status}, ${reply.body.length}-byte answer` };
      };
    }
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
