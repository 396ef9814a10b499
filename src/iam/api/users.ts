/**
 * IAM users, their tags and their access keys: CreateUser, GetUser, ListUsers, DeleteUser,
 * TagUser, UntagUser, ListUserTags, CreateAccessKey, ListAccessKeys, UpdateAccessKey,
 * DeleteAccessKey, GetAccessKeyLastUsed.
 */
import type { StsCaller } from '../../control-plane/sts/actions.js';
import { validationError } from '../../control-plane/sts/sts-error.js';
import { generateAccessKeyId, generateSecretAccessKey, LONG_TERM_PREFIX } from '../../control-plane/ids.js';
import {
  accessKeyMetadataXml,
  arnOf,
  callerUserName,
  Constraints,
  listUnderPath,
  createNew,
  deleteConflict,
  entityId,
  invalidInput,
  isoDate,
  mergeTags,
  nameMember,
  noSuchEntity,
  optionalName,
  page,
  pagingMembers,
  pathMember,
  quota,
  QUOTAS,
  tagsMember,
  userXml,
  type IamAction,
  type IamDeps,
  type Params,
} from './common.js';
import { iamKey, type IamAccessKey, type IamReader, type IamUser } from './store.js';
import { tagActions } from './tags.js';

export const userNotFound = (name: string) => noSuchEntity(`The user with name ${name} cannot be found.`);
const keyNotFound = (id: string) => noSuchEntity(`The Access Key with id ${id} cannot be found.`);

export async function getUser(reader: IamReader, name: string): Promise<IamUser> {
  const user = await reader.get('user', iamKey('user', name));
  if (user === undefined) throw userNotFound(name);
  return user;
}

/** The user a request names, or the calling IAM user when it names none. */
function targetUser(c: Constraints, params: Params, caller: StsCaller): string {
  const named = optionalName(c, 'userName', params.get('UserName'), 128);
  c.check();
  const name = named ?? callerUserName(caller);
  if (name === undefined) throw validationError('Must specify userName when calling with non-User credentials');
  return name;
}

function permissionsBoundaryUnsupported(params: Params): void {
  if (params.get('PermissionsBoundary') !== undefined) throw invalidInput('PermissionsBoundary is not supported by Sqynamo.');
}

const createUser: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const userName = nameMember(c, 'userName', params.get('UserName'), 64);
  const path = pathMember(c, params.get('Path'));
  const tags = tagsMember(c, params);
  c.check();
  permissionsBoundaryUnsupported(params);
  const user = await deps.store.transaction(async (tx) => {
    const created: IamUser = {
      userName,
      userId: entityId('AIDA', deps.random),
      path,
      arn: arnOf(deps, 'user', path, userName),
      createDate: deps.now(),
      tags: mergeTags([], tags),
      groups: [],
      inlinePolicies: {},
      attachedPolicies: [],
    };
    return createNew(tx, 'user', created, `User with name ${userName} already exists.`, 'UsersPerAccount', QUOTAS.users);
  });
  return { User: userXml(user) };
};

const getUserAction: IamAction = async (params, caller, deps) => {
  const c = new Constraints();
  const named = optionalName(c, 'userName', params.get('UserName'), 128);
  c.check();
  const name = named ?? callerUserName(caller);
  if (name === undefined) {
    if (caller.session === undefined && caller.identity.principalArn.endsWith(':root')) {
      return { User: { UserId: deps.accountId, Arn: caller.identity.principalArn, CreateDate: isoDate(deps.now()) } };
    }
    throw validationError('Must specify userName when calling with non-User credentials');
  }
  return { User: userXml(await getUser(deps.store, name)) };
};

const listUsers: IamAction = async (params, _caller, deps) => {
  const { items, fields } = await listUnderPath(params, deps, 'user');
  return { Users: items.map((u) => userXml(u, false)), ...fields };
};

const deleteUser: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const userName = nameMember(c, 'userName', params.get('UserName'), 128);
  c.check();
  await deps.store.transaction(async (tx) => {
    const user = await getUser(tx, userName);
    if ((await tx.list('accessKey')).some((k) => k.userName === user.userName)) throw deleteConflict('Cannot delete entity, must delete access keys first.');
    if (Object.keys(user.inlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (user.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (user.groups.length > 0) throw deleteConflict('Cannot delete entity, must remove user from group first.');
    await tx.delete('user', iamKey('user', userName));
  });
  return undefined;
};

// ---------------------------------------------------------------- access keys

const createAccessKey: IamAction = async (params, caller, deps) => {
  const c = new Constraints();
  const userName = targetUser(c, params, caller);
  const key = await deps.store.transaction(async (tx) => {
    const user = await getUser(tx, userName);
    if ((await tx.list('accessKey')).filter((k) => k.userName === user.userName).length >= QUOTAS.accessKeysPerUser) {
      throw quota('AccessKeysPerUser', QUOTAS.accessKeysPerUser);
    }
    const created: IamAccessKey = {
      accessKeyId: generateAccessKeyId(LONG_TERM_PREFIX, deps.accountId, deps.random),
      userName: user.userName,
      secretAccessKey: generateSecretAccessKey(deps.random),
      status: 'Active',
      createDate: deps.now(),
    };
    await tx.put('accessKey', created);
    return created;
  });
  return { AccessKey: { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: key.secretAccessKey, CreateDate: isoDate(key.createDate) } };
};

const listAccessKeys: IamAction = async (params, caller, deps) => {
  const c = new Constraints();
  const paging = pagingMembers(c, params);
  const userName = targetUser(c, params, caller);
  const user = await getUser(deps.store, userName);
  const keys = (await deps.store.list('accessKey')).filter((k) => k.userName === user.userName);
  const { items, fields } = page(keys, (k) => k.accessKeyId, paging);
  return { AccessKeyMetadata: items.map(accessKeyMetadataXml), ...fields };
};

function accessKeyIdMember(c: Constraints, value: string | undefined): string {
  if (c.required('accessKeyId', value)) {
    c.length('accessKeyId', value, 16, 128);
    c.pattern('accessKeyId', value, /^\w+$/, '[\\w]+');
  }
  return value ?? '';
}

/** The key `id` of the user the request names (or the caller), NoSuchEntity when it is not theirs. */
async function ownedKey(reader: IamReader, id: string, params: Params, caller: StsCaller, c: Constraints): Promise<IamAccessKey> {
  const named = optionalName(c, 'userName', params.get('UserName'), 128);
  c.check();
  const owner = named ?? callerUserName(caller);
  const key = await reader.get('accessKey', id);
  if (key === undefined || (owner !== undefined && key.userName.toLowerCase() !== owner.toLowerCase())) throw keyNotFound(id);
  if (named !== undefined) await getUser(reader, named);
  return key;
}

const updateAccessKey: IamAction = async (params, caller, deps) => {
  const c = new Constraints();
  const id = accessKeyIdMember(c, params.get('AccessKeyId'));
  const status = params.get('Status');
  if (c.required('status', status)) c.oneOf('status', status, ['Active', 'Inactive', 'Expired']);
  if (status === 'Expired') throw invalidInput('The status Expired cannot be set on an access key.');
  await deps.store.transaction(async (tx) => {
    const key = await ownedKey(tx, id, params, caller, c);
    await tx.put('accessKey', { ...key, status: status as 'Active' | 'Inactive' });
  });
  return undefined;
};

const deleteAccessKey: IamAction = async (params, caller, deps) => {
  const c = new Constraints();
  const id = accessKeyIdMember(c, params.get('AccessKeyId'));
  await deps.store.transaction(async (tx) => {
    await ownedKey(tx, id, params, caller, c);
    await tx.delete('accessKey', id);
  });
  return undefined;
};

const getAccessKeyLastUsed: IamAction = async (params, _caller, deps: IamDeps) => {
  const c = new Constraints();
  const id = accessKeyIdMember(c, params.get('AccessKeyId'));
  c.check();
  const key = await deps.store.get('accessKey', id);
  if (key === undefined) throw keyNotFound(id);
  const used = key.lastUsed;
  return {
    UserName: key.userName,
    AccessKeyLastUsed: used !== undefined ? { LastUsedDate: isoDate(used.date), ServiceName: used.serviceName, Region: used.region } : { ServiceName: 'N/A', Region: 'N/A' },
  };
};

export const USER_ACTIONS: Readonly<Record<string, IamAction>> = {
  CreateUser: createUser,
  GetUser: getUserAction,
  ListUsers: listUsers,
  DeleteUser: deleteUser,
  ...tagActions<IamUser>({ kind: 'user', label: 'User', param: 'UserName', member: 'userName', max: 128, get: getUser }),
  CreateAccessKey: createAccessKey,
  ListAccessKeys: listAccessKeys,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
};
