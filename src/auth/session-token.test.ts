import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deriveTokenKey, openSessionToken, sealSessionToken, type SessionClaims } from './session-token.js';

const claims: SessionClaims = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'secretsecretsecretsecretsecretsecret0000',
  accountId: '123456789012',
  principalArn: 'arn:aws:iam::123456789012:root',
  userId: '123456789012',
  expiresAt: 1_800_000_000_000,
  sourceAccessKeyId: 'AKIAEXAMPLEEXAMPLE01',
  kind: 'session',
};

describe('session tokens', () => {
  const key = deriveTokenKey('operator secret');

  test('seal then open gives the claims back', () => {
    assert.deepEqual(openSessionToken(key, sealSessionToken(key, claims)), claims);
    const role = { ...claims, kind: 'role' as const, principalArn: 'arn:aws:sts::123456789012:assumed-role/R/s', userId: 'AROAEXAMPLE:s' };
    assert.deepEqual(openSessionToken(key, sealSessionToken(key, role)), role);
  });

  test('is standard base64 and does not show the secret', () => {
    const token = sealSessionToken(key, claims);
    assert.match(token, /^[A-Za-z0-9+/]+={0,2}$/);
    assert.ok(!Buffer.from(token, 'base64').toString('latin1').includes(claims.secretAccessKey));
    assert.ok(!token.includes(claims.accountId));
  });

  test('two seals of the same claims differ (fresh iv)', () => {
    assert.notEqual(sealSessionToken(key, claims), sealSessionToken(key, claims));
  });

  test('a token sealed under another secret does not open', () => {
    assert.equal(openSessionToken(deriveTokenKey('another secret'), sealSessionToken(key, claims)), undefined);
  });

  test('any flipped byte makes it fail to open', () => {
    const bytes = Buffer.from(sealSessionToken(key, claims), 'base64');
    for (let i = 0; i < bytes.length; i += 7) {
      const tampered = Buffer.from(bytes);
      tampered[i] ^= 0x01;
      assert.equal(openSessionToken(key, tampered.toString('base64')), undefined, `byte ${i}`);
    }
  });

  const malformed: [string, string][] = [
    ['empty', ''],
    ['not base64', 'not a token!'],
    ['too short', Buffer.alloc(20).toString('base64')],
    ['wrong version', Buffer.concat([Buffer.from([2]), Buffer.alloc(60)]).toString('base64')],
    ['far too long', 'A'.repeat(9000)],
  ];
  for (const [name, token] of malformed) {
    test(`${name}: does not open`, () => assert.equal(openSessionToken(key, token), undefined));
  }

  test('truncated tokens do not open', () => {
    const token = sealSessionToken(key, claims);
    assert.equal(openSessionToken(key, token.slice(0, -8)), undefined);
  });

  test('the key derivation is deterministic, 32 bytes, and refuses an empty secret', () => {
    assert.deepEqual(deriveTokenKey('s'), deriveTokenKey('s'));
    assert.equal(deriveTokenKey('s').length, 32);
    assert.notDeepEqual(deriveTokenKey('s'), deriveTokenKey('t'));
    assert.throws(() => deriveTokenKey(''), /must not be empty/);
  });
});
