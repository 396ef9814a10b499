import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expiredToken, incompleteSignature, invalidSignature, missingAuthenticationToken, unrecognizedClient } from '../errors.js';
import { accessKeyIdOf, AuthenticationFailure, authFailureReason, logAuthFailure } from './auth-failure.js';

describe('authentication failures', () => {
  test('keep the wire form of the error they wrap', () => {
    const err = new AuthenticationFailure(unrecognizedClient(), 'account disabled');
    assert.deepEqual(err.toJSON(), unrecognizedClient().toJSON());
    assert.equal(err.status, 400);
    assert.equal(err.reason, 'account disabled');
  });

  const reasons: [string, Parameters<typeof authFailureReason>[0], string | RegExp][] = [
    ['explicit reason', new AuthenticationFailure(unrecognizedClient(), 'key inactive'), 'key inactive'],
    ['no header', missingAuthenticationToken(), 'no Authorization header'],
    ['unknown key', unrecognizedClient(), 'unknown access key id'],
    ['bad signature', invalidSignature(), 'signature does not match'],
    ['expired signature', invalidSignature('Signature expired: 20200101T000000Z is now earlier than ...'), /^signature expired/],
    ['wrong scope', invalidSignature("Credential should be scoped to correct service: 'dynamodb'. "), /^invalid signature scope/],
    ['malformed header', incompleteSignature('Authorization header requires ...'), /^malformed Authorization header/],
    ['expired token', expiredToken(), 'session token expired'],
  ];
  for (const [name, error, expected] of reasons) {
    test(`reason: ${name}`, () => {
      if (typeof expected === 'string') assert.equal(authFailureReason(error), expected);
      else assert.match(authFailureReason(error), expected);
    });
  }

  test('the access key id is read from well-formed and damaged headers alike', () => {
    const header = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=abcd';
    assert.equal(accessKeyIdOf(header), 'AKIAEXAMPLE');
    assert.equal(accessKeyIdOf('AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/2024'), 'AKIAEXAMPLE');
    assert.equal(accessKeyIdOf('Basic xyz'), undefined);
    assert.equal(accessKeyIdOf(undefined), undefined);
  });

  test('are logged with key id and reason, never the signature', () => {
    const records: { obj: Record<string, unknown>; msg: string }[] = [];
    const signature = 'f'.repeat(64);
    logAuthFailure(
      { warn: (obj, msg) => records.push({ obj: obj as Record<string, unknown>, msg }) },
      {
        requestId: 'R1',
        api: 'sts',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=${signature}`,
        error: invalidSignature(),
      },
    );
    assert.deepEqual(records, [
      {
        obj: { requestId: 'R1', api: 'sts', accessKeyId: 'AKIAEXAMPLE', error: 'InvalidSignatureException', reason: 'signature does not match' },
        msg: 'authentication failed',
      },
    ]);
    assert.ok(!JSON.stringify(records).includes(signature));
  });
});
