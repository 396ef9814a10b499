/**
 * Malformed input, generated: a few thousand mutations of valid requests of every operation
 * (fuzz/): wrong types, nulls, huge and deep values, invalid strings and numbers, special
 * names, damaged bytes, wrong content types and targets, gzip and chunked bodies. Against
 * the bundle `npm start` runs: no 5xx, no request left unanswered, the server still up, and
 * the items written before the run read back intact. A fixed seed, then a random one (both
 * printed in a failure's message; `npm run fuzz -- --seed S --count N` replays a run).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CORPUS } from '../../fuzz/corpus.js';
import { checkSentinel, formatReport, fuzzClient, runFuzz, setUpFuzz } from '../../fuzz/engine.js';
import { startBundle, type Bundle } from '../helpers/bundle.js';
import { tempDir } from '../helpers/server.js';

const FIXED_SEED = 1;
const FIXED_CASES = 2000;
const RANDOM_CASES = 1500;

describe('fuzz: malformed input over every operation', () => {
  const dataDir = tempDir('sqynamo-fuzz-');
  let server: Bundle;

  before(async () => {
    server = await startBundle(['--data-dir', dataDir]);
    assert.ok(server.url, server.output());
    await setUpFuzz(server.url);
  });
  after(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('every request the mutations start from succeeds as it is (so that mutations reach deep)', async () => {
    const client = fuzzClient(server.url!);
    try {
      for (const [operation, requests] of Object.entries(CORPUS)) {
        for (const request of requests) {
          const answer = await client.send({ target: `DynamoDB_20120810.${operation}`, contentType: 'application/x-amz-json-1.0', contentEncoding: undefined, chunked: false, body: Buffer.from(JSON.stringify(request)) });
          assert.equal(answer.status, 200, `${operation} ${JSON.stringify(request).slice(0, 200)}: ${answer.text.slice(0, 300)}`);
        }
      }
    } finally {
      client.close();
    }
  });

  for (const [name, seed, count] of [
    ['the fixed seed', FIXED_SEED, FIXED_CASES],
    ['a random seed', Math.floor(Math.random() * 2 ** 31), RANDOM_CASES],
  ] as const) {
    test(`${count} cases from ${name} (${seed}): no 5xx, every request answered`, async () => {
      const report = await runFuzz({ url: server.url!, count, seed });
      assert.equal(report.failures.length, 0, formatReport(report));
      assert.equal(server.child.exitCode, null, 'the server is still running');
    });
  }

  test('the items written before the run read back intact', async () => {
    assert.equal(await checkSentinel(server.url!), undefined);
  });
});
