import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchUsageError, parseBenchArgs, SCALE_SCENARIOS, type BenchOptions } from './args.js';
import { DEFAULT_SCENARIOS } from './scenarios.js';
import { SERVER_NAMES } from './servers.js';

function parse(argv: string[]): BenchOptions {
  const options = parseBenchArgs(argv);
  assert.notEqual(options, 'help');
  return options as BenchOptions;
}

describe('parseBenchArgs', () => {
  test('defaults: every server and scenario, a complete run', () => {
    const o = parse([]);
    assert.equal(o.durationS, 8);
    assert.equal(o.warmupS, 2);
    assert.equal(o.concurrency, 32);
    assert.equal(o.items, 10_000);
    assert.equal(o.retries, 0);
    assert.deepEqual(o.servers, SERVER_NAMES);
    assert.deepEqual(o.scenarios, DEFAULT_SCENARIOS);
    assert.equal(o.complete, true);
  });

  test('flags with values, both spellings', () => {
    const o = parse(['--duration', '3', '--warmup=0.5', '--concurrency', '8', '--seed', '9', '--retries', '2']);
    assert.deepEqual([o.durationS, o.warmupS, o.concurrency, o.seed, o.retries], [3, 0.5, 8, 9, 2]);
    assert.equal(o.complete, true);
  });

  test('--only and --scenarios keep the canonical order, accept aliases, and make a partial run', () => {
    const o = parse(['--only', 'ceiling,sqynamo', '--scenarios', 'update,GetItem,put']);
    assert.deepEqual(o.servers, ['sqynamo', 'ceiling']);
    assert.deepEqual(o.scenarios, ['PutItem', 'GetItem', 'UpdateItem']);
    assert.equal(o.complete, false);
  });

  test('--only knows the one-worker Sqynamo, which runs right after the default one', () => {
    assert.deepEqual(SERVER_NAMES, ['sqynamo', 'sqynamo-auto', 'dynalite', 'ceiling']);
    assert.deepEqual(parse(['--only', 'dynalite,Sqynamo-auto']).servers, ['sqynamo-auto', 'dynalite']);
    assert.deepEqual(parse(['--only', 'sqynamo']).servers, ['sqynamo']);
  });

  test('scale mode defaults to GetItem and Query', () => {
    const o = parse(['--items', '1000000']);
    assert.equal(o.items, 1_000_000);
    assert.deepEqual(o.scenarios, SCALE_SCENARIOS);
    assert.equal(o.complete, true);
  });

  test('--sqynamo-args and --cpu-prof', () => {
    const o = parse(['--sqynamo-args', ' --sync  normal ', '--cpu-prof', '/tmp/prof']);
    assert.deepEqual(o.sqynamoArgs, ['--sync', 'normal']);
    assert.equal(o.cpuProfDir, '/tmp/prof');
    assert.equal(o.complete, false);
  });

  test('--help', () => assert.equal(parseBenchArgs(['--help']), 'help'));

  const bad: [string[], RegExp][] = [
    [['--duration', '0'], /--duration needs a number between 0.5 and 3600/],
    [['--concurrency', '2.5'], /--concurrency needs a whole number/],
    [['--items', '1'], /--items/],
    [['--only', 'dynamo'], /unknown name 'dynamo'/],
    [['--scenarios', ''], /comma-separated list/],
    [['--bogus'], /unknown option '--bogus'/],
    [['--retries', '11'], /--retries needs a whole number between 0 and 10/],
    [['--cpu-prof'], /needs a directory/],
  ];
  for (const [argv, message] of bad) {
    test(`refuses ${argv.join(' ')}`, () => assert.throws(() => parseBenchArgs(argv), (err: unknown) => err instanceof BenchUsageError && message.test(err.message)));
  }
});
