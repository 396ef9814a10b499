/**
 * Configuration, parsed once from argv and the environment into a frozen object.
 * No other module reads process.env or process.argv.
 */

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

export const DEFAULTS = {
  port: 8000,
  host: '0.0.0.0',
  dataDir: './data',
  accessKeysFile: './access_keys.csv',
  sync: 'full' as const,
  maxBodyBytes: 16 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 65_000,
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
      --no-test-credentials  refuse the built-in test credentials (fake/fake, ACCESS/SECRET, ...)
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
      --keep-alive-timeout <s>  seconds an idle keep-alive connection stays open (default 65,
                             env SQYNAMO_KEEP_ALIVE_TIMEOUT)
      --max-connections <n>  connections open at once, per server process (default 1024,
                             env SQYNAMO_MAX_CONNECTIONS)
  -v, --verbose              debug logging (env SQYNAMO_VERBOSE=1)
      --help                 print this help

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

/**
 * Parses command-line arguments (without node and script) and the environment.
 * Flags win over environment variables, which win over defaults.
 * Returns 'help' when --help was given.
 */
export function parseConfig(argv: readonly string[], env: Env, machine: Machine | ((path: string) => boolean)): Config | 'help' {
  const { fileExists, cores } = typeof machine === 'function' ? { fileExists: machine, cores: () => 1 } : machine;
  let port = env.DYNAMODB_PORT !== undefined && env.DYNAMODB_PORT !== '' ? parseInteger('DYNAMODB_PORT', env.DYNAMODB_PORT, 0, 65535) : DEFAULTS.port;
  let host = env.DYNAMODB_HOST || DEFAULTS.host;
  let dataDir = env.DYNAMODB_DATA_DIR || DEFAULTS.dataDir;
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
  let consoleOn = env.SQYNAMO_CONSOLE ? parseOnOff('SQYNAMO_CONSOLE', env.SQYNAMO_CONSOLE) : true;
  let headersTimeoutMs = env.SQYNAMO_HEADERS_TIMEOUT ? parseTimeout('SQYNAMO_HEADERS_TIMEOUT', env.SQYNAMO_HEADERS_TIMEOUT) : DEFAULTS.headersTimeoutMs;
  let requestTimeoutMs = env.SQYNAMO_REQUEST_TIMEOUT ? parseTimeout('SQYNAMO_REQUEST_TIMEOUT', env.SQYNAMO_REQUEST_TIMEOUT) : DEFAULTS.requestTimeoutMs;
  let keepAliveTimeoutMs = env.SQYNAMO_KEEP_ALIVE_TIMEOUT ? parseTimeout('SQYNAMO_KEEP_ALIVE_TIMEOUT', env.SQYNAMO_KEEP_ALIVE_TIMEOUT) : DEFAULTS.keepAliveTimeoutMs;
  let maxConnections = env.SQYNAMO_MAX_CONNECTIONS
    ? parseInteger('SQYNAMO_MAX_CONNECTIONS', env.SQYNAMO_MAX_CONNECTIONS, 1, MAX_CONNECTIONS_LIMIT)
    : DEFAULTS.maxConnections;

  const args = [...argv];
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
        break;
      case '--no-test-credentials':
        testCredentials = false;
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
        break;
      case '--sts-secret-file':
        stsSecretFile = value(arg);
        // the flag wins over the secret given in the environment too
        stsSecret = undefined;
        break;
      case '--workers':
        workers = parseWorkers('--workers', value(arg), cores);
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
      default:
        throw new ConfigError(`unknown option '${arg}' (see --help)`);
    }
  }
  if (accessKeysFile === undefined && fileExists(DEFAULTS.accessKeysFile)) accessKeysFile = DEFAULTS.accessKeysFile;
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(`--headers-timeout (${headersTimeoutMs / 1000} s) must not exceed --request-timeout (${requestTimeoutMs / 1000} s)`);
  }
  const config = {
    port,
    host,
    dataDir,
    inMemory,
    verbose,
    accessKeysFile,
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
    console: consoleOn,
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs,
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
