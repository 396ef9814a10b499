import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuthenticationFailure } from '../auth/auth-failure.js';
import type { Item } from '../model/attribute-value.js';
import { isPromise, type MaybePromise } from '../auth/credentials.js';
import { AccountDirectory } from './account-directory.js';

/** A lookup answered from a table read synchronously is synchronous. */
function now<T>(value: MaybePromise<T>): T {
  assert.ok(!isPromise(value));
  return value;
}

const SECRET = 'abcdefghijklmnopqrstuvwxyz0123456789ABCD';

function account(id: string, keys: Record<string, string>, status = 'Active'): Item {
  return {
    AccountId: { S: id },
    Name: { S: `team-${id.slice(-1)}` },
    Status: { S: status },
    AccessKeys: { M: Object.fromEntries(Object.entries(keys).map(([k, s]) => [k, { M: { SecretAccessKey: { S: SECRET }, Status: { S: s } } }])) },
  };
}

function setup(initial: Item[]) {
  let items = initial;
  let clock = 0;
  let reads = 0;
  const warnings: object[] = [];
  const directory = new AccountDirectory({
    readItems: () => {
      reads++;
      return items;
    },
    now: () => clock,
    ttlMs: 2000,
    log: { warn: (obj) => warnings.push(obj) },
  });
  return {
    directory,
    warnings,
    set: (next: Item[]) => (items = next),
    advance: (ms: number) => (clock += ms),
    reads: () => reads,
  };
}

function refusal(fn: () => unknown): AuthenticationFailure {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AuthenticationFailure);
    return err;
  }
  throw new Error('expected a refusal');
}

describe('account directory (root users from the IAM table)', () => {
  test('resolves an active key of an active account to a root credential', () => {
    const { directory } = setup([account('111111111111', { AKIAAAAAAAAAAAAAAAA1: 'Active' })]);
    assert.deepEqual(directory.resolve('AKIAAAAAAAAAAAAAAAA1'), {
      accessKeyId: 'AKIAAAAAAAAAAAAAAAA1',
      secretAccessKey: SECRET,
      accountId: '111111111111',
      principalArn: 'arn:aws:iam::111111111111:root',
      userId: '111111111111',
    });
    assert.equal(directory.resolve('AKIAUNKNOWNUNKNOWN01'), undefined);
  });

  test('inactive keys and disabled accounts are refused as unknown keys are, with the reason for the log', () => {
    const { directory } = setup([
      account('111111111111', { AKIAAAAAAAAAAAAAAAA1: 'Inactive' }),
      account('222222222222', { AKIABBBBBBBBBBBBBBB1: 'Active' }, 'Disabled'),
    ]);
    const inactive = refusal(() => directory.resolve('AKIAAAAAAAAAAAAAAAA1'));
    assert.equal(inactive.code, 'UnrecognizedClientException');
    assert.equal(inactive.message, 'The security token included in the request is invalid.');
    assert.match(inactive.reason, /inactive/);
    assert.match(refusal(() => directory.resolve('AKIABBBBBBBBBBBBBBB1')).reason, /account 222222222222 is disabled/);
    assert.equal(directory.ownerOf('AKIAAAAAAAAAAAAAAAA1'), '111111111111');
    assert.equal(now(directory.account('222222222222'))?.status, 'Disabled');
  });

  test('a snapshot serves lookups until invalidated', () => {
    const s = setup([account('111111111111', { AKIAAAAAAAAAAAAAAAA1: 'Active' })]);
    s.directory.resolve('AKIAAAAAAAAAAAAAAAA1');
    s.directory.resolve('AKIAAAAAAAAAAAAAAAA1');
    assert.equal(s.reads(), 1);
    s.set([account('111111111111', { AKIAAAAAAAAAAAAAAAA1: 'Inactive' })]);
    assert.ok(s.directory.resolve('AKIAAAAAAAAAAAAAAAA1'));
    s.directory.invalidate();
    refusal(() => s.directory.resolve('AKIAAAAAAAAAAAAAAAA1'));
    assert.equal(s.reads(), 2);
  });

  test('a change made behind its back is seen once the TTL has passed', () => {
    const s = setup([account('111111111111', { AKIAAAAAAAAAAAAAAAA1: 'Active' })]);
    assert.ok(s.directory.resolve('AKIAAAAAAAAAAAAAAAA1'));
    s.set([account('111111111111', { AKIAAAAAAAAAAAAAAAA1: 'Active' }, 'Disabled')]);
    s.advance(1999);
    assert.ok(s.directory.resolve('AKIAAAAAAAAAAAAAAAA1'));
    s.advance(1);
    refusal(() => s.directory.resolve('AKIAAAAAAAAAAAAAAAA1'));
  });

  test('a clock that steps back rebuilds rather than trusting the snapshot', () => {
    const s = setup([]);
    s.advance(5000);
    s.directory.resolve('x');
    s.advance(-3000);
    s.directory.resolve('x');
    assert.equal(s.reads(), 2);
  });

  test('malformed items are skipped with a warning; a key id held twice keeps the first holder', () => {
    const s = setup([
      { AccountId: { S: '333333333333' }, Name: { S: 'bad' }, Status: { S: 'nope' } },
      account('111111111111', { AKIAAAAAAAAAAAAAAAA1: 'Active' }),
      account('222222222222', { AKIAAAAAAAAAAAAAAAA1: 'Active' }),
    ]);
    assert.equal(now(s.directory.resolve('AKIAAAAAAAAAAAAAAAA1'))?.accountId, '111111111111');
    assert.equal(s.directory.account('333333333333'), undefined);
    assert.equal(s.warnings.length, 2);
    assert.ok(!JSON.stringify(s.warnings).includes(SECRET));
  });

  test('no table yet: nothing resolves', () => {
    const directory = new AccountDirectory({ readItems: () => undefined, now: () => 0, log: { warn: () => undefined } });
    assert.equal(directory.resolve('AKIAAAAAAAAAAAAAAAA1'), undefined);
  });
});
