import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { change, compareRuns, fmt, markdownDeltas, markdownReport, markdownScale, ratio, settingDifferences, throughput, type BenchResults, type ScenarioResult } from './report.js';

function scenario(name: ScenarioResult['scenario'], opsPerSec: number, extra: Partial<ScenarioResult> = {}): ScenarioResult {
  return { scenario: name, ops: opsPerSec * 8, opsPerSec, p50Ms: 2, p99Ms: 5, errors: 0, serverCpuUsPerOp: 1e6 / opsPerSec, serverCpuPercent: 90, clientCpuUsPerOp: 80, clientCpuPercent: 60, otherCpuPercent: 1, ...extra };
}

function run(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    version: 1,
    startedAt: '2024-03-01T12:00:00.000Z',
    finishedAt: '2024-03-01T12:04:00.000Z',
    complete: true,
    machine: { cpuModel: 'Test CPU', cores: 2, node: 'v20.0.0', os: 'Linux', memoryGb: 4 },
    settings: { durationS: 8, warmupS: 2, concurrency: 32, items: 10_000, partitions: 1000, seed: 1, sqynamoArgs: [], cpuProfile: false },
    servers: [
      { server: 'sqynamo', processes: 3, startupMs: 300, restartStartupMs: 320, peakRssMb: 90, sampledPeakRssMb: 80, load: { items: 10_000, seconds: 1, itemsPerSec: 10_000 }, signatureCheck: 'ok', scenarios: [scenario('GetItem', 8000), scenario('Scan', 300, { itemsPerSec: 30_000 }), scenario('TransactWriteItems', 1000)] },
      { server: 'dynalite', startupMs: 500, peakRssMb: 150, scenarios: [scenario('GetItem', 2000), scenario('Scan', 100, { itemsPerSec: 10_000 }), { scenario: 'TransactWriteItems', skipped: 'n/a (dynalite lacks TransactWriteItems)' }] },
      { server: 'ceiling', startupMs: 250, peakRssMb: 60, scenarios: [scenario('GetItem', 12_000), scenario('Scan', 11_000, { itemsPerSec: null }), scenario('TransactWriteItems', 11_000)] },
    ],
    ...overrides,
  };
}

describe('formatting', () => {
  const cases: [string, string][] = [
    [fmt(12345.678), '12,346'],
    [fmt(1.5, 2), '1.50'],
    [fmt(undefined), 'n/a'],
    [fmt(Number.NaN), 'n/a'],
    [ratio(3, 2), '1.50x'],
    [ratio(1, 0), 'n/a'],
    [ratio(null, 2), 'n/a'],
    [change(100, 110), '+10.0%'],
    [change(100, 90), '-10.0%'],
    [change(0, 5), 'n/a'],
  ];
  for (const [actual, expected] of cases) test(`→ ${expected}`, () => assert.equal(actual, expected));
  test('throughput compares items/s where a scenario has them', () => {
    assert.equal(throughput(scenario('Scan', 300, { itemsPerSec: 30_000 })), 30_000);
    assert.equal(throughput(scenario('GetItem', 8000)), 8000);
    assert.equal(throughput({ scenario: 'GetItem', skipped: 'n/a' }), undefined);
  });
});

describe('markdownReport', () => {
  const text = markdownReport(run());
  test('names the machine and the settings', () => {
    assert.match(text, /Machine: Test CPU, 2 cores, 4 GB, Node v20\.0\.0/);
    assert.match(text, /concurrency 32; 8 s measured per scenario after 2 s warm-up/);
  });
  test('shows Sqynamo/dynalite throughput and Sqynamo/ceiling CPU ratios', () => {
    assert.match(text, /\| GetItem \| 8,000 ops\/s \| 2,000 ops\/s \| 12,000 ops\/s \| 4\.00x \|/);
    assert.match(text, /\| Scan \| 30,000 items\/s \(300 ops\/s\) \| 10,000 items\/s \(100 ops\/s\) \| 11,000 ops\/s \(no items\) \| 3\.00x \|/);
    assert.match(text, /\| GetItem \| 125 \| 500 \| 83 \| 1\.50x \|/);
    assert.match(text, /n\/a \(dynalite lacks TransactWriteItems\)/);
  });
  test('per-server startup, restart, RSS and startup ratio', () => {
    assert.match(text, /\| server \| processes \| startup ms \(median\) \| restart on loaded data ms \| peak RSS MB \(sum of VmHWM\) \| peak RSS MB \(sampled\) \|/);
    assert.match(text, /\| Sqynamo \| 3 \| 300 \| 320 \| 90\.0 \| 80\.0 \| 10,000 items\/s \(1\.0 s\) \| ok \|/);
    assert.match(text, /\| dynalite \| n\/a \| 500 \| n\/a \| 150\.0 \| n\/a \|/);
    assert.match(text, /Sqynamo\/ceiling startup: 1\.20x/);
  });
  test('flags scenarios disturbed by other processes', () => {
    const noisy = run();
    const servers = noisy.servers.map((s) => (s.server === 'sqynamo' ? { ...s, scenarios: [scenario('GetItem', 8000, { otherCpuPercent: 40 })] } : s));
    assert.match(markdownReport({ ...noisy, servers }), /Warning: other processes used more than 15% of a core during Sqynamo GetItem/);
  });
  test('says how multi-process servers are measured', () => {
    assert.match(text, /cover every process of a server/);
    assert.match(text, /an upper bound on their simultaneous peak/);
    assert.match(text, /samples every 250 ms/);
  });
  test('Sqynamo --workers auto: its own columns and the cluster/one-process throughput ratio; other ratios stay the default\'s', () => {
    const base = run();
    const one = { server: 'sqynamo-auto' as const, processes: 3, startupMs: 280, peakRssMb: 70, sampledPeakRssMb: 69, scenarios: [scenario('GetItem', 5000), scenario('Scan', 250, { itemsPerSec: 25_000 }), scenario('TransactWriteItems', 800)] };
    const both = markdownReport({ ...base, servers: [base.servers[0]!, one, ...base.servers.slice(1)] });
    assert.match(both, /\| scenario \| Sqynamo throughput \| Sqynamo --workers auto throughput \| dynalite throughput \| ceiling throughput \| Sqynamo\/dynalite \| workers auto\/1 \|/);
    assert.match(both, /\| GetItem \| 8,000 ops\/s \| 5,000 ops\/s \| 2,000 ops\/s \| 12,000 ops\/s \| 4\.00x \| 0\.63x \|/);
    assert.match(both, /\| Scan \| 30,000 items\/s \(300 ops\/s\) \| 25,000 items\/s \(250 ops\/s\) \| 10,000 items\/s \(100 ops\/s\) \| 11,000 ops\/s \(no items\) \| 3\.00x \| 0\.83x \|/);
    assert.match(both, /\| GetItem \| 125 \| 200 \| 500 \| 83 \| 1\.50x \|/);
    assert.match(both, /\| Sqynamo --workers auto \| 3 \| 280 \| n\/a \| 70\.0 \| 69\.0 \|/);
    // Without the default Sqynamo there is no ratio to show.
    assert.doesNotMatch(markdownReport({ ...base, servers: [one] }), /workers auto\/1/);
  });
  test('a failed server is shown as failed', () => {
    const failed = run({ servers: [{ server: 'sqynamo', failed: 'exited (code 1)\nstack', scenarios: [] }] });
    assert.match(markdownReport(failed), /\| Sqynamo \| failed: exited \(code 1\) \|/);
  });
});

describe('regression check', () => {
  test('a p99 rise alone beyond 50% is flagged', () => {
    const base = run();
    const servers = base.servers.map((s) => (s.server === 'ceiling' ? { ...s, scenarios: [scenario('GetItem', 12_000, { p99Ms: 8 })] } : s));
    assert.equal(compareRuns(base, { ...base, servers }).find((d) => d.server === 'ceiling')!.regression, true);
  });
  test('no change, no regression', () => {
    assert.ok(compareRuns(run(), run()).every((d) => !d.regression));
  });
  test('flags a throughput drop beyond 20% (CPU/op rises with it here), not one within the noise', () => {
    const slower = run();
    const at = (opsPerSec: number) => compareRuns(run(), { ...slower, servers: slower.servers.map((s) => (s.server === 'sqynamo' ? { ...s, scenarios: [scenario('GetItem', opsPerSec)] } : s)) });
    assert.equal(at(7000).find((d) => d.scenario === 'GetItem')!.regression, false);
    const get = at(6000).find((d) => d.server === 'sqynamo' && d.scenario === 'GetItem')!;
    assert.equal(get.regression, true);
    assert.match(get.throughput, /8,000 → 6,000 \(-25\.0%\)/);
    const servers = slower.servers.map((s) => (s.server === 'sqynamo' ? { ...s, scenarios: [scenario('GetItem', 6000)] } : s));
    assert.match(markdownDeltas(run(), { ...slower, servers }), /REGRESSION\?/);
  });
  test('skipped scenarios are not compared, and differing settings are named', () => {
    assert.ok(!compareRuns(run(), run()).some((d) => d.server === 'dynalite' && d.scenario === 'TransactWriteItems'));
    const other = run({ settings: { ...run().settings, concurrency: 8 } });
    assert.deepEqual(settingDifferences(run(), other), ['concurrency 32 → 8']);
    assert.match(markdownDeltas(run(), other), /Settings differ \(concurrency 32 → 8\)/);
  });
});

describe('regression check against runs from before process trees', () => {
  // bench/results/latest.json of that time: no sqynamo-auto, no process counts, the spawned process's VmHWM.
  const old = (): BenchResults => {
    const base = run();
    return { ...base, servers: base.servers.map((s) => { const { processes: _p, sampledPeakRssMb: _s, ...rest } = s; return rest; }) };
  };
  const now = (): BenchResults => {
    const base = run();
    const one = { server: 'sqynamo-auto' as const, processes: 1, scenarios: [scenario('GetItem', 5000)] };
    const servers = base.servers.map((s) => (s.server === 'sqynamo' ? { ...s, scenarios: [scenario('GetItem', 8000, { serverCpuUsPerOp: 300 })] } : { ...s, processes: 1 }));
    return { ...base, servers: [servers[0]!, one, ...servers.slice(1)] };
  };
  test('a server missing from the previous run is skipped, not a crash', () => {
    const deltas = compareRuns(old(), now());
    assert.ok(!deltas.some((d) => d.server === 'sqynamo-auto'));
    assert.ok(deltas.some((d) => d.server === 'dynalite' && d.scenario === 'GetItem'));
  });
  test('Sqynamo measured as one process then, several now: named, its CPU rise not flagged; single-process servers still are', () => {
    const deltas = compareRuns(old(), now());
    const get = deltas.find((d) => d.server === 'sqynamo' && d.scenario === 'GetItem')!;
    assert.deepEqual([get.regression, get.comparable], [true, false]);
    assert.ok(deltas.filter((d) => d.server !== 'sqynamo').every((d) => d.comparable));
    const text = markdownDeltas(old(), now());
    assert.match(text, /Sqynamo: the previous run measured only the spawned process, this one 3 processes/);
    assert.match(text, /\| Sqynamo \| GetItem \| .* \| not comparable \|/);
    assert.match(text, /No regression beyond the thresholds/);
  });
  test('a change in the number of processes is named', () => {
    const more = run({ servers: run().servers.map((s) => (s.server === 'sqynamo' ? { ...s, processes: 5 } : s)) });
    assert.match(markdownDeltas(run(), more), /Sqynamo: processes measured 3 → 5\./);
    assert.ok(compareRuns(run(), more).every((d) => d.comparable));
  });
});

describe('markdownScale', () => {
  test('p99 of GetItem and Query against the baseline', () => {
    const big = run({ settings: { ...run().settings, items: 1_000_000 } });
    const servers = big.servers.map((s) => (s.server === 'sqynamo' ? { ...s, scenarios: [scenario('GetItem', 8000, { p99Ms: 6 }), scenario('Query', 5000, { p99Ms: 9 })] } : s));
    const base = run();
    const baseServers = base.servers.map((s) => (s.server === 'sqynamo' ? { ...s, scenarios: [scenario('GetItem', 8000, { p99Ms: 4 }), scenario('Query', 5000, { p99Ms: 6 })] } : s));
    const text = markdownScale({ ...big, servers }, { ...base, servers: baseServers });
    assert.match(text, /\| Sqynamo \| 4\.00 → 6\.00 \(1\.50x\) \| 6\.00 → 9\.00 \(1\.50x\) \| 90\.0 \| 80\.0 \| 300 \| 320 \|/);
    assert.match(markdownScale(big, undefined), /no baseline found/);
  });
});
