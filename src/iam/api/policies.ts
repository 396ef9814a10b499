/**
 * Identity policies: inline policies of users, groups and roles (Put / Get / Delete / List
 * UserPolicy, GroupPolicy, RolePolicy) and managed policies with their versions and attachments
 * (CreatePolicy, GetPolicy, DeletePolicy, ListPolicies, CreatePolicyVersion, GetPolicyVersion,
 * DeletePolicyVersion, ListPolicyVersions, SetDefaultPolicyVersion, Attach / Detach /
 * ListAttached User / Group / Role Policies), with IAM's validation and quotas: inline policies
 * of an entity together at most 2,048 (user), 5,120 (group) or 10,240 (role) non-white-space
 * characters, a managed policy version at most 6,144, five versions, ten attachments.
 */
import type { XmlContent } from '../../control-plane/sts/xml.js';
import {
  arnOf,
  Constraints,
  createNew,
  deleteConflict,
  documentMember,
  encodeDocument,
  entityId,
  invalidInput,
  isoDate,
  limitExceeded,
  mergeTags,
  nameMember,
  noSuchEntity,
  page,
  pagingMembers,
  pathMember,
  pathPrefixMember,
  policyArnMember,
  policyDocument,
  policySize,
  policyXml,
  quota,
  QUOTAS,
  tagsMember,
  type IamAction,
  type Params,
} from './common.js';
import { getGroup } from './groups.js';
import { getRole } from './roles.js';
import { iamKey, type IamGroup, type IamReader, type IamRole, type IamUser, type IamWriter, type ManagedPolicy, type PolicyHolder, type PolicyVersion } from './store.js';
import { getUser } from './users.js';

type HolderKind = 'user' | 'group' | 'role';

interface HolderInfo {
  readonly param: string;
  readonly member: string;
  readonly max: number;
  /** Quota of its inline policies together, and the name IAM gives the attachment quota. */
  readonly inlineQuota: number;
  readonly attachQuota: string;
  readonly get: (reader: IamReader, name: string) => Promise<PolicyHolder>;
  readonly nameOf: (holder: PolicyHolder) => string;
}

const HOLDERS: Readonly<Record<HolderKind, HolderInfo>> = {
  user: { param: 'UserName', member: 'userName', max: 128, inlineQuota: QUOTAS.userPolicySize, attachQuota: 'PoliciesPerUser', get: getUser, nameOf: (h) => (h as IamUser).userName },
  group: { param: 'GroupName', member: 'groupName', max: 128, inlineQuota: QUOTAS.groupPolicySize, attachQuota: 'PoliciesPerGroup', get: getGroup, nameOf: (h) => (h as IamGroup).groupName },
  role: { param: 'RoleName', member: 'roleName', max: 64, inlineQuota: QUOTAS.rolePolicySize, attachQuota: 'PoliciesPerRole', get: getRole, nameOf: (h) => (h as IamRole).roleName },
};

const putHolder = (tx: IamWriter, kind: HolderKind, holder: PolicyHolder): Promise<void> => tx.put(kind, holder as never);

// ---------------------------------------------------------------- inline policies

function holderName(c: Constraints, kind: HolderKind, params: Params): string {
  const info = HOLDERS[kind];
  return nameMember(c, info.member, params.get(info.param), info.max);
}

const policyNameMember = (c: Constraints, params: Params): string => nameMember(c, 'policyName', params.get('PolicyName'), 128);
const inlineNotFound = (kind: HolderKind, name: string) => noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`);

function inlineActions(kind: HolderKind): Record<string, IamAction> {
  const info = HOLDERS[kind];
  const label = `${kind[0].toUpperCase()}${kind.slice(1)}`;

  const put: IamAction = async (params, _caller, deps) => {
    const c = new Constraints();
    const name = holderName(c, kind, params);
    const policyName = policyNameMember(c, params);
    const document = documentMember(c, 'policyDocument', params.get('PolicyDocument'));
    c.check();
    policyDocument(document, 'identity');
    await deps.store.transaction(async (tx) => {
      const holder = await info.get(tx, name);
      const inlinePolicies = { ...holder.inlinePolicies, [policyName]: document };
      const total = Object.values(inlinePolicies).reduce((sum, text) => sum + policySize(text), 0);
      if (total > info.inlineQuota) throw limitExceeded(`Maximum policy size of ${info.inlineQuota} bytes exceeded for ${kind} ${info.nameOf(holder)}`);
      await putHolder(tx, kind, { ...holder, inlinePolicies });
    });
    return undefined;
  };

  const get: IamAction = async (params, _caller, deps) => {
    const c = new Constraints();
    const name = holderName(c, kind, params);
    const policyName = policyNameMember(c, params);
    c.check();
    const holder = await info.get(deps.store, name);
    if (!Object.hasOwn(holder.inlinePolicies, policyName)) throw inlineNotFound(kind, policyName);
    return { [info.param]: info.nameOf(holder), PolicyName: policyName, PolicyDocument: encodeDocument(holder.inlinePolicies[policyName]) };
  };

  const remove: IamAction = async (params, _caller, deps) => {
    const c = new Constraints();
    const name = holderName(c, kind, params);
    const policyName = policyNameMember(c, params);
    c.check();
    await deps.store.transaction(async (tx) => {
      const holder = await info.get(tx, name);
      if (!Object.hasOwn(holder.inlinePolicies, policyName)) throw inlineNotFound(kind, policyName);
      const inlinePolicies = { ...holder.inlinePolicies };
      delete inlinePolicies[policyName];
      await putHolder(tx, kind, { ...holder, inlinePolicies });
    });
    return undefined;
  };

  const list: IamAction = async (params, _caller, deps) => {
    const c = new Constraints();
    const name = holderName(c, kind, params);
    const paging = pagingMembers(c, params);
    c.check();
    const holder = await info.get(deps.store, name);
    const { items, fields } = page(Object.keys(holder.inlinePolicies).sort(), (n) => n, paging);
    return { PolicyNames: items, ...fields };
  };

  return { [`Put${label}Policy`]: put, [`Get${label}Policy`]: get, [`Delete${label}Policy`]: remove, [`List${label}Policies`]: list };
}

// ---------------------------------------------------------------- managed policies

const POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy((?:\/[\x21-\x7e]*)?\/)([\w+=,.@-]+)$/;
const VERSION_ID = /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/;

/** The managed policy an ARN names, or the error `notFound` words. */
async function policyByArn(reader: IamReader, arn: string, accountId: string, notFound: (arn: string) => string): Promise<ManagedPolicy> {
  const m = POLICY_ARN.exec(arn);
  if (m === null) throw invalidInput(`ARN ${arn} is not valid.`);
  const policy = m[1] === accountId ? await reader.get('policy', iamKey('policy', m[3])) : undefined;
  if (policy === undefined || policy.arn !== arn) throw noSuchEntity(notFound(arn));
  return policy;
}

const wasNotFound = (arn: string): string => `Policy ${arn} was not found.`;
const notAttachable = (arn: string): string => `Policy ${arn} does not exist or is not attachable.`;

/** A managed policy version's document: valid, within its quota. */
function managedDocument(text: string): void {
  policyDocument(text, 'identity');
  if (policySize(text) > QUOTAS.managedPolicySize) throw quota('PolicySize', QUOTAS.managedPolicySize);
}

const versionXml = (policy: ManagedPolicy, version: PolicyVersion, withDocument: boolean): XmlContent => ({
  Document: withDocument ? encodeDocument(version.document) : undefined,
  VersionId: version.versionId,
  IsDefaultVersion: String(version.versionId === policy.defaultVersionId),
  CreateDate: isoDate(version.createDate),
});

const createPolicy: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const policyName = policyNameMember(c, params);
  const path = pathMember(c, params.get('Path'));
  const document = documentMember(c, 'policyDocument', params.get('PolicyDocument'));
  const description = params.get('Description');
  if (description !== undefined) c.length('description', description, 0, 1000);
  const tags = tagsMember(c, params);
  c.check();
  managedDocument(document);
  const policy = await deps.store.transaction(async (tx) => {
    const now = deps.now();
    const created: ManagedPolicy = {
      policyName,
      policyId: entityId('ANPA', deps.random),
      path,
      arn: arnOf(deps, 'policy', path, policyName),
      ...(description !== undefined ? { description } : {}),
      createDate: now,
      updateDate: now,
      defaultVersionId: 'v1',
      versions: [{ versionId: 'v1', document, createDate: now }],
      nextVersion: 2,
      attachmentCount: 0,
      tags: mergeTags([], tags),
    };
    return createNew(tx, 'policy', created, `A policy called ${policyName} already exists. Duplicate names are not allowed.`, 'PoliciesPerAccount', QUOTAS.policies);
  });
  return { Policy: policyXml(policy) };
};

function arnOnly(params: Params): string {
  const c = new Constraints();
  const arn = policyArnMember(c, 'policyArn', params.get('PolicyArn'));
  c.check();
  return arn;
}

const getPolicy: IamAction = async (params, _caller, deps) => ({ Policy: policyXml(await policyByArn(deps.store, arnOnly(params), deps.accountId, wasNotFound)) });

const deletePolicy: IamAction = async (params, _caller, deps) => {
  const arn = arnOnly(params);
  await deps.store.transaction(async (tx) => {
    const policy = await policyByArn(tx, arn, deps.accountId, wasNotFound);
    if (policy.attachmentCount > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
    if (policy.versions.length > 1) {
      throw deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
    }
    await tx.delete('policy', iamKey('policy', policy.policyName));
  });
  return undefined;
};

const listPolicies: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const scope = params.get('Scope');
  c.oneOf('scope', scope, ['All', 'AWS', 'Local']);
  const onlyAttached = params.get('OnlyAttached');
  const prefix = pathPrefixMember(c, params.get('PathPrefix'));
  const paging = pagingMembers(c, params);
  c.check();
  const local = scope === 'AWS' ? [] : await deps.store.list('policy');
  const policies = local.filter((p) => p.path.startsWith(prefix) && (onlyAttached !== 'true' || p.attachmentCount > 0));
  const { items, fields } = page(policies, (p) => iamKey('policy', p.policyName), paging);
  return { Policies: items.map(policyXml), ...fields };
};

const createPolicyVersion: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const arn = policyArnMember(c, 'policyArn', params.get('PolicyArn'));
  const document = documentMember(c, 'policyDocument', params.get('PolicyDocument'));
  const setAsDefault = params.get('SetAsDefault');
  c.check();
  managedDocument(document);
  const [policy, version] = await deps.store.transaction(async (tx) => {
    const current = await policyByArn(tx, arn, deps.accountId, wasNotFound);
    if (current.versions.length >= QUOTAS.versionsPerPolicy) {
      throw limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    }
    const now = deps.now();
    const created: PolicyVersion = { versionId: `v${current.nextVersion}`, document, createDate: now };
    const updated: ManagedPolicy = {
      ...current,
      versions: [...current.versions, created],
      nextVersion: current.nextVersion + 1,
      updateDate: now,
      defaultVersionId: setAsDefault?.toLowerCase() === 'true' ? created.versionId : current.defaultVersionId,
    };
    await tx.put('policy', updated);
    return [updated, created] as const;
  });
  return { PolicyVersion: versionXml(policy, version, false) };
};

function versionMembers(params: Params): { arn: string; versionId: string } {
  const c = new Constraints();
  const arn = policyArnMember(c, 'policyArn', params.get('PolicyArn'));
  const versionId = params.get('VersionId');
  if (c.required('versionId', versionId)) c.pattern('versionId', versionId, VERSION_ID, 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?');
  c.check();
  return { arn, versionId: versionId ?? '' };
}

function findVersion(policy: ManagedPolicy, versionId: string): PolicyVersion {
  const version = policy.versions.find((v) => v.versionId === versionId);
  if (version === undefined) throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
  return version;
}

const getPolicyVersion: IamAction = async (params, _caller, deps) => {
  const { arn, versionId } = versionMembers(params);
  const policy = await policyByArn(deps.store, arn, deps.accountId, wasNotFound);
  return { PolicyVersion: versionXml(policy, findVersion(policy, versionId), true) };
};

const deletePolicyVersion: IamAction = async (params, _caller, deps) => {
  const { arn, versionId } = versionMembers(params);
  await deps.store.transaction(async (tx) => {
    const policy = await policyByArn(tx, arn, deps.accountId, wasNotFound);
    findVersion(policy, versionId);
    if (versionId === policy.defaultVersionId) throw deleteConflict('Cannot delete the default version of a policy.');
    await tx.put('policy', { ...policy, versions: policy.versions.filter((v) => v.versionId !== versionId) });
  });
  return undefined;
};

const listPolicyVersions: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const arn = policyArnMember(c, 'policyArn', params.get('PolicyArn'));
  const paging = pagingMembers(c, params);
  c.check();
  const policy = await policyByArn(deps.store, arn, deps.accountId, wasNotFound);
  const newestFirst = [...policy.versions].reverse();
  // page keys must grow in list order: newest first is the version number counted down
  const { items, fields } = page(newestFirst, (v) => String(1e9 - Number(v.versionId.slice(1).split('.')[0])).padStart(10, '0'), paging);
  return { Versions: items.map((v) => versionXml(policy, v, false)), ...fields };
};

const setDefaultPolicyVersion: IamAction = async (params, _caller, deps) => {
  const { arn, versionId } = versionMembers(params);
  await deps.store.transaction(async (tx) => {
    const policy = await policyByArn(tx, arn, deps.accountId, wasNotFound);
    findVersion(policy, versionId);
    await tx.put('policy', { ...policy, defaultVersionId: versionId, updateDate: deps.now() });
  });
  return undefined;
};

// ---------------------------------------------------------------- attachments

function attachmentActions(kind: HolderKind): Record<string, IamAction> {
  const info = HOLDERS[kind];
  const label = `${kind[0].toUpperCase()}${kind.slice(1)}`;
  const members = (params: Params): { name: string; arn: string } => {
    const c = new Constraints();
    const name = holderName(c, kind, params);
    const arn = policyArnMember(c, 'policyArn', params.get('PolicyArn'));
    c.check();
    return { name, arn };
  };

  const attach: IamAction = async (params, _caller, deps) => {
    const { name, arn } = members(params);
    await deps.store.transaction(async (tx) => {
      const holder = await info.get(tx, name);
      const policy = await policyByArn(tx, arn, deps.accountId, notAttachable);
      if (holder.attachedPolicies.includes(policy.arn)) return;
      if (holder.attachedPolicies.length >= QUOTAS.attachedPerEntity) throw quota(info.attachQuota, QUOTAS.attachedPerEntity);
      await putHolder(tx, kind, { ...holder, attachedPolicies: [...holder.attachedPolicies, policy.arn] });
      await tx.put('policy', { ...policy, attachmentCount: policy.attachmentCount + 1 });
    });
    return undefined;
  };

  const detach: IamAction = async (params, _caller, deps) => {
    const { name, arn } = members(params);
    await deps.store.transaction(async (tx) => {
      const holder = await info.get(tx, name);
      if (!POLICY_ARN.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
      if (!holder.attachedPolicies.includes(arn)) throw noSuchEntity(wasNotFound(arn));
      await putHolder(tx, kind, { ...holder, attachedPolicies: holder.attachedPolicies.filter((a) => a !== arn) });
      const policy = await policyByArn(tx, arn, deps.accountId, wasNotFound);
      await tx.put('policy', { ...policy, attachmentCount: Math.max(0, policy.attachmentCount - 1) });
    });
    return undefined;
  };

  const listAttached: IamAction = async (params, _caller, deps) => {
    const c = new Constraints();
    const name = holderName(c, kind, params);
    const prefix = pathPrefixMember(c, params.get('PathPrefix'));
    const paging = pagingMembers(c, params);
    c.check();
    const holder = await info.get(deps.store, name);
    const attached = holder.attachedPolicies
      .map((arn) => ({ arn, m: POLICY_ARN.exec(arn) }))
      .filter(({ m }) => m !== null && m[2].startsWith(prefix))
      .map(({ arn, m }) => ({ PolicyName: (m as RegExpExecArray)[3], PolicyArn: arn }))
      .sort((a, b) => (a.PolicyName.toLowerCase() < b.PolicyName.toLowerCase() ? -1 : 1));
    const { items, fields } = page(attached, (p) => p.PolicyName.toLowerCase(), paging);
    return { AttachedPolicies: items, ...fields };
  };

  return { [`Attach${label}Policy`]: attach, [`Detach${label}Policy`]: detach, [`ListAttached${label}Policies`]: listAttached };
}

/** The identity-policy documents of a user, group or role, for SimulatePrincipalPolicy and evaluation. */
export async function managedDocuments(reader: IamReader, holder: PolicyHolder, accountId: string): Promise<{ arn: string; document: string }[]> {
  const out: { arn: string; document: string }[] = [];
  for (const arn of holder.attachedPolicies) {
    const policy = await policyByArn(reader, arn, accountId, wasNotFound).catch(() => undefined);
    const version = policy?.versions.find((v) => v.versionId === policy.defaultVersionId);
    if (version !== undefined) out.push({ arn, document: version.document });
  }
  return out;
}

export const POLICY_ACTIONS: Readonly<Record<string, IamAction>> = {
  ...inlineActions('user'),
  ...inlineActions('group'),
  ...inlineActions('role'),
  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  DeletePolicy: deletePolicy,
  ListPolicies: listPolicies,
  CreatePolicyVersion: createPolicyVersion,
  GetPolicyVersion: getPolicyVersion,
  DeletePolicyVersion: deletePolicyVersion,
  ListPolicyVersions: listPolicyVersions,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
  ...attachmentActions('user'),
  ...attachmentActions('group'),
  ...attachmentActions('role'),
};
