/**
 * `npm run bench`: starts Sqynamo (as users start it, then with --workers auto), dynalite and
 * the ceiling server one after another with identical settings, loads the table, runs
 * every scenario, measures each server's whole process tree, and prints the markdown report;
 * writes the results as JSON under bench/results/ and compares them with the previous run.
 * Every child is killed by PID on exit, errors and signals; every loop is bounded.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_USAGE, BenchUsageError, DEFAULT_ITEMS, parseBenchArgs, type BenchOptions } from './args.js';
import { DynamoClient, ReplyError } from './client.js';
import { createTableRequest, DEFAULT_PARTITIONS, loadBatchRequest, TABLE_NAME } from './dataset.js';
import { runLoad } from './load.js';
import { clockTicksPerSecond, systemBusyMicros, treeCpuMicros, TreeMemorySampler } from './proc.js';
import {
  machineLine,
  markdownDeltas,
  markdownReport,
  markdownScale,
  type BenchResults,
  type MachineInfo,
  type RunSettings,
  type ScenarioResult,
  type ServerResult,
  NOISY_PERCENT,
} from './report.js';
import { itemsUnit, makeOperation, BATCH_SIZE, type ScenarioName } from './scenarios.js';
import { ChildRegistry, freePort, REPO_ROOT, SERVERS, type ServerProcess, type ServerSpec } from './servers.js';

const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
const PROBE_INTERVAL_MS = 5;
const STARTUP_TIMEOUT_MS = 60_000;
const RESTART_TIMEOUT_MS = 300_000;
/** Cold starts timed per server (the median is reported). */
const STARTUP_SAMPLES = 3;
const LOAD_TIMEOUT_MS = 60 * 60_000;
const MAX_BATCH_RETRIES = 20;
/** Longest wait for a quieter machine before a retried scenario, in one-second polls. */
const QUIET_WAIT_POLLS = 30;
/** Interval of the server process tree's memory samples. */
const MEMORY_SAMPLE_MS = 250;

/** Machine facts for the report. */
function machineInfo(): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) cpuModel = match[1]!.trim();
  } catch {
    // keep os.cpus()'s answer
  }
  return { cpuModel, cores: availableParallelism(), node: process.version, os: `${osType()} ${release()}`, memoryGb: totalmem() / 2 ** 30 };
}

/**
 * The commit the code under test was built from, and whether src/ or the package files had
 * uncommitted (or untracked) changes. Read-only: `--no-optional-locks` keeps git from
 * refreshing the index, so a concurrent commit is never disturbed.
 */
function revision(): { commit: string; dirty: boolean } | undefined {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', ['--no-optional-locks', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--', 'src', 'package.json', 'package-lock.json') !== '' };
  } catch {
    return undefined;
  }
}

/** CPU other processes use (% of one core) over one second, before the run starts. */
async function backgroundLoad(ticksPerSecond: number): Promise<number> {
  const before = systemBusyMicros(ticksPerSecond);
  const ownBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await sleep(1000);
  const after = systemBusyMicros(ticksPerSecond);
  const own = process.cpuUsage(ownBefore);
  const wallUs = Number(process.hrtime.bigint() - started) / 1000;
  if (before === undefined || after === undefined) return Number.NaN;
  return Math.max(0, ((after - before - own.user - own.system) / wallUs) * 100);
}

interface RunContext {
  readonly options: BenchOptions;
  readonly children: ChildRegistry;
  readonly tmpRoot: string;
  readonly ticksPerSecond: number;
  readonly cpuProfDir: string | undefined;
  readonly log: (line: string) => void;
}

/** Polls a signed ListTables every few ms until it succeeds; ms since the spawn. */
async function waitReady(client: DynamoClient, server: ServerProcess, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  for (let attempt = 0; attempt < timeoutMs / PROBE_INTERVAL_MS + 100 && Date.now() < deadline; attempt += 1) {
    if (server.exit !== undefined) throw new Error(`exited (code ${server.exit.code}, signal ${server.exit.signal}) before answering: ${server.stderr.slice(-1500)}`);
    try {
      await client.call('ListTables', {});
      return Number(process.hrtime.bigint() - server.spawnedAtNs) / 1e6;
    } catch (err) {
      if (err instanceof ReplyError) throw err; // it answered, and refused: no point waiting
      lastError = err instanceof Error ? err.message : String(err);
    }
    await sleep(PROBE_INTERVAL_MS);
  }
  throw new Error(`no successful ListTables within ${timeoutMs} ms (last: ${lastError})`);
}

/**
 * The generator's signatures were accepted (ListTables succeeded); now a tampered one must be
 * refused by servers that verify. Throws if a verifying server accepts it.
 */
async function checkSignatures(client: DynamoClient, spec: ServerSpec): Promise<string> {
  const tamper = (headers: Record<string, string>) => {
    const auth = headers.Authorization!;
    const last = auth.at(-1) === '0' ? '1' : '0';
    return { ...headers, Authorization: auth.slice(0, -1) + last };
  };
  const reply = await client.send('ListTables', {}, tamper);
  const text = reply.body.toString('utf8');
  if (reply.status !== 200) {
    const type = /"__type"\s*:\s*"[^"#]*#?([^"]+)"/.exec(text)?.[1] ?? `HTTP ${reply.status}`;
    return `valid accepted; tampered refused (${type})`;
  }
  if (spec.name === 'dynalite') return 'valid accepted; not verified (dynalite ignores signatures)';
  throw new Error(`${spec.label} accepted a tampered signature: the benchmark would not measure verification`);
}

/** Creates the table and waits (bounded) until it is ACTIVE. */
async function createTable(client: DynamoClient): Promise<void> {
  await client.call('CreateTable', createTableRequest());
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const described = await client.call<{ Table?: { TableStatus?: string } }>('DescribeTable', { TableName: TABLE_NAME });
    if (described.Table?.TableStatus === 'ACTIVE') return;
    await sleep(25);
  }
  throw new Error(`table ${TABLE_NAME} not ACTIVE after 5 s`);
}

/** Loads items 0..n-1 with concurrent BatchWriteItem calls, retrying UnprocessedItems. */
async function loadItems(client: DynamoClient, ctx: RunContext): Promise<{ items: number; seconds: number; itemsPerSec: number }> {
  const { items, concurrency } = ctx.options;
  const batches = Math.ceil(items / BATCH_SIZE);
  const started = process.hrtime.bigint();
  const deadline = Date.now() + LOAD_TIMEOUT_MS;
  let next = 0;
  let done = 0;
  let lastReport = Date.now();
  const worker = async () => {
    while (next < batches) {
      if (Date.now() > deadline) throw new Error(`loading took longer than ${LOAD_TIMEOUT_MS / 60_000} minutes`);
      const batch = next++;
      let request: Record<string, unknown> = loadBatchRequest(batch * BATCH_SIZE, Math.min(items, (batch + 1) * BATCH_SIZE), DEFAULT_PARTITIONS);
      for (let attempt = 0; ; attempt += 1) {
        const answer = await client.call<{ UnprocessedItems?: Record<string, unknown[]> }>('BatchWriteItem', request);
        const left = answer.UnprocessedItems?.[TABLE_NAME];
        if (left === undefined || left.length === 0) break;
        if (attempt >= MAX_BATCH_RETRIES) throw new Error(`BatchWriteItem left items unprocessed ${MAX_BATCH_RETRIES} times`);
        request = { RequestItems: { [TABLE_NAME]: left } };
        await sleep(10 * (attempt + 1));
      }
      done += 1;
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        ctx.log(`    loaded ${Math.min(items, done * BATCH_SIZE).toLocaleString('en-US')} / ${items.toLocaleString('en-US')} items`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches) }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { items, seconds, itemsPerSec: items / seconds };
}

interface Sample {
  /** CPU of the server's process tree (see treeCpuMicros). */
  readonly serverUs: number | undefined;
  /** The tree's pids. */
  readonly serverPids: readonly number[];
  readonly clientUs: number;
  /** Busy CPU of the whole machine (every process). */
  readonly systemUs: number | undefined;
}

/** Runs one scenario against a running server and turns the load result into figures. */
async function runScenario(name: ScenarioName, client: DynamoClient, server: ServerProcess, ctx: RunContext): Promise<ScenarioResult> {
  const { options } = ctx;
  let unique = 0;
  const sample = (): Sample => {
    const tree = treeCpuMicros(server.pid, ctx.ticksPerSecond);
    const usage = process.cpuUsage();
    return { serverUs: tree?.us, serverPids: tree?.pids ?? [], clientUs: usage.user + usage.system, systemUs: systemBusyMicros(ctx.ticksPerSecond) };
  };
  const ownClients: DynamoClient[] = [];
  const load = await runLoad(
    (worker) =>
      makeOperation(name, {
        client,
        items: options.items,
        partitions: DEFAULT_PARTITIONS,
        seed: options.seed,
        worker,
        nextUnique: () => unique++,
        clientFor: (region) => {
          const own = new DynamoClient({ port: client.port, maxSockets: 1, region, timeoutMs: 120_000 });
          ownClients.push(own);
          return own;
        },
      }),
    { concurrency: options.concurrency, warmupMs: options.warmupS * 1000, durationMs: options.durationS * 1000 },
    sample,
  ).finally(() => ownClients.forEach((c) => c.close()));
  const seconds = load.windowMs / 1000;
  const [startPids, endPids] = [load.atStart.serverPids, load.atEnd.serverPids];
  if (startPids.length !== endPids.length || startPids.some((pid) => !endPids.includes(pid))) {
    ctx.log(`    ${name}: the server's processes changed during the window (${startPids.join(', ')} → ${endPids.join(', ')}); CPU still counts exited members reaped inside the tree`);
  }
  const serverUs = load.atStart.serverUs !== undefined && load.atEnd.serverUs !== undefined ? load.atEnd.serverUs - load.atStart.serverUs : Number.NaN;
  const clientUs = load.atEnd.clientUs - load.atStart.clientUs;
  const systemUs = load.atStart.systemUs !== undefined && load.atEnd.systemUs !== undefined ? load.atEnd.systemUs - load.atStart.systemUs : Number.NaN;
  const percentOfWindow = (us: number) => (us / (seconds * 1e6)) * 100;
  const perOp = (us: number) => (load.ops > 0 ? us / load.ops : Number.NaN);
  const unit = itemsUnit(name);
  return {
    scenario: name,
    ops: load.ops,
    opsPerSec: load.ops / seconds,
    ...(unit === 'items' ? { itemsPerSec: load.items > 0 ? load.items / seconds : null } : {}),
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    maxMs: load.maxMs,
    errors: load.errors,
    ...(load.firstError !== undefined ? { firstError: load.firstError } : {}),
    serverCpuUsPerOp: perOp(serverUs),
    serverCpuPercent: percentOfWindow(serverUs),
    clientCpuUsPerOp: perOp(clientUs),
    clientCpuPercent: percentOfWindow(clientUs),
    otherCpuPercent: Math.max(0, percentOfWindow(systemUs - serverUs - clientUs)),
    windowMs: load.windowMs,
    windowMonotonicUs: load.windowMonotonicUs,
  };
}

/** Polls (bounded) until other processes use at most NOISY_PERCENT of a core; the last figure. */
async function waitForQuiet(ctx: RunContext): Promise<number> {
  let load = Number.NaN;
  for (let poll = 0; poll < QUIET_WAIT_POLLS; poll += 1) {
    load = await backgroundLoad(ctx.ticksPerSecond);
    if (load <= NOISY_PERCENT) break;
  }
  return load;
}

/**
 * Runs a scenario; with `--retries n`, reruns it (after waiting for a quieter machine) while
 * other processes disturbed it, and keeps the least disturbed attempt.
 */
async function runScenarioQuietly(name: ScenarioName, client: DynamoClient, server: ServerProcess, ctx: RunContext): Promise<ScenarioResult> {
  const retries = ctx.options.retries;
  let best: ScenarioResult | undefined;
  let attempts = 0;
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    if (attempt > 0) {
      const load = await waitForQuiet(ctx);
      ctx.log(`    ${name}: retry ${attempt}/${retries} (other processes now at ${Math.round(load)}% of a core)`);
    }
    const r = await runScenario(name, client, server, ctx);
    attempts += 1;
    if (best === undefined || (r.otherCpuPercent ?? 0) < (best.otherCpuPercent ?? 0)) best = r;
    if ((r.otherCpuPercent ?? 0) <= NOISY_PERCENT) break;
    if (attempt < retries) ctx.log(`    ${name}: disturbed (other processes used ${Math.round(r.otherCpuPercent ?? 0)}% of a core)`);
  }
  return attempts > 1 ? { ...best!, attempts } : best!;
}

function scenarioLine(r: ScenarioResult): string {
  if (r.skipped !== undefined) return `    ${r.scenario}: ${r.skipped}`;
  const items = r.itemsPerSec !== undefined ? `, ${r.itemsPerSec === null ? 'no' : Math.round(r.itemsPerSec).toLocaleString('en-US')} items/s` : '';
  return (
    `    ${r.scenario}: ${Math.round(r.opsPerSec ?? 0).toLocaleString('en-US')} ops/s${items}, p50 ${r.p50Ms?.toFixed(2)} ms, p99 ${r.p99Ms?.toFixed(2)} ms, ` +
    `server ${Math.round(r.serverCpuUsPerOp ?? 0)} µs/op (${Math.round(r.serverCpuPercent ?? 0)}% CPU), generator ${Math.round(r.clientCpuUsPerOp ?? 0)} µs/op (${Math.round(r.clientCpuPercent ?? 0)}%), other load ${Math.round(r.otherCpuPercent ?? 0)}%, errors ${r.errors}${r.attempts !== undefined ? ` (least disturbed of ${r.attempts} runs)` : ''}`
  );
}

/** Median of a non-empty list. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Spawns a server on `dataDir`, times it to the first signed ListTables, stops it. */
async function timeStartup(spec: ServerSpec, port: number, dataDir: string, extra: readonly string[], ctx: RunContext, timeoutMs: number): Promise<number> {
  const server = ctx.children.spawnNode(spec.args(port, dataDir, extra), [], dataDir);
  const probe = new DynamoClient({ port, maxSockets: 1 });
  try {
    return await waitReady(probe, server, timeoutMs);
  } finally {
    probe.close();
    await server.stop();
  }
}

/** Everything measured on one server: startup, load, scenarios, RSS, restart. */
async function benchServer(spec: ServerSpec, ctx: RunContext): Promise<ServerResult> {
  const { options, children } = ctx;
  const dataDir = join(ctx.tmpRoot, spec.name);
  mkdirSync(dataDir, { recursive: true });
  const extra = spec.sqynamo ? options.sqynamoArgs : [];
  // Cluster workers inherit node's flags, so each process writes its own profile; the default Sqynamo's go to the directory itself.
  const profDir = spec.sqynamo && ctx.cpuProfDir !== undefined ? (spec.name === 'sqynamo' ? ctx.cpuProfDir : join(ctx.cpuProfDir, spec.name)) : undefined;
  if (profDir !== undefined) mkdirSync(profDir, { recursive: true });
  const profiling = profDir !== undefined ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [];
  const scenarios: ScenarioResult[] = [];
  ctx.log(`\n## ${spec.label}`);
  const port = await freePort();
  // Startup is noisy: extra cold starts on empty directories, the median is reported.
  const startupSamplesMs: number[] = [];
  for (let i = 1; i < STARTUP_SAMPLES; i += 1) {
    const dir = join(ctx.tmpRoot, `${spec.name}-startup-${i}`);
    mkdirSync(dir, { recursive: true });
    try {
      startupSamplesMs.push(await timeStartup(spec, port, dir, extra, ctx, STARTUP_TIMEOUT_MS));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const server = children.spawnNode(spec.args(port, dataDir, extra), profiling, dataDir);
  // Memory of the whole process tree (a cluster primary and its workers), sampled from spawn to stop.
  const memory = new TreeMemorySampler(server.pid, MEMORY_SAMPLE_MS).start();
  const client = new DynamoClient({ port, maxSockets: options.concurrency });
  let result: ServerResult;
  try {
    startupSamplesMs.push(await waitReady(client, server, STARTUP_TIMEOUT_MS));
    const startupMs = median(startupSamplesMs);
    const signatureCheck = await checkSignatures(client, spec);
    ctx.log(`    pid ${server.pid}, port ${port}: ready in ${startupSamplesMs.map((ms) => ms.toFixed(0)).join(', ')} ms (median ${startupMs.toFixed(0)}); signatures: ${signatureCheck}`);
    let load: ServerResult['load'];
    if (spec.storesData) {
      await createTable(client);
      load = await loadItems(client, ctx);
      ctx.log(`    loaded ${options.items.toLocaleString('en-US')} items in ${load.seconds.toFixed(1)} s (${Math.round(load.itemsPerSec).toLocaleString('en-US')} items/s)`);
    }
    for (const name of options.scenarios) {
      const skipped = spec.unsupported[name];
      const r = skipped !== undefined ? { scenario: name, skipped } : await runScenarioQuietly(name, client, server, ctx);
      scenarios.push(r);
      ctx.log(scenarioLine(r));
      if (r.firstError !== undefined) ctx.log(`      first error: ${r.firstError}`);
      if (server.exit !== undefined) throw new Error(`exited during ${name} (code ${server.exit.code}): ${server.stderr.slice(-1500)}`);
    }
    memory.stop();
    const { hwmSumKb, peakRssKb, pids } = memory.memory;
    ctx.log(`    ${pids.length} process${pids.length === 1 ? '' : 'es'} measured (pids ${pids.join(', ')}): peak RSS ${(hwmSumKb / 1024).toFixed(1)} MB (sum of VmHWM), ${(peakRssKb / 1024).toFixed(1)} MB (highest sampled total VmRSS)`);
    client.close();
    await server.stop();
    let restartStartupMs: number | undefined;
    if (spec.storesData) {
      restartStartupMs = await timeStartup(spec, port, dataDir, extra, ctx, RESTART_TIMEOUT_MS);
      ctx.log(`    restart on the loaded data dir: ready in ${restartStartupMs.toFixed(0)} ms`);
    }
    result = {
      server: spec.name,
      startupMs,
      startupSamplesMs,
      ...(restartStartupMs !== undefined ? { restartStartupMs } : {}),
      processes: pids.length,
      ...(hwmSumKb > 0 ? { peakRssMb: hwmSumKb / 1024 } : {}),
      ...(peakRssKb > 0 ? { sampledPeakRssMb: peakRssKb / 1024 } : {}),
      ...(load !== undefined ? { load } : {}),
      signatureCheck,
      scenarios,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.log(`    FAILED: ${message}`);
    result = { server: spec.name, failed: message, scenarios };
  } finally {
    memory.stop();
    client.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return result;
}

function readResults(path: string): BenchResults | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
    return parsed.version === 1 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function latestName(items: number): string {
  return items === DEFAULT_ITEMS ? 'latest.json' : `latest-${items}-items.json`;
}

/** Writes the results; returns the paths written. */
function saveResults(results: BenchResults, ctx: RunContext): string[] {
  const text = `${JSON.stringify(results, null, 2)}\n`;
  if (ctx.cpuProfDir !== undefined) {
    const path = join(ctx.cpuProfDir, 'bench-results.json');
    writeFileSync(path, text);
    return [path];
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = results.startedAt.replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z');
  const suffix = `${results.settings.items === DEFAULT_ITEMS ? '' : `-${results.settings.items}-items`}${results.complete ? '' : '-partial'}`;
  const paths = [join(RESULTS_DIR, `${stamp}${suffix}.json`)];
  if (results.complete) paths.push(join(RESULTS_DIR, latestName(results.settings.items)));
  for (const path of paths) writeFileSync(path, text);
  return paths;
}

async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(argv);
  } catch (err) {
    if (!(err instanceof BenchUsageError)) throw err;
    process.stderr.write(`bench: ${err.message}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  for (const file of [join(REPO_ROOT, 'dist', 'src', 'main.js'), join(REPO_ROOT, 'node_modules', 'dynalite', 'cli.js')]) {
    if (!existsSync(file)) {
      process.stderr.write(`bench: ${file} is missing (npm install, then npm run bench builds it)\n`);
      return 2;
    }
  }
  const cpuProfDir = options.cpuProfDir !== undefined ? resolve(options.cpuProfDir) : undefined;
  if (cpuProfDir !== undefined) mkdirSync(cpuProfDir, { recursive: true });
  const children = new ChildRegistry();
  const tmpRoot = mkdtempSync(join(tmpdir(), 'sqynamo-bench-'));
  const cleanup = () => {
    children.killAll();
    rmSync(tmpRoot, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping the servers\n`);
      cleanup();
      process.exit(130);
    });
  }
  const ctx: RunContext = { options, children, tmpRoot, ticksPerSecond: clockTicksPerSecond(), cpuProfDir, log: (line) => process.stdout.write(`${line}\n`) };
  const settings: RunSettings = {
    durationS: options.durationS,
    warmupS: options.warmupS,
    concurrency: options.concurrency,
    items: options.items,
    partitions: DEFAULT_PARTITIONS,
    seed: options.seed,
    sqynamoArgs: options.sqynamoArgs,
    cpuProfile: cpuProfDir !== undefined,
    retries: options.retries,
  };
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const backgroundCpuPercent = await backgroundLoad(ctx.ticksPerSecond);
  const rev = revision();
  const preview: BenchResults = {
    version: 1,
    startedAt,
    finishedAt: startedAt,
    complete: options.complete,
    machine,
    settings,
    ...(rev !== undefined ? { revision: rev } : {}),
    backgroundCpuPercent,
    servers: [],
  };
  ctx.log(`# Sqynamo benchmark\n\n${machineLine(preview)}`);
  ctx.log('The servers and this load generator share the cores: "server CPU %" shows how busy the server was (100 = one core), "generator µs/op" what the client spent.');

  const servers: ServerResult[] = [];
  for (const name of options.servers) servers.push(await benchServer(SERVERS[name], ctx));
  const results: BenchResults = { ...preview, finishedAt: new Date().toISOString(), servers };

  ctx.log(`\n# Results\n\n${markdownReport(results)}\n`);
  const previous = readResults(join(RESULTS_DIR, latestName(options.items)));
  if (previous !== undefined) ctx.log(`## Regression check\n\n${markdownDeltas(previous, results)}\n`);
  else ctx.log(`## Regression check\n\nNo previous ${latestName(options.items)}: this run is the first baseline.\n`);
  if (options.items !== DEFAULT_ITEMS) ctx.log(`## Scale\n\n${markdownScale(results, readResults(join(RESULTS_DIR, latestName(DEFAULT_ITEMS))))}\n`);
  for (const path of saveResults(results, ctx)) ctx.log(`wrote ${path}`);
  if (!results.complete && cpuProfDir === undefined) ctx.log(`(partial run: ${latestName(options.items)} left unchanged)`);
  return servers.some((s) => s.failed !== undefined) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
