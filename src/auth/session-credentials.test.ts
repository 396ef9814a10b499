import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuthenticationFailure } from './auth-failure.js';
import { sessionCredentialResolver } from './session-credentials.js';
import { deriveTokenKey, sealSessionToken, type SessionClaims } from './session-token.js';

const key = deriveTokenKey('k');
const claims: SessionClaims = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'tempsecret',
  accountId: '123456789012',
  principalArn: 'arn:aws:iam::123456789012:root',
  userId: '123456789012',
  expiresAt: 10_000,
  sourceAccessKeyId: 'AKIASOURCE',
  kind: 'session',
};

function resolver(now: number, longTerm: Record<string, string> = { AKIASOURCE: '123456789012' }) {
  return sessionCredentialResolver({ key, now: () => now, longTermAccount: (id) => longTerm[id] });
}

function failure(fn: () => unknown): AuthenticationFailure {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AuthenticationFailure, String(err));
    return err;
  }
  throw new Error('expected a failure');
}

describe('session credential resolver', () => {
  const token = sealSessionToken(key, claims);

  test('resolves a valid token to its secret, account and principal, echoing the token', () => {
    const found = resolver(9_999).resolve(claims.accessKeyId, token);
    assert.deepEqual(found, {
      accessKeyId: claims.accessKeyId,
      secretAccessKey: 'tempsecret',
      accountId: '123456789012',
      principalArn: 'arn:aws:iam::123456789012:root',
      userId: '123456789012',
      sessionToken: token,
    });
  });

  test('leaves other keys, and ASIA keys without a token, to the rest of the chain', () => {
    assert.equal(resolver(0).resolve('AKIASOURCE', token), undefined);
    assert.equal(resolver(0).resolve(claims.accessKeyId, undefined), undefined);
  });

  test('expired at expiresAt: ExpiredTokenException', () => {
    const err = failure(() => resolver(10_000).resolve(claims.accessKeyId, token));
    assert.equal(err.code, 'ExpiredTokenException');
    assert.equal(err.message, 'The security token included in the request is expired');
    assert.match(err.reason, /expired at/);
  });

  const invalid: [string, () => unknown, RegExp][] = [
    ['tampered token', () => resolver(0).resolve(claims.accessKeyId, token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11)), /does not open/],
    ['token of another key', () => resolver(0).resolve('ASIAOTHEROTHEROTHER1', token), /belongs to access key ASIAEXAMPLEEXAMPLE01/],
    ['issuing key gone', () => resolver(0, {}).resolve(claims.accessKeyId, token), /no longer active/],
    ['issuing key now in another account', () => resolver(0, { AKIASOURCE: '999999999999' }).resolve(claims.accessKeyId, token), /no longer active/],
  ];
  for (const [name, fn, reason] of invalid) {
    test(`${name}: UnrecognizedClientException "...is invalid" (no period)`, () => {
      const err = failure(fn);
      assert.equal(err.code, 'UnrecognizedClientException');
      assert.equal(err.message, 'The security token included in the request is invalid');
      assert.match(err.reason, reason);
    });
  }
});
