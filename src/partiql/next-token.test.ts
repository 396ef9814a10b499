import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DynamoDBError } from '../errors.js';
import { PARTIQL_MESSAGES } from './messages.js';
import { decodeNextToken, encodeNextToken, statementFingerprint } from './next-token.js';

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DynamoDBError) return error.message;
    throw error;
  }
  return 'no error';
};

describe('NextToken', () => {
  const fingerprint = statementFingerprint(`SELECT * FROM "t"`, [{ S: 'a' }]);

  test('round-trips a position, index keys included', () => {
    const position = { partition: 3, h: Buffer.from([1, 2, 3]), r: Buffer.from([4]), th: Buffer.from([5]), tr: Buffer.alloc(0) };
    assert.deepEqual(decodeNextToken(encodeNextToken(fingerprint, position), fingerprint), position);
  });

  test('the fingerprint depends on the statement and its parameters', () => {
    assert.equal(statementFingerprint(`SELECT * FROM "t"`, [{ S: 'a' }]), fingerprint);
    assert.notEqual(statementFingerprint(`SELECT * FROM "t"`, [{ S: 'b' }]), fingerprint);
    assert.notEqual(statementFingerprint(`SELECT * FROM "u"`, [{ S: 'a' }]), fingerprint);
  });

  test("another statement's token is an invalid starting key", () => {
    const token = encodeNextToken(statementFingerprint('other', undefined), { partition: 0, h: Buffer.from([1]), r: Buffer.alloc(0) });
    assert.equal(message(() => decodeNextToken(token, fingerprint)), PARTIQL_MESSAGES.startKeyInvalid);
  });

  for (const token of ['not a token', Buffer.from('{"v":2}').toString('base64'), Buffer.from('[]').toString('base64'), Buffer.from('{"v":1,"f":"x","p":-1,"h":"","r":""}').toString('base64')]) {
    test(`rejects ${JSON.stringify(token)}`, () => assert.equal(message(() => decodeNextToken(token, fingerprint)), PARTIQL_MESSAGES.invalidNextToken));
  }
});
