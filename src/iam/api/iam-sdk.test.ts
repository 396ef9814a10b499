/**
 * The IAM API through @aws-sdk/client-iam with real signatures: every response parsed by the
 * SDK's own deserializer, every error as the SDK reports it (name, HTTP status, message).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { ROOT_KEY, startIamTestServer, TEST_ACCOUNT, type IamTestServer } from '../../../test/helpers/iam-server.js';

const A = TEST_ACCOUNT;
const TABLE = `arn:aws:dynamodb:us-east-1:${A}:table/Orders`;
const doc = (statement: unknown): string => JSON.stringify({ Version: '2012-10-17', Statement: statement });
const allow = (action: string | string[], resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const trust = (principal: unknown) => doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal });

let server: IamTestServer;
let iam: IAMClient;
const clientFor = (credentials: { accessKeyId: string; secretAccessKey: string }) => new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

before(async () => {
  server = await startIamTestServer();
  iam = clientFor(ROOT_KEY);
});
after(async () => {
  iam.destroy();
  await server.close();
});

/** The error a call fails with: SDK name, HTTP status and message. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}

describe('users', () => {
  test('CreateUser, GetUser, ListUsers with paths, tags and paging', async () => {
    const created = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/team/', Tags: [{ Key: 'team', Value: 'red' }] }));
    assert.equal(created.User?.UserName, 'alice');
    assert.equal(created.User?.Path, '/team/');
    assert.equal(created.User?.Arn, `arn:aws:iam::${A}:user/team/alice`);
    assert.match(created.User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    assert.ok(created.User?.CreateDate instanceof Date && Math.abs(created.User.CreateDate.getTime() - Date.now()) < 5000);
    assert.deepEqual(created.User?.Tags, [{ Key: 'team', Value: 'red' }]);

    const got = await iam.send(new GetUserCommand({ UserName: 'ALICE' }));
    assert.equal(got.User?.UserId, created.User?.UserId);
    for (const name of ['bob', 'carol', 'dave']) await iam.send(new CreateUserCommand({ UserName: name }));
    const first = await iam.send(new ListUsersCommand({ MaxItems: 2 }));
    assert.deepEqual(first.Users?.map((u) => u.UserName), ['alice', 'bob']);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new ListUsersCommand({ MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual(rest.Users?.map((u) => u.UserName), ['carol', 'dave']);
    assert.equal(rest.IsTruncated, false);
    assert.equal(rest.Marker, undefined);
    assert.deepEqual((await iam.send(new ListUsersCommand({ PathPrefix: '/team' }))).Users?.map((u) => u.UserName), ['alice']);
  });

  test('the root user gets itself', async () => {
    const got = await iam.send(new GetUserCommand({}));
    assert.equal(got.User?.Arn, `arn:aws:iam::${A}:root`);
    assert.equal(got.User?.UserId, A);
  });

  test('errors: already exists (any case), not found, constraint violations', async () => {
    assert.deepEqual(await failure(iam.send(new CreateUserCommand({ UserName: 'Alice' }))), { name: 'EntityAlreadyExistsException', status: 409, message: 'User with name Alice already exists.' });
    assert.deepEqual(await failure(iam.send(new GetUserCommand({ UserName: 'nobody' }))), { name: 'NoSuchEntityException', status: 404, message: 'The user with name nobody cannot be found.' });
    assert.deepEqual(await failure(iam.send(new CreateUserCommand({ UserName: 'a b', Path: 'x' }))), {
      name: 'ValidationError',
      status: 400,
      message:
        "2 validation errors detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; " +
        "Value 'x' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
    });
  });

  test('tags: TagUser, ListUserTags, UntagUser (keys case-insensitive)', async () => {
    await iam.send(new TagUserCommand({ UserName: 'bob', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await iam.send(new TagUserCommand({ UserName: 'bob', Tags: [{ Key: 'A', Value: '3' }] }));
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags, [{ Key: 'A', Value: '3' }, { Key: 'b', Value: '2' }]);
    await iam.send(new UntagUserCommand({ UserName: 'bob', TagKeys: ['B'] }));
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags, [{ Key: 'A', Value: '3' }]);
    assert.equal((await failure(iam.send(new TagUserCommand({ UserName: 'bob', Tags: [{ Key: 'x', Value: '1' }, { Key: 'X', Value: '2' }] })))).name, 'InvalidInputException');
  });
});

describe('access keys', () => {
  test('at most two, Active / Inactive, last used, deleted; DeleteUser refused while it has keys', async () => {
    const first = (await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey;
    assert.match(first?.AccessKeyId ?? '', /^AKIA[A-Z2-7]{16}$/);
    assert.equal(first?.SecretAccessKey?.length, 40);
    assert.equal(first?.Status, 'Active');
    await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }));
    assert.deepEqual(await failure(iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))), { name: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for AccessKeysPerUser: 2' });

    await iam.send(new UpdateAccessKeyCommand({ UserName: 'carol', AccessKeyId: first?.AccessKeyId, Status: 'Inactive' }));
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'carol' }));
    assert.equal(listed.AccessKeyMetadata?.length, 2);
    assert.equal(listed.AccessKeyMetadata?.find((k) => k.AccessKeyId === first?.AccessKeyId)?.Status, 'Inactive');
    assert.equal((listed.AccessKeyMetadata?.[0] as Record<string, unknown>).SecretAccessKey, undefined);

    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: first?.AccessKeyId }));
    assert.deepEqual(used.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });
    assert.equal(used.UserName, 'carol');

    assert.deepEqual(await failure(iam.send(new DeleteUserCommand({ UserName: 'carol' }))), { name: 'DeleteConflictException', status: 409, message: 'Cannot delete entity, must delete access keys first.' });
    assert.deepEqual(await failure(iam.send(new UpdateAccessKeyCommand({ UserName: 'carol', AccessKeyId: first?.AccessKeyId, Status: 'Sleeping' as 'Active' }))), {
      name: 'ValidationError',
      status: 400,
      message: "1 validation error detected: Value 'Sleeping' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]",
    });
    assert.equal((await failure(iam.send(new DeleteAccessKeyCommand({ UserName: 'dave', AccessKeyId: first?.AccessKeyId })))).message, `The Access Key with id ${first?.AccessKeyId} cannot be found.`);
    for (const key of listed.AccessKeyMetadata ?? []) await iam.send(new DeleteAccessKeyCommand({ UserName: 'carol', AccessKeyId: key.AccessKeyId }));
    await iam.send(new DeleteUserCommand({ UserName: 'carol' }));
    assert.equal((await failure(iam.send(new GetUserCommand({ UserName: 'carol' })))).name, 'NoSuchEntityException');
  });
});

describe('groups', () => {
  test('members, ListGroupsForUser, DeleteGroup refused while it has members', async () => {
    const group = (await iam.send(new CreateGroupCommand({ GroupName: 'readers', Path: '/ops/' }))).Group;
    assert.equal(group?.Arn, `arn:aws:iam::${A}:group/ops/readers`);
    assert.match(group?.GroupId ?? '', /^AGPA/);
    await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'dave' }));
    const got = await iam.send(new GetGroupCommand({ GroupName: 'readers' }));
    assert.deepEqual(got.Users?.map((u) => u.UserName), ['dave']);
    assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'dave' }))).Groups?.map((g) => g.GroupName), ['readers']);
    assert.deepEqual(await failure(iam.send(new DeleteGroupCommand({ GroupName: 'readers' }))), { name: 'DeleteConflictException', status: 409, message: 'Cannot delete entity, must remove users from group first.' });
    assert.deepEqual(await failure(iam.send(new DeleteUserCommand({ UserName: 'dave' }))), { name: 'DeleteConflictException', status: 409, message: 'Cannot delete entity, must remove user from group first.' });
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'read', PolicyDocument: doc(allow('dynamodb:GetItem', TABLE)) }));
    assert.equal(decodeURIComponent((await iam.send(new GetGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'read' }))).PolicyDocument ?? ''), doc(allow('dynamodb:GetItem', TABLE)));
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'readers', UserName: 'dave' }));
    assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'dave' }))).Groups, []);
    assert.equal((await failure(iam.send(new DeleteGroupCommand({ GroupName: 'readers' })))).message, 'Cannot delete entity, must delete policies first.');
  });
});

describe('inline policies', () => {
  test('put, get (URL-encoded), list, delete', async () => {
    const text = doc(allow(['dynamodb:GetItem', 'dynamodb:Query'], TABLE, { Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:username}'] } } }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'own-rows', PolicyDocument: text }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'bob', PolicyName: 'own-rows' }));
    assert.equal(got.UserName, 'bob');
    assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), text);
    assert.ok((got.PolicyDocument ?? '').includes('%7B'));
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'bob' }))).PolicyNames, ['own-rows']);
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'own-rows' }));
    assert.deepEqual(await failure(iam.send(new GetUserPolicyCommand({ UserName: 'bob', PolicyName: 'own-rows' }))), { name: 'NoSuchEntityException', status: 404, message: 'The user policy with name own-rows cannot be found.' });
  });

  test('malformed documents and the size quota of all of a user inline policies', async () => {
    assert.deepEqual(await failure(iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'dynamodb:GetItem' }) }))), {
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: 'Policy statement must contain resources.',
    });
    const big = (n: number) => doc(allow('dynamodb:GetItem', Array.from({ length: n }, (_, i) => `${TABLE}${i}`)));
    await iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'one', PolicyDocument: big(20) }));
    assert.deepEqual(await failure(iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'two', PolicyDocument: big(20) }))), {
      name: 'LimitExceededException',
      status: 409,
      message: 'Maximum policy size of 2048 bytes exceeded for user bob',
    });
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'bob' }))).PolicyNames, ['one']);
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'one' }));
  });
});

describe('managed policies', () => {
  const arn = `arn:aws:iam::${A}:policy/app/ReadOrders`;
  test('create, versions, default version, attach / detach, delete', async () => {
    const created = (await iam.send(new CreatePolicyCommand({ PolicyName: 'ReadOrders', Path: '/app/', PolicyDocument: doc(allow('dynamodb:GetItem', TABLE)), Description: 'reads' }))).Policy;
    assert.equal(created?.Arn, arn);
    assert.equal(created?.DefaultVersionId, 'v1');
    assert.equal(created?.AttachmentCount, 0);
    assert.equal(created?.IsAttachable, true);
    assert.match(created?.PolicyId ?? '', /^ANPA/);
    assert.deepEqual(await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'readorders', PolicyDocument: doc(allow('dynamodb:GetItem')) }))), {
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'A policy called readorders already exists. Duplicate names are not allowed.',
    });

    const v2 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(allow(['dynamodb:GetItem', 'dynamodb:Query'], TABLE)), SetAsDefault: true }))).PolicyVersion;
    assert.deepEqual([v2?.VersionId, v2?.IsDefaultVersion, v2?.Document], ['v2', true, undefined]);
    assert.deepEqual((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]), [
      ['v2', true],
      ['v1', false],
    ]);
    const v1 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))).PolicyVersion;
    assert.equal(decodeURIComponent(v1?.Document ?? ''), doc(allow('dynamodb:GetItem', TABLE)));
    assert.equal((await failure(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })))).message, `Policy ${arn} version v9 does not exist or is not attachable.`);
    for (let i = 3; i <= 5; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(allow('dynamodb:GetItem', TABLE)) }));
    assert.deepEqual(await failure(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(allow('dynamodb:GetItem', TABLE)) }))), {
      name: 'LimitExceededException',
      status: 409,
      message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    });

    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: arn }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: arn }));
    assert.deepEqual((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'bob' }))).AttachedPolicies, [{ PolicyName: 'ReadOrders', PolicyArn: arn }]);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 1);
    assert.deepEqual((await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true }))).Policies?.map((p) => p.PolicyName), ['ReadOrders']);
    assert.deepEqual((await iam.send(new ListPoliciesCommand({ Scope: 'AWS' }))).Policies, []);
    assert.deepEqual(await failure(iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: `arn:aws:iam::${A}:policy/Nope` }))), {
      name: 'NoSuchEntityException',
      status: 404,
      message: `Policy arn:aws:iam::${A}:policy/Nope does not exist or is not attachable.`,
    });
    assert.equal((await failure(iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: 'arn:aws:s3:::not-a-policy' })))).message, 'ARN arn:aws:s3:::not-a-policy is not valid.');
    assert.deepEqual(await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn }))), { name: 'DeleteConflictException', status: 409, message: 'Cannot delete a policy attached to entities.' });
    assert.equal((await failure(iam.send(new DeleteUserCommand({ UserName: 'bob' })))).message, 'Cannot delete entity, must detach all policies first.');

    await iam.send(new DetachUserPolicyCommand({ UserName: 'bob', PolicyArn: arn }));
    assert.equal((await failure(iam.send(new DetachUserPolicyCommand({ UserName: 'bob', PolicyArn: arn })))).message, `Policy ${arn} was not found.`);
    assert.equal((await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).message, "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
    assert.equal((await failure(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })))).message, 'Cannot delete the default version of a policy.');
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
    for (const v of ['v1', 'v2', 'v3', 'v4']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    assert.equal((await failure(iam.send(new GetPolicyCommand({ PolicyArn: arn })))).message, `Policy ${arn} was not found.`);
  });

  test('the managed policy size quota', async () => {
    const huge = doc(allow('dynamodb:GetItem', Array.from({ length: 130 }, (_, i) => `${TABLE}-${i}`)));
    assert.deepEqual(await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'Huge', PolicyDocument: huge }))), { name: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for PolicySize: 6144' });
  });
});

describe('roles', () => {
  test('CreateRole with a trust policy; GetRole, ListRoles, UpdateAssumeRolePolicy, tags, DeleteRole', async () => {
    const trustText = trust({ AWS: `arn:aws:iam::${A}:user/team/alice` });
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'Reader', Path: '/app/', AssumeRolePolicyDocument: trustText, Description: 'reads orders', MaxSessionDuration: 7200 }))).Role;
    assert.equal(role?.Arn, `arn:aws:iam::${A}:role/app/Reader`);
    assert.match(role?.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
    assert.equal(decodeURIComponent(role?.AssumeRolePolicyDocument ?? ''), trustText);
    assert.equal(role?.MaxSessionDuration, 7200);
    const got = (await iam.send(new GetRoleCommand({ RoleName: 'reader' }))).Role;
    assert.equal(got?.Description, 'reads orders');
    assert.deepEqual((await iam.send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName), ['Reader']);

    assert.deepEqual(await failure(iam.send(new CreateRoleCommand({ RoleName: 'Other', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${A}:user/ghost` }) }))), {
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: `Invalid principal in policy: "AWS":"arn:aws:iam::${A}:user/ghost"`,
    });
    assert.equal((await failure(iam.send(new CreateRoleCommand({ RoleName: 'Other', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }) })))).message, 'Missing required field Principal');
    assert.deepEqual(await failure(iam.send(new CreateRoleCommand({ RoleName: 'Reader', AssumeRolePolicyDocument: trust({ AWS: A }) }))), { name: 'EntityAlreadyExistsException', status: 409, message: 'Role with name Reader already exists.' });

    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Reader', PolicyDocument: trust({ AWS: A }) }));
    assert.equal(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'Reader' }))).Role?.AssumeRolePolicyDocument ?? ''), trust({ AWS: A }));
    await iam.send(new TagRoleCommand({ RoleName: 'Reader', Tags: [{ Key: 'env', Value: 'test' }] }));
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'Reader' }))).Tags, [{ Key: 'env', Value: 'test' }]);

    await iam.send(new PutRolePolicyCommand({ RoleName: 'Reader', PolicyName: 'read', PolicyDocument: doc(allow('dynamodb:GetItem', TABLE)) }));
    assert.equal((await failure(iam.send(new DeleteRoleCommand({ RoleName: 'Reader' })))).message, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'Reader', PolicyName: 'read' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'Reader' }));
    assert.deepEqual(await failure(iam.send(new GetRoleCommand({ RoleName: 'Reader' }))), { name: 'NoSuchEntityException', status: 404, message: 'The role with name Reader cannot be found.' });
  });

  test('MaxSessionDuration bounds', async () => {
    assert.equal(
      (await failure(iam.send(new CreateRoleCommand({ RoleName: 'Short', AssumeRolePolicyDocument: trust({ AWS: A }), MaxSessionDuration: 60 })))).message,
      "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    );
  });
});

describe('simulation', () => {
  before(async () => {
    await iam.send(new CreateUserCommand({ UserName: 'sim' }));
    await iam.send(new PutUserPolicyCommand({
      UserName: 'sim',
      PolicyName: 'rows',
      PolicyDocument: doc([allow('dynamodb:GetItem', TABLE, { Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:username}'] } } }), { Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' }]),
    }));
    await iam.send(new CreateGroupCommand({ GroupName: 'writers' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'writers', UserName: 'sim' }));
    const policy = (await iam.send(new CreatePolicyCommand({ PolicyName: 'Write', PolicyDocument: doc(allow('dynamodb:PutItem', TABLE)) }))).Policy;
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'writers', PolicyArn: policy?.Arn }));
  });

  test('SimulatePrincipalPolicy: decisions, matched statements, missing context', async () => {
    const result = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${A}:user/sim`,
        ActionNames: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Scan'],
        ResourceArns: [TABLE],
      }),
    );
    const byAction = Object.fromEntries((result.EvaluationResults ?? []).map((r) => [r.EvalActionName, r]));
    assert.equal(byAction['dynamodb:GetItem'].EvalDecision, 'implicitDeny');
    assert.deepEqual(byAction['dynamodb:GetItem'].MissingContextValues, ['dynamodb:leadingkeys', 'aws:username']);
    assert.equal(byAction['dynamodb:PutItem'].EvalDecision, 'allowed');
    assert.deepEqual(byAction['dynamodb:PutItem'].MatchedStatements, [{ SourcePolicyId: `arn:aws:iam::${A}:policy/Write`, SourcePolicyType: 'user-managed' }]);
    assert.equal(byAction['dynamodb:DeleteItem'].EvalDecision, 'explicitDeny');
    assert.deepEqual(byAction['dynamodb:DeleteItem'].MatchedStatements, [{ SourcePolicyId: 'rows', SourcePolicyType: 'user' }]);
    assert.equal(byAction['dynamodb:Scan'].EvalDecision, 'implicitDeny');
    assert.equal(result.IsTruncated, false);
  });

  test('SimulatePrincipalPolicy with context entries', async () => {
    const result = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${A}:user/sim`,
        ActionNames: ['dynamodb:GetItem'],
        ResourceArns: [TABLE],
        ContextEntries: [
          { ContextKeyName: 'dynamodb:LeadingKeys', ContextKeyValues: ['sim'], ContextKeyType: 'stringList' },
          { ContextKeyName: 'aws:username', ContextKeyValues: ['sim'], ContextKeyType: 'string' },
        ],
      }),
    );
    assert.equal(result.EvaluationResults?.[0].EvalDecision, 'allowed');
    assert.deepEqual(result.EvaluationResults?.[0].MissingContextValues, []);
  });

  test('SimulateCustomPolicy with a resource policy', async () => {
    const result = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [doc(allow('dynamodb:Query', TABLE))],
        ActionNames: ['dynamodb:Query', 'dynamodb:GetItem'],
        ResourceArns: [TABLE],
        ResourcePolicy: doc({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE, Principal: { AWS: `arn:aws:iam::${A}:user/sim` } }),
        CallerArn: `arn:aws:iam::${A}:user/sim`,
      }),
    );
    assert.deepEqual(result.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision]), [
      ['dynamodb:Query', 'allowed'],
      ['dynamodb:GetItem', 'allowed'],
    ]);
    assert.deepEqual(result.EvaluationResults?.[1].MatchedStatements, [{ SourcePolicyId: 'ResourcePolicy', SourcePolicyType: 'resource' }]);
  });

  test('a malformed input policy', async () => {
    assert.deepEqual(await failure(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{'], ActionNames: ['dynamodb:Query'] }))), {
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: 'Syntax errors in policy.',
    });
  });
});

describe('an IAM user signing its own requests', () => {
  test('its own identity, AccessDenied as AWS words it, then allowed by a policy, then an explicit deny', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey;
    const erin = clientFor({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
    try {
      assert.deepEqual(await failure(erin.send(new GetUserCommand({}))), {
        name: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/erin is not authorized to perform: iam:GetUser on resource: arn:aws:iam::${A}:user/erin because no identity-based policy allows the iam:GetUser action`,
      });
      await iam.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'self', PolicyDocument: doc(allow(['iam:GetUser', 'iam:*AccessKey*'], 'arn:aws:iam::*:user/${aws:username}')) }));
      assert.equal((await erin.send(new GetUserCommand({}))).User?.UserName, 'erin');
      assert.equal((await erin.send(new ListAccessKeysCommand({}))).AccessKeyMetadata?.length, 1);
      assert.equal((await failure(erin.send(new GetUserCommand({ UserName: 'alice' })))).message.endsWith('because no identity-based policy allows the iam:GetUser action'), true);

      await iam.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'deny', PolicyDocument: doc({ Effect: 'Deny', Action: 'iam:ListAccessKeys', Resource: '*' }) }));
      assert.deepEqual(await failure(erin.send(new ListAccessKeysCommand({}))), {
        name: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/erin is not authorized to perform: iam:ListAccessKeys on resource: arn:aws:iam::${A}:user/erin with an explicit deny in an identity-based policy`,
      });

      await iam.send(new UpdateAccessKeyCommand({ UserName: 'erin', AccessKeyId: key?.AccessKeyId, Status: 'Inactive' }));
      assert.equal((await failure(erin.send(new GetUserCommand({})))).name, 'InvalidClientTokenId');
    } finally {
      erin.destroy();
    }
  });
});
