import assert from '../../../test/helpers/assert.js';
import { describe, test } from 'node:test';
import type { Item } from '../../model/attribute-value.js';
import { IAM_TABLE_NAME } from '../accounts-table.js';
import { accountOfAccessKeyId } from '../ids.js';
import { AdminError, createAccount, createKey, deleteKey, listAccounts, rotateKey, runAdminCommand, setAccountStatus, setKeyStatus } from './commands.js';
import { DynamoDBCallError } from './dynamodb-client.js';

const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);
const SECRET = 'abcdefghijklmnopqrstuvwxyz0123456789ABCD';

type Call = { operation: string; request: Record<string, unknown> };

/** A scripted server: answers (or errors) in order, recording the calls. */
function scripted(...answers: (Record<string, unknown> | DynamoDBCallError)[]) {
  const calls: Call[] = [];
  return {
    calls,
    deps: {
      now: () => NOW,
      call: async (operation: string, request: Record<string, unknown>) => {
        calls.push({ operation, request });
        const answer = answers.shift();
        if (answer === undefined) throw new Error(`unexpected call ${operation}`);
        if (answer instanceof DynamoDBCallError) throw answer;
        return answer;
      },
    },
  };
}

const conditionFailed = () => new DynamoDBCallError('ConditionalCheckFailedException', 'The conditional request failed', 400);

function accountItem(id: string, keys: string[], extra: Record<string, unknown> = {}): Item {
  return {
    AccountId: { S: id },
    Name: { S: 'team-a' },
    Status: { S: 'Active' },
    AccessKeys: { M: Object.fromEntries(keys.map((k) => [k, { M: { SecretAccessKey: { S: SECRET }, Status: { S: 'Active' } } }])) },
    ...extra,
  } as Item;
}

async function rejects(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => err instanceof AdminError && message.test(err.message));
}

describe('accounts create', () => {
  test('puts a new account with one key, only if the id is unused', async () => {
    const s = scripted({});
    const out = await createAccount(s.deps, 'team-a');
    assert.match(out.AccountId, /^\d{12}$/);
    assert.match(out.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(accountOfAccessKeyId(out.AccessKeyId), out.AccountId);
    assert.equal(out.SecretAccessKey.length, 40);
    const { operation, request } = s.calls[0];
    assert.equal(operation, 'PutItem');
    assert.equal(request.TableName, IAM_TABLE_NAME);
    assert.equal(request.ConditionExpression, 'attribute_not_exists(AccountId)');
    assert.deepEqual(request.Item, {
      AccountId: { S: out.AccountId },
      Name: { S: 'team-a' },
      Status: { S: 'Active' },
      CreateDate: { S: '2026-01-31T12:00:00Z' },
      AccessKeys: { M: { [out.AccessKeyId]: { M: { SecretAccessKey: { S: out.SecretAccessKey }, Status: { S: 'Active' }, CreateDate: { S: '2026-01-31T12:00:00Z' } } } } },
    });
  });

  test('draws another id when the first one exists', async () => {
    const s = scripted(conditionFailed(), {});
    const out = await createAccount(s.deps, 'team-a');
    assert.equal(s.calls.length, 2);
    assert.deepEqual((s.calls[1].request.Item as Item).AccountId, { S: out.AccountId });
  });

  test('a given id that exists is an error', async () => {
    await rejects(createAccount(scripted(conditionFailed()).deps, 'team-a', '123456789012'), /account 123456789012 already exists/);
  });

  test("the server's refusal is reported with its code", async () => {
    const refusal = new DynamoDBCallError('ValidationException', 'Invalid item for the IAM table sqynamo-accounts: Name must be ...', 400);
    await rejects(createAccount(scripted(refusal).deps, 'bad name'), /^ValidationException: Invalid item for the IAM table/);
  });

  test('no IAM table: a hint about the credentials', async () => {
    const notFound = new DynamoDBCallError('ResourceNotFoundException', 'Requested resource not found', 400);
    await rejects(createAccount(scripted(notFound).deps, 'team-a'), /are these the IAM account's credentials/);
  });
});

describe('accounts list', () => {
  test('pages through the table; shows no secrets; sorts by name', async () => {
    const s = scripted(
      { Items: [accountItem('222222222222', ['AKIABBBBBBBBBBBBBBB1'], { Name: { S: 'zeta' } })], LastEvaluatedKey: { AccountId: { S: '222222222222' } } },
      { Items: [accountItem('111111111111', ['AKIAAAAAAAAAAAAAAAA1'], { Name: { S: 'alpha' } }), { AccountId: { S: '333333333333' }, Name: { N: '1' } }] },
    );
    const out = await listAccounts(s.deps);
    assert.deepEqual(s.calls[1].request.ExclusiveStartKey, { AccountId: { S: '222222222222' } });
    assert.deepEqual(out.Accounts, [
      { AccountId: '333333333333', Name: '', Status: 'Invalid', AccessKeys: [] },
      { AccountId: '111111111111', Name: 'alpha', Status: 'Active', AccessKeys: [{ AccessKeyId: 'AKIAAAAAAAAAAAAAAAA1', Status: 'Active' }] },
      { AccountId: '222222222222', Name: 'zeta', Status: 'Active', AccessKeys: [{ AccessKeyId: 'AKIABBBBBBBBBBBBBBB1', Status: 'Active' }] },
    ]);
    assert.ok(!JSON.stringify(out).includes(SECRET));
  });
});

describe('account and key updates', () => {
  test('disable sets Status on an existing account', async () => {
    const s = scripted({ Attributes: accountItem('111111111111', [], { Status: { S: 'Disabled' } }) });
    const out = await setAccountStatus(s.deps, '111111111111', 'Disabled');
    assert.equal(out.Status, 'Disabled');
    assert.deepEqual(s.calls[0].request, {
      TableName: IAM_TABLE_NAME,
      Key: { AccountId: { S: '111111111111' } },
      ReturnValues: 'ALL_NEW',
      UpdateExpression: 'SET #status = :status',
      ConditionExpression: 'attribute_exists(AccountId)',
      ExpressionAttributeNames: { '#status': 'Status' },
      ExpressionAttributeValues: { ':status': { S: 'Disabled' } },
    });
  });

  test('disable of an unknown account', async () => {
    await rejects(setAccountStatus(scripted(conditionFailed()).deps, '111111111111', 'Disabled'), /no account 111111111111/);
  });

  test('keys create adds a key to the map', async () => {
    const s = scripted({ Item: accountItem('111111111111', ['AKIAAAAAAAAAAAAAAAA1']) }, { Attributes: accountItem('111111111111', ['AKIAAAAAAAAAAAAAAAA1']) });
    const out = await createKey(s.deps, '111111111111');
    assert.equal(accountOfAccessKeyId(out.AccessKeyId), '111111111111');
    assert.equal(s.calls[1].request.UpdateExpression, 'SET AccessKeys.#new = :key');
    assert.deepEqual(s.calls[1].request.ExpressionAttributeNames, { '#new': out.AccessKeyId });
  });

  test('keys create on an account without keys sets the whole map', async () => {
    const s = scripted({ Item: accountItem('111111111111', []) }, { Attributes: accountItem('111111111111', []) });
    await createKey(s.deps, '111111111111');
    assert.equal(s.calls[1].request.UpdateExpression, 'SET AccessKeys = :keys');
  });

  test('keys create beyond two keys is refused before writing', async () => {
    const s = scripted({ Item: accountItem('111111111111', ['AKIAAAAAAAAAAAAAAAA1', 'AKIAAAAAAAAAAAAAAAA2']) });
    await rejects(createKey(s.deps, '111111111111'), /already has 2 access keys/);
    assert.equal(s.calls.length, 1);
  });

  test('keys create for an unknown account', async () => {
    await rejects(createKey(scripted({}).deps, '111111111111'), /no account 111111111111/);
  });

  test('keys rotate replaces the only key in one write', async () => {
    const s = scripted({ Item: accountItem('111111111111', ['AKIAAAAAAAAAAAAAAAA1']) }, { Attributes: accountItem('111111111111', []) });
    const out = await rotateKey(s.deps, '111111111111');
    assert.equal(out.ReplacedAccessKeyId, 'AKIAAAAAAAAAAAAAAAA1');
    assert.equal(s.calls[1].request.UpdateExpression, 'SET AccessKeys.#new = :key REMOVE AccessKeys.#old');
    assert.deepEqual(s.calls[1].request.ExpressionAttributeNames, { '#new': out.AccessKeyId, '#old': 'AKIAAAAAAAAAAAAAAAA1' });
  });

  test('keys rotate with two keys needs the one to replace', async () => {
    const two = accountItem('111111111111', ['AKIAAAAAAAAAAAAAAAA1', 'AKIAAAAAAAAAAAAAAAA2']);
    await rejects(rotateKey(scripted({ Item: two }).deps, '111111111111'), /name the one to rotate with --access-key-id/);
    await rejects(rotateKey(scripted({ Item: two }).deps, '111111111111', 'AKIAZZZZZZZZZZZZZZZ1'), /has no access key AKIAZZZZZZZZZZZZZZZ1/);
  });

  test('keys delete / disable target one key, which must exist', async () => {
    const s = scripted({ Attributes: accountItem('111111111111', []) }, { Attributes: accountItem('111111111111', []) }, conditionFailed());
    await deleteKey(s.deps, '111111111111', 'AKIAAAAAAAAAAAAAAAA1');
    assert.equal(s.calls[0].request.UpdateExpression, 'REMOVE AccessKeys.#key');
    await setKeyStatus(s.deps, '111111111111', 'AKIAAAAAAAAAAAAAAAA1', 'Inactive');
    assert.equal(s.calls[1].request.UpdateExpression, 'SET AccessKeys.#key.#status = :status');
    assert.deepEqual(s.calls[1].request.ExpressionAttributeValues, { ':status': { S: 'Inactive' } });
    await rejects(deleteKey(s.deps, '111111111111', 'AKIAAAAAAAAAAAAAAAA9'), /has no access key AKIAAAAAAAAAAAAAAAA9/);
  });

  test('runAdminCommand dispatches by command', async () => {
    const s = scripted({ Attributes: accountItem('111111111111', [], { Status: { S: 'Active' } }) });
    const out = await runAdminCommand(s.deps, { command: 'accounts enable', accountId: '111111111111', endpoint: 'http://x' });
    assert.equal((out as { Status: string }).Status, 'Active');
    assert.deepEqual((s.calls[0].request.ExpressionAttributeValues as Record<string, unknown>)[':status'], { S: 'Active' });
  });
});
