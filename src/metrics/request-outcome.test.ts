import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authFailureKind, errorKinds, itemCountsOf } from './request-outcome.js';

test('items returned and scanned, per operation', () => {
  assert.deepEqual(itemCountsOf('GetItem', { Item: {} }), { returned: 1 });
  assert.deepEqual(itemCountsOf('GetItem', {}), { returned: 0 });
  assert.deepEqual(itemCountsOf('Query', { Count: 3, ScannedCount: 10 }), { returned: 3, scanned: 10 });
  assert.deepEqual(itemCountsOf('BatchGetItem', { Responses: { a: [{}, {}], b: [{}] } }), { returned: 3 });
  assert.deepEqual(itemCountsOf('TransactGetItems', { Responses: [{ Item: {} }, {}, { Item: {} }] }), { returned: 2 });
  assert.deepEqual(itemCountsOf('ExecuteStatement', { Items: [{}, {}] }), { returned: 2 });
  assert.equal(itemCountsOf('PutItem', {}), undefined);
});

test('error kinds: conditional checks, throttles, conflicts (also as a cancellation reason), cancellations', () => {
  assert.equal(errorKinds({ code: 'ConditionalCheckFailedException', extra: undefined }).conditionalCheckFailed, true);
  assert.equal(errorKinds({ code: 'ProvisionedThroughputExceededException', extra: undefined }).throttled, true);
  assert.equal(errorKinds({ code: 'TransactionConflictException', extra: undefined }).transactionConflict, true);
  const canceled = errorKinds({ code: 'TransactionCanceledException', extra: { CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] } });
  assert.deepEqual(canceled, { conditionalCheckFailed: false, throttled: false, transactionConflict: true, transactionCanceled: true });
  assert.equal(errorKinds({ code: 'TransactionCanceledException', extra: { CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] } }).transactionConflict, false);
});

test('authentication failures by a bounded reason', () => {
  assert.equal(authFailureKind({ code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }), 'unknown_access_key');
  assert.equal(authFailureKind({ code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid' }), 'invalid_session_token');
  assert.equal(authFailureKind({ code: 'InvalidSignatureException', message: 'Signature expired: 20260101T000000Z is now earlier than ...' }), 'signature_expired');
  assert.equal(authFailureKind({ code: 'InvalidSignatureException', message: 'The request signature we calculated does not match' }), 'signature_mismatch');
  assert.equal(authFailureKind({ code: 'InvalidSignatureException', message: 'Credential should be scoped to a valid region.' }), 'invalid_scope_or_headers');
  assert.equal(authFailureKind({ code: 'MissingAuthenticationTokenException', message: '' }), 'missing_authentication');
});
