import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccessKeyRecord } from '../auth/access-keys-file.js';
import { chooseIamAccount, reservedIds } from './control-plane.js';

const record = (accessKeyId: string, accountId: string, line: number): AccessKeyRecord => ({ accessKeyId, secretAccessKey: 'x', accountId, line });
const records = [record('ADMIN', '100000000001', 1), record('OTHER', '200000000002', 2)];

describe('the IAM account', () => {
  test("is the first row's account by default", () => assert.equal(chooseIamAccount(undefined, records), '100000000001'));
  test('or the one --iam-account names', () => assert.equal(chooseIamAccount('200000000002', records), '200000000002'));
  test('none without access keys', () => assert.equal(chooseIamAccount(undefined, []), undefined));
  test('--iam-account must be an account of the file', () => {
    assert.throws(() => chooseIamAccount('300000000003', records), /--iam-account 300000000003 is not an account of access_keys.csv/);
    assert.throws(() => chooseIamAccount('300000000003', []), /not an account of access_keys.csv/);
  });
});

describe('ids the IAM table may not take', () => {
  test("the test account and keys, the file's accounts and keys, the IAM account", () => {
    const reserved = reservedIds('100000000001', records);
    assert.equal(reserved.accountIds.get('000000000000'), "the built-in test credentials' account");
    assert.equal(reserved.accountIds.get('100000000001'), 'the IAM account');
    assert.equal(reserved.accountIds.get('200000000002'), 'an account of access_keys.csv');
    assert.equal(reserved.accessKeyIds.get('fake'), 'a built-in test credential');
    assert.equal(reserved.accessKeyIds.get('ADMIN'), 'a key of access_keys.csv');
    assert.equal(reserved.accountIds.get('123456789012'), undefined);
  });
});
