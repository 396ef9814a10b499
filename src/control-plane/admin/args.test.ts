import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAdminCommand, parseAdminArgs, UsageError } from './args.js';

describe('admin command line', () => {
  test('accounts/keys are admin commands; anything else is for the server', () => {
    assert.ok(isAdminCommand(['accounts', 'list']));
    assert.ok(isAdminCommand(['keys']));
    assert.ok(!isAdminCommand([]));
    assert.ok(!isAdminCommand(['--port', '8000']));
  });

  const parsed: [string[], Record<string, string>][] = [
    [['accounts', 'create', '--name', 'team-a'], { command: 'accounts create', name: 'team-a', endpoint: 'http://localhost:8000' }],
    [['accounts', 'create', '--name=team-a', '--account-id', '123456789012'], { command: 'accounts create', name: 'team-a', accountId: '123456789012', endpoint: 'http://localhost:8000' }],
    [['accounts', 'list', '--endpoint-url', 'http://h:9000', '--region', 'eu-west-1', '--profile', 'admin'], { command: 'accounts list', endpoint: 'http://h:9000', region: 'eu-west-1', profile: 'admin' }],
    [['keys', 'rotate', '--account-id', '123456789012'], { command: 'keys rotate', accountId: '123456789012', endpoint: 'http://localhost:8000' }],
    [['keys', 'delete', '--account-id', '123456789012', '--access-key-id', 'AKIAX'], { command: 'keys delete', accountId: '123456789012', accessKeyId: 'AKIAX', endpoint: 'http://localhost:8000' }],
  ];
  for (const [argv, expected] of parsed) {
    test(argv.join(' '), () => assert.deepEqual(parseAdminArgs(argv, {}), expected));
  }

  test('the endpoint may come from the AWS environment variables; the flag wins', () => {
    assert.equal((parseAdminArgs(['accounts', 'list'], { AWS_ENDPOINT_URL: 'http://a:1' }) as { endpoint: string }).endpoint, 'http://a:1');
    assert.equal((parseAdminArgs(['accounts', 'list'], { AWS_ENDPOINT_URL: 'http://a:1', AWS_ENDPOINT_URL_DYNAMODB: 'http://b:2' }) as { endpoint: string }).endpoint, 'http://b:2');
    assert.equal((parseAdminArgs(['accounts', 'list', '--endpoint-url', 'http://c:3'], { AWS_ENDPOINT_URL_DYNAMODB: 'http://b:2' }) as { endpoint: string }).endpoint, 'http://c:3');
  });

  test('--help anywhere', () => {
    assert.equal(parseAdminArgs(['accounts', '--help'], {}), 'help');
    assert.equal(parseAdminArgs(['keys', 'create', '--help'], {}), 'help');
  });

  const mistakes: [string[], RegExp][] = [
    [['accounts'], /missing command after 'accounts'/],
    [['accounts', 'remove'], /unknown command 'accounts remove'/],
    [['accounts', 'create'], /'accounts create' needs --name/],
    [['accounts', 'create', '--name'], /--name needs a value/],
    [['accounts', 'list', '--name', 'x'], /unknown option '--name' for 'accounts list'/],
    [['keys', 'delete', '--account-id', '123456789012'], /'keys delete' needs --access-key-id/],
    [['accounts', 'disable', '--account-id', '42'], /--account-id must be 12 digits, got '42'/],
    [['accounts', 'list', '--endpoint-url', 'localhost:8000'], /--endpoint-url must be an http\(s\) URL/],
  ];
  for (const [argv, message] of mistakes) {
    test(`usage error: ${argv.join(' ')}`, () => {
      assert.throws(() => parseAdminArgs(argv, {}), (err: unknown) => err instanceof UsageError && message.test(err.message));
    });
  }
});
