/**
 * The IAM actions called directly (no HTTP): the store's transactions, quotas that take many
 * entities to reach, and that every action served has its authorization checks.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StsCaller } from '../../control-plane/sts/actions.js';
import { StsError } from '../../control-plane/sts/sts-error.js';
import { IAM_ACTION_NAMES } from '../actions.js';
import type { IamDeps } from './common.js';
import { IAM_ACTIONS, isIamRequest } from './iam-handler.js';
import { createMemoryIamStore } from './memory-store.js';
import type { IamUser } from './store.js';

const A = '111122223333';
const root: StsCaller = { identity: { accessKeyId: 'AKIAROOT', accountId: A, region: 'us-east-1', service: 'iam', principalArn: `arn:aws:iam::${A}:root`, userId: A } };
const deps = (): IamDeps => ({ store: createMemoryIamStore(), accountId: A, now: () => Date.UTC(2026, 0, 1) });
const call = (d: IamDeps, action: string, params: Record<string, string>) => IAM_ACTIONS[action](new Map(Object.entries(params)), root, d);

async function error(promise: Promise<unknown>): Promise<StsError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof StsError, String(err));
    return err;
  }
  throw new Error('expected an StsError');
}

const doc = (statement: unknown): string => JSON.stringify({ Version: '2012-10-17', Statement: statement });

describe('the in-memory IamStore', () => {
  const user = (name: string): IamUser => ({ userName: name, userId: 'AIDA', path: '/', arn: `arn:aws:iam::${A}:user/${name}`, createDate: 0, tags: [], groups: [], inlinePolicies: {}, attachedPolicies: [] });

  test('a transaction that throws writes nothing', async () => {
    const store = createMemoryIamStore();
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.put('user', user('a'));
        assert.equal((await tx.get('user', 'a'))?.userName, 'a');
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await store.get('user', 'a'), undefined);
  });

  test('writes apply together; values are copies; lists are ordered by key', async () => {
    const store = createMemoryIamStore();
    const u = user('b');
    await store.transaction(async (tx) => {
      await tx.put('user', u);
      await tx.put('user', user('a'));
    });
    (u as { userName: string }).userName = 'changed';
    assert.deepEqual((await store.list('user')).map((x) => x.userName), ['a', 'b']);
    await store.transaction((tx) => tx.delete('user', 'a'));
    assert.deepEqual((await store.list('user')).map((x) => x.userName), ['b']);
  });

  test('transactions run one at a time', async () => {
    const store = createMemoryIamStore();
    const order: string[] = [];
    await Promise.all(
      ['x', 'y'].map((name) =>
        store.transaction(async (tx) => {
          order.push(`start ${name}`);
          await new Promise((r) => setTimeout(r, 5));
          await tx.put('user', user(name));
          order.push(`end ${name}`);
        }),
      ),
    );
    assert.deepEqual(order, ['start x', 'end x', 'start y', 'end y']);
  });
});

describe('quotas and atomicity of the actions', () => {
  test('a user is in at most 10 groups', async () => {
    const d = deps();
    await call(d, 'CreateUser', { UserName: 'u' });
    for (let i = 0; i < 11; i++) await call(d, 'CreateGroup', { GroupName: `g${i}` });
    for (let i = 0; i < 10; i++) await call(d, 'AddUserToGroup', { GroupName: `g${i}`, UserName: 'u' });
    const err = await error(call(d, 'AddUserToGroup', { GroupName: 'g10', UserName: 'u' }));
    assert.deepEqual([err.code, err.status, err.message], ['LimitExceeded', 409, 'Cannot exceed quota for GroupsPerUser: 10']);
  });

  test('at most 10 managed policies attached to a role; a refused attachment counts nothing', async () => {
    const d = deps();
    await call(d, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: A } }) });
    for (let i = 0; i < 11; i++) {
      await call(d, 'CreatePolicy', { PolicyName: `p${i}`, PolicyDocument: doc({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }) });
      const attached = call(d, 'AttachRolePolicy', { RoleName: 'r', PolicyArn: `arn:aws:iam::${A}:policy/p${i}` });
      if (i < 10) await attached;
      else assert.equal((await error(attached)).message, 'Cannot exceed quota for PoliciesPerRole: 10');
    }
    assert.equal((await d.store.get('policy', 'p10'))?.attachmentCount, 0);
    assert.equal((await d.store.get('policy', 'p0'))?.attachmentCount, 1);
  });

  test('the trust policy size quota', async () => {
    const d = deps();
    const principals = Array.from({ length: 150 }, (_, i) => String(100000000000 + i));
    const err = await error(call(d, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: principals } }) }));
    assert.deepEqual([err.code, err.message], ['LimitExceeded', 'Cannot exceed quota for ACLSizePerRole: 2048']);
    assert.equal(await d.store.get('role', 'r'), undefined);
  });

  test('a user inline policy document that is no identity policy', async () => {
    const d = deps();
    await call(d, 'CreateUser', { UserName: 'u' });
    const err = await error(call(d, 'PutUserPolicy', { UserName: 'u', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*', Principal: '*' }) }));
    assert.deepEqual([err.code, err.status, err.message], ['MalformedPolicyDocument', 400, 'Policy document should not specify a principal.']);
  });

  test('sessions must name the user', async () => {
    const d = deps();
    const session: StsCaller = { identity: { ...root.identity, principalArn: `arn:aws:sts::${A}:assumed-role/R/s` } };
    const err = await error(IAM_ACTIONS.GetUser(new Map(), session, d));
    assert.deepEqual([err.code, err.message], ['ValidationError', 'Must specify userName when calling with non-User credentials']);
  });

  test('ListPolicies Scope is an enum', async () => {
    const err = await error(call(deps(), 'ListPolicies', { Scope: 'Mine' }));
    assert.equal(err.message, "1 validation error detected: Value 'Mine' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]");
  });
});

describe('every IAM action served is authorized', () => {
  test('each has its iam:<Action> checks', () => {
    const missing = Object.keys(IAM_ACTIONS).filter((a) => !IAM_ACTION_NAMES.includes(a));
    assert.deepEqual(missing, []);
  });
});

describe('routing to IAM', () => {
  const scope = (service: string) => ({ authorization: `AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=ab` });
  test('the credential scope names iam', () => {
    assert.equal(isIamRequest(scope('iam')), true);
    assert.equal(isIamRequest(scope('sts')), false);
    assert.equal(isIamRequest(scope('dynamodb')), false);
    assert.equal(isIamRequest({ 'content-type': 'application/x-www-form-urlencoded' }), false);
  });
});
