import assert from 'node:assert/strict';
import { test } from 'node:test';
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
