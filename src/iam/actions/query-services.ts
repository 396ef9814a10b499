/**
 * Authorization checks of the query-protocol services: STS (GetCallerIdentity needs no
 * permission; GetSessionToken is callable by any IAM user or root user with long-term keys, as
 * in AWS; AssumeRole is `sts:AssumeRole` on the role, plus `sts:TagSession` /
 * `sts:SetSourceIdentity` when the request tags the session or sets a source identity), and
 * IAM: `iam:<Action>` on the user, group, role or managed policy the request names (the caller
 * itself when UserName is left out), with `iam:PolicyARN` on attachments and `aws:TagKeys` /
 * `aws:RequestTag/*` on tagging.
 */
import type { ActionScope, AuthorizationCheck } from '../actions.js';
import type { LazyContextValue } from '../policy/context.js';
import { arnComponents } from '../policy/pattern.js';

/** Query-protocol parameters by name. */
type Params = ReadonlyMap<string, string>;
type Checker = (params: Params, scope: ActionScope) => AuthorizationCheck[];

/** `Prefix.member.N` (and `Prefix.member.N.Suffix` when given) values in order. */
export function memberList(params: Params, prefix: string, suffix?: string): string[] {
  const out: string[] = [];
  for (let n = 1; ; n++) {
    const value = params.get(`${prefix}.member.${n}${suffix !== undefined ? `.${suffix}` : ''}`);
    if (value === undefined) return out;
    out.push(value);
  }
}

const accountOfArn = (arn: string, fallback: string): string => {
  const account = arnComponents(arn)?.[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : fallback;
};

const one = (action: string, resource: string, scope: ActionScope, context: Record<string, LazyContextValue> = {}): AuthorizationCheck => ({
  action,
  resource,
  resourceAccount: accountOfArn(resource, scope.accountId),
  context,
});

// ---------------------------------------------------------------- STS

/** STS actions with their checks (an empty list: no permission needed). */
const STS: Readonly<Record<string, Checker>> = {
  GetCallerIdentity: () => [],
  GetSessionToken: () => [],
  GetAccessKeyInfo: (_params, scope) => [one('sts:GetAccessKeyInfo', '*', scope)],
  AssumeRole: (params, scope) => {
    const role = params.get('RoleArn') ?? '';
    const context: Record<string, LazyContextValue> = {};
    const sessionName = params.get('RoleSessionName');
    if (sessionName !== undefined) context['sts:RoleSessionName'] = sessionName;
    const tagKeys = memberList(params, 'Tags', 'Key');
    const tagValues = memberList(params, 'Tags', 'Value');
    if (tagKeys.length > 0) {
      context['aws:TagKeys'] = tagKeys;
      tagKeys.forEach((key, i) => (context[`aws:RequestTag/${key}`] = tagValues[i] ?? ''));
    }
    const sourceIdentity = params.get('SourceIdentity');
    if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
    return [
      one('sts:AssumeRole', role, scope, context),
      ...(tagKeys.length > 0 ? [one('sts:TagSession', role, scope, context)] : []),
      ...(sourceIdentity !== undefined ? [one('sts:SetSourceIdentity', role, scope, context)] : []),
    ];
  },
};

/** The checks of an STS action; undefined for an action STS does not have. */
export function stsChecks(action: string, params: Params, scope: ActionScope): AuthorizationCheck[] | undefined {
  return Object.hasOwn(STS, action) ? STS[action](params, scope) : undefined;
}

// ---------------------------------------------------------------- IAM

type EntityKind = 'user' | 'group' | 'role';

const NAME_PARAM: Readonly<Record<EntityKind, string>> = { user: 'UserName', group: 'GroupName', role: 'RoleName' };

/** The ARN of an IAM entity of the caller's account (its path looked up, or the request's for a Create). */
function entityArn(kind: EntityKind | 'policy', name: string, scope: ActionScope, path?: string): string {
  const p = path ?? scope.iamPath?.(kind, name) ?? '/';
  return `arn:aws:iam::${scope.accountId}:${kind}${p}${name}`;
}

function tagContext(params: Params, context: Record<string, LazyContextValue>): void {
  const keys = [...memberList(params, 'Tags', 'Key'), ...memberList(params, 'TagKeys')];
  if (keys.length === 0) return;
  context['aws:TagKeys'] = keys;
  const values = memberList(params, 'Tags', 'Value');
  values.forEach((value, i) => (context[`aws:RequestTag/${keys[i]}`] = value));
}

/** An action on the user / group / role the request names (the calling user when UserName is left out). */
const onEntity =
  (kind: EntityKind, creates = false): Checker =>
  (params, scope) => {
    const named = params.get(NAME_PARAM[kind]);
    const context: Record<string, LazyContextValue> = {};
    tagContext(params, context);
    const policyArn = params.get('PolicyArn');
    if (policyArn !== undefined) context['iam:PolicyARN'] = policyArn;
    let resource: string;
    if (named !== undefined) resource = entityArn(kind, named, scope, creates ? (params.get('Path') ?? '/') : undefined);
    else if (kind === 'user' && scope.callerUserName !== undefined) resource = entityArn('user', scope.callerUserName, scope);
    else resource = scope.callerArn;
    return [one('', resource, scope, context)];
  };

const onPolicy: Checker = (params, scope) => [one('', params.get('PolicyArn') ?? '', scope)];
const onList =
  (resource: (scope: ActionScope) => string): Checker =>
  (_params, scope) => [one('', resource(scope), scope)];

const USER = onEntity('user');
const GROUP = onEntity('group');
const ROLE = onEntity('role');

/** Every IAM action Sqynamo serves, with the resource it is checked on. */
const IAM: Readonly<Record<string, Checker>> = {
  CreateUser: onEntity('user', true),
  GetUser: USER,
  UpdateUser: USER,
  DeleteUser: USER,
  ListUsers: onList((s) => `arn:aws:iam::${s.accountId}:user/*`),
  TagUser: USER,
  UntagUser: USER,
  ListUserTags: USER,
  CreateAccessKey: USER,
  ListAccessKeys: USER,
  UpdateAccessKey: USER,
  DeleteAccessKey: USER,
  GetAccessKeyLastUsed: onList((s) => `arn:aws:iam::${s.accountId}:user/*`),
  CreateGroup: onEntity('group', true),
  GetGroup: GROUP,
  DeleteGroup: GROUP,
  ListGroups: onList((s) => `arn:aws:iam::${s.accountId}:group/*`),
  AddUserToGroup: GROUP,
  RemoveUserFromGroup: GROUP,
  ListGroupsForUser: USER,
  PutUserPolicy: USER,
  GetUserPolicy: USER,
  DeleteUserPolicy: USER,
  ListUserPolicies: USER,
  PutGroupPolicy: GROUP,
  GetGroupPolicy: GROUP,
  DeleteGroupPolicy: GROUP,
  ListGroupPolicies: GROUP,
  PutRolePolicy: ROLE,
  GetRolePolicy: ROLE,
  DeleteRolePolicy: ROLE,
  ListRolePolicies: ROLE,
  CreatePolicy: (params, scope) => [one('', entityArn('policy', params.get('PolicyName') ?? '', scope, params.get('Path') ?? '/'), scope)],
  GetPolicy: onPolicy,
  DeletePolicy: onPolicy,
  ListPolicies: onList(() => '*'),
  CreatePolicyVersion: onPolicy,
  GetPolicyVersion: onPolicy,
  DeletePolicyVersion: onPolicy,
  ListPolicyVersions: onPolicy,
  SetDefaultPolicyVersion: onPolicy,
  AttachUserPolicy: USER,
  DetachUserPolicy: USER,
  ListAttachedUserPolicies: USER,
  AttachGroupPolicy: GROUP,
  DetachGroupPolicy: GROUP,
  ListAttachedGroupPolicies: GROUP,
  AttachRolePolicy: ROLE,
  DetachRolePolicy: ROLE,
  ListAttachedRolePolicies: ROLE,
  CreateRole: onEntity('role', true),
  GetRole: ROLE,
  DeleteRole: ROLE,
  ListRoles: onList((s) => `arn:aws:iam::${s.accountId}:role/*`),
  UpdateAssumeRolePolicy: ROLE,
  TagRole: ROLE,
  UntagRole: ROLE,
  ListRoleTags: ROLE,
  SimulatePrincipalPolicy: (params, scope) => [one('', params.get('PolicySourceArn') ?? '', scope)],
  SimulateCustomPolicy: onList(() => '*'),
};

/** The IAM actions with checks. */
export const IAM_ACTION_NAMES: readonly string[] = Object.freeze(Object.keys(IAM));

/** The checks of an IAM action (`iam:<action>`); undefined for an action without an entry. */
export function iamChecks(action: string, params: Params, scope: ActionScope): AuthorizationCheck[] | undefined {
  if (!Object.hasOwn(IAM, action)) return undefined;
  return IAM[action](params, scope).map((c) => ({ ...c, action: `iam:${action}` }));
}
