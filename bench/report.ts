/**
 * Benchmark results: their JSON shape, the markdown tables printed after a run, the
 * comparison with a previous run (regression check) and the scale-mode summary. Pure.
 */
import type { ScenarioName } from './scenarios.js';
import type { ServerName } from './servers.js';

/** Where and with what the benchmark ran. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly node: string;
  readonly os: string;
  readonly memoryGb: number;
}

/** Settings every server ran with. */
export interface RunSettings {
  readonly durationS: number;
  readonly warmupS: number;
  readonly concurrency: number;
  readonly items: number;
  readonly partitions: number;
  readonly seed: number;
  readonly sqynamoArgs: readonly string[];
  readonly cpuProfile: boolean;
  /** Reruns allowed for a scenario disturbed by other processes (`--retries`). */
  readonly retries?: number;
}

/** Figures of one scenario on one server (or why it was skipped). */
export interface ScenarioResult {
  readonly scenario: ScenarioName;
  /** Set when the server cannot run it; no figures then. */
  readonly skipped?: string;
  readonly ops?: number;
  readonly opsPerSec?: number;
  /** Items per second for Scan and BatchWriteItem (null when the server returns none). */
  readonly itemsPerSec?: number | null;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly maxMs?: number;
  /** Non-200 answers and failed requests inside the window. */
  readonly errors?: number;
  readonly firstError?: string;
  /** Server CPU time (user + system, all threads) per operation. */
  readonly serverCpuUsPerOp?: number;
  /** Server CPU time over wall time of the window; 100 = one core busy. */
  readonly serverCpuPercent?: number;
  /** The load generator's CPU per operation and utilisation, on the same cores. */
  readonly clientCpuUsPerOp?: number;
  readonly clientCpuPercent?: number;
  /** CPU busy in other processes (and stolen by the hypervisor) during the window; 100 = one core. */
  readonly otherCpuPercent?: number;
  readonly windowMs?: number;
  /** Window on the monotonic clock in microseconds (to cut a .cpuprofile to it). */
  readonly windowMonotonicUs?: readonly [number, number];
  /** Runs made (more than 1 when retried for being disturbed); the least disturbed is shown. */
  readonly attempts?: number;
}

/** Everything measured on one server. */
export interface ServerResult {
  readonly server: ServerName;
  /** Set when the server could not be benchmarked. */
  readonly failed?: string;
  /** Spawn to the first successful signed ListTables (empty data dir), median of the samples. */
  readonly startupMs?: number;
  readonly startupSamplesMs?: readonly number[];
  /** The same after a restart on the loaded data dir. */
  readonly restartStartupMs?: number;
  /**
   * Peak RSS over the whole run, MB: the sum of VmHWM over the server's processes (a cluster
   * primary and its workers), an upper bound on their simultaneous peak. Runs before process
   * trees were measured (no `processes`) hold the spawned process's VmHWM alone.
   */
  readonly peakRssMb?: number;
  /** Highest total VmRSS of the server's processes in one sample (every 250 ms), MB. */
  readonly sampledPeakRssMb?: number;
  /** Processes measured: the spawned one and every descendant seen during the run. */
  readonly processes?: number;
  readonly load?: { readonly items: number; readonly seconds: number; readonly itemsPerSec: number };
  /** What the start-up check found about signature verification. */
  readonly signatureCheck?: string;
  readonly scenarios: readonly ScenarioResult[];
}

/** A whole run, as written to bench/results/*.json. */
export interface BenchResults {
  readonly version: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** All servers and scenarios of its mode, default flags: a baseline for later runs. */
  readonly complete: boolean;
  readonly machine: MachineInfo;
  readonly settings: RunSettings;
  /** Commit of the code under test; dirty when tracked files had uncommitted changes. */
  readonly revision?: { readonly commit: string; readonly dirty: boolean };
  /** CPU other processes used (% of one core) in the second before the run. */
  readonly backgroundCpuPercent?: number;
  readonly servers: readonly ServerResult[];
}

/** Other processes' CPU (% of one core) above which a scenario's figures are flagged. */
export const NOISY_PERCENT = 15;

const LABELS: Readonly<Record<ServerName, string>> = { sqynamo: 'Sqynamo', 'sqynamo-auto': 'Sqynamo --workers auto', dynalite: 'dynalite', ceiling: 'ceiling' };

/** A number with thousands separators and `digits` decimals. */
export function fmt(value: number | null | undefined, digits = 0): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `a / b` as `1.23x`, or n/a. */
export function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a === undefined || a === null || b === undefined || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return 'n/a';
  return `${(a / b).toFixed(2)}x`;
}

/** Signed percentage change from `before` to `after`, e.g. `+4.2%`. */
export function change(before: number | undefined, after: number | undefined): string {
  if (before === undefined || after === undefined || !Number.isFinite(before) || !Number.isFinite(after) || before === 0) return 'n/a';
  const pct = ((after - before) / before) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function scenarioOf(server: ServerResult | undefined, name: ScenarioName): ScenarioResult | undefined {
  return server?.scenarios.find((s) => s.scenario === name);
}

/** The figure compared across servers: items/s for item scenarios, ops/s otherwise. */
export function throughput(result: ScenarioResult | undefined): number | undefined {
  if (result === undefined || result.skipped !== undefined) return undefined;
  if (result.itemsPerSec !== undefined) return result.itemsPerSec ?? undefined;
  return result.opsPerSec;
}

function throughputCell(result: ScenarioResult | undefined): string {
  if (result === undefined) return '';
  if (result.skipped !== undefined) return result.skipped;
  const ops = `${fmt(result.opsPerSec)} ops/s`;
  if (result.itemsPerSec === undefined) return ops;
  return result.itemsPerSec === null ? `${ops} (no items)` : `${fmt(result.itemsPerSec)} items/s (${ops})`;
}

function latencyCell(result: ScenarioResult | undefined): string {
  if (result === undefined) return '';
  if (result.skipped !== undefined) return 'n/a';
  return `${fmt(result.p50Ms, 2)} / ${fmt(result.p99Ms, 2)}`;
}

function scenarioNames(results: BenchResults): ScenarioName[] {
  const names: ScenarioName[] = [];
  for (const server of results.servers) for (const s of server.scenarios) if (!names.includes(s.scenario)) names.push(s.scenario);
  return names;
}

/** The header lines: machine and settings, and how the shared cores were accounted for. */
export function machineLine(results: BenchResults): string {
  const { machine: m, settings: s } = results;
  const extra = s.sqynamoArgs.length > 0 ? `; Sqynamo flags: \`${s.sqynamoArgs.join(' ')}\`` : '';
  const prof = s.cpuProfile ? '; **Sqynamo under --cpu-prof (figures inflated)**' : '';
  const retries = s.retries ? `; disturbed scenarios rerun up to ${s.retries} times (least disturbed kept)` : '';
  return (
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${fmt(m.memoryGb, 0)} GB, Node ${m.node}, ${m.os}. ` +
    `Table of ${fmt(s.items)} items (~200 B) in ${fmt(s.partitions)} partitions; concurrency ${s.concurrency}; ` +
    `${s.durationS} s measured per scenario after ${s.warmupS} s warm-up${extra}${prof}${retries}. ` +
    `Other processes before the run: ${fmt(results.backgroundCpuPercent)}% of a core.` +
    (results.revision !== undefined ? ` Code: ${results.revision.commit.slice(0, 7)}${results.revision.dirty ? ' (with uncommitted changes)' : ''}.` : '')
  );
}

/** How the figures of a multi-process server are measured (printed under the report). */
export const PROCESS_NOTE =
  'CPU µs/op and server CPU % cover every process of a server (the spawned one and its descendants: a cluster primary and its workers). ' +
  'Peak RSS (sum of VmHWM) adds up each process\'s own peak, an upper bound on their simultaneous peak; ' +
  'peak RSS (sampled) is the highest total current RSS seen in samples every 250 ms (a short peak between samples can be missed).';

/** The markdown report of a run: throughput/latency, CPU per operation, per-server figures. */
export function markdownReport(results: BenchResults): string {
  const servers = results.servers.filter((s) => s.failed === undefined);
  const byName = (name: ServerName) => servers.find((s) => s.server === name);
  const sqy = byName('sqynamo');
  const sqyAuto = byName('sqynamo-auto');
  const dyn = byName('dynalite');
  const ceil = byName('ceiling');
  const names = scenarioNames(results);
  const out: string[] = [machineLine(results), ''];

  // Ratios are of Sqynamo as users start it (one process); the last one compares the cluster with it.
  const tHeader = ['scenario', ...servers.map((s) => `${LABELS[s.server]} throughput`)];
  if (sqy && dyn) tHeader.push('Sqynamo/dynalite');
  if (sqy && sqyAuto) tHeader.push('workers auto/1');
  tHeader.push(...servers.map((s) => `${LABELS[s.server]} p50 / p99 ms`));
  const tRows = names.map((name) => {
    const row = [name, ...servers.map((s) => throughputCell(scenarioOf(s, name)))];
    if (sqy && dyn) row.push(ratio(throughput(scenarioOf(sqy, name)), throughput(scenarioOf(dyn, name))));
    if (sqy && sqyAuto) row.push(ratio(throughput(scenarioOf(sqyAuto, name)), throughput(scenarioOf(sqy, name))));
    row.push(...servers.map((s) => latencyCell(scenarioOf(s, name))));
    return row;
  });
  out.push(table(tHeader, tRows), '');

  const cHeader = ['scenario', ...servers.map((s) => `${LABELS[s.server]} CPU µs/op`)];
  if (sqy && ceil) cHeader.push('Sqynamo/ceiling');
  cHeader.push('server CPU % (' + servers.map((s) => LABELS[s.server]).join(' / ') + ')');
  cHeader.push('generator CPU µs/op (' + servers.map((s) => LABELS[s.server]).join(' / ') + ')');
  cHeader.push('other load % (' + servers.map((s) => LABELS[s.server]).join(' / ') + ')');
  cHeader.push('errors (' + servers.map((s) => LABELS[s.server]).join(' / ') + ')');
  const cRows = names.map((name) => {
    const cell = (s: ServerResult, pick: (r: ScenarioResult) => number | undefined, digits = 0) => {
      const r = scenarioOf(s, name);
      return r === undefined || r.skipped !== undefined ? 'n/a' : fmt(pick(r), digits);
    };
    const row = [name, ...servers.map((s) => cell(s, (r) => r.serverCpuUsPerOp))];
    if (sqy && ceil) row.push(ratio(scenarioOf(sqy, name)?.serverCpuUsPerOp, scenarioOf(ceil, name)?.serverCpuUsPerOp));
    row.push(servers.map((s) => cell(s, (r) => r.serverCpuPercent)).join(' / '));
    row.push(servers.map((s) => cell(s, (r) => r.clientCpuUsPerOp)).join(' / '));
    row.push(servers.map((s) => cell(s, (r) => r.otherCpuPercent)).join(' / '));
    row.push(servers.map((s) => cell(s, (r) => r.errors)).join(' / '));
    return row;
  });
  out.push(table(cHeader, cRows), '');
  const noisy = servers.flatMap((s) => s.scenarios.filter((r) => (r.otherCpuPercent ?? 0) > NOISY_PERCENT).map((r) => `${LABELS[s.server]} ${r.scenario}`));
  if (noisy.length > 0) out.push(`Warning: other processes used more than ${NOISY_PERCENT}% of a core during ${noisy.join(', ')}; those figures are disturbed.`, '');

  const sRows = results.servers.map((s) => {
    if (s.failed !== undefined) return [LABELS[s.server], `failed: ${s.failed.split('\n')[0]}`, '', '', '', '', '', ''];
    const load = s.load === undefined ? 'n/a (no-op)' : `${fmt(s.load.itemsPerSec)} items/s (${fmt(s.load.seconds, 1)} s)`;
    return [LABELS[s.server], fmt(s.processes), fmt(s.startupMs), fmt(s.restartStartupMs), fmt(s.peakRssMb, 1), fmt(s.sampledPeakRssMb, 1), load, s.signatureCheck ?? ''];
  });
  const startupRow = sqy && ceil ? `\n\nSqynamo/ceiling startup: ${ratio(sqy.startupMs, ceil.startupMs)}.` : '';
  out.push(
    table(['server', 'processes', 'startup ms (median)', 'restart on loaded data ms', 'peak RSS MB (sum of VmHWM)', 'peak RSS MB (sampled)', 'BatchWriteItem load', 'signature check'], sRows) + startupRow,
    '',
    PROCESS_NOTE,
  );
  return out.join('\n');
}

/**
 * Changes flagged as possible regressions. Back-to-back runs of unchanged code on a shared
 * 2-core VM differ by 15-30% in places, so these only catch what is larger than that noise.
 */
export const REGRESSION_LIMITS = { throughputDrop: 0.2, p99Rise: 0.5, cpuRise: 0.2 } as const;

/** One row of a comparison with a previous run. */
export interface Delta {
  readonly server: ServerName;
  readonly scenario: ScenarioName;
  readonly throughput: string;
  readonly p99: string;
  readonly cpu: string;
  /** Beyond {@link REGRESSION_LIMITS}. */
  readonly regression: boolean;
  /**
   * False when the previous run measured only the spawned process (before process trees
   * were measured) and this one measured several: CPU/op then changed by method, not code.
   */
  readonly comparable: boolean;
}

/** Whether two results of one server were measured the same way (see {@link Delta.comparable}). */
export function measuredAlike(before: ServerResult, now: ServerResult): boolean {
  return before.processes !== undefined || (now.processes ?? 1) <= 1;
}

/** Per-server, per-scenario changes from `previous` to `current` (scenarios run in both). */
export function compareRuns(previous: BenchResults, current: BenchResults): Delta[] {
  const deltas: Delta[] = [];
  for (const now of current.servers) {
    const before = previous.servers.find((s) => s.server === now.server);
    if (before === undefined || before.failed !== undefined || now.failed !== undefined) continue;
    for (const r of now.scenarios) {
      const p = scenarioOf(before, r.scenario);
      if (p === undefined || p.skipped !== undefined || r.skipped !== undefined) continue;
      const t0 = throughput(p);
      const t1 = throughput(r);
      const worse = (a: number | undefined, b: number | undefined, limit: number) => a !== undefined && b !== undefined && a > 0 && (b - a) / a > limit;
      deltas.push({
        server: now.server,
        scenario: r.scenario,
        throughput: `${fmt(t0)} → ${fmt(t1)} (${change(t0, t1)})`,
        p99: `${fmt(p.p99Ms, 2)} → ${fmt(r.p99Ms, 2)} (${change(p.p99Ms, r.p99Ms)})`,
        cpu: `${fmt(p.serverCpuUsPerOp)} → ${fmt(r.serverCpuUsPerOp)} (${change(p.serverCpuUsPerOp, r.serverCpuUsPerOp)})`,
        comparable: measuredAlike(before, now),
        regression:
          (t0 !== undefined && t1 !== undefined && t0 > 0 && (t0 - t1) / t0 > REGRESSION_LIMITS.throughputDrop) ||
          worse(p.p99Ms, r.p99Ms, REGRESSION_LIMITS.p99Rise) ||
          worse(p.serverCpuUsPerOp, r.serverCpuUsPerOp, REGRESSION_LIMITS.cpuRise),
      });
    }
  }
  return deltas;
}

/** Settings that differ between two runs (their figures are then not comparable). */
export function settingDifferences(previous: BenchResults, current: BenchResults): string[] {
  const keys = ['durationS', 'warmupS', 'concurrency', 'items', 'partitions', 'seed'] as const;
  const diffs = keys.filter((k) => previous.settings[k] !== current.settings[k]).map((k) => `${k} ${previous.settings[k]} → ${current.settings[k]}`);
  if (previous.machine.cpuModel !== current.machine.cpuModel || previous.machine.cores !== current.machine.cores) diffs.push('machine');
  return diffs;
}

/** The comparison as markdown. */
export function markdownDeltas(previous: BenchResults, current: BenchResults): string {
  const deltas = compareRuns(previous, current);
  if (deltas.length === 0) return `No scenario in common with the previous run (${previous.startedAt}).`;
  const diffs = settingDifferences(previous, current);
  const notes: string[] = [];
  if (diffs.length > 0) notes.push(`Settings differ (${diffs.join(', ')}): the figures are not directly comparable.`);
  for (const now of current.servers) {
    const before = previous.servers.find((s) => s.server === now.server);
    if (before === undefined || now.failed !== undefined || before.failed !== undefined) continue;
    if (!measuredAlike(before, now)) {
      notes.push(
        `${LABELS[now.server]}: the previous run measured only the spawned process, this one ${now.processes} processes (a cluster primary and its workers); ` +
          'its CPU/op and RSS changed by method as much as by code, so its rows are not flagged.',
      );
    } else if (before.processes !== undefined && now.processes !== undefined && before.processes !== now.processes) {
      notes.push(`${LABELS[now.server]}: processes measured ${before.processes} → ${now.processes}.`);
    }
  }
  const note = notes.map((n) => `\n${n}`).join('');
  const rows = deltas.map((d) => [LABELS[d.server], d.scenario, d.throughput, d.p99, d.cpu, d.regression ? (d.comparable ? 'REGRESSION?' : 'not comparable') : '']);
  const regressions = deltas.filter((d) => d.regression && d.comparable).length;
  return (
    `Compared with ${previous.startedAt}:${note}\n\n` +
    table(['server', 'scenario', 'throughput', 'p99 ms', 'server CPU µs/op', ''], rows) +
    `\n\n${regressions === 0 ? 'No regression beyond the thresholds' : `${regressions} possible regression(s): rerun to confirm`} (limits: throughput -20%, p99 +50%, CPU/op +20%).`
  );
}

/** Scale mode: GetItem/Query p99 against the default-size baseline, memory and restart time. */
export function markdownScale(current: BenchResults, baseline: BenchResults | undefined): string {
  const rows = current.servers
    .filter((s) => s.failed === undefined)
    .map((s) => {
      const base = baseline?.servers.find((b) => b.server === s.server);
      const p99 = (name: ScenarioName) => {
        const now = scenarioOf(s, name)?.p99Ms;
        const then = scenarioOf(base, name)?.p99Ms;
        return `${fmt(then, 2)} → ${fmt(now, 2)} (${ratio(now, then)})`;
      };
      return [LABELS[s.server], p99('GetItem'), p99('Query'), fmt(s.peakRssMb, 1), fmt(s.sampledPeakRssMb, 1), fmt(s.startupMs), fmt(s.restartStartupMs)];
    });
  const diffs = baseline === undefined ? [] : settingDifferences(baseline, current).filter((d) => !d.startsWith('items '));
  const baseText =
    baseline === undefined
      ? 'no baseline found (run `npm run bench` first)'
      : `baseline: ${fmt(baseline.settings.items)} items, ${baseline.startedAt}${diffs.length > 0 ? ` (settings differ: ${diffs.join(', ')})` : ''}`;
  return (
    `Scale: ${fmt(current.settings.items)} items; ${baseText}.\n\n` +
    table(['server', `GetItem p99 ms (${fmt(baseline?.settings.items)} → ${fmt(current.settings.items)})`, 'Query p99 ms', 'peak RSS MB (sum of VmHWM)', 'peak RSS MB (sampled)', 'startup ms (empty)', 'restart on loaded data ms'], rows)
  );
}
