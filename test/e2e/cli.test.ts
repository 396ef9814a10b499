/**
 * The `sqynamo` command: `accounts ...`/`keys ...` against a running server, signed with the
 * admin key from the AWS environment variables or a profile, and `sqynamo` alone starting the
 * server. The CLI runs as a child process, as an operator runs it.
 */
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { expectError, startTestServer, tempDir, type Credentials, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../../package.json', import.meta.url));
const IAM_ACCOUNT = '100000000001';
const ADMIN: Credentials = { accessKeyId: 'AKIAADMINADMINADMIN1', secretAccessKey: 'adminSecretAdminSecretAdminSecret0000000' };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with a clean environment: only what the test gives it. */
function sqynamo(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const home = tempDir('sqynamo-cli-home-');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          AWS_CONFIG_FILE: join(home, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
          AWS_EC2_METADATA_DISABLED: 'true',
          ...env,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const adminEnv = { AWS_ACCESS_KEY_ID: ADMIN.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey };

function json<T>(run: Run): T {
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

type Created = { AccountId: string; Name: string; AccessKeyId: string; SecretAccessKey: string };
type Summary = { AccountId: string; Name: string; Status: string; AccessKeys: { AccessKeyId: string; Status: string }[] };

describe('sqynamo accounts / keys', () => {
  let t: TestServer;
  const cli = (args: string[], env: Record<string, string> = adminEnv) => sqynamo([...args, '--endpoint-url', t.url], env);
  const keyOf = (c: { AccessKeyId: string; SecretAccessKey: string }): Credentials => ({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey });

  before(async () => {
    const file = join(tempDir(), 'access_keys.csv');
    writeFileSync(file, `${ADMIN.accessKeyId},${ADMIN.secretAccessKey},${IAM_ACCOUNT},,\n`);
    t = await startTestServer({ args: ['--access-keys', file, '--no-test-credentials'] });
  });
  after(() => t.close());

  test('accounts create prints a 12-digit account, an AWS-shaped key and a 40-character secret that work', async () => {
    const created = json<Created>(await cli(['accounts', 'create', '--name', 'team-a']));
    assert.match(created.AccountId, /^\d{12}$/);
    assert.match(created.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(created.SecretAccessKey.length, 40);
    assert.equal(created.Name, 'team-a');
    const a = t.client(keyOf(created));
    const table = await a.send(
      new CreateTableCommand(tableInput('Tasks', 'pk:S')),
    );
    assert.equal(table.TableDescription?.TableArn, `arn:aws:dynamodb:us-east-1:${created.AccountId}:table/Tasks`);
  });

  test('accounts create with a chosen id, once', async () => {
    const created = json<Created>(await cli(['accounts', 'create', '--name', 'team-b', '--account-id', '222222222222']));
    assert.equal(created.AccountId, '222222222222');
    const again = await cli(['accounts', 'create', '--name', 'team-b2', '--account-id', '222222222222']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^sqynamo: account 222222222222 already exists\n$/);
  });

  test("the server's rules apply to the CLI: a bad name, a reserved account id", async () => {
    const bad = await cli(['accounts', 'create', '--name', 'team a']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /ValidationException: Invalid item for the IAM table sqynamo-accounts: Name must be 1 to 64 characters/);
    const reserved = await cli(['accounts', 'create', '--name', 'x', '--account-id', IAM_ACCOUNT]);
    assert.match(reserved.stderr, /AccountId 100000000001 is the IAM account/);
  });

  test('accounts list shows accounts and keys, never secrets', async () => {
    const created = json<Created>(await cli(['accounts', 'create', '--name', 'team-list']));
    const run = await cli(['accounts', 'list']);
    const { Accounts } = json<{ Accounts: Summary[] }>(run);
    const mine = Accounts.find((a) => a.AccountId === created.AccountId);
    assert.deepEqual(mine && { ...mine, CreateDate: undefined, AccessKeys: mine.AccessKeys.map((k) => ({ ...k, CreateDate: undefined })) }, {
      AccountId: created.AccountId,
      Name: 'team-list',
      Status: 'Active',
      CreateDate: undefined,
      AccessKeys: [{ AccessKeyId: created.AccessKeyId, Status: 'Active', CreateDate: undefined }],
    });
    assert.ok(!run.stdout.includes(created.SecretAccessKey));
  });

  test('accounts disable refuses the keys at once; enable restores them', async () => {
    const created = json<Created>(await cli(['accounts', 'create', '--name', 'team-d']));
    const d = t.client(keyOf(created));
    assert.ok(await d.send(new ListTablesCommand({})));
    assert.equal(json<Summary>(await cli(['accounts', 'disable', '--account-id', created.AccountId])).Status, 'Disabled');
    await expectError(d.send(new ListTablesCommand({})), 'UnrecognizedClientException');
    assert.equal(json<Summary>(await cli(['accounts', 'enable', '--account-id', created.AccountId])).Status, 'Active');
    assert.ok(await d.send(new ListTablesCommand({})));
    const missing = await cli(['accounts', 'disable', '--account-id', '909090909090']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no account 909090909090/);
  });

  test('keys create / rotate / disable / enable / delete', async () => {
    const created = json<Created>(await cli(['accounts', 'create', '--name', 'team-k']));
    const first = keyOf(created);
    const second = json<Created>(await cli(['keys', 'create', '--account-id', created.AccountId]));
    assert.match(second.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.ok(await t.client(keyOf(second)).send(new ListTablesCommand({})));
    const third = await cli(['keys', 'create', '--account-id', created.AccountId]);
    assert.equal(third.code, 1);
    assert.match(third.stderr, /already has 2 access keys/);

    const rotated = json<Created & { ReplacedAccessKeyId: string }>(await cli(['keys', 'rotate', '--account-id', created.AccountId, '--access-key-id', first.accessKeyId]));
    assert.equal(rotated.ReplacedAccessKeyId, first.accessKeyId);
    await expectError(t.client(first).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    assert.ok(await t.client(keyOf(rotated)).send(new ListTablesCommand({})));

    const disabled = json<Summary>(await cli(['keys', 'disable', '--account-id', created.AccountId, '--access-key-id', second.AccessKeyId]));
    assert.deepEqual(disabled.AccessKeys.find((k) => k.AccessKeyId === second.AccessKeyId)?.Status, 'Inactive');
    await expectError(t.client(keyOf(second)).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    json<Summary>(await cli(['keys', 'enable', '--account-id', created.AccountId, '--access-key-id', second.AccessKeyId]));
    assert.ok(await t.client(keyOf(second)).send(new ListTablesCommand({})));

    const deleted = json<Summary>(await cli(['keys', 'delete', '--account-id', created.AccountId, '--access-key-id', second.AccessKeyId]));
    assert.deepEqual(deleted.AccessKeys.map((k) => k.AccessKeyId), [rotated.AccessKeyId]);
    await expectError(t.client(keyOf(second)).send(new ListTablesCommand({})), 'UnrecognizedClientException');
    const gone = await cli(['keys', 'delete', '--account-id', created.AccountId, '--access-key-id', second.AccessKeyId]);
    assert.match(gone.stderr, new RegExp(`has no access key ${second.AccessKeyId}`));
  });

  test('credentials from a profile of the shared credentials file', async () => {
    const home = tempDir('sqynamo-cli-profile-');
    const credentials = join(home, 'credentials');
    writeFileSync(credentials, `[sqynamo-admin]\naws_access_key_id = ${ADMIN.accessKeyId}\naws_secret_access_key = ${ADMIN.secretAccessKey}\n`);
    const run = await cli(['accounts', 'list', '--profile', 'sqynamo-admin'], { AWS_SHARED_CREDENTIALS_FILE: credentials });
    assert.ok(Array.isArray(json<{ Accounts: unknown[] }>(run).Accounts));
    const viaEnv = await cli(['accounts', 'list'], { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_PROFILE: 'sqynamo-admin', AWS_REGION: 'eu-central-1' });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
  });

  test("a root user's credentials are not the admin's", async () => {
    const created = json<Created>(await cli(['accounts', 'create', '--name', 'team-x']));
    const run = await cli(['accounts', 'list'], { AWS_ACCESS_KEY_ID: created.AccessKeyId, AWS_SECRET_ACCESS_KEY: created.SecretAccessKey });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /ResourceNotFoundException: .*are these the IAM account's credentials/);
  });

  test('no credentials, a wrong secret, no server', async () => {
    const none = await cli(['accounts', 'list'], {});
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no AWS credentials found/);
    const wrong = await cli(['accounts', 'list'], { AWS_ACCESS_KEY_ID: ADMIN.accessKeyId, AWS_SECRET_ACCESS_KEY: 'wrong' });
    assert.match(wrong.stderr, /InvalidSignatureException: The request signature we calculated does not match/);
    const down = await sqynamo(['accounts', 'list', '--endpoint-url', 'http://127.0.0.1:9'], adminEnv);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /could not connect to http:\/\/127.0.0.1:9/);
  });

  test('usage: --help, unknown commands and missing options', async () => {
    const help = await sqynamo(['accounts', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /accounts create --name <name>/);
    for (const [args, message] of [
      [['accounts', 'remove'], /unknown command 'accounts remove'/],
      [['keys', 'delete', '--account-id', '123456789012'], /'keys delete' needs --access-key-id/],
    ] as const) {
      const run = await sqynamo([...args]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
    }
  });
});

describe('sqynamo without a subcommand', () => {
  test('starts the server, as npm start does, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--host', '127.0.0.1', '--in-memory'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const m = /Sqynamo listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^healthy: /);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });

  test('--help shows the server options and points to the admin commands', async () => {
    const run = await sqynamo(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--iam-account <id>/);
    assert.match(run.stdout, /sqynamo accounts\|keys <command>/);
  });

  test('package.json names the bundled cli.mjs as the sqynamo bin, and it is a node script', () => {
    const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { bin: Record<string, string> };
    assert.equal(pkg.bin.sqynamo, 'dist/cli.mjs');
    assert.match(readFileSync(fileURLToPath(new URL('../../cli.mjs', import.meta.url)), 'utf8'), /^#!\/usr\/bin\/env node\n/);
    assert.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });
});
