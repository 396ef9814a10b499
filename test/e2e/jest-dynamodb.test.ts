/**
 * A small jest project with the @shelf/jest-dynamodb preset (test/fixtures/jest-project), run
 * by jest as a child process against a server in DynamoDB Local mode, as a project that used
 * DynamoDB Local runs it. The preset waits for GET / to answer 400, creates its tables, and
 * deletes them after the tests.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PROJECT = fileURLToPath(new URL('../../../test/fixtures/jest-project/', import.meta.url));
// jest's package exports hide its bin: found beside its package.json
const JEST = join(dirname(createRequire(import.meta.url).resolve('jest/package.json')), 'bin', 'jest.js');

let t: TestServer;
before(async () => {
  t = await startTestServer({ args: ['-sharedDb'] });
});
after(() => t.close());

test('jest with the @shelf/jest-dynamodb preset passes against DynamoDB Local mode', async () => {
  const started = Date.now();
  const run = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      [JEST, '--config', 'jest.config.js', '--ci', '--colors=false'],
      {
        cwd: PROJECT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SQYNAMO_JEST_PORT: String(t.server.port), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        // the preset waits for GET / = 400 forever: a server answering 200 would end here
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: stdout + stderr }),
    );
  });
  assert.equal(run.code, 0, run.output);
  assert.match(run.output, /Tests:\s+2 passed, 2 total/);
  // jest exits once its clients' idle connections close: 5 s in DynamoDB Local mode, not 65
  assert.ok(Date.now() - started < 30_000, `jest took ${Date.now() - started} ms`);
  // the preset's teardown deleted its table
  const tables = await t.client({ accessKeyId: 'anyone', secretAccessKey: 'x' }, 'localhost').send(new ListTablesCommand({}));
  assert.deepEqual(tables.TableNames, []);
});
