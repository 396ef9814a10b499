import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { GENERATED_SECRET_FILE, loadStsSecret } from './sts-secret.js';

describe('the STS secret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqynamo-sts-secret-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('from the environment first', () => {
    assert.deepEqual(loadStsSecret({ secret: 's3cr3t', file: join(dir, 'nope'), dataDir: dir }), { secret: 's3cr3t', origin: 'environment' });
  });

  test('from a file, trimmed', () => {
    const file = join(dir, 'secret.txt');
    writeFileSync(file, '  from-file\n');
    assert.deepEqual(loadStsSecret({ file, dataDir: dir }), { secret: 'from-file', origin: 'file', file });
  });

  test('an empty or missing file is an error', () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '\n');
    assert.throws(() => loadStsSecret({ file: empty }), /the STS secret file is empty/);
    assert.throws(() => loadStsSecret({ file: join(dir, 'missing.txt') }), /ENOENT/);
  });

  test('generated once in the data directory, private, and reused', () => {
    const first = loadStsSecret({ dataDir: dir });
    assert.equal(first.origin, 'generated');
    assert.equal(first.file, join(dir, GENERATED_SECRET_FILE));
    assert.match(first.secret, /^[0-9a-f]{64}$/);
    assert.equal(statSync(join(dir, GENERATED_SECRET_FILE)).mode & 0o777, 0o600);
    assert.equal(loadStsSecret({ dataDir: dir }).secret, first.secret);
  });

  test('in memory mode: random per process', () => {
    const a = loadStsSecret({});
    assert.equal(a.origin, 'memory');
    assert.notEqual(loadStsSecret({}).secret, a.secret);
  });
});
