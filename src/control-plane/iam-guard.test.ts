import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject, OperationContext } from '../api/context.js';
import { DynamoDBError } from '../errors.js';
import type { Item } from '../model/attribute-value.js';
import type { TenantStore } from '../storage/types.js';
import { IAM_TABLE_NAME } from './accounts-table.js';
import { checkWrite, createIamGuard, isIamTable, tablesNamed, type ReservedIds } from './iam-guard.js';

const IAM = '100000000001';
const SECRET = 'abcdefghijklmnopqrstuvwxyz0123456789ABCD';

function row(id: string, keys: Record<string, string> = {}, extra: Record<string, unknown> = {}): [string, { json: string; item: Item }] {
  const item = {
    AccountId: { S: id },
    Name: { S: 'team' },
    AccessKeys: { M: Object.fromEntries(Object.entries(keys).map(([k, status]) => [k, { M: { SecretAccessKey: { S: SECRET }, Status: { S: status } } }])) },
    ...extra,
  } as Item;
  return [id, { json: JSON.stringify(item), item }];
}

const none: ReservedIds = { accountIds: new Map(), accessKeyIds: new Map() };

function validationMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DynamoDBError && err.code === 'ValidationException', String(err));
    return err.message;
  }
  throw new Error('expected a ValidationException');
}

describe('which tables a request names', () => {
  test('TableName, ResourceArn, RequestItems and TransactItems', () => {
    assert.deepEqual(tablesNamed({ TableName: 'a' }), ['a']);
    assert.deepEqual(tablesNamed({ ResourceArn: 'arn:x' }), ['arn:x']);
    assert.deepEqual(tablesNamed({ RequestItems: { a: [], b: [] } }), ['a', 'b']);
    assert.deepEqual(
      tablesNamed({ TransactItems: [{ Put: { TableName: 'a' } }, { ConditionCheck: { TableName: 'b' } }, { Get: { TableName: 'c' } }, 'junk'] }),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(tablesNamed({}), []);
  });

  test('the IAM table by name, or by an ARN of the IAM account in any region', () => {
    assert.ok(isIamTable(IAM_TABLE_NAME, IAM));
    assert.ok(isIamTable(`arn:aws:dynamodb:us-east-1:${IAM}:table/${IAM_TABLE_NAME}`, IAM));
    assert.ok(isIamTable(`arn:aws:dynamodb:eu-west-1:${IAM}:table/${IAM_TABLE_NAME}`, IAM));
    assert.ok(!isIamTable(`arn:aws:dynamodb:us-east-1:222222222222:table/${IAM_TABLE_NAME}`, IAM));
    assert.ok(!isIamTable('Users', IAM));
  });
});

describe('checks of a write to the IAM table', () => {
  test('lists creations, renames, status and key changes, deletions', () => {
    const before = new Map([row('111111111111', { AKIAAAAAAAAAAAAAAAA1: 'Active', AKIAAAAAAAAAAAAAAAA2: 'Active' }), row('222222222222')]);
    const after = new Map([
      row('111111111111', { AKIAAAAAAAAAAAAAAAA1: 'Inactive', AKIAAAAAAAAAAAAAAAA3: 'Active' }, { Name: { S: 'renamed' }, Status: { S: 'Disabled' } }),
      row('333333333333', { AKIAAAAAAAAAAAAAAAA4: 'Active' }),
    ]);
    assert.deepEqual(checkWrite(before, after, none), [
      { event: 'account.renamed', accountId: '111111111111', name: 'renamed' },
      { event: 'account.disabled', accountId: '111111111111' },
      { event: 'key.deactivated', accountId: '111111111111', accessKeyId: 'AKIAAAAAAAAAAAAAAAA1' },
      { event: 'key.created', accountId: '111111111111', accessKeyId: 'AKIAAAAAAAAAAAAAAAA3' },
      { event: 'key.deleted', accountId: '111111111111', accessKeyId: 'AKIAAAAAAAAAAAAAAAA2' },
      { event: 'account.created', accountId: '333333333333', name: 'team' },
      { event: 'key.created', accountId: '333333333333', accessKeyId: 'AKIAAAAAAAAAAAAAAAA4' },
      { event: 'account.deleted', accountId: '222222222222', name: 'team' },
    ]);
  });

  test('unchanged items are not checked again (an old malformed item does not block other writes)', () => {
    const bad = row('444444444444', {}, { Status: { S: 'bogus' } });
    const before = new Map([bad]);
    const after = new Map([bad, row('111111111111')]);
    assert.deepEqual(checkWrite(before, after, none), [{ event: 'account.created', accountId: '111111111111', name: 'team' }]);
  });

  test('a malformed changed item is refused', () => {
    const message = validationMessage(() => checkWrite(new Map(), new Map([row('111111111111', {}, { Status: { S: 'bogus' } })]), none));
    assert.match(message, /Status must be the string "Active" or "Disabled"/);
  });

  test('an access key id another account holds is refused', () => {
    const before = new Map([row('111111111111', { AKIAAAAAAAAAAAAAAAA1: 'Active' })]);
    const after = new Map([...before, row('222222222222', { AKIAAAAAAAAAAAAAAAA1: 'Active' })]);
    assert.match(validationMessage(() => checkWrite(before, after, none)), /access key id AKIAAAAAAAAAAAAAAAA1 of account 222222222222 already belongs to account 111111111111/);
  });

  test('reserved account ids and key ids are refused, naming their holder', () => {
    const reserved: ReservedIds = {
      accountIds: new Map([[IAM, 'the IAM account']]),
      accessKeyIds: new Map([['AKIACSVKEYCSVKEY0001', 'a key of access_keys.csv']]),
    };
    assert.match(validationMessage(() => checkWrite(new Map(), new Map([row(IAM)]), reserved)), /AccountId 100000000001 is the IAM account$/);
    assert.match(
      validationMessage(() => checkWrite(new Map(), new Map([row('111111111111', { AKIACSVKEYCSVKEY0001: 'Active' })]), reserved)),
      /access key id AKIACSVKEYCSVKEY0001 is a key of access_keys.csv$/,
    );
  });
});

describe('the guard', () => {
  const store = { accountId: IAM, region: 'us-east-1' } as unknown as TenantStore;
  const ctx = (accountId: string, region = 'us-east-1'): OperationContext =>
    ({ caller: { accessKeyId: 'K', accountId, region, principalArn: `arn:aws:iam::${accountId}:root` }, store, operation: 'X' }) as unknown as OperationContext;
  const tenants: string[] = [];
  const guard = createIamGuard({
    iamAccountId: IAM,
    tenant: (a, r) => {
      tenants.push(`${a}/${r}`);
      return { accountId: a, region: r } as unknown as TenantStore;
    },
    reserved: () => none,
    onChange: () => undefined,
    log: { info: () => undefined },
  });
  const echo = (_request: JsonObject, c: OperationContext): JsonObject => ({ region: c.caller.region, store: c.store.region });

  test('other accounts pass straight through, even naming the IAM table', () => {
    assert.deepEqual(guard('DeleteTable', { TableName: IAM_TABLE_NAME }, ctx('222222222222'), echo), { region: 'us-east-1', store: 'us-east-1' });
  });

  test('the IAM account on other tables passes straight through', () => {
    assert.deepEqual(guard('DeleteTable', { TableName: 'Users' }, ctx(IAM, 'eu-west-1'), echo), { region: 'eu-west-1', store: 'us-east-1' });
  });

  test('reads of the IAM table from another region are served from the IAM region', () => {
    assert.deepEqual(guard('GetItem', { TableName: IAM_TABLE_NAME }, ctx(IAM, 'eu-west-1'), echo), { region: 'us-east-1', store: 'us-east-1' });
    assert.deepEqual(tenants, [`${IAM}/us-east-1`]);
  });

  test('a request naming the IAM table and others must be made in the IAM region', () => {
    assert.throws(
      () => guard('BatchGetItem', { RequestItems: { [IAM_TABLE_NAME]: {}, Users: {} } }, ctx(IAM, 'eu-west-1'), echo),
      /is in region us-east-1: a request that also names other tables must be made in us-east-1/,
    );
  });

  for (const [operation, request] of [
    ['DeleteTable', { TableName: IAM_TABLE_NAME }],
    ['CreateTable', { TableName: IAM_TABLE_NAME }],
    ['UpdateTable', { TableName: `arn:aws:dynamodb:us-east-1:${IAM}:table/${IAM_TABLE_NAME}` }],
    ['TagResource', { ResourceArn: `arn:aws:dynamodb:us-east-1:${IAM}:table/${IAM_TABLE_NAME}` }],
    ['ExecuteStatement', { Statement: `DELETE FROM "${IAM_TABLE_NAME}" WHERE AccountId = '1'` }],
  ] as const) {
    test(`${operation} on the IAM table: AccessDeniedException`, () => {
      assert.throws(
        () => guard(operation, request, ctx(IAM), echo),
        (err: unknown) =>
          err instanceof DynamoDBError &&
          err.code === 'AccessDeniedException' &&
          err.message ===
            `User: arn:aws:iam::${IAM}:root is not authorized to perform: dynamodb:${operation} on resource: arn:aws:dynamodb:us-east-1:${IAM}:table/${IAM_TABLE_NAME} with an explicit deny in a resource-based policy`,
      );
    });
  }
});
