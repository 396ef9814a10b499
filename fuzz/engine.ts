/**
 * The malformed-input fuzz run: sets up the fuzz tables and the sentinel table, sends
 * generated cases (mutate.ts) signed as an SDK signs them, a few at a time, and checks that
 * none is answered 5xx or left without an answer, and afterwards that the sentinel items
 * read back exactly as written. Used by the fuzz test in `npm test` and `npm run fuzz`.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { Agent, request } from 'node:http';
import { mulberry32 } from '../src/model/mulberry32.js';
import { FUZZ_TABLE, FUZZ_TABLE_2, richItem, SENTINEL_TABLE, tableDefinitions } from './corpus.js';
import { generateCase, type FuzzCase } from './mutate.js';

export interface Answer {
  readonly status: number;
  readonly text: string;
}

export interface FuzzOptions {
  readonly url: string;
  readonly count: number;
  readonly seed: number;
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number;
}

export interface FuzzFailure {
  readonly index: number;
  readonly operation: string;
  readonly mutations: readonly string[];
  readonly problem: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly count: number;
  /** Answers by operation, then by HTTP status ('error' for no answer). */
  readonly byOperation: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly failures: readonly FuzzFailure[];
  readonly ms: number;
}

const CREDENTIALS = { accessKeyId: 'fake', secretAccessKey: 'fake' };

/** A signing HTTP client for one server: every request SigV4-signed over all its headers. */
export function fuzzClient(url: string): { send(c: Pick<FuzzCase, 'target' | 'contentType' | 'contentEncoding' | 'chunked' | 'body'>): Promise<Answer>; close(): void } {
  const u = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const signer = new SignatureV4({ credentials: CREDENTIALS, region: 'us-east-1', service: 'dynamodb', sha256: Hash.bind(null, 'sha256') });
  return {
    async send(c) {
      const headers: Record<string, string> = { host: u.host };
      if (c.contentType !== undefined) headers['content-type'] = c.contentType;
      if (c.target !== undefined) headers['x-amz-target'] = c.target;
      if (c.contentEncoding !== undefined) headers['content-encoding'] = c.contentEncoding;
      const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', query: {}, headers, body: c.body });
      const sent: Record<string, string> = { ...(signed.headers as Record<string, string>) };
      if (c.chunked) sent['transfer-encoding'] = 'chunked';
      else sent['content-length'] = String(c.body.length);
      return new Promise<Answer>((resolve, reject) => {
        const req = request({ host: u.hostname, port: u.port, path: '/', method: 'POST', headers: sent, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        if (c.chunked) {
          const third = Math.ceil(c.body.length / 3);
          for (let at = 0; at < c.body.length; at += third) req.write(c.body.subarray(at, at + third));
          req.end();
        } else req.end(c.body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** Sends one valid request (setup and checks); throws unless it is answered 200. */
async function call(client: ReturnType<typeof fuzzClient>, operation: string, body: unknown): Promise<Record<string, unknown>> {
  const answer = await client.send({ target: `DynamoDB_20120810.${operation}`, contentType: 'application/x-amz-json-1.0', contentEncoding: undefined, chunked: false, body: Buffer.from(JSON.stringify(body)) });
  if (answer.status !== 200) throw new Error(`${operation}: ${answer.status} ${answer.text.slice(0, 300)}`);
  return JSON.parse(answer.text) as Record<string, unknown>;
}

/** The sentinel items: written before the run, compared after it. */
export const sentinelItems = (): Record<string, unknown>[] => Array.from({ length: 40 }, (_, i) => ({ ...richItem(`keep-${i}`, i), pk: { S: `keep-${i}` } }));

/** Creates the fuzz tables, a few items for the corpus to find, and the sentinel items. */
export async function setUpFuzz(url: string): Promise<void> {
  const client = fuzzClient(url);
  try {
    for (const definition of tableDefinitions) await call(client, 'CreateTable', definition);
    for (let i = 1; i <= 4; i++) await call(client, 'PutItem', { TableName: FUZZ_TABLE, Item: richItem('p', i) });
    await call(client, 'PutItem', { TableName: FUZZ_TABLE_2, Item: { pk: { S: 'q' } } });
    for (const item of sentinelItems()) await call(client, 'PutItem', { TableName: SENTINEL_TABLE, Item: item });
  } finally {
    client.close();
  }
}

/** Canonical text of an item (members sorted), to compare regardless of member order. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
};

/** Undefined when the sentinel table holds exactly the sentinel items; else what differs. */
export async function checkSentinel(url: string): Promise<string | undefined> {
  const client = fuzzClient(url);
  try {
    const items: unknown[] = [];
    let start: unknown;
    do {
      const page = await call(client, 'Scan', { TableName: SENTINEL_TABLE, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) });
      items.push(...(page.Items as unknown[]));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    const got = items.map((i) => JSON.stringify(canonical(i))).sort();
    const expected = sentinelItems().map((i) => JSON.stringify(canonical(i))).sort();
    if (got.length !== expected.length) return `the sentinel table holds ${got.length} items, not ${expected.length}`;
    const differs = got.findIndex((g, i) => g !== expected[i]);
    return differs === -1 ? undefined : `sentinel item changed: ${got[differs].slice(0, 300)}`;
  } finally {
    client.close();
  }
}

/** The PRNG of case `index` of a run: each case reproduces alone from (seed, index). */
export const caseRandom = (seed: number, index: number) => mulberry32((Math.imul(seed >>> 0, 1_000_003) + index) >>> 0);

/** Runs `count` cases and reports the answers; a 5xx or a missing answer is a failure. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const began = Date.now();
  const client = fuzzClient(options.url);
  const byOperation = new Map<string, Map<string, number>>();
  const failures: FuzzFailure[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < options.count; index = next++) {
      const c = generateCase(caseRandom(options.seed, index));
      let status: string;
      try {
        const answer = await client.send(c);
        status = String(answer.status);
        if (answer.status >= 500) failures.push({ index, operation: c.operation, mutations: c.mutations, problem: `${answer.status} ${answer.text.slice(0, 300)}` });
      } catch (err) {
        status = 'error';
        failures.push({ index, operation: c.operation, mutations: c.mutations, problem: `no answer: ${(err as Error).message}` });
      }
      const statuses = byOperation.get(c.operation) ?? new Map<string, number>();
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      byOperation.set(c.operation, statuses);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  } finally {
    client.close();
  }
  return { seed: options.seed, count: options.count, byOperation, failures, ms: Date.now() - began };
}

/** The summary by operation and status, as a text table. */
export function formatReport(report: FuzzReport): string {
  const statuses = [...new Set([...report.byOperation.values()].flatMap((m) => [...m.keys()]))].sort();
  const lines = [`fuzz: ${report.count} cases, seed ${report.seed}, ${(report.ms / 1000).toFixed(1)} s, ${report.failures.length} failures`, ['operation', ...statuses, 'total'].join('\t')];
  const total = new Map<string, number>();
  for (const [operation, counts] of [...report.byOperation].sort(([a], [b]) => a.localeCompare(b))) {
    let sum = 0;
    const row = statuses.map((s) => {
      const n = counts.get(s) ?? 0;
      sum += n;
      total.set(s, (total.get(s) ?? 0) + n);
      return String(n);
    });
    lines.push([operation, ...row, String(sum)].join('\t'));
  }
  lines.push(['total', ...statuses.map((s) => String(total.get(s) ?? 0)), String(report.count)].join('\t'));
  for (const f of report.failures.slice(0, 20)) lines.push(`FAILED case ${f.index} (seed ${report.seed}) ${f.operation} [${f.mutations.join('; ')}]: ${f.problem}`);
  return lines.join('\n');
}
