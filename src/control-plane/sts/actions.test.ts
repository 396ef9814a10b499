import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deriveTokenKey, openSessionToken, type SessionClaims } from '../../auth/session-token.js';
import type { VerifiedIdentity } from '../../auth/sigv4-verify.js';
import { accountOfAccessKeyId, generateAccessKeyId } from '../ids.js';
import { assumeRole, formatExpiration, getAccessKeyInfo, getCallerIdentity, getSessionToken, type StsCaller, type StsDeps, type StsParams } from './actions.js';
import { StsError } from './sts-error.js';

const ACCOUNT = '123456789012';
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0, 500);
const tokenKey = deriveTokenKey('test');
const deps: StsDeps = { now: () => NOW, tokenKey, accountOfKey: (id) => (id === 'AKIACSVKEYCSVKEY0001' ? '555555555555' : undefined) };

const root: VerifiedIdentity = {
  accessKeyId: 'AKIAROOTROOTROOTROOT',
  accountId: ACCOUNT,
  region: 'us-east-1',
  service: 'sts',
  principalArn: `arn:aws:iam::${ACCOUNT}:root`,
  userId: ACCOUNT,
};
const rootCaller: StsCaller = { identity: root };

const params = (entries: Record<string, string> = {}): StsParams => new Map(Object.entries(entries));

function stsError(fn: () => unknown): StsError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof StsError, String(err));
    return err;
  }
  throw new Error('expected an StsError');
}

type Creds = { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };

function claimsOf(creds: Creds): SessionClaims {
  const claims = openSessionToken(tokenKey, creds.SessionToken);
  assert.ok(claims);
  return claims;
}

describe('GetCallerIdentity', () => {
  test('answers Arn, UserId and Account of the signer', () => {
    assert.deepEqual(getCallerIdentity(params(), rootCaller, deps), { Arn: `arn:aws:iam::${ACCOUNT}:root`, UserId: ACCOUNT, Account: ACCOUNT });
  });
});

describe('GetAccessKeyInfo', () => {
  test('a key known here answers its account', () => {
    assert.deepEqual(getAccessKeyInfo(params({ AccessKeyId: 'AKIACSVKEYCSVKEY0001' }), rootCaller, deps), { Account: '555555555555' });
  });

  test('an AWS-shaped key answers the account it carries, even unknown or temporary', () => {
    const temp = generateAccessKeyId('ASIA', '777777777777');
    assert.deepEqual(getAccessKeyInfo(params({ AccessKeyId: temp }), rootCaller, deps), { Account: '777777777777' });
  });

  const invalid: [string, Record<string, string>, string][] = [
    ['missing', {}, "1 validation error detected: Value null at 'accessKeyId' failed to satisfy constraint: Member must not be null"],
    ['too short', { AccessKeyId: 'fake' }, "1 validation error detected: Value 'fake' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16"],
    [
      'bad characters',
      { AccessKeyId: 'AKIA-AAAA-AAAA-AAAA' },
      "1 validation error detected: Value 'AKIA-AAAA-AAAA-AAAA' at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]*",
    ],
  ];
  for (const [name, p, message] of invalid) {
    test(`${name}: ValidationError`, () => {
      const err = stsError(() => getAccessKeyInfo(params(p), rootCaller, deps));
      assert.equal(err.code, 'ValidationError');
      assert.equal(err.status, 400);
      assert.equal(err.message, message);
    });
  }

  test('an unknown key that carries no account: ValidationError', () => {
    assert.equal(stsError(() => getAccessKeyInfo(params({ AccessKeyId: 'somethingelse_0001' }), rootCaller, deps)).code, 'ValidationError');
  });
});

describe('GetSessionToken', () => {
  test('issues ASIA credentials of the caller, cut to one hour for a root user', () => {
    const { Credentials } = getSessionToken(params({ DurationSeconds: '7200' }), rootCaller, deps) as { Credentials: Creds };
    assert.match(Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(accountOfAccessKeyId(Credentials.AccessKeyId), ACCOUNT);
    assert.equal(Credentials.SecretAccessKey.length, 40);
    assert.equal(Credentials.Expiration, '2026-01-01T13:00:00Z');
    assert.deepEqual(claimsOf(Credentials), {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      accountId: ACCOUNT,
      principalArn: `arn:aws:iam::${ACCOUNT}:root`,
      userId: ACCOUNT,
      expiresAt: Date.parse('2026-01-01T13:00:00Z'),
      sourceAccessKeyId: root.accessKeyId,
      kind: 'session',
    });
  });

  test('a shorter duration is kept', () => {
    const { Credentials } = getSessionToken(params({ DurationSeconds: '900' }), rootCaller, deps) as { Credentials: Creds };
    assert.equal(Credentials.Expiration, '2026-01-01T12:15:00Z');
  });

  test('a non-root principal gets the 12-hour default', () => {
    const user = { identity: { ...root, principalArn: `arn:aws:iam::${ACCOUNT}:user/u`, userId: 'AIDAEXAMPLE' } };
    const { Credentials } = getSessionToken(params(), user, deps) as { Credentials: Creds };
    assert.equal(Credentials.Expiration, '2026-01-02T00:00:00Z');
  });

  const bounds: [string, string][] = [
    ['899', "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"],
    ['129601', "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600"],
    ['soon', "1 validation error detected: Value 'soon' at 'durationSeconds' failed to satisfy constraint: Member must be an integer"],
  ];
  for (const [value, message] of bounds) {
    test(`DurationSeconds=${value}: ValidationError`, () => {
      const err = stsError(() => getSessionToken(params({ DurationSeconds: value }), rootCaller, deps));
      assert.equal(err.code, 'ValidationError');
      assert.equal(err.message, message);
    });
  }

  test('not with session credentials: AccessDenied', () => {
    const { Credentials } = getSessionToken(params(), rootCaller, deps) as { Credentials: Creds };
    const err = stsError(() => getSessionToken(params(), { identity: root, session: claimsOf(Credentials) }, deps));
    assert.equal(err.code, 'AccessDenied');
    assert.equal(err.status, 403);
    assert.equal(err.message, 'Cannot call GetSessionToken with session credentials');
  });
});

describe('AssumeRole', () => {
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/app/Admin`;

  test('issues credentials of the assumed role, one hour by default', () => {
    const result = assumeRole(params({ RoleArn: roleArn, RoleSessionName: 'ci-job' }), rootCaller, deps) as { Credentials: Creds; AssumedRoleUser: { Arn: string; AssumedRoleId: string } };
    assert.equal(result.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/ci-job`);
    assert.match(result.AssumedRoleUser.AssumedRoleId, /^AROA[A-Z2-7]{17}:ci-job$/);
    assert.equal(result.Credentials.Expiration, '2026-01-01T13:00:00Z');
    const claims = claimsOf(result.Credentials);
    assert.equal(claims.kind, 'role');
    assert.equal(claims.principalArn, result.AssumedRoleUser.Arn);
    assert.equal(claims.userId, result.AssumedRoleUser.AssumedRoleId);
    assert.equal(claims.sourceAccessKeyId, root.accessKeyId);
  });

  test('up to 12 hours', () => {
    const result = assumeRole(params({ RoleArn: roleArn, RoleSessionName: 's1', DurationSeconds: '43200' }), rootCaller, deps) as { Credentials: Creds };
    assert.equal(result.Credentials.Expiration, '2026-01-02T00:00:00Z');
  });

  test("another account's role, or not a role: AccessDenied as AWS words it", () => {
    for (const arn of ['arn:aws:iam::210987654321:role/Admin', `arn:aws:iam::${ACCOUNT}:user/Admin`]) {
      const err = stsError(() => assumeRole(params({ RoleArn: arn, RoleSessionName: 's1' }), rootCaller, deps));
      assert.equal(err.code, 'AccessDenied');
      assert.equal(err.message, `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
    }
  });

  test('constraint failures are listed together', () => {
    const err = stsError(() => assumeRole(params({ RoleArn: 'arn:aws:iam::1:r', RoleSessionName: 'a b', DurationSeconds: '43201' }), rootCaller, deps));
    assert.equal(
      err.message,
      "3 validation errors detected: Value 'arn:aws:iam::1:r' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20; " +
        "Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; " +
        "Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
    );
  });

  test('required members', () => {
    const err = stsError(() => assumeRole(params(), rootCaller, deps));
    assert.equal(
      err.message,
      "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    );
  });

  test('role chaining: with role credentials, at most one hour', () => {
    const first = assumeRole(params({ RoleArn: roleArn, RoleSessionName: 's1' }), rootCaller, deps) as { Credentials: Creds };
    const chained: StsCaller = { identity: { ...root, accessKeyId: first.Credentials.AccessKeyId }, session: claimsOf(first.Credentials) };
    const err = stsError(() => assumeRole(params({ RoleArn: roleArn, RoleSessionName: 's2', DurationSeconds: '3601' }), chained, deps));
    assert.equal(err.message, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    const second = assumeRole(params({ RoleArn: roleArn, RoleSessionName: 's2' }), chained, deps) as { Credentials: Creds };
    assert.equal(claimsOf(second.Credentials).sourceAccessKeyId, root.accessKeyId);
  });
});

describe('formatExpiration', () => {
  test('ISO 8601 UTC without fractions', () => assert.equal(formatExpiration(Date.UTC(2026, 0, 1, 0, 0, 0, 999)), '2026-01-01T00:00:00Z'));
});
