import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, parseConfig, type Config } from './config.js';

const machine = (cores: number) => ({ fileExists: () => false, cores: () => cores });
const parse = (argv: string[], env: Record<string, string> = {}, cores = 2) => parseConfig(argv, env, machine(cores)) as Config;

test('--workers: one process by default, auto = one per CPU core, the flag over SQYNAMO_WORKERS', () => {
  assert.equal(parse([]).workers, 1);
  assert.equal(parse([], {}, 8).workers, 1);
  assert.equal(parse(['--workers', 'auto'], {}, 8).workers, 8);
  assert.equal(parse([], { SQYNAMO_WORKERS: 'auto' }, 3).workers, 3);
  assert.equal(parse(['--workers', '1']).workers, 1);
  assert.equal(parse(['--workers=3']).workers, 3);
  assert.equal(parse([], { SQYNAMO_WORKERS: '4' }).workers, 4);
  assert.equal(parse(['--workers', '1'], { SQYNAMO_WORKERS: '4' }).workers, 1);
});

test('--workers: in memory there is one process (processes cannot share an in-memory database)', () => {
  assert.equal(parse(['--in-memory']).workers, 1);
  assert.equal(parse(['--in-memory', '--workers', '4']).workers, 1);
});

test('--workers: a count from 1 to 64', () => {
  assert.throws(() => parse(['--workers', '0']), new ConfigError('--workers must be between 1 and 64, got 0'));
  assert.throws(() => parse(['--workers', 'many']), new ConfigError("--workers must be a whole number or 'auto', got 'many'"));
  assert.throws(() => parse([], { SQYNAMO_WORKERS: '65' }), new ConfigError('SQYNAMO_WORKERS must be between 1 and 64, got 65'));
});

test('--console: on by default, on|off by flag or SQYNAMO_CONSOLE, the flag winning', () => {
  assert.equal(parse([]).console, true);
  assert.equal(parse(['--console', 'off']).console, false);
  assert.equal(parse(['--console=on'], { SQYNAMO_CONSOLE: 'off' }).console, true);
  assert.equal(parse([], { SQYNAMO_CONSOLE: 'off' }).console, false);
  assert.throws(() => parse(['--console', 'yes']), new ConfigError("--console must be 'on' or 'off', got 'yes'"));
  assert.throws(() => parse(['--console']), new ConfigError('--console needs a value'));
});

describe('flags win over environment variables, which win over defaults', () => {
  // [what, flags, environment, the value read, without either]
  const cases: [keyof Config, string[], Record<string, string>, unknown, unknown][] = [
    ['port', ['--port', '9001'], { DYNAMODB_PORT: '9002' }, 9001, 8000],
    ['host', ['--host', '127.0.0.1'], { DYNAMODB_HOST: '10.0.0.1' }, '127.0.0.1', '0.0.0.0'],
    ['dataDir', ['--data-dir', '/flag'], { DYNAMODB_DATA_DIR: '/env' }, '/flag', './data'],
    ['accessKeysFile', ['--access-keys', 'flag.csv'], { SQYNAMO_ACCESS_KEYS: 'env.csv' }, 'flag.csv', undefined],
    ['tableStatusDelayMs', ['--table-status-delay', '10'], { SQYNAMO_TABLE_STATUS_DELAY: '20' }, 10, 0],
    ['sync', ['--sync', 'full'], { SQYNAMO_SYNC: 'normal' }, 'full', 'full'],
    ['ttlIntervalMs', ['--ttl-interval', '2'], { SQYNAMO_TTL_INTERVAL: '3' }, 2000, 30_000],
    ['iamAccount', ['--iam-account', '111111111111'], { SQYNAMO_IAM_ACCOUNT: '222222222222' }, '111111111111', undefined],
    ['stsSecretFile', ['--sts-secret-file', 'flag.key'], { SQYNAMO_STS_SECRET_FILE: 'env.key' }, 'flag.key', undefined],
    ['workers', ['--workers', '2'], { SQYNAMO_WORKERS: '3' }, 2, 1],
    ['headersTimeoutMs', ['--headers-timeout', '4'], { SQYNAMO_HEADERS_TIMEOUT: '5' }, 4000, 10_000],
    ['requestTimeoutMs', ['--request-timeout', '40'], { SQYNAMO_REQUEST_TIMEOUT: '50' }, 40_000, 60_000],
    ['keepAliveTimeoutMs', ['--keep-alive-timeout', '6'], { SQYNAMO_KEEP_ALIVE_TIMEOUT: '7' }, 6000, 65_000],
    ['maxConnections', ['--max-connections', '10'], { SQYNAMO_MAX_CONNECTIONS: '20' }, 10, 1024],
    ['metricsTables', ['--metrics-tables', 'off'], { SQYNAMO_METRICS_TABLES: 'on' }, false, false],
  ];
  for (const [name, flags, env, value, fallback] of cases) {
    test(`${name}: ${flags[0]} over ${Object.keys(env)[0]}`, () => {
      assert.equal(parse(flags, env)[name], value);
      assert.equal(parse(flags)[name], value);
      assert.notEqual(parse([], env)[name], fallback, 'the environment is read');
      assert.equal(parse([])[name], fallback);
    });
  }

  test('verbose: the flag, or SQYNAMO_VERBOSE=1', () => {
    assert.equal(parse([]).verbose, false);
    assert.equal(parse([], { SQYNAMO_VERBOSE: '1' }).verbose, true);
    assert.equal(parse(['-v']).verbose, true);
  });

  test('--sts-secret-file wins over the secret itself in SQYNAMO_STS_SECRET', () => {
    const fromEnv = parse([], { SQYNAMO_STS_SECRET: 's3cret', SQYNAMO_STS_SECRET_FILE: 'env.key' });
    assert.equal(fromEnv.stsSecret, 's3cret');
    assert.equal(fromEnv.stsSecretFile, 'env.key');
    const flagged = parse(['--sts-secret-file', 'flag.key'], { SQYNAMO_STS_SECRET: 's3cret' });
    assert.equal(flagged.stsSecret, undefined);
    assert.equal(flagged.stsSecretFile, 'flag.key');
  });

  test('the STS secret never shows when the configuration is logged', () => {
    const config = parse([], { SQYNAMO_STS_SECRET: 's3cret' });
    assert.equal(config.stsSecret, 's3cret');
    assert.ok(!JSON.stringify(config).includes('s3cret'));
  });
});

test('HTTP limits: defaults, flags over the environment, fractions of seconds', () => {
  const defaults = parse([]);
  assert.deepEqual([defaults.headersTimeoutMs, defaults.requestTimeoutMs, defaults.keepAliveTimeoutMs, defaults.maxConnections], [10_000, 60_000, 65_000, 1024]);
  const set = parse(['--headers-timeout', '0.5', '--request-timeout=2', '--keep-alive-timeout', '5', '--max-connections', '10'], { SQYNAMO_MAX_CONNECTIONS: '99', SQYNAMO_HEADERS_TIMEOUT: '1' });
  assert.deepEqual([set.headersTimeoutMs, set.requestTimeoutMs, set.keepAliveTimeoutMs, set.maxConnections], [500, 2000, 5000, 10]);
  const env = parse([], { SQYNAMO_HEADERS_TIMEOUT: '3', SQYNAMO_REQUEST_TIMEOUT: '30', SQYNAMO_KEEP_ALIVE_TIMEOUT: '7', SQYNAMO_MAX_CONNECTIONS: '99' });
  assert.deepEqual([env.headersTimeoutMs, env.requestTimeoutMs, env.keepAliveTimeoutMs, env.maxConnections], [3000, 30_000, 7000, 99]);
});

test('HTTP limits: positive, and headers within the request timeout', () => {
  assert.throws(() => parse(['--request-timeout', '0']), new ConfigError("--request-timeout must be more than 0 seconds, got '0'"));
  assert.throws(() => parse(['--max-connections', '0']), new ConfigError('--max-connections must be between 1 and 1000000, got 0'));
  assert.throws(() => parse(['--headers-timeout', '70']), new ConfigError('--headers-timeout (70 s) must not exceed --request-timeout (60 s)'));
});

test('--keep-alive-timeout: 5 s in DynamoDB Local mode unless given', () => {
  assert.equal(parse(['-sharedDb']).keepAliveTimeoutMs, 5000);
  assert.equal(parse(['-sharedDb', '--keep-alive-timeout', '30']).keepAliveTimeoutMs, 30_000);
  assert.equal(parse(['-inMemory'], { SQYNAMO_KEEP_ALIVE_TIMEOUT: '2' }).keepAliveTimeoutMs, 2000);
});

const parseAny = (argv: string[], env: Record<string, string> = {}, exists = false) => parseConfig(argv, env, { fileExists: () => exists, cores: () => 2 });

test("DynamoDB Local mode: selected by --compat or by any of DynamoDB Local's flags, with their meanings", () => {
  const c = parse(['-sharedDb', '-inMemory', '-port', '8001']);
  assert.equal(c.compat, 'dynamodb-local');
  assert.equal(c.sharedDb, true);
  assert.equal(c.inMemory, true);
  assert.equal(c.port, 8001);
  assert.equal(c.logLevel, 'warn');
  assert.equal(c.console, false);
  assert.equal(parse(['-sharedDb', '--console', 'on']).console, true);
  assert.equal(parse(['-dbPath', '/tmp/x']).dataDir, '/tmp/x');
  assert.equal(parse(['-disableTelemetry']).dataDir, '.');
  assert.equal(parse(['-delayTransientStatuses']).tableStatusDelayMs, 5000);
  assert.deepEqual(parse(['-cors', 'http://a.test,http://b.test']).corsOrigins, ['http://a.test', 'http://b.test']);
  assert.equal(parse(['--compat', 'dynamodb-local']).compat, 'dynamodb-local');
  assert.equal(parse([], { SQYNAMO_COMPAT: 'dynamodb-local' }).compat, 'dynamodb-local');
  assert.equal(parse(['-sharedDb', '--log-level', 'info']).logLevel, 'info');
  assert.equal(parseAny(['-help']), 'help');
  assert.equal(parseAny(['-version']), 'version');
  assert.equal(parseAny(['--version']), 'version');
  // AWS mode by default
  const aws = parse([]);
  assert.equal(aws.compat, 'aws');
  assert.equal(aws.dataDir, './data');
  assert.equal(aws.logLevel, 'info');
});

test('DynamoDB Local mode refuses what configures authentication, and its own impossible combinations', () => {
  assert.throws(() => parse(['-sharedDb', '--access-keys', 'k.csv']), /DynamoDB Local mode accepts any access key without checking signatures; it cannot be combined with --access-keys/);
  assert.throws(() => parse(['-inMemory', '--no-test-credentials']), /cannot be combined with --no-test-credentials/);
  assert.throws(() => parse(['--compat', 'dynamodb-local'], { SQYNAMO_ACCESS_KEYS: 'k.csv' }), /cannot be combined with SQYNAMO_ACCESS_KEYS/);
  assert.throws(() => parse(['-sharedDb', '--iam-account', '123456789012']), /cannot be combined with --iam-account/);
  assert.throws(() => parse(['-inMemory', '-dbPath', '/x']), /You can't specify both -dbPath and -inMemory at once/);
  assert.throws(() => parse(['-optimizeDbBeforeStartup']), /-optimizeDbBeforeStartup needs -dbPath/);
  assert.throws(() => parse(['--compat', 'aws', '-sharedDb']), /-sharedDb is a DynamoDB Local flag: it cannot be combined with --compat aws/);
  assert.throws(() => parse(['--shared-db']), /DynamoDB Local mode flag/);
  // ./access_keys.csv is not loaded in DynamoDB Local mode, and is in AWS mode
  assert.equal((parseAny(['-sharedDb'], {}, true) as Config).accessKeysFile, undefined);
  assert.equal((parseAny([], {}, true) as Config).accessKeysFile, './access_keys.csv');
});

test('--cors, --metrics, --log-level, --access-log, --log-format and their variables', () => {
  assert.equal(parse([]).corsOrigins, '*');
  assert.equal(parse(['--cors', 'off']).corsOrigins, 'off');
  assert.deepEqual(parse([], { SQYNAMO_CORS: 'HTTP://Localhost:3000' }).corsOrigins, ['http://localhost:3000']);
  assert.throws(() => parse(['--cors', 'localhost']), /'localhost' is not an origin/);
  const d = parse([]);
  assert.deepEqual([d.metrics, d.metricsPort, d.metricsHost, d.metricsAccountLabel, d.accessLog, d.logFormat], [true, undefined, '0.0.0.0', false, true, 'auto']);
  const m = parse(['--metrics-port', '9464', '--metrics-host', '127.0.0.1', '--metrics-account-label', '--access-log', 'off', '--log-format', 'json']);
  assert.deepEqual([m.metricsPort, m.metricsHost, m.metricsAccountLabel, m.accessLog, m.logFormat], [9464, '127.0.0.1', true, false, 'json']);
  assert.equal(parse(['--metrics', 'off']).metrics, false);
  assert.equal(parse([], { SQYNAMO_METRICS_PORT: '9100' }).metricsPort, 9100);
  assert.equal(parse(['-v']).logLevel, 'debug');
  assert.equal(parse(['--log-level', 'silent']).logLevel, 'silent');
  assert.equal(parse([], { SQYNAMO_LOG_LEVEL: 'error' }).logLevel, 'error');
  assert.throws(() => parse(['--log-level', 'loud']), /--log-level must be one of trace, debug, info, warn, error, silent, got 'loud'/);
  assert.throws(() => parse(['--access-log', 'yes']), /--access-log must be 'on' or 'off', got 'yes'/);
});

test('--metrics-tables: off on the main port, on when /metrics has a port of its own', () => {
  assert.equal(parse([]).metricsTables, false);
  assert.equal(parse(['--metrics-port', '9464']).metricsTables, true);
  assert.equal(parse(['--metrics-port', '9464', '--metrics-tables', 'off']).metricsTables, false);
  assert.equal(parse(['--metrics-tables', 'on']).metricsTables, true);
});
