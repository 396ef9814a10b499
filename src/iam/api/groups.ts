/**
 * IAM groups and their members: CreateGroup, GetGroup, ListGroups, DeleteGroup,
 * AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser. A user's groups are kept on the user
 * (at most 10); a group's members are the users that name it.
 */
import {
  arnOf,
  Constraints,
  listUnderPath,
  createNew,
  deleteConflict,
  entityId,
  groupXml,
  nameMember,
  noSuchEntity,
  page,
  pagingMembers,
  pathMember,
  quota,
  QUOTAS,
  userXml,
  type IamAction,
} from './common.js';
import { iamKey, type IamGroup, type IamReader } from './store.js';
import { getUser } from './users.js';

export async function getGroup(reader: IamReader, name: string): Promise<IamGroup> {
  const group = await reader.get('group', iamKey('group', name));
  if (group === undefined) throw noSuchEntity(`The group with name ${name} cannot be found.`);
  return group;
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

const createGroup: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const groupName = nameMember(c, 'groupName', params.get('GroupName'), 128);
  const path = pathMember(c, params.get('Path'));
  c.check();
  const group = await deps.store.transaction(async (tx) => {
    const created: IamGroup = {
      groupName,
      groupId: entityId('AGPA', deps.random),
      path,
      arn: arnOf(deps, 'group', path, groupName),
      createDate: deps.now(),
      inlinePolicies: {},
      attachedPolicies: [],
    };
    return createNew(tx, 'group', created, `Group with name ${groupName} already exists.`, 'GroupsPerAccount', QUOTAS.groups);
  });
  return { Group: groupXml(group) };
};

const getGroupAction: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const groupName = nameMember(c, 'groupName', params.get('GroupName'), 128);
  const paging = pagingMembers(c, params);
  c.check();
  const group = await getGroup(deps.store, groupName);
  const members = (await deps.store.list('user')).filter((u) => u.groups.some((g) => sameName(g, group.groupName)));
  const { items, fields } = page(members, (u) => iamKey('user', u.userName), paging);
  return { Group: groupXml(group), Users: items.map((u) => userXml(u, false)), ...fields };
};

const listGroups: IamAction = async (params, _caller, deps) => {
  const { items, fields } = await listUnderPath(params, deps, 'group');
  return { Groups: items.map(groupXml), ...fields };
};

const deleteGroup: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const groupName = nameMember(c, 'groupName', params.get('GroupName'), 128);
  c.check();
  await deps.store.transaction(async (tx) => {
    const group = await getGroup(tx, groupName);
    if ((await tx.list('user')).some((u) => u.groups.some((g) => sameName(g, group.groupName)))) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    if (Object.keys(group.inlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (group.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    await tx.delete('group', iamKey('group', groupName));
  });
  return undefined;
};

function membershipMembers(params: ReadonlyMap<string, string>): { groupName: string; userName: string } {
  const c = new Constraints();
  const groupName = nameMember(c, 'groupName', params.get('GroupName'), 128);
  const userName = nameMember(c, 'userName', params.get('UserName'), 128);
  c.check();
  return { groupName, userName };
}

const addUserToGroup: IamAction = async (params, _caller, deps) => {
  const { groupName, userName } = membershipMembers(params);
  await deps.store.transaction(async (tx) => {
    const group = await getGroup(tx, groupName);
    const user = await getUser(tx, userName);
    if (user.groups.some((g) => sameName(g, group.groupName))) return;
    if (user.groups.length >= QUOTAS.groupsPerUser) throw quota('GroupsPerUser', QUOTAS.groupsPerUser);
    await tx.put('user', { ...user, groups: [...user.groups, group.groupName] });
  });
  return undefined;
};

const removeUserFromGroup: IamAction = async (params, _caller, deps) => {
  const { groupName, userName } = membershipMembers(params);
  await deps.store.transaction(async (tx) => {
    const group = await getGroup(tx, groupName);
    const user = await getUser(tx, userName);
    if (!user.groups.some((g) => sameName(g, group.groupName))) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
    await tx.put('user', { ...user, groups: user.groups.filter((g) => !sameName(g, group.groupName)) });
  });
  return undefined;
};

const listGroupsForUser: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const userName = nameMember(c, 'userName', params.get('UserName'), 128);
  const paging = pagingMembers(c, params);
  c.check();
  const user = await getUser(deps.store, userName);
  const groups = (await deps.store.list('group')).filter((g) => user.groups.some((name) => sameName(name, g.groupName)));
  const { items, fields } = page(groups, (g) => iamKey('group', g.groupName), paging);
  return { Groups: items.map(groupXml), ...fields };
};

export const GROUP_ACTIONS: Readonly<Record<string, IamAction>> = {
  CreateGroup: createGroup,
  GetGroup: getGroupAction,
  ListGroups: listGroups,
  DeleteGroup: deleteGroup,
  AddUserToGroup: addUserToGroup,
  RemoveUserFromGroup: removeUserFromGroup,
  ListGroupsForUser: listGroupsForUser,
};
