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

test('--console: on by default, on|off by flag or SQYNAMO_CONSOLE, the flag winning', () => {
  assert.equal(parse([]).console, true);
  assert.equal(parse(['--console', 'off']).console, false);
  assert.equal(parse(['--console=on'], { SQYNAMO_CONSOLE: 'off' }).console, true);
  assert.equal(parse([], { SQYNAMO_CONSOLE: 'off' }).console, false);
  assert.throws(() => parse(['--console', 'yes']), new ConfigError("--console must be 'on' or 'off', got 'yes'"));
  assert.throws(() => parse(['--console']), new ConfigError('--console needs a value'));
});
