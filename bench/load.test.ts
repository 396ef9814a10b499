import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LatencySamples, percentile, runLoad } from './load.js';

describe('percentile (nearest rank)', () => {
  const values = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  const cases: [number, ArrayLike<number>, number][] = [
    [50, values, 50],
    [99, values, 99],
    [100, values, 100],
    [1, values, 1],
    [50, [7], 7],
    [99, [1, 2], 2],
  ];
  for (const [p, list, expected] of cases) {
    test(`p${p} of ${list.length} values = ${expected}`, () => assert.equal(percentile(list, p), expected));
  }
  test('NaN when empty', () => assert.ok(Number.isNaN(percentile([], 50))));
});

describe('LatencySamples', () => {
  test('keeps everything up to capacity, sorted', () => {
    const samples = new LatencySamples(10);
    for (const v of [5, 1, 3]) samples.add(v);
    assert.deepEqual([...samples.sorted()], [1, 3, 5]);
    assert.equal(samples.count, 3);
  });
  test('stays bounded beyond capacity and remains representative', () => {
    const samples = new LatencySamples(1000, 7);
    for (let i = 0; i < 100_000; i += 1) samples.add(i % 100);
    const kept = samples.sorted();
    assert.equal(kept.length, 1000);
    assert.equal(samples.count, 100_000);
    const median = percentile(kept, 50);
    assert.ok(median >= 40 && median <= 60, `median ${median}`);
  });
});

describe('runLoad', () => {
  test('counts only completions inside the window, samples its edges, and stops by itself', async () => {
    let calls = 0;
    let sampled = 0;
    const result = await runLoad(
      (worker) => async () => {
        calls += 1;
        await sleep(2);
        return worker === 0 ? { ok: false, error: 'boom' } : { ok: true, items: 3 };
      },
      { concurrency: 4, warmupMs: 50, durationMs: 200 },
      () => ++sampled,
    );
    assert.equal(result.atStart, 1);
    assert.equal(result.atEnd, 2);
    assert.ok(result.ops > 0 && result.ops < calls, `${result.ops} of ${calls}`);
    assert.ok(result.errors > 0 && result.errors < result.ops);
    assert.equal(result.items, (result.ops - result.errors) * 3);
    assert.equal(result.firstError, 'boom');
    assert.ok(result.windowMs >= 190 && result.windowMs < 400, `window ${result.windowMs}`);
    assert.ok(result.p50Ms >= 1.5 && result.p99Ms >= result.p50Ms);
    assert.ok(result.windowMonotonicUs[1] - result.windowMonotonicUs[0] >= 190_000);
  });

  test('a thrown operation counts as an error with its message', async () => {
    const result = await runLoad(
      () => async () => {
        await sleep(1);
        throw new Error('connection refused');
      },
      { concurrency: 1, warmupMs: 0, durationMs: 50 },
      () => 0,
    );
    assert.equal(result.errors, result.ops);
    assert.equal(result.firstError, 'connection refused');
  });

  test('the operation cap bounds the loop', async () => {
    await assert.rejects(
      runLoad(() => async () => ({ ok: true }), { concurrency: 1, warmupMs: 100, durationMs: 100, maxOpsPerWorker: 10 }, () => 0),
      /operation cap/,
    );
  });
});
