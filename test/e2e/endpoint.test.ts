/**
 * DYNAMODB_ENDPOINT: the end-to-end tests run against an endpoint they did not start
 * (here another Sqynamo, as it could be another engine or a real DynamoDB).
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function run(args: string[], endpoint: string): Promise<{ code: number; output: string }> {
  // the child is a test run of its own, not a subtest reporting to this one
  const env: NodeJS.ProcessEnv = { ...process.env, DYNAMODB_ENDPOINT: endpoint };
  delete env.NODE_TEST_CONTEXT;
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

describe('DYNAMODB_ENDPOINT', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('runs a test file against that endpoint instead of a server of its own', async () => {
    const { code, output } = await run(['--test', here('./items.test.js')], t.url);
    assert.equal(code, 0, output);
    // the tables the file created are in the endpoint's storage
    assert.deepEqual((await t.client().send(new ListTablesCommand({}))).TableNames, ['Composite', 'SortedS', 'Things']);
  });

  test('a test that needs a server of its own says so', async () => {
    const script = `import(${JSON.stringify(here('../helpers/server.js'))}).then((m) => m.startTestServer({ args: ['--no-test-credentials'] })).then(() => process.exit(0), (err) => { console.error(err.message); process.exit(3); });`;
    const { code, output } = await run(['--input-type=module', '-e', script], t.url);
    assert.equal(code, 3);
    assert.match(output, /this test needs a server of its own \(--no-test-credentials\); it cannot run against DYNAMODB_ENDPOINT=/);
  });
});
