/**
 * Configuration, parsed once from argv and the environment into a frozen object.
 * No other module reads process.env or process.argv.
 */
import { translateDynamoDBLocalArgs } from './compat/dynamodb-local-args.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly verbose: boolean;
  /** Path of access_keys.csv; undefined when none is configured and ./access_keys.csv is absent. */
  readonly accessKeysFile: string | undefined;
  readonly testCredentials: boolean;
  /** Milliseconds a new table stays CREATING (and a deleted one DELETING); 0 = immediate. */
  readonly tableStatusDelayMs: number;
  /** SQLite `synchronous`: full survives power loss, normal survives a process crash. */
  readonly sync: 'full' | 'normal';
  /** Milliseconds between sweeps that delete items past their TTL; 0 = never. */
  readonly ttlIntervalMs: number;
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** The IAM account (`--iam-account`); undefined = the first access_keys.csv row's account. */
  readonly iamAccount: string | undefined;
  /** The STS secret itself (SQYNAMO_STS_SECRET). Never log it. */
  readonly stsSecret: string | undefined;
  /** A file holding the STS secret (`--sts-secret-file`). */
  readonly stsSecretFile: string | undefined;
  /** Server processes over the same data directory (`--workers`); 1 = this process serves alone. */
  readonly workers: number;
  /** `aws` (the default: AWS is the spec) or `dynamodb-local` (DynamoDB Local's flags and leniencies; no authentication). */
  readonly compat: CompatMode;
  /** DynamoDB Local mode: one namespace for every access key and region (`-sharedDb`). */
  readonly sharedDb: boolean;
  /** DynamoDB Local mode: optimize the database files before serving (`-optimizeDbBeforeStartup`). */
  readonly optimizeDb: boolean;
  /** Origins allowed by CORS: `*`, a list, or `off` (no CORS answers). */
  readonly corsOrigins: '*' | 'off' | readonly string[];
  /** Serve `GET /metrics` (Prometheus text format). */
  readonly metrics: boolean;
  /** A port of its own for /metrics (and /health, /ready); undefined = the main port. */
  readonly metricsPort: number | undefined;
  /** Address the metrics port binds (default: `host`). */
  readonly metricsHost: string;
  /** Label request and table metrics with the account id (more series: one set per account). */
  readonly metricsAccountLabel: boolean;
  /**
   * Per-table series (item count, bytes) in /metrics. They name every account's tables, and
   * /metrics is not authenticated: on by default only when /metrics has a port of its own.
   */
  readonly metricsTables: boolean;
  readonly logLevel: LogLevel;
  /** One log line per request. */
  readonly accessLog: boolean;
  /** `pretty` (human), `json`, or `auto`: pretty when stdout is a terminal. */
  readonly logFormat: 'auto' | 'json' | 'pretty';
  /** Serve the web console at /console (`--console on|off`). */
  readonly console: boolean;
  /** Milliseconds a client has to send a request's headers (`--headers-timeout`). */
  readonly headersTimeoutMs: number;
  /** Milliseconds a client has to send a whole request, headers and body (`--request-timeout`). */
  readonly requestTimeoutMs: number;
  /** Milliseconds an idle keep-alive connection stays open (`--keep-alive-timeout`). */
  readonly keepAliveTimeoutMs: number;
  /** Most connections open at once, per server process (`--max-connections`). */
  readonly maxConnections: number;
}

export type CompatMode = 'aws' | 'dynamodb-local';
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULTS = {
  port: 8000,
  host: '0.0.0.0',
  dataDir: './data',
  accessKeysFile: './access_keys.csv',
  /** DynamoDB Local writes its files to the current directory. */
  dynamoDBLocalDataDir: '.',
  sync: 'full' as const,
  maxBodyBytes: 16 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 65_000,
  dynamoDBLocalKeepAliveTimeoutMs: 5000,
  maxConnections: 1024,
};

/** The most connections `--max-connections` accepts. */
export const MAX_CONNECTIONS_LIMIT = 1_000_000;

/** The most worker processes `--workers` accepts. */
export const MAX_WORKERS = 64;

export class ConfigError extends Error {}


export const USAGE = `Usage: sqynamo [options]

Options:
  -p, --port <n>             port to listen on (default 8000, env DYNAMODB_PORT)
  -h, --host <addr>          address to bind (default 0.0.0.0, env DYNAMODB_HOST)
  -d, --data-dir <dir>       directory of the SQLite files (default ./data, env DYNAMODB_DATA_DIR)
      --in-memory            keep all data in memory (nothing written to disk)
      --access-keys <file>   access_keys.csv to load (default ./access_keys.csv if present,
                             env SQYNAMO_ACCESS_KEYS)
      --no-test-credentials  refuse the built-in test credentials (fake/fake, test/test, ...)
      --table-status-delay <ms>  keep new tables CREATING (deleted ones DELETING) this long,
                             to exercise waiter code (default 0, env SQYNAMO_TABLE_STATUS_DELAY)
      --sync <full|normal>   SQLite synchronous mode (default full, env SQYNAMO_SYNC)
      --ttl-interval <s>     seconds between sweeps deleting items past their time to live
                             (default 30; 0 = never; env SQYNAMO_TTL_INTERVAL)
      --iam-account <id>     the account of access_keys.csv that administers root users
                             (default: the first row's account, env SQYNAMO_IAM_ACCOUNT)
      --sts-secret-file <file>  file with the secret STS session tokens are sealed under
                             (env SQYNAMO_STS_SECRET_FILE, or the secret itself in
                             SQYNAMO_STS_SECRET; default: generated in <data-dir>/sts-secret.key)
      --workers <n|auto>     server processes sharing the port and the data directory;
                             auto = one per CPU core (default 1; always 1 with --in-memory;
                             env SQYNAMO_WORKERS)
      --headers-timeout <s>  seconds a client has to send a request's headers (default 10,
                             env SQYNAMO_HEADERS_TIMEOUT)
      --request-timeout <s>  seconds a client has to send a whole request (default 60,
                             env SQYNAMO_REQUEST_TIMEOUT)
      --keep-alive-timeout <s>  seconds an idle keep-alive connection stays open (default 65;
                             5 in DynamoDB Local mode; env SQYNAMO_KEEP_ALIVE_TIMEOUT)
      --max-connections <n>  connections open at once, per server process (default 1024,
                             env SQYNAMO_MAX_CONNECTIONS)
      --console <on|off>     serve the web console at /console (default on, env SQYNAMO_CONSOLE)
      --cors <origins|*|off> origins browsers may call from, comma-separated (default *,
                             env SQYNAMO_CORS)
      --metrics <on|off>     serve GET /metrics, Prometheus text format (default on,
                             env SQYNAMO_METRICS)
      --metrics-port <n>     serve /metrics (and /health, /ready) on this port instead
                             (env SQYNAMO_METRICS_PORT)
      --metrics-host <addr>  address of the metrics port (default: --host, env SQYNAMO_METRICS_HOST)
      --metrics-account-label  label metrics with the account id (env SQYNAMO_METRICS_ACCOUNT_LABEL=1)
      --metrics-tables <on|off>  per-table item count and size series, which name every account's
                             tables (default on with --metrics-port, off on the main port;
                             env SQYNAMO_METRICS_TABLES)
      --log-level <level>    trace, debug, info, warn, error or silent (default info; warn in
                             DynamoDB Local mode; env SQYNAMO_LOG_LEVEL)
      --access-log <on|off>  one log line per request (default on, env SQYNAMO_ACCESS_LOG)
      --log-format <auto|json|pretty>  auto = pretty on a terminal, JSON otherwise
                             (default auto, env SQYNAMO_LOG_FORMAT)
  -v, --verbose              debug logging (--log-level debug; env SQYNAMO_VERBOSE=1)
      --compat <aws|dynamodb-local>  aws (default): AWS is the spec. dynamodb-local: behave as
                             DynamoDB Local (NO AUTHENTICATION: any access key is accepted);
                             also selected by any of DynamoDB Local's own flags (env SQYNAMO_COMPAT)
      --shared-db            DynamoDB Local mode: one namespace for all keys and regions (-sharedDb)
      --optimize-db          DynamoDB Local mode: optimize the database files before serving
                             (-optimizeDbBeforeStartup; needs --data-dir)
      --version              print the version
      --help                 print this help

DynamoDB Local's flags work as they do there and select DynamoDB Local mode:
  -port <n>, -inMemory, -dbPath <dir> (default: the current directory), -sharedDb,
  -cors <origins>, -delayTransientStatuses, -optimizeDbBeforeStartup, -disableTelemetry,
  -help, -version

Root users and their keys: sqynamo accounts|keys <command> (see sqynamo accounts --help)
`;

type Env = Record<string, string | undefined>;

/** What parseConfig needs to know of the machine. */
export interface Machine {
  fileExists(path: string): boolean;
  /** CPU cores available to this process (os.availableParallelism()). */
  cores(): number;
}

function parseSeconds(name: string, text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new ConfigError(`${name} must be a number of seconds, got '${text}'`);
  const seconds = Number(text);
  if (seconds > 86_400) throw new ConfigError(`${name} must be at most 86400 seconds, got ${seconds}`);
  return Math.round(seconds * 1000);
}

function parseInteger(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new ConfigError(`${name} must be a whole number, got '${text}'`);
  const n = Number(text);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function parseChoice<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw new ConfigError(`${name} must be one of ${choices.join(', ')}, got '${text}'`);
  return text as T;
}

/** `*`, `off`, or comma-separated origins such as `http://localhost:3000` (scheme, host, optional port). */
export function parseCorsOrigins(name: string, text: string): '*' | 'off' | readonly string[] {
  const trimmed = text.trim();
  if (trimmed === '*' || trimmed === 'off') return trimmed;
  const origins = trimmed.split(',').map((o) => o.trim()).filter((o) => o !== '');
  if (origins.length === 0) throw new ConfigError(`${name} must be *, off or a comma-separated list of origins, got '${text}'`);
  for (const origin of origins) {
    if (origin === '*') return '*';
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+$/i.test(origin)) {
      throw new ConfigError(`${name}: '${origin}' is not an origin (scheme://host[:port], e.g. http://localhost:3000)`);
    }
  }
  return Object.freeze(origins.map((o) => o.toLowerCase()));
}

/**
 * Parses command-line arguments (without node and script) and the environment.
 * Flags win over environment variables, which win over defaults. DynamoDB Local's flags are
 * rewritten into Sqynamo's first (compat/dynamodb-local-args.ts) and select DynamoDB Local mode.
 * Returns 'help' when --help was given, 'version' for --version.
 */
export function parseConfig(argv: readonly string[], env: Env, machine: Machine | ((path: string) => boolean)): Config | 'help' | 'version' {
  const { fileExists, cores } = typeof machine === 'function' ? { fileExists: machine, cores: () => 1 } : machine;
  const translated = translateDynamoDBLocalArgs(argv);
  let port = env.DYNAMODB_PORT !== undefined && env.DYNAMODB_PORT !== '' ? parseInteger('DYNAMODB_PORT', env.DYNAMODB_PORT, 0, 65535) : DEFAULTS.port;
  let host = env.DYNAMODB_HOST || DEFAULTS.host;
  let dataDir: string | undefined = env.DYNAMODB_DATA_DIR || undefined;
  let inMemory = false;
  let verbose = env.SQYNAMO_VERBOSE === '1' || env.SQYNAMO_VERBOSE === 'true';
  let accessKeysFile: string | undefined = env.SQYNAMO_ACCESS_KEYS || undefined;
  let testCredentials = true;
  let tableStatusDelayMs = env.SQYNAMO_TABLE_STATUS_DELAY ? parseInteger('SQYNAMO_TABLE_STATUS_DELAY', env.SQYNAMO_TABLE_STATUS_DELAY, 0, 3_600_000) : 0;
  let sync: 'full' | 'normal' = DEFAULTS.sync;
  if (env.SQYNAMO_SYNC) sync = parseSync(env.SQYNAMO_SYNC);
  let ttlIntervalMs = env.SQYNAMO_TTL_INTERVAL ? parseSeconds('SQYNAMO_TTL_INTERVAL', env.SQYNAMO_TTL_INTERVAL) : 30_000;
  let iamAccount = env.SQYNAMO_IAM_ACCOUNT ? parseAccountId('SQYNAMO_IAM_ACCOUNT', env.SQYNAMO_IAM_ACCOUNT) : undefined;
  let stsSecretFile = env.SQYNAMO_STS_SECRET_FILE || undefined;
  let stsSecret = env.SQYNAMO_STS_SECRET || undefined;
  let workers = env.SQYNAMO_WORKERS ? parseWorkers('SQYNAMO_WORKERS', env.SQYNAMO_WORKERS, cores) : 1;
  let headersTimeoutMs = env.SQYNAMO_HEADERS_TIMEOUT ? parseTimeout('SQYNAMO_HEADERS_TIMEOUT', env.SQYNAMO_HEADERS_TIMEOUT) : DEFAULTS.headersTimeoutMs;
  let requestTimeoutMs = env.SQYNAMO_REQUEST_TIMEOUT ? parseTimeout('SQYNAMO_REQUEST_TIMEOUT', env.SQYNAMO_REQUEST_TIMEOUT) : DEFAULTS.requestTimeoutMs;
  let keepAliveTimeoutMs = env.SQYNAMO_KEEP_ALIVE_TIMEOUT ? parseTimeout('SQYNAMO_KEEP_ALIVE_TIMEOUT', env.SQYNAMO_KEEP_ALIVE_TIMEOUT) : undefined;
  let maxConnections = env.SQYNAMO_MAX_CONNECTIONS
    ? parseInteger('SQYNAMO_MAX_CONNECTIONS', env.SQYNAMO_MAX_CONNECTIONS, 1, MAX_CONNECTIONS_LIMIT)
    : DEFAULTS.maxConnections;
  let compat: CompatMode | undefined = env.SQYNAMO_COMPAT ? parseChoice('SQYNAMO_COMPAT', env.SQYNAMO_COMPAT, COMPAT_MODES) : undefined;
  let sharedDb = false;
  let optimizeDb = false;
  let corsOrigins = env.SQYNAMO_CORS ? parseCorsOrigins('SQYNAMO_CORS', env.SQYNAMO_CORS) : '*';
  let metrics = env.SQYNAMO_METRICS ? parseOnOff('SQYNAMO_METRICS', env.SQYNAMO_METRICS) : true;
  let metricsPort = env.SQYNAMO_METRICS_PORT ? parseInteger('SQYNAMO_METRICS_PORT', env.SQYNAMO_METRICS_PORT, 0, 65535) : undefined;
  let metricsHost = env.SQYNAMO_METRICS_HOST || undefined;
  let metricsAccountLabel = env.SQYNAMO_METRICS_ACCOUNT_LABEL === '1' || env.SQYNAMO_METRICS_ACCOUNT_LABEL === 'true';
  let metricsTables = env.SQYNAMO_METRICS_TABLES ? parseOnOff('SQYNAMO_METRICS_TABLES', env.SQYNAMO_METRICS_TABLES) : undefined;
  let logLevel = env.SQYNAMO_LOG_LEVEL ? parseChoice('SQYNAMO_LOG_LEVEL', env.SQYNAMO_LOG_LEVEL, LOG_LEVELS) : undefined;
  let accessLog = env.SQYNAMO_ACCESS_LOG ? parseOnOff('SQYNAMO_ACCESS_LOG', env.SQYNAMO_ACCESS_LOG) : true;
  let logFormat = env.SQYNAMO_LOG_FORMAT ? parseChoice('SQYNAMO_LOG_FORMAT', env.SQYNAMO_LOG_FORMAT, LOG_FORMATS) : 'auto';
  /** Flags that cannot be combined with DynamoDB Local mode, as given. */
  const authFlags: string[] = [];
  if (accessKeysFile !== undefined) authFlags.push('SQYNAMO_ACCESS_KEYS');
  let consoleOn = env.SQYNAMO_CONSOLE ? parseOnOff('SQYNAMO_CONSOLE', env.SQYNAMO_CONSOLE) : undefined;

  const args = [...translated.argv];
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined) throw new ConfigError(`${flag} needs a value`);
    return v;
  };
  while (args.length > 0) {
    let arg = args.shift()!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      args.unshift(arg.slice(eq + 1));
      arg = arg.slice(0, eq);
    }
    switch (arg) {
      case '-p':
      case '--port':
        port = parseInteger('--port', value(arg), 0, 65535);
        break;
      case '-h':
      case '--host':
        host = value(arg);
        break;
      case '-d':
      case '--data-dir':
        dataDir = value(arg);
        break;
      case '--in-memory':
        inMemory = true;
        break;
      case '-v':
      case '--verbose':
        verbose = true;
        break;
      case '--access-keys':
        accessKeysFile = value(arg);
        authFlags.push('--access-keys');
        break;
      case '--no-test-credentials':
        testCredentials = false;
        authFlags.push('--no-test-credentials');
        break;
      case '--table-status-delay':
        tableStatusDelayMs = parseInteger('--table-status-delay', value(arg), 0, 3_600_000);
        break;
      case '--ttl-interval':
        ttlIntervalMs = parseSeconds('--ttl-interval', value(arg));
        break;
      case '--sync':
        sync = parseSync(value(arg));
        break;
      case '--iam-account':
        iamAccount = parseAccountId('--iam-account', value(arg));
        authFlags.push('--iam-account');
        break;
      case '--sts-secret-file':
        stsSecretFile = value(arg);
        // the flag wins over the secret given in the environment too
        stsSecret = undefined;
        break;
      case '--workers':
        workers = parseWorkers('--workers', value(arg), cores);
        break;
      case '--compat':
        compat = parseChoice('--compat', value(arg), COMPAT_MODES);
        break;
      case '--shared-db':
        sharedDb = true;
        break;
      case '--optimize-db':
        optimizeDb = true;
        break;
      case '--cors':
        corsOrigins = parseCorsOrigins('--cors', value(arg));
        break;
      case '--metrics':
        metrics = parseOnOff('--metrics', value(arg));
        break;
      case '--metrics-port':
        metricsPort = parseInteger('--metrics-port', value(arg), 0, 65535);
        break;
      case '--metrics-host':
        metricsHost = value(arg);
        break;
      case '--metrics-account-label':
        metricsAccountLabel = true;
        break;
      case '--metrics-tables':
        metricsTables = parseOnOff('--metrics-tables', value(arg));
        break;
      case '--log-level':
        logLevel = parseChoice('--log-level', value(arg), LOG_LEVELS);
        break;
      case '--access-log':
        accessLog = parseOnOff('--access-log', value(arg));
        break;
      case '--log-format':
        logFormat = parseChoice('--log-format', value(arg), LOG_FORMATS);
        break;
      case '--console':
        consoleOn = parseOnOff('--console', value(arg));
        break;
      case '--headers-timeout':
        headersTimeoutMs = parseTimeout('--headers-timeout', value(arg));
        break;
      case '--request-timeout':
        requestTimeoutMs = parseTimeout('--request-timeout', value(arg));
        break;
      case '--keep-alive-timeout':
        keepAliveTimeoutMs = parseTimeout('--keep-alive-timeout', value(arg));
        break;
      case '--max-connections':
        maxConnections = parseInteger('--max-connections', value(arg), 1, MAX_CONNECTIONS_LIMIT);
        break;
      case '--help':
        return 'help';
      case '--version':
        return 'version';
      default:
        throw new ConfigError(`unknown option '${arg}' (see --help)`);
    }
  }
  const dynamoDBLocal = translated.dynamoDBLocalFlags;
  if (compat === 'aws' && dynamoDBLocal.length > 0) {
    throw new ConfigError(`${dynamoDBLocal[0]} is a DynamoDB Local flag: it cannot be combined with --compat aws`);
  }
  if (compat === undefined) compat = dynamoDBLocal.length > 0 ? 'dynamodb-local' : 'aws';
  if (compat === 'dynamodb-local') {
    checkDynamoDBLocalMode({ authFlags, flags: dynamoDBLocal, dataDir, optimizeDb });
  } else {
    if (sharedDb) throw new ConfigError('--shared-db (-sharedDb) is a DynamoDB Local mode flag (see --compat)');
    if (optimizeDb) throw new ConfigError('--optimize-db (-optimizeDbBeforeStartup) is a DynamoDB Local mode flag (see --compat)');
    if (accessKeysFile === undefined && fileExists(DEFAULTS.accessKeysFile)) accessKeysFile = DEFAULTS.accessKeysFile;
  }
  const local = compat === 'dynamodb-local';
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(`--headers-timeout (${headersTimeoutMs / 1000} s) must not exceed --request-timeout (${requestTimeoutMs / 1000} s)`);
  }
  const config = {
    port,
    host,
    dataDir: dataDir ?? (local ? DEFAULTS.dynamoDBLocalDataDir : DEFAULTS.dataDir),
    inMemory,
    verbose,
    // DynamoDB Local mode never loads keys: it accepts any (checkDynamoDBLocalMode refused the flags)
    accessKeysFile: local ? undefined : accessKeysFile,
    testCredentials,
    tableStatusDelayMs,
    ttlIntervalMs,
    sync,
    maxBodyBytes: DEFAULTS.maxBodyBytes,
    iamAccount,
    stsSecret: undefined as string | undefined,
    stsSecretFile,
    // processes cannot share an in-memory database
    workers: inMemory ? 1 : workers,
    compat,
    sharedDb,
    optimizeDb,
    corsOrigins,
    metrics,
    metricsPort,
    metricsHost: metricsHost ?? host,
    metricsAccountLabel,
    metricsTables: metricsTables ?? metricsPort !== undefined,
    logLevel: logLevel ?? (verbose ? 'debug' : local ? 'warn' : 'info'),
    accessLog,
    logFormat,
    // the console signs in through STS, which DynamoDB Local mode does not serve
    console: consoleOn ?? !local,
    headersTimeoutMs,
    requestTimeoutMs,
    // Jest (@shelf/jest-dynamodb) waits for its clients' idle sockets to close before it
    // exits: DynamoDB Local mode closes them after Node's default 5 s, like a load balancer
    keepAliveTimeoutMs: keepAliveTimeoutMs ?? (local ? DEFAULTS.dynamoDBLocalKeepAliveTimeoutMs : DEFAULTS.keepAliveTimeoutMs),
    maxConnections,
  };
  // Not enumerable: a config that is logged or serialized never shows the secret.
  Object.defineProperty(config, 'stsSecret', { value: stsSecret, enumerable: false });
  return Object.freeze(config);
}

/** A timeout in seconds (fractions allowed), more than 0 and at most a day. */
function parseTimeout(name: string, text: string): number {
  const ms = parseSeconds(name, text);
  if (ms < 1) throw new ConfigError(`${name} must be more than 0 seconds, got '${text}'`);
  return ms;
}

const COMPAT_MODES = ['aws', 'dynamodb-local'] as const;
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/** DynamoDB Local mode's rules: it does not authenticate, so nothing that configures authentication goes with it. */
function checkDynamoDBLocalMode(given: { authFlags: readonly string[]; flags: readonly string[]; dataDir: string | undefined; optimizeDb: boolean }): void {
  if (given.authFlags.length > 0) {
    throw new ConfigError(
      `DynamoDB Local mode accepts any access key without checking signatures; it cannot be combined with ${given.authFlags[0]} (leave out the DynamoDB Local flags and --compat to authenticate)`,
    );
  }
  if (given.flags.includes('-inMemory') && given.flags.includes('-dbPath')) throw new ConfigError("You can't specify both -dbPath and -inMemory at once");
  if (given.optimizeDb && given.dataDir === undefined) throw new ConfigError('-optimizeDbBeforeStartup needs -dbPath (the directory of the database files)');
}

/** A worker count, or 'auto': one per CPU core. */
function parseWorkers(name: string, text: string, cores: () => number): number {
  if (text === 'auto') return Math.max(1, Math.min(MAX_WORKERS, cores()));
  if (!/^\d+$/.test(text)) throw new ConfigError(`${name} must be a whole number or 'auto', got '${text}'`);
  return parseInteger(name, text, 1, MAX_WORKERS);
}

function parseAccountId(name: string, text: string): string {
  if (!/^\d{12}$/.test(text)) throw new ConfigError(`${name} must be a 12-digit account id, got '${text}'`);
  return text;
}

function parseOnOff(name: string, text: string): boolean {
  if (text !== 'on' && text !== 'off') throw new ConfigError(`${name} must be 'on' or 'off', got '${text}'`);
  return text === 'on';
}

function parseSync(text: string): 'full' | 'normal' {
  if (text !== 'full' && text !== 'normal') throw new ConfigError(`--sync must be 'full' or 'normal', got '${text}'`);
  return text;
}
