import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chainResolvers,
  rootCredential,
  TEST_ACCOUNT_ID,
  TEST_CREDENTIALS,
  testCredentialResolver,
  type CredentialResolver,
  type ResolvedCredential,
} from './credentials.js';

const fixed = (id: string, accountId: string): CredentialResolver => ({
  resolve: (key) => (key === id ? rootCredential(id, `${id}-secret`, accountId) : undefined),
});
const async = (inner: CredentialResolver): CredentialResolver => ({
  resolve: async (key, token) => inner.resolve(key, token),
});

describe('test credentials', () => {
  const expected: [string, string][] = [
    ['fake', 'fake'],
    ['ACCESS', 'SECRET'],
    ['key', 'secret'],
    ['fakeMyKeyId', 'fakeSecretAccessKey'],
    ['local', 'local'],
    ['dummy', 'dummy'],
    ['test', 'test'],
    ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ];
  test('are the well-known local ones', () => {
    assert.deepEqual(
      TEST_CREDENTIALS.map((c) => [c.accessKeyId, c.secretAccessKey]),
      expected,
    );
    assert.ok(Object.isFrozen(TEST_CREDENTIALS));
  });

  for (const [accessKeyId, secretAccessKey] of expected) {
    test(`${accessKeyId} resolves to the root of the test account`, () => {
      assert.deepEqual(testCredentialResolver().resolve(accessKeyId, undefined), {
        accessKeyId,
        secretAccessKey,
        accountId: TEST_ACCOUNT_ID,
        principalArn: 'arn:aws:iam::000000000000:root',
        userId: '000000000000',
      });
    });
  }

  test('an unknown key is not resolved', () => {
    assert.equal(testCredentialResolver().resolve('AKIAI44QH8DHBEXAMPLE', undefined), undefined);
    assert.equal(testCredentialResolver().resolve('FAKE', undefined), undefined);
  });

  test('a session token is accepted and echoed', () => {
    const found = testCredentialResolver().resolve('fake', 'tok') as ResolvedCredential;
    assert.equal(found.sessionToken, 'tok');
    assert.equal(found.accountId, TEST_ACCOUNT_ID);
  });
});

describe('chainResolvers', () => {
  test('the first resolver that knows the key wins', () => {
    const chain = chainResolvers(fixed('a', '111111111111'), fixed('b', '222222222222'), fixed('a', '333333333333'));
    assert.equal((chain.resolve('a', undefined) as ResolvedCredential).accountId, '111111111111');
    assert.equal((chain.resolve('b', undefined) as ResolvedCredential).accountId, '222222222222');
    assert.equal(chain.resolve('c', undefined), undefined);
  });

  test('stays synchronous over synchronous resolvers', () => {
    const result = chainResolvers(fixed('a', '111111111111')).resolve('a', undefined);
    assert.ok(!(result instanceof Promise));
  });

  test('continues past asynchronous misses', async () => {
    const chain = chainResolvers(async(fixed('x', '999999999999')), fixed('a', '111111111111'), async(fixed('b', '222222222222')));
    assert.equal((await chain.resolve('a', undefined))?.accountId, '111111111111');
    assert.equal((await chain.resolve('b', undefined))?.accountId, '222222222222');
    assert.equal((await chain.resolve('x', undefined))?.accountId, '999999999999');
    assert.equal(await chain.resolve('nope', undefined), undefined);
  });

  test('passes the session token along', () => {
    const seen: (string | undefined)[] = [];
    const spy: CredentialResolver = {
      resolve: (_id, token) => {
        seen.push(token);
        return undefined;
      },
    };
    chainResolvers(spy, spy).resolve('a', 'tok');
    assert.deepEqual(seen, ['tok', 'tok']);
  });

  test('an empty chain knows nothing', () => {
    assert.equal(chainResolvers().resolve('a', undefined), undefined);
  });

  test('a resolver error stops the search', async () => {
    const failing: CredentialResolver = { resolve: () => Promise.reject(new Error('boom')) };
    await assert.rejects(Promise.resolve(chainResolvers(failing, fixed('a', '111111111111')).resolve('a', undefined)), /boom/);
  });
});
