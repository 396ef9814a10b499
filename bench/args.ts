/**
 * Command-line options of `npm run bench` (pure parsing; run.ts applies them).
 */
import { DEFAULT_SCENARIOS, SCENARIO_NAMES, scenarioByName, type ScenarioName } from './scenarios.js';
import { SERVER_NAMES, type ServerName } from './servers.js';

/** Items of the default (regression-baseline) run. */
export const DEFAULT_ITEMS = 10_000;
/** Scenarios of scale mode (`--items` other than the default) unless `--scenarios` says otherwise. */
export const SCALE_SCENARIOS: readonly ScenarioName[] = ['GetItem', 'Query'];

/** Parsed options. */
export interface BenchOptions {
  readonly durationS: number;
  readonly warmupS: number;
  readonly concurrency: number;
  readonly items: number;
  readonly servers: readonly ServerName[];
  readonly scenarios: readonly ScenarioName[];
  readonly seed: number;
  /** Spawn the Sqynamo servers with `--cpu-prof --cpu-prof-dir <dir>` (results then go to that dir, not bench/results). */
  readonly cpuProfDir: string | undefined;
  /** Extra flags of both Sqynamo servers (e.g. `--sync normal`). */
  readonly sqynamoArgs: readonly string[];
  /** Reruns of a scenario disturbed by other processes (0 = report it as disturbed). */
  readonly retries: number;
  /** Whether servers and scenarios are the defaults of this mode (a full run updates latest*.json). */
  readonly complete: boolean;
}

export const BENCH_USAGE = `Usage: npm run bench -- [options]

  --duration <s>          measured seconds per scenario (default 8)
  --warmup <s>            warm-up seconds before each (default 2)
  --concurrency <n>       requests in flight (default 32)
  --items <n>             items loaded before the scenarios (default 10000; any other
                          number is scale mode: GetItem and Query compared with the
                          10,000-item figures, plus restart time on the loaded data)
  --only <server,...>     ${SERVER_NAMES.join(', ')} (default all)
  --scenarios <list>      ${SCENARIO_NAMES.join(', ')}
                          (or put, get, query, scan, batch, update, transact)
  --seed <n>              PRNG seed of the key sequences (default 1)
  --retries <n>           rerun a scenario (up to n times, after waiting for a quieter
                          machine) when other processes used >15% of a core during it;
                          the least disturbed attempt is kept (default 0)
  --sqynamo-args "<a b>"  extra Sqynamo flags (both Sqynamo servers), e.g. "--sync normal"
  --cpu-prof <dir>        run Sqynamo under node --cpu-prof (one profile per process),
                          profiles and results in <dir> (sqynamo-auto's in <dir>/sqynamo-auto)
  --help
`;

/** Thrown for invalid options; the message is for the user. */
export class BenchUsageError extends Error {}

function number(flag: string, text: string | undefined, min: number, max: number, integer: boolean): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new BenchUsageError(`${flag} needs a ${integer ? 'whole ' : ''}number between ${min} and ${max}, got '${text ?? ''}'`);
  }
  return value;
}

function list<T extends string>(flag: string, text: string | undefined, resolve: (name: string) => T | undefined, order: readonly T[]): T[] {
  if (text === undefined || text.trim() === '') throw new BenchUsageError(`${flag} needs a comma-separated list`);
  const chosen = new Set<T>();
  for (const part of text.split(',')) {
    const name = resolve(part);
    if (name === undefined) throw new BenchUsageError(`${flag}: unknown name '${part.trim()}' (one of ${order.join(', ')})`);
    chosen.add(name);
  }
  return order.filter((name) => chosen.has(name));
}

const serverByName = (text: string): ServerName | undefined => SERVER_NAMES.find((name) => name === text.trim().toLowerCase());

/** Parses the arguments after `run.js`; 'help' for --help. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | 'help' {
  let durationS = 8;
  let warmupS = 2;
  let concurrency = 32;
  let items = DEFAULT_ITEMS;
  let servers: ServerName[] | undefined;
  let scenarios: ScenarioName[] | undefined;
  let seed = 1;
  let retries = 0;
  let cpuProfDir: string | undefined;
  let sqynamoArgs: string[] = [];
  const args = [...argv];
  while (args.length > 0) {
    let flag = args.shift()!;
    const eq = flag.startsWith('--') ? flag.indexOf('=') : -1;
    if (eq > 0) {
      args.unshift(flag.slice(eq + 1));
      flag = flag.slice(0, eq);
    }
    switch (flag) {
      case '--duration':
        durationS = number(flag, args.shift(), 0.5, 3600, false);
        break;
      case '--warmup':
        warmupS = number(flag, args.shift(), 0, 600, false);
        break;
      case '--concurrency':
        concurrency = number(flag, args.shift(), 1, 1024, true);
        break;
      case '--items':
        items = number(flag, args.shift(), 2, 10_000_000, true);
        break;
      case '--only':
        servers = list(flag, args.shift(), serverByName, SERVER_NAMES);
        break;
      case '--scenarios':
        scenarios = list(flag, args.shift(), scenarioByName, SCENARIO_NAMES);
        break;
      case '--seed':
        seed = number(flag, args.shift(), 0, 2 ** 32 - 1, true);
        break;
      case '--retries':
        retries = number(flag, args.shift(), 0, 10, true);
        break;
      case '--cpu-prof': {
        const dir = args.shift();
        if (dir === undefined || dir === '') throw new BenchUsageError('--cpu-prof needs a directory');
        cpuProfDir = dir;
        break;
      }
      case '--sqynamo-args': {
        const text = args.shift();
        if (text === undefined) throw new BenchUsageError('--sqynamo-args needs a value');
        sqynamoArgs = text.split(/\s+/).filter((part) => part !== '');
        break;
      }
      case '--help':
      case '-h':
        return 'help';
      default:
        throw new BenchUsageError(`unknown option '${flag}' (see --help)`);
    }
  }
  const defaultScenarios = items === DEFAULT_ITEMS ? DEFAULT_SCENARIOS : SCALE_SCENARIOS;
  const complete = servers === undefined && scenarios === undefined && cpuProfDir === undefined && sqynamoArgs.length === 0;
  return {
    durationS,
    warmupS,
    concurrency,
    items,
    servers: servers ?? SERVER_NAMES,
    scenarios: scenarios ?? defaultScenarios,
    seed,
    retries,
    cpuProfDir,
    sqynamoArgs,
    complete,
  };
}
