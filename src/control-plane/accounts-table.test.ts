import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DynamoDBError } from '../errors.js';
import type { Item } from '../model/attribute-value.js';
import { accountItem, IAM_TABLE_NAME, isoSeconds, parseAccountItem } from './accounts-table.js';
import { iamTableDefinition } from './control-plane.js';

const SECRET = 'abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const KEY = 'AKIAEXAMPLEEXAMPLE01';

function item(overrides: Record<string, unknown> = {}): Item {
  return {
    AccountId: { S: '123456789012' },
    Name: { S: 'team-a' },
    AccessKeys: { M: { [KEY]: { M: { SecretAccessKey: { S: SECRET } } } } },
    ...overrides,
  } as Item;
}

const PREFIX = `Invalid item for the IAM table ${IAM_TABLE_NAME}: `;

describe('IAM table items', () => {
  test('a minimal item: defaults Active for the account and its key', () => {
    assert.deepEqual(parseAccountItem(item()), {
      accountId: '123456789012',
      name: 'team-a',
      status: 'Active',
      keys: [{ accessKeyId: KEY, secretAccessKey: SECRET, status: 'Active' }],
    });
  });

  test('a full item round-trips through accountItem', () => {
    const full = item({
      Status: { S: 'Disabled' },
      CreateDate: { S: '2026-01-31T12:00:00Z' },
      AccessKeys: {
        M: {
          [KEY]: { M: { SecretAccessKey: { S: SECRET }, Status: { S: 'Inactive' }, CreateDate: { S: '2026-02-01T00:00:00.123Z' } } },
          AKIAEXAMPLEEXAMPLE02: { M: { SecretAccessKey: { S: SECRET } } },
        },
      },
    });
    const record = parseAccountItem(full);
    assert.equal(record.status, 'Disabled');
    assert.deepEqual(record.keys.map((k) => k.status), ['Inactive', 'Active']);
    assert.deepEqual(parseAccountItem(accountItem(record)), record);
  });

  test('no keys at all is an account nobody can sign for yet', () => {
    const { AccessKeys: _, ...bare } = item();
    assert.deepEqual(parseAccountItem(bare).keys, []);
    assert.deepEqual(parseAccountItem(item({ AccessKeys: { M: {} } })).keys, []);
  });

  const invalid: [string, Item, string][] = [
    ['missing Name', (() => { const { Name: _, ...rest } = item(); return rest; })(), 'Name is required (1 to 64 characters of letters, digits and +=,.@_-)'],
    ['Name of the wrong type', item({ Name: { N: '1' } }), 'Name must be a string (S): 1 to 64 characters of letters, digits and +=,.@_-'],
    ['Name with a space', item({ Name: { S: 'team a' } }), 'Name must be 1 to 64 characters of letters, digits and +=,.@_-'],
    ['AccountId not 12 digits', item({ AccountId: { S: '12345' } }), 'AccountId must be exactly 12 digits'],
    ['AccountId as a number', item({ AccountId: { N: '123456789012' } }), 'AccountId must be a string (S): exactly 12 digits'],
    ['unknown Status', item({ Status: { S: 'active' } }), 'Status must be the string "Active" or "Disabled"'],
    ['unknown attribute', item({ Owner: { S: 'x' } }), "unknown attribute 'Owner' (allowed: AccountId, Name, Status, CreateDate, AccessKeys)"],
    ['bad CreateDate', item({ CreateDate: { S: 'yesterday' } }), 'CreateDate must be an ISO 8601 date-time string (S), e.g. 2026-01-31T12:00:00Z'],
    ['AccessKeys as a list', item({ AccessKeys: { L: [] } }), 'AccessKeys must be a map (M) from access key id to {SecretAccessKey, Status, CreateDate}'],
    ['a short key id', item({ AccessKeys: { M: { AKIASHORT: { M: { SecretAccessKey: { S: SECRET } } } } } }), "access key id 'AKIASHORT' must be 16 to 128 characters of A-Z, a-z, 0-9 or _"],
    ['a key id with a dash', item({ AccessKeys: { M: { 'AKIA-EXAMPLE-EXAMPLE': { M: { SecretAccessKey: { S: SECRET } } } } } }), "access key id 'AKIA-EXAMPLE-EXAMPLE' must be 16 to 128 characters of A-Z, a-z, 0-9 or _"],
    ['a temporary key id', item({ AccessKeys: { M: { ASIAEXAMPLEEXAMPLE01: { M: { SecretAccessKey: { S: SECRET } } } } } }), "access key id 'ASIAEXAMPLEEXAMPLE01' must not start with ASIA (reserved for temporary credentials)"],
    ['a key that is not a map', item({ AccessKeys: { M: { [KEY]: { S: SECRET } } } }), `AccessKeys.${KEY} must be a map (M) with SecretAccessKey, Status and CreateDate`],
    ['a key without secret', item({ AccessKeys: { M: { [KEY]: { M: {} } } } }), `AccessKeys.${KEY}.SecretAccessKey is required (a string of 16 to 128 printable ASCII characters without spaces)`],
    ['a short secret', item({ AccessKeys: { M: { [KEY]: { M: { SecretAccessKey: { S: 'short' } } } } } }), `AccessKeys.${KEY}.SecretAccessKey must be a string of 16 to 128 printable ASCII characters without spaces`],
    ['a secret with a space', item({ AccessKeys: { M: { [KEY]: { M: { SecretAccessKey: { S: 'abcdefgh ijklmnopqrstu' } } } } } }), `AccessKeys.${KEY}.SecretAccessKey must be a string of 16 to 128 printable ASCII characters without spaces`],
    ['a bad key Status', item({ AccessKeys: { M: { [KEY]: { M: { SecretAccessKey: { S: SECRET }, Status: { S: 'Disabled' } } } } } }), `AccessKeys.${KEY}.Status must be the string "Active" or "Inactive"`],
    ['an unknown key attribute', item({ AccessKeys: { M: { [KEY]: { M: { SecretAccessKey: { S: SECRET }, Secret: { S: SECRET } } } } } }), `unknown attribute 'Secret' in AccessKeys.${KEY} (allowed: SecretAccessKey, Status, CreateDate)`],
    [
      'three keys',
      item({
        AccessKeys: {
          M: Object.fromEntries(['AKIAEXAMPLEEXAMPLE01', 'AKIAEXAMPLEEXAMPLE02', 'AKIAEXAMPLEEXAMPLE03'].map((k) => [k, { M: { SecretAccessKey: { S: SECRET } } }])),
        },
      }),
      'AccessKeys holds 3 keys; an account may have at most 2',
    ],
  ];
  for (const [name, bad, problem] of invalid) {
    test(`${name}: ValidationException saying so`, () => {
      assert.throws(
        () => parseAccountItem(bad),
        (err: unknown) => err instanceof DynamoDBError && err.code === 'ValidationException' && err.message === PREFIX + problem,
      );
    });
  }

  test('the table is keyed by AccountId, on demand and deletion-protected', () => {
    const def = iamTableDefinition('id-1', 1000);
    assert.equal(def.TableName, IAM_TABLE_NAME);
    assert.deepEqual(def.KeySchema, [{ AttributeName: 'AccountId', KeyType: 'HASH' }]);
    assert.equal(def.BillingMode, 'PAY_PER_REQUEST');
    assert.equal(def.DeletionProtectionEnabled, true);
  });

  test('isoSeconds drops the milliseconds', () => {
    assert.equal(isoSeconds(Date.UTC(2026, 0, 31, 12, 0, 0, 999)), '2026-01-31T12:00:00Z');
  });
});
