/**
 * The data directory is 0700 and every file in it 0600 whatever the umask (account files
 * hold root users' secret keys); looser modes found at startup are tightened and logged. A
 * data directory that cannot be used stops startup within a second, naming the path and
 * the reason. Runs the bundle `npm start` runs, under a umask of 000.
 */
import assert from 'node:assert/strict';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { chmodSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { logRecords, startBundle } from '../helpers/bundle.js';
import { FAKE, tempDir } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** Starts the bundle under `umask 000`. */
const start = (dataDir: string, args: string[] = []) => startBundle(['--data-dir', dataDir, ...args], { umask: '000' });

describe('data directory', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('created 0700 with every file 0600 under umask 000, and tightened at the next start', async () => {
    const parent = tempDir('sqynamo-modes-');
    dirs.push(parent);
    const dataDir = join(parent, 'data', 'nested');
    const server = await start(dataDir);
    assert.ok(server.url, server.output());
    const client = new DynamoDBClient({ endpoint: server.url!, region: 'us-east-1', credentials: FAKE, maxAttempts: 1 });
    await client.send(new CreateTableCommand(tableInput('Secret', 'pk:S')));
    await client.send(new PutItemCommand({ TableName: 'Secret', Item: { pk: { S: 'k' } } }));
    const files = readdirSync(dataDir).sort();
    assert.deepEqual(files, ['account-000000000000.sqlite3', 'account-000000000000.sqlite3-shm', 'account-000000000000.sqlite3-wal', 'sts-secret.key']);
    assert.equal(mode(dataDir), '700');
    assert.equal(mode(join(parent, 'data')), '700');
    for (const file of files) assert.equal(mode(join(dataDir, file)), '600', file);
    client.destroy();
    await server.stop();

    // loosened by hand (or by an older version): the next start tightens and logs each
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'account-000000000000.sqlite3'), 0o644);
    writeFileSync(join(dataDir, 'notes.txt'), 'x', { mode: 0o666 });
    chmodSync(join(dataDir, 'notes.txt'), 0o666);
    const again = await start(dataDir);
    assert.ok(again.url, again.output());
    await again.stop();
    assert.equal(mode(dataDir), '700');
    for (const file of readdirSync(dataDir)) assert.equal(mode(join(dataDir, file)), '600', file);
    const logged = logRecords<{ path: string; from: string; to: string }>(again.output(), 'data directory permissions tightened');
    assert.deepEqual(
      logged.map((r) => [r.path.slice(dataDir.length), r.from, r.to]).sort(),
      [['', '755', '700'], ['/account-000000000000.sqlite3', '644', '600'], ['/notes.txt', '666', '600']],
    );
  });

  test("DynamoDB Local mode checks its directory but leaves the modes of what is in it (by default the current directory)", async () => {
    const dir = tempDir('sqynamo-local-modes-');
    dirs.push(dir);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'package.json'), '{}');
    chmodSync(join(dir, 'package.json'), 0o644);
    const server = await startBundle(['-dbPath', dir, '-sharedDb'], { umask: '000' });
    assert.ok(server.url, server.output());
    await server.stop();
    assert.equal(mode(dir), '755');
    assert.equal(mode(join(dir, 'package.json')), '644');
    assert.deepEqual(logRecords(server.output(), 'data directory permissions tightened'), []);
    // and an unusable one still stops it at once
    const refused = await startBundle(['-dbPath', '/proc/sqynamo-nope', '-sharedDb']);
    assert.equal(await refused.exited, 1);
    assert.match(refused.output(), /data directory \/proc\/sqynamo-nope cannot be created: ENOENT/);
  });

  const file = join(tempDir('sqynamo-file-'), 'a-file');
  writeFileSync(file, 'not a directory');
  dirs.push(file);
  const unusable: [string, string, RegExp][] = [
    ['not creatable', '/proc/sqynamo-nope', /data directory \/proc\/sqynamo-nope cannot be created: ENOENT/],
    ['a file', file, /data directory .*a-file is not a directory/],
    ['under a file', join(file, 'sub'), /data directory .*a-file\/sub cannot be used: ENOTDIR/],
    ['not writable', '/sys', /data directory \/sys is not writable: EACCES/],
  ];
  /** How long the bundle takes to start and exit at once (--help): what a failed startup may add a second to. */
  let bareMs = 0;
  test('the bundle answers --help (the time it takes to start and stop at all)', async () => {
    const began = Date.now();
    const help = await startBundle(['--help']);
    assert.equal(await help.exited, 0);
    bareMs = Date.now() - began;
  });
  for (const [what, dir, message] of unusable) {
    for (const workers of ['1', '2']) {
      test(`a data directory ${what} stops startup within a second (--workers ${workers})`, async () => {
        const began = Date.now();
        const server = await start(dir, ['--workers', workers]);
        const code = await server.exited;
        assert.equal(server.url, undefined);
        assert.equal(code, 1);
        assert.ok(Date.now() - began < bareMs + 1000, `took ${Date.now() - began} ms (a bare start and exit: ${bareMs} ms)`);
        assert.match(server.output(), message);
        assert.match(server.output(), /^sqynamo: /m);
      });
    }
  }
});
