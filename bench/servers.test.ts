import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_NAMES, SERVERS } from './servers.js';

describe('SERVERS', () => {
  test('one spec per name, in the order they run', () => {
    assert.deepEqual(Object.keys(SERVERS), [...SERVER_NAMES]);
    for (const name of SERVER_NAMES) assert.equal(SERVERS[name].name, name);
  });
  test('both Sqynamo servers run the same bundle; the cluster one ends with --workers auto (after any extra flags)', () => {
    const dflt = SERVERS.sqynamo.args(8000, '/data', ['--workers', '4']);
    const one = SERVERS['sqynamo-auto'].args(8000, '/data', ['--workers', '4']);
    assert.match(dflt[0]!, /dist\/sqynamo\.mjs$/);
    assert.equal(one[0], dflt[0]);
    assert.deepEqual(one.slice(0, dflt.length), dflt);
    assert.deepEqual(one.slice(-2), ['--workers', 'auto']);
    assert.ok(!SERVERS.sqynamo.args(8000, '/data', []).includes('--workers'), 'the default Sqynamo is started as a user starts it');
    assert.deepEqual([SERVERS.sqynamo.sqynamo, SERVERS['sqynamo-auto'].sqynamo, SERVERS.dynalite.sqynamo, SERVERS.ceiling.sqynamo], [true, true, false, false]);
    assert.equal(SERVERS['sqynamo-auto'].label, 'Sqynamo --workers auto');
  });
  test('every server binds loopback only', () => {
    for (const name of SERVER_NAMES) {
      const args = SERVERS[name].args(8000, '/data', []);
      assert.equal(args[args.indexOf('--host') + 1], '127.0.0.1');
    }
  });
});
