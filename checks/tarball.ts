/**
 * The package as npm users get it: `npm pack` makes the tarball, it installs into an empty
 * directory (dependencies from the npm cache when there, else the registry; better-sqlite3
 * compiles, about a minute), and `npx sqynamo --version`, `--help` and the server itself work.
 *
 * Not part of `npm test` (the install alone takes over a minute): .ci/run runs it as its own
 * step (`node --test dist/checks/tarball.js` after the build; `npm run test:package` builds first).
 * It lives outside test/: node's test runner runs every file under a `test` directory.
 */
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../src/version.js';
import { listeningUrl, stop } from '../test/helpers/process.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'sqynamo-package-'));
const app = join(work, 'app');

function run(command: string, args: string[], cwd: string, timeout = 300_000): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout, env: process.env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

before(async () => {
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], REPO);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack made no tarball');
  rmSync(app, { recursive: true, force: true });
  const { mkdirSync } = await import('node:fs');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'empty-app', private: true }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)], app);
});
after(() => rmSync(work, { recursive: true, force: true }));

test('npx sqynamo --version and --help', async () => {
  assert.equal((await run('npx', ['--no-install', 'sqynamo', '--version'], app)).stdout, `sqynamo ${VERSION}\n`);
  const help = (await run('npx', ['--no-install', 'sqynamo', '--help'], app)).stdout;
  assert.match(help, /^Usage: sqynamo \[options\]/);
  assert.match(help, /-sharedDb/);
});

for (const args of [['--in-memory'], ['-sharedDb', '-inMemory']]) {
  test(`sqynamo ${args.join(' ')} serves signed calls`, async () => {
    // the installed bin itself (npx does not pass SIGTERM on to it)
    const child = spawn(join(app, 'node_modules', '.bin', 'sqynamo'), ['--port', '0', '--host', '127.0.0.1', ...args], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const { url } = await listeningUrl(child);
      const db = new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
      assert.deepEqual((await db.send(new ListTablesCommand({}))).TableNames, []);
      db.destroy();
      assert.equal((await fetch(url + '/health')).status, 200);
      assert.equal((await fetch(url + '/')).status, args[0] === '-sharedDb' ? 400 : 200);
      // the web console's assets are in the package (the console is off in DynamoDB Local mode)
      assert.equal((await fetch(url + '/console/')).status, args[0] === '-sharedDb' ? 404 : 200);
      // the large-body lane's worker thread (without its script, bodies over 1 MB are checked on the main thread)
      assert.ok(existsSync(join(app, 'node_modules', 'sqynamo', 'dist', 'large-body-worker.mjs')), 'dist/large-body-worker.mjs is in the package');
    } finally {
      assert.equal(await stop(child), 0);
    }
  });
}
