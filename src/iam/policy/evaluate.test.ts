/**
 * Table-driven cases of policy evaluation: documents, the request, and the decision with the
 * kind of policy that denied and AWS's message.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePolicy, type PrincipalInfo } from './compile.js';
import type { PolicyKind } from './document.js';
import { requestContext, type LazyContextValue, type PrincipalFacts } from './context.js';
import { authorize, type AppliedPolicy, type Decision } from './evaluate.js';
import { accessDeniedMessage } from './messages.js';

const A = '111122223333';
const B = '444455556666';
const BOOKS = `arn:aws:dynamodb:us-east-1:${A}:table/Books`;
const alice: PrincipalFacts = { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, type: 'User', userId: 'AIDAALICEALICEALICE1', userName: 'alice', tags: { team: 'red' } };
const root: PrincipalFacts = { arn: `arn:aws:iam::${A}:root`, accountId: A, type: 'Account', userId: A };
const session: PrincipalFacts = {
  arn: `arn:aws:sts::${A}:assumed-role/Reader/job`,
  accountId: A,
  type: 'AssumedRole',
  roleArn: `arn:aws:iam::${A}:role/app/Reader`,
  userId: 'AROAREADERREADERREAD1:job',
};
const bob: PrincipalFacts = { arn: `arn:aws:iam::${B}:user/bob`, accountId: B, type: 'User', userId: 'AIDABOBBOBBOBBOBBOB1', userName: 'bob' };
const rootB: PrincipalFacts = { arn: `arn:aws:iam::${B}:root`, accountId: B, type: 'Account', userId: B };

type Statement = Record<string, unknown>;
const policy = (kind: PolicyKind, statements: Statement | Statement[], id = 'p', arn?: string): AppliedPolicy => ({
  policy: compilePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), kind),
  id,
  sourceType: arn !== undefined ? 'user-managed' : kind === 'resource' ? 'resource' : 'user',
  ...(arn !== undefined ? { arn } : {}),
});
const allow = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const denyS = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });

interface Case {
  name: string;
  principal?: PrincipalFacts;
  action?: string;
  resource?: string;
  resourceAccount?: string;
  identity?: Statement[];
  session?: Statement[];
  boundary?: Statement[];
  resourcePolicy?: Statement[];
  trustPolicy?: Statement[];
  context?: Record<string, LazyContextValue>;
  sourceIp?: string;
  now?: number;
  expect: 'allowed' | 'explicitDeny' | 'implicitDeny';
  deniedBy?: string;
  message?: string;
}

function decide(c: Case): Decision {
  const principal = c.principal ?? alice;
  const context = requestContext(principal, { sourceIp: c.sourceIp ?? '203.0.113.7', secureTransport: true, now: c.now ?? Date.UTC(2026, 5, 1, 12), region: 'us-east-1' }, c.context ?? {});
  const info: PrincipalInfo = principal;
  const resourcePolicy = c.resourcePolicy !== undefined ? policy('resource', c.resourcePolicy, 'table') : c.trustPolicy !== undefined ? policy('trust', c.trustPolicy, 'trust') : undefined;
  return authorize({
    principal: info,
    action: c.action ?? 'dynamodb:GetItem',
    resource: c.resource ?? BOOKS,
    resourceAccount: c.resourceAccount ?? A,
    context,
    identityPolicies: (c.identity ?? []).map((s, i) => policy('identity', s, `inline${i}`)),
    ...(c.session !== undefined ? { sessionPolicies: c.session.map((s, i) => policy('session', s, `session${i}`)) } : {}),
    ...(c.boundary !== undefined ? { permissionsBoundary: policy('identity', c.boundary, 'boundary', `arn:aws:iam::${A}:policy/boundary`) } : {}),
    ...(resourcePolicy !== undefined ? { resourcePolicy } : {}),
  });
}

function run(cases: readonly Case[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const d = decide(c);
      assert.equal(d.decision, c.expect);
      assert.equal(d.allowed, c.expect === 'allowed');
      if (c.deniedBy !== undefined) assert.equal(d.deniedBy, c.deniedBy);
      if (c.message !== undefined) assert.equal(accessDeniedMessage((c.principal ?? alice).arn, c.action ?? 'dynamodb:GetItem', c.resource ?? BOOKS, d), c.message);
    });
  }
}

describe('evaluation: actions', () => {
  run([
    { name: 'no policy at all: implicit deny', expect: 'implicitDeny', deniedBy: 'identity-based' },
    { name: 'the exact action', identity: [allow('dynamodb:GetItem')], expect: 'allowed' },
    { name: 'actions are case-insensitive', identity: [allow('DynamoDB:getitem')], expect: 'allowed' },
    { name: 'another action', identity: [allow('dynamodb:PutItem')], expect: 'implicitDeny' },
    { name: 'a prefix wildcard', identity: [allow('dynamodb:Get*')], expect: 'allowed' },
    { name: 'a wildcard that does not cover it', identity: [allow('dynamodb:Put*')], expect: 'implicitDeny' },
    { name: 'a single-character wildcard', identity: [allow('dynamodb:?etItem')], expect: 'allowed' },
    { name: 'the service wildcard', identity: [allow('dynamodb:*')], expect: 'allowed' },
    { name: 'everything', identity: [allow('*')], expect: 'allowed' },
    { name: 'another service', identity: [allow('s3:*')], expect: 'implicitDeny' },
    { name: 'one of a list', identity: [allow(['dynamodb:Query', 'dynamodb:GetItem'])], expect: 'allowed' },
    { name: 'NotAction that excludes another action', identity: [{ Effect: 'Allow', NotAction: 'dynamodb:DeleteItem', Resource: '*' }], expect: 'allowed' },
    { name: 'NotAction that excludes it', identity: [{ Effect: 'Allow', NotAction: 'dynamodb:Get*', Resource: '*' }], expect: 'implicitDeny' },
    { name: 'Deny with NotAction covers everything else', identity: [allow('*'), { Effect: 'Deny', NotAction: 'dynamodb:Query', Resource: '*' }], expect: 'explicitDeny' },
  ]);
});

describe('evaluation: resources', () => {
  run([
    { name: 'the exact ARN', identity: [allow('dynamodb:GetItem', BOOKS)], expect: 'allowed' },
    { name: 'ARNs are case-sensitive', identity: [allow('dynamodb:GetItem', BOOKS.replace('Books', 'books'))], expect: 'implicitDeny' },
    { name: 'wildcard region and account', identity: [allow('dynamodb:GetItem', 'arn:aws:dynamodb:*:*:table/Books')], expect: 'allowed' },
    { name: 'a wildcard table name', identity: [allow('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/B*`)], expect: 'allowed' },
    { name: 'the table ARN does not cover its indexes', identity: [allow('dynamodb:Query', BOOKS)], action: 'dynamodb:Query', resource: `${BOOKS}/index/ByAuthor`, expect: 'implicitDeny' },
    { name: 'table/X/index/* covers them', identity: [allow('dynamodb:Query', `${BOOKS}/index/*`)], action: 'dynamodb:Query', resource: `${BOOKS}/index/ByAuthor`, expect: 'allowed' },
    { name: 'table/* covers indexes too', identity: [allow('dynamodb:Query', `arn:aws:dynamodb:us-east-1:${A}:table/*`)], action: 'dynamodb:Query', resource: `${BOOKS}/index/ByAuthor`, expect: 'allowed' },
    { name: 'a wildcard inside a component', identity: [allow('dynamodb:GetItem', 'arn:aws:dynamodb:*east-1:*3333:table/Bo?ks')], expect: 'allowed' },
    { name: 'each component is matched on its own', identity: [allow('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}*:table/Books`)], resource: `arn:aws:dynamodb:us-east-1:${A}:table/Books`, expect: 'allowed' },
    { name: 'another region', identity: [allow('dynamodb:GetItem', BOOKS.replace('us-east-1', 'eu-west-1'))], expect: 'implicitDeny' },
    { name: 'NotResource that excludes another table', identity: [{ Effect: 'Allow', Action: 'dynamodb:*', NotResource: `arn:aws:dynamodb:*:*:table/Secrets` }], expect: 'allowed' },
    { name: 'NotResource that excludes it', identity: [{ Effect: 'Allow', Action: 'dynamodb:*', NotResource: `arn:aws:dynamodb:*:*:table/Bo*` }], expect: 'implicitDeny' },
    { name: 'fewer components: one pattern over the whole ARN', identity: [allow('dynamodb:GetItem', 'arn:aws:dynamodb:*')], expect: 'allowed' },
  ]);
});

describe('evaluation: effects and messages', () => {
  run([
    {
      name: 'implicit deny message',
      expect: 'implicitDeny',
      message: `User: arn:aws:iam::${A}:user/alice is not authorized to perform: dynamodb:GetItem on resource: ${BOOKS} because no identity-based policy allows the dynamodb:GetItem action`,
    },
    {
      name: 'an explicit deny wins over an allow',
      identity: [allow('dynamodb:*'), denyS('dynamodb:GetItem', BOOKS)],
      expect: 'explicitDeny',
      deniedBy: 'identity-based',
      message: `User: arn:aws:iam::${A}:user/alice is not authorized to perform: dynamodb:GetItem on resource: ${BOOKS} with an explicit deny in an identity-based policy`,
    },
    { name: 'a deny in one statement of a list', identity: [[allow('dynamodb:*'), denyS('dynamodb:Get*')] as unknown as Statement], expect: 'explicitDeny' },
    { name: 'a deny for another resource does not apply', identity: [allow('dynamodb:*'), denyS('dynamodb:*', `arn:aws:dynamodb:*:*:table/Secrets`)], expect: 'allowed' },
    {
      name: 'a deny in the resource policy',
      identity: [allow('dynamodb:*')],
      resourcePolicy: [denyS('dynamodb:GetItem', BOOKS, { Principal: '*' })],
      expect: 'explicitDeny',
      deniedBy: 'resource-based',
      message: `User: arn:aws:iam::${A}:user/alice is not authorized to perform: dynamodb:GetItem on resource: ${BOOKS} with an explicit deny in a resource-based policy`,
    },
    { name: 'a resource policy deny naming someone else', identity: [allow('dynamodb:*')], resourcePolicy: [denyS('dynamodb:*', BOOKS, { Principal: { AWS: bob.arn } })], expect: 'allowed' },
    { name: 'NotPrincipal deny: everyone but alice', identity: [allow('dynamodb:*')], resourcePolicy: [denyS('dynamodb:*', BOOKS, { NotPrincipal: { AWS: alice.arn } })], expect: 'allowed' },
    { name: 'NotPrincipal deny: everyone but bob', identity: [allow('dynamodb:*')], resourcePolicy: [denyS('dynamodb:*', BOOKS, { NotPrincipal: { AWS: bob.arn } })], expect: 'explicitDeny' },
  ]);
  test('a managed policy that denies is named in the message', () => {
    const arn = `arn:aws:iam::${A}:policy/NoReads`;
    const d = authorize({
      principal: alice,
      action: 'dynamodb:GetItem',
      resource: BOOKS,
      resourceAccount: A,
      context: requestContext(alice, { secureTransport: true, now: 0, region: 'us-east-1' }),
      identityPolicies: [policy('identity', allow('dynamodb:*')), policy('identity', denyS('dynamodb:GetItem'), arn, arn)],
    });
    assert.equal(accessDeniedMessage(alice.arn, 'dynamodb:GetItem', BOOKS, d), `User: ${alice.arn} is not authorized to perform: dynamodb:GetItem on resource: ${BOOKS} with an explicit deny in an identity-based policy: ${arn}`);
    assert.equal(d.matched[0].policy.id, arn);
    assert.equal(d.matched[0].statement.index, 0);
  });
});

describe('evaluation: root users', () => {
  run([
    { name: 'the root user may do anything in its account', principal: root, expect: 'allowed' },
    { name: 'identity policies do not apply to it', principal: root, identity: [denyS('*')], expect: 'allowed' },
    { name: 'a resource policy deny still does', principal: root, resourcePolicy: [denyS('dynamodb:*', BOOKS, { Principal: '*' })], expect: 'explicitDeny', deniedBy: 'resource-based' },
    { name: 'another account root needs the resource policy', principal: rootB, expect: 'implicitDeny', deniedBy: 'resource-based' },
    { name: 'another account root with the account named', principal: rootB, resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: B } })], expect: 'allowed' },
  ]);
});

describe('evaluation: resource-based policies in one account', () => {
  run([
    { name: 'naming the user allows without an identity policy', resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: alice.arn } })], expect: 'allowed' },
    { name: 'Principal * allows too', resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: '*' })], expect: 'allowed' },
    { name: 'naming the account delegates to identity policies', resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: `arn:aws:iam::${A}:root` } })], expect: 'implicitDeny', deniedBy: 'identity-based' },
    { name: 'naming the account, with an identity allow', identity: [allow('dynamodb:GetItem')], resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: A } })], expect: 'allowed' },
    { name: 'a condition of the resource policy that fails', resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })], expect: 'implicitDeny' },
    { name: 'naming the role allows its sessions', principal: session, resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: session.roleArn } })], expect: 'allowed' },
    { name: 'naming the role: within the session policy', principal: session, session: [allow('dynamodb:Query')], resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: session.roleArn } })], expect: 'implicitDeny', deniedBy: 'session' },
    { name: 'naming the session itself: the session policy does not limit it', principal: session, session: [allow('dynamodb:Query')], resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: session.arn } })], expect: 'allowed' },
  ]);
});

describe('evaluation: across accounts', () => {
  run([
    { name: 'nothing allows', principal: bob, expect: 'implicitDeny', deniedBy: 'identity-based' },
    { name: 'only the identity policy allows', principal: bob, identity: [allow('dynamodb:GetItem', BOOKS)], expect: 'implicitDeny', deniedBy: 'resource-based', message: `User: ${bob.arn} is not authorized to perform: dynamodb:GetItem on resource: ${BOOKS} because no resource-based policy allows the dynamodb:GetItem action` },
    { name: 'only the resource policy allows', principal: bob, resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: bob.arn } })], expect: 'implicitDeny', deniedBy: 'identity-based' },
    { name: 'both allow', principal: bob, identity: [allow('dynamodb:GetItem', BOOKS)], resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: bob.arn } })], expect: 'allowed' },
    { name: 'both allow, the account named', principal: bob, identity: [allow('dynamodb:*')], resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: `arn:aws:iam::${B}:root` } })], expect: 'allowed' },
    { name: 'the resource policy names a third account', principal: bob, identity: [allow('dynamodb:*')], resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: '777788889999' } })], expect: 'implicitDeny', deniedBy: 'resource-based' },
    { name: 'the caller account denies', principal: bob, identity: [allow('dynamodb:*'), denyS('dynamodb:GetItem')], resourcePolicy: [allow('dynamodb:GetItem', BOOKS, { Principal: { AWS: bob.arn } })], expect: 'explicitDeny', deniedBy: 'identity-based' },
  ]);
});

describe('evaluation: session policies and boundaries', () => {
  run([
    { name: 'a session policy intersects: both allow', principal: session, identity: [allow('dynamodb:*')], session: [allow('dynamodb:GetItem')], expect: 'allowed' },
    {
      name: 'the session policy does not allow it',
      principal: session,
      identity: [allow('dynamodb:*')],
      session: [allow('dynamodb:Query')],
      expect: 'implicitDeny',
      deniedBy: 'session',
      message: `User: ${session.arn} is not authorized to perform: dynamodb:GetItem on resource: ${BOOKS} because no session policy allows the dynamodb:GetItem action`,
    },
    { name: 'the session policy allows, the role does not', principal: session, identity: [allow('dynamodb:Query')], session: [allow('dynamodb:*')], expect: 'implicitDeny', deniedBy: 'identity-based' },
    { name: 'a deny in the session policy', principal: session, identity: [allow('dynamodb:*')], session: [allow('*'), denyS('dynamodb:GetItem')], expect: 'explicitDeny', deniedBy: 'session', message: `User: ${session.arn} is not authorized to perform: dynamodb:GetItem on resource: ${BOOKS} with an explicit deny in a session policy` },
    { name: 'an empty set of session policies allows nothing', principal: session, identity: [allow('dynamodb:*')], session: [], expect: 'implicitDeny', deniedBy: 'session' },
    { name: 'a permissions boundary that allows', identity: [allow('dynamodb:*')], boundary: [allow('dynamodb:Get*')], expect: 'allowed' },
    { name: 'a permissions boundary that does not', identity: [allow('dynamodb:*')], boundary: [allow('dynamodb:Query')], expect: 'implicitDeny', deniedBy: 'permissions boundary', message: `User: ${alice.arn} is not authorized to perform: dynamodb:GetItem on resource: ${BOOKS} because no permissions boundary allows the dynamodb:GetItem action` },
  ]);
});

describe('evaluation: trust policies (AssumeRole)', () => {
  const role = `arn:aws:iam::${A}:role/app/Reader`;
  run([
    { name: 'the trust policy names the user', action: 'sts:AssumeRole', resource: role, trustPolicy: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: alice.arn } }], expect: 'allowed' },
    { name: 'it names the account: the user needs sts:AssumeRole', action: 'sts:AssumeRole', resource: role, trustPolicy: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: A } }], expect: 'implicitDeny', deniedBy: 'identity-based' },
    { name: 'it names the account and the user may', action: 'sts:AssumeRole', resource: role, identity: [allow('sts:AssumeRole', role)], trustPolicy: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: A } }], expect: 'allowed' },
    { name: 'it names someone else', action: 'sts:AssumeRole', resource: role, identity: [allow('sts:AssumeRole', role)], trustPolicy: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${A}:user/carol` } }], expect: 'allowed' },
    { name: 'another account: both sides', principal: bob, action: 'sts:AssumeRole', resource: role, identity: [allow('sts:AssumeRole', role)], trustPolicy: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: B } }], expect: 'allowed' },
    { name: 'another account, not trusted', principal: bob, action: 'sts:AssumeRole', resource: role, identity: [allow('sts:AssumeRole', role)], trustPolicy: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: A } }], expect: 'implicitDeny', deniedBy: 'resource-based' },
    { name: 'a trust condition on a tag', action: 'sts:AssumeRole', resource: role, trustPolicy: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: alice.arn }, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }], expect: 'implicitDeny' },
    { name: 'role chaining: a session of another role', principal: session, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/Writer`, trustPolicy: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: session.roleArn } }], expect: 'allowed' },
  ]);
});

describe('evaluation: policy variables', () => {
  const own = `arn:aws:dynamodb:us-east-1:${A}:table/home-\${aws:username}`;
  run([
    { name: '${aws:username} in a resource', identity: [allow('dynamodb:GetItem', own)], resource: `arn:aws:dynamodb:us-east-1:${A}:table/home-alice`, expect: 'allowed' },
    { name: "${aws:username} is not another user's", identity: [allow('dynamodb:GetItem', own)], resource: `arn:aws:dynamodb:us-east-1:${A}:table/home-bob`, expect: 'implicitDeny' },
    { name: 'a role session has no aws:username', principal: session, identity: [allow('dynamodb:GetItem', `arn:aws:dynamodb:*:*:table/\${aws:username}`)], resource: `arn:aws:dynamodb:us-east-1:${A}:table/`, expect: 'implicitDeny' },
    { name: 'a default for a missing variable', principal: session, identity: [allow('dynamodb:GetItem', `arn:aws:dynamodb:*:*:table/\${aws:username, 'shared'}`)], resource: `arn:aws:dynamodb:us-east-1:${A}:table/shared`, expect: 'allowed' },
    { name: '${aws:PrincipalTag/team}', identity: [allow('dynamodb:GetItem', `arn:aws:dynamodb:*:*:table/\${aws:PrincipalTag/team}-*`)], resource: `arn:aws:dynamodb:us-east-1:${A}:table/red-orders`, expect: 'allowed' },
    { name: 'tag keys are case-insensitive', identity: [allow('dynamodb:GetItem', `arn:aws:dynamodb:*:*:table/\${aws:principaltag/TEAM}`)], resource: `arn:aws:dynamodb:us-east-1:${A}:table/red`, expect: 'allowed' },
    { name: '${aws:userid} in a condition', identity: [allow('dynamodb:GetItem', '*', { Condition: { StringEquals: { 'dynamodb:LeadingKeys': '${aws:userid}' } } })], context: { 'dynamodb:LeadingKeys': ['AIDAALICEALICEALICE1'] }, expect: 'allowed' },
    { name: '${*} is a literal star', identity: [allow('dynamodb:GetItem', `arn:aws:dynamodb:*:*:table/a\${*}`)], resource: `arn:aws:dynamodb:us-east-1:${A}:table/ab`, expect: 'implicitDeny' },
    { name: '${*} matches a star', identity: [allow('dynamodb:GetItem', '*', { Condition: { StringLike: { 's3:prefix': 'a${*}${?}${$}' } } })], context: { 's3:prefix': 'a*?$' }, expect: 'allowed' },
    { name: '${?} is not a wildcard', identity: [allow('dynamodb:GetItem', '*', { Condition: { StringLike: { 's3:prefix': 'a${?}' } } })], context: { 's3:prefix': 'ab' }, expect: 'implicitDeny' },
    { name: 'variables in a multivalued condition key', identity: [allow('dynamodb:GetItem', '*', { Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:username}'] } } })], context: { 'dynamodb:LeadingKeys': ['alice'] }, expect: 'allowed' },
    { name: 'LeadingKeys of another user', identity: [allow('dynamodb:GetItem', '*', { Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:username}'] } } })], context: { 'dynamodb:LeadingKeys': ['alice', 'bob'] }, expect: 'implicitDeny' },
  ]);

  test('a 2008-10-17 policy reads ${...} literally', () => {
    const literal = compilePolicy(JSON.stringify({ Version: '2008-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: `arn:aws:dynamodb:*:*:table/\${aws:username}` } }), 'resource');
    const decideFor = (table: string): boolean =>
      authorize({
        principal: alice,
        action: 'dynamodb:GetItem',
        resource: `arn:aws:dynamodb:us-east-1:${A}:table/${table}`,
        resourceAccount: A,
        context: requestContext(alice, { secureTransport: true, now: 0, region: 'us-east-1' }),
        identityPolicies: [],
        resourcePolicy: { policy: literal, id: 'r', sourceType: 'resource' },
      }).allowed;
    assert.equal(decideFor('alice'), false);
    assert.equal(decideFor('${aws:username}'), true);
  });
});

describe('evaluation: lazily computed context keys', () => {
  test('a key is computed only when a condition reads it, once', () => {
    let computed = 0;
    const lazy = (): string[] => {
      computed++;
      return ['alice'];
    };
    const plain = { name: '', identity: [allow('dynamodb:GetItem')], context: { 'dynamodb:LeadingKeys': lazy }, expect: 'allowed' } satisfies Case;
    assert.equal(decide(plain).allowed, true);
    assert.equal(computed, 0);
    const reading = { ...plain, identity: [allow('dynamodb:GetItem', '*', { Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': '${aws:username}' }, 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': 'a*' } } })] };
    assert.equal(decide(reading).allowed, true);
    assert.equal(computed, 1);
  });
});
