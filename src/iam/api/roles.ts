/**
 * IAM roles and their trust policies: CreateRole, GetRole, ListRoles, UpdateAssumeRolePolicy,
 * DeleteRole, TagRole, UntagRole, ListRoleTags. A trust policy is validated as IAM validates it
 * (principals required, STS AssumeRole actions only, at most 2,048 non-white-space characters)
 * and every user or role of this account it names must exist.
 */
import { validationError } from '../../control-plane/sts/sts-error.js';
import type { PolicyDocument } from '../policy/document.js';
import {
  arnOf,
  Constraints,
  listUnderPath,
  createNew,
  deleteConflict,
  documentMember,
  entityId,
  invalidInput,
  malformedPolicyDocument,
  mergeTags,
  nameMember,
  noSuchEntity,
  pathMember,
  policyDocument,
  policySize,
  quota,
  QUOTAS,
  roleXml,
  tagsMember,
  type IamAction,
  type IamDeps,
} from './common.js';
import { iamKey, type IamReader, type IamRole } from './store.js';
import { tagActions } from './tags.js';

/** Role session durations: one to twelve hours, one by default. */
export const MAX_SESSION_DURATION = { min: 3600, max: 43_200, default: 3600 } as const;

export async function getRole(reader: IamReader, name: string): Promise<IamRole> {
  const role = await reader.get('role', iamKey('role', name));
  if (role === undefined) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return role;
}

/** Every user and role of this account the document names as a principal must exist. */
async function checkPrincipals(reader: IamReader, document: PolicyDocument, deps: IamDeps): Promise<void> {
  const own = new RegExp(`^arn:aws:iam::${deps.accountId}:(user|role)/(?:.*/)?([^/]+)$`);
  for (const statement of document.statements) {
    for (const element of [statement.principal, statement.notPrincipal]) {
      if (element === undefined || element === '*') continue;
      for (const arn of element.AWS ?? []) {
        const m = own.exec(arn);
        if (m === null) continue;
        const kind = m[1] as 'user' | 'role';
        const entity = await reader.get(kind, iamKey(kind, m[2]));
        if (entity === undefined || entity.arn !== arn) throw malformedPolicyDocument(`Invalid principal in policy: "AWS":"${arn}"`);
      }
    }
  }
}

/** A trust policy for a request: valid, within its quota, naming principals that exist. */
async function trustPolicy(reader: IamReader, text: string, deps: IamDeps): Promise<void> {
  const document = policyDocument(text, 'trust');
  if (policySize(text) > QUOTAS.trustPolicySize) throw quota('ACLSizePerRole', QUOTAS.trustPolicySize);
  await checkPrincipals(reader, document, deps);
}

const DESCRIPTION = /^[\t\n\r\x20-\x7e\xa1-\xff]*$/;

const createRole: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const roleName = nameMember(c, 'roleName', params.get('RoleName'), 64);
  const path = pathMember(c, params.get('Path'));
  const document = documentMember(c, 'assumeRolePolicyDocument', params.get('AssumeRolePolicyDocument'));
  const description = params.get('Description');
  if (description !== undefined) {
    c.length('description', description, 0, 1000);
    c.pattern('description', description, DESCRIPTION, '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*');
  }
  const maxSessionDuration = c.integer('maxSessionDuration', params.get('MaxSessionDuration'), MAX_SESSION_DURATION.min, MAX_SESSION_DURATION.max);
  const tags = tagsMember(c, params);
  c.check();
  if (params.get('PermissionsBoundary') !== undefined) throw invalidInput('PermissionsBoundary is not supported by Sqynamo.');
  const role = await deps.store.transaction(async (tx) => {
    await trustPolicy(tx, document, deps);
    const created: IamRole = {
      roleName,
      roleId: entityId('AROA', deps.random),
      path,
      arn: arnOf(deps, 'role', path, roleName),
      createDate: deps.now(),
      assumeRolePolicyDocument: document,
      ...(description !== undefined ? { description } : {}),
      maxSessionDuration: maxSessionDuration ?? MAX_SESSION_DURATION.default,
      tags: mergeTags([], tags),
      inlinePolicies: {},
      attachedPolicies: [],
    };
    return createNew(tx, 'role', created, `Role with name ${roleName} already exists.`, 'RolesPerAccount', QUOTAS.roles);
  });
  return { Role: roleXml(role) };
};

function roleNameOnly(params: ReadonlyMap<string, string>): string {
  const c = new Constraints();
  const roleName = nameMember(c, 'roleName', params.get('RoleName'), 64);
  c.check();
  return roleName;
}

const getRoleAction: IamAction = async (params, _caller, deps) => ({ Role: roleXml(await getRole(deps.store, roleNameOnly(params))) });

const listRoles: IamAction = async (params, _caller, deps) => {
  const { items, fields } = await listUnderPath(params, deps, 'role');
  return { Roles: items.map((r) => roleXml(r, false)), ...fields };
};

const updateAssumeRolePolicy: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const roleName = nameMember(c, 'roleName', params.get('RoleName'), 64);
  const document = documentMember(c, 'policyDocument', params.get('PolicyDocument'));
  c.check();
  await deps.store.transaction(async (tx) => {
    const role = await getRole(tx, roleName);
    await trustPolicy(tx, document, deps);
    await tx.put('role', { ...role, assumeRolePolicyDocument: document });
  });
  return undefined;
};

const deleteRole: IamAction = async (params, _caller, deps) => {
  const roleName = roleNameOnly(params);
  await deps.store.transaction(async (tx) => {
    const role = await getRole(tx, roleName);
    if (Object.keys(role.inlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (role.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    await tx.delete('role', iamKey('role', roleName));
  });
  return undefined;
};

/** Role session durations requested of a role: within its MaxSessionDuration (for AssumeRole). */
export function checkSessionDuration(role: IamRole, requested: number | undefined): void {
  if (requested !== undefined && requested > role.maxSessionDuration) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
}

export const ROLE_ACTIONS: Readonly<Record<string, IamAction>> = {
  CreateRole: createRole,
  GetRole: getRoleAction,
  ListRoles: listRoles,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  DeleteRole: deleteRole,
  ...tagActions<IamRole>({ kind: 'role', label: 'Role', param: 'RoleName', member: 'roleName', max: 64, get: getRole }),
};
