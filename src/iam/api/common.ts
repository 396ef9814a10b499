/**
 * What every IAM action shares: its dependencies, IAM's errors (codes, statuses and messages as
 * IAM answers them), request members checked as IAM checks them (the shared constraint
 * collector, IAM's name and path patterns, MaxItems / Marker paging, tags), policy documents
 * validated with their size quotas, entity ids, dates and the XML of each entity.
 */
import { randomBytes } from 'node:crypto';
import type { StsCaller } from '../../control-plane/sts/actions.js';
import { Constraints } from '../../control-plane/sts/constraints.js';
import { StsError } from '../../control-plane/sts/sts-error.js';
import type { XmlContent } from '../../control-plane/sts/xml.js';
import { base32Encode, type RandomBytes } from '../../control-plane/ids.js';
import { parsePolicyDocument, policySize, PolicyDocumentError, type PolicyDocument, type PolicyKind } from '../policy/document.js';
import { iamKey, keyOf, type IamAccessKey, type IamEntities, type IamGroup, type IamRole, type IamStore, type IamTag, type IamUser, type IamWriter, type ManagedPolicy } from './store.js';

export { Constraints };

/** The API version and namespace IAM speaks. */
export const IAM_VERSION = '2010-05-08';
export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** Request parameters, by name (query protocol). */
export type Params = ReadonlyMap<string, string>;

/** What IAM actions need. */
export interface IamDeps {
  readonly store: IamStore;
  /** The account whose entities these are (the caller's). */
  readonly accountId: string;
  /** Epoch milliseconds. */
  readonly now: () => number;
  readonly random?: RandomBytes;
}

/** An IAM action: parameters in, the content of `<{Action}Result>` out (undefined: none); throws StsError. */
export type IamAction = (params: Params, caller: StsCaller, deps: IamDeps) => Promise<XmlContent | undefined>;

// ---------------------------------------------------------------- errors

export const noSuchEntity = (message: string): StsError => new StsError('NoSuchEntity', message, 404);
export const entityAlreadyExists = (message: string): StsError => new StsError('EntityAlreadyExists', message, 409);
export const deleteConflict = (message: string): StsError => new StsError('DeleteConflict', message, 409);
export const limitExceeded = (message: string): StsError => new StsError('LimitExceeded', message, 409);
export const malformedPolicyDocument = (message: string): StsError => new StsError('MalformedPolicyDocument', message, 400);
export const invalidInput = (message: string): StsError => new StsError('InvalidInput', message, 400);
export const quota = (name: string, limit: number): StsError => limitExceeded(`Cannot exceed quota for ${name}: ${limit}`);

/** Account-wide quotas (AWS's defaults). */
export const QUOTAS = {
  users: 5000,
  groups: 300,
  roles: 1000,
  policies: 1500,
  accessKeysPerUser: 2,
  groupsPerUser: 10,
  attachedPerEntity: 10,
  versionsPerPolicy: 5,
  tagsPerEntity: 50,
  /** Non-white-space characters. */
  userPolicySize: 2048,
  groupPolicySize: 5120,
  rolePolicySize: 10240,
  managedPolicySize: 6144,
  trustPolicySize: 2048,
} as const;

// ---------------------------------------------------------------- members

export const NAME_PATTERN = /^[\w+=,.@-]+$/;
const PATH_PATTERN = /^(?:\/|\/[\x21-\x7e]+\/)$/;
const PATH_PREFIX_PATTERN = /^\/[\x21-\x7f]*$/;
const DOCUMENT_PATTERN = /^[\t\n\r\x20-\xff]+$/;
const MARKER_PATTERN = /^[\x20-\xff]+$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A required name member (`userName`, `groupName`, ...): 1..max of `[\w+=,.@-]`. */
export function nameMember(c: Constraints, member: string, value: string | undefined, max: number): string {
  if (c.required(member, value)) {
    c.length(member, value, 1, max);
    c.pattern(member, value, NAME_PATTERN, '[\\w+=,.@-]+');
  }
  return value ?? '';
}

/** An optional name member. */
export function optionalName(c: Constraints, member: string, value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  return nameMember(c, member, value, max);
}

/** The Path member of a Create action: `/` by default. */
export function pathMember(c: Constraints, value: string | undefined): string {
  if (value === undefined) return '/';
  c.length('path', value, 1, 512);
  c.pattern('path', value, PATH_PATTERN, '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
  return value;
}

export function pathPrefixMember(c: Constraints, value: string | undefined): string {
  if (value === undefined) return '/';
  c.length('pathPrefix', value, 1, 512);
  c.pattern('pathPrefix', value, PATH_PREFIX_PATTERN, '\\u002F[\\u0021-\\u007F]*');
  return value;
}

/** A policy document member: its length and characters (as the API checks them). */
export function documentMember(c: Constraints, member: string, value: string | undefined): string {
  if (c.required(member, value)) {
    c.length(member, value, 1, 131_072);
    c.pattern(member, value, DOCUMENT_PATTERN, '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+');
  }
  return value ?? '';
}

/** A policy ARN member (20-2048 characters). */
export function policyArnMember(c: Constraints, member: string, value: string | undefined): string {
  if (c.required(member, value)) c.length(member, value, 20, 2048);
  return value ?? '';
}

export interface Paging {
  readonly maxItems: number;
  readonly marker?: string;
}

export function pagingMembers(c: Constraints, params: Params): Paging {
  const maxItems = c.integer('maxItems', params.get('MaxItems'), 1, 1000);
  const marker = params.get('Marker');
  if (marker !== undefined) {
    c.length('marker', marker, 1, 320);
    c.pattern('marker', marker, MARKER_PATTERN, '[\\u0020-\\u00FF]+');
  }
  return { maxItems: maxItems ?? 100, ...(marker !== undefined ? { marker } : {}) };
}

/** One page of `items` (ordered by `keyOf`), with IsTruncated and the Marker of the next page. */
export function page<T>(items: readonly T[], keyOf: (item: T) => string, paging: Paging): { items: T[]; fields: Record<string, XmlContent | undefined> } {
  let start = 0;
  if (paging.marker !== undefined) {
    const after = Buffer.from(paging.marker, 'base64url').toString('utf8');
    start = items.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + paging.maxItems);
  const truncated = start + paging.maxItems < items.length;
  return {
    items: slice,
    fields: {
      IsTruncated: String(truncated),
      Marker: truncated ? Buffer.from(keyOf(slice[slice.length - 1]), 'utf8').toString('base64url') : undefined,
    },
  };
}

/** `Tags.member.N.Key` / `.Value`, checked as IAM checks them. */
export function tagsMember(c: Constraints, params: Params): IamTag[] {
  const tags: IamTag[] = [];
  for (let n = 1; ; n++) {
    const key = params.get(`Tags.member.${n}.Key`);
    const value = params.get(`Tags.member.${n}.Value`);
    if (key === undefined && value === undefined) break;
    if (c.required(`tags.${n}.member.key`, key)) {
      c.length(`tags.${n}.member.key`, key, 1, 128);
      c.pattern(`tags.${n}.member.key`, key, TAG_KEY, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+');
    }
    if (c.required(`tags.${n}.member.value`, value)) {
      c.length(`tags.${n}.member.value`, value, 0, 256);
      c.pattern(`tags.${n}.member.value`, value, TAG_VALUE, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*');
    }
    tags.push({ Key: key ?? '', Value: value ?? '' });
  }
  if (tags.length > QUOTAS.tagsPerEntity) c.add(`Value '[${tags.map((t) => `Tag(key=${t.Key}, value=${t.Value})`).join(', ')}]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50`);
  return tags;
}

/** Tags of an entity with `added` merged in (keys case-insensitive; an added one replaces). */
export function mergeTags(current: readonly IamTag[], added: readonly IamTag[]): IamTag[] {
  const lower = new Set(added.map((t) => t.Key.toLowerCase()));
  if (lower.size !== added.length) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  const merged = [...current.filter((t) => !lower.has(t.Key.toLowerCase())), ...added];
  if (merged.length > QUOTAS.tagsPerEntity) throw limitExceeded(`The number of tags has reached the maximum limit.`);
  return merged;
}

/**
 * Parses a policy document of `kind` for an IAM API request; MalformedPolicyDocument with IAM's
 * message when it is not valid. Size quotas are the caller's (they depend on the entity).
 */
export function policyDocument(text: string, kind: PolicyKind): PolicyDocument {
  try {
    return parsePolicyDocument(text, kind);
  } catch (err) {
    if (err instanceof PolicyDocumentError) throw malformedPolicyDocument(err.message);
    throw err;
  }
}

export { policySize };

/**
 * Creates an entity whose name must be new in the account (any case), within the account's
 * quota of its kind: EntityAlreadyExists with `exists`, or LimitExceeded for `quotaName`.
 */
export async function createNew<K extends 'user' | 'group' | 'role' | 'policy'>(
  tx: IamWriter,
  kind: K,
  entity: IamEntities[K],
  exists: string,
  quotaName: string,
  limit: number,
): Promise<IamEntities[K]> {
  if ((await tx.get(kind, keyOf(kind, entity))) !== undefined) throw entityAlreadyExists(exists);
  if ((await tx.list(kind)).length >= limit) throw quota(quotaName, limit);
  await tx.put(kind, entity);
  return entity;
}

export { iamKey };

/** ListUsers / ListGroups / ListRoles: the entities under PathPrefix, one page. */
export async function listUnderPath<K extends 'user' | 'group' | 'role'>(params: Params, deps: IamDeps, kind: K): Promise<{ items: IamEntities[K][]; fields: Record<string, XmlContent | undefined> }> {
  const c = new Constraints();
  const prefix = pathPrefixMember(c, params.get('PathPrefix'));
  const paging = pagingMembers(c, params);
  c.check();
  const entities = (await deps.store.list(kind)).filter((e) => e.path.startsWith(prefix));
  return page(entities, (e) => keyOf(kind, e), paging);
}

// ---------------------------------------------------------------- ids, dates, ARNs

/** A unique id as IAM makes them: a 4-letter prefix and 17 base32 characters. */
export function entityId(prefix: 'AIDA' | 'AGPA' | 'AROA' | 'ANPA', random: RandomBytes = randomBytes): string {
  return prefix + base32Encode(random(11)).slice(0, 17);
}

/** IAM's dates: ISO 8601 UTC without fractions. */
export const isoDate = (epochMs: number): string => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const arnOf = (deps: IamDeps, kind: 'user' | 'group' | 'role' | 'policy', path: string, name: string): string => `arn:aws:iam::${deps.accountId}:${kind}${path}${name}`;

/** The IAM user name of the caller, when it signs as an IAM user of this account. */
export function callerUserName(caller: StsCaller): string | undefined {
  if (caller.session !== undefined) return undefined;
  const m = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(caller.identity.principalArn);
  return m?.[1];
}

/** Documents are returned URL-encoded, as IAM returns them. */
export const encodeDocument = (document: string): string => encodeURIComponent(document);

// ---------------------------------------------------------------- entity XML

export const tagsXml = (tags: readonly IamTag[]): XmlContent | undefined => (tags.length > 0 ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined);

export const userXml = (user: IamUser, withTags = true): XmlContent => ({
  Path: user.path,
  UserName: user.userName,
  UserId: user.userId,
  Arn: user.arn,
  CreateDate: isoDate(user.createDate),
  Tags: withTags ? tagsXml(user.tags) : undefined,
});

export const groupXml = (group: IamGroup): XmlContent => ({
  Path: group.path,
  GroupName: group.groupName,
  GroupId: group.groupId,
  Arn: group.arn,
  CreateDate: isoDate(group.createDate),
});

export const roleXml = (role: IamRole, withTags = true): XmlContent => ({
  Path: role.path,
  RoleName: role.roleName,
  RoleId: role.roleId,
  Arn: role.arn,
  CreateDate: isoDate(role.createDate),
  AssumeRolePolicyDocument: encodeDocument(role.assumeRolePolicyDocument),
  Description: role.description,
  MaxSessionDuration: String(role.maxSessionDuration),
  Tags: withTags ? tagsXml(role.tags) : undefined,
});

export const policyXml = (policy: ManagedPolicy): XmlContent => ({
  PolicyName: policy.policyName,
  PolicyId: policy.policyId,
  Arn: policy.arn,
  Path: policy.path,
  DefaultVersionId: policy.defaultVersionId,
  AttachmentCount: String(policy.attachmentCount),
  PermissionsBoundaryUsageCount: '0',
  IsAttachable: 'true',
  Description: policy.description,
  CreateDate: isoDate(policy.createDate),
  UpdateDate: isoDate(policy.updateDate),
  Tags: tagsXml(policy.tags),
});

export const accessKeyMetadataXml = (key: IamAccessKey): XmlContent => ({
  UserName: key.userName,
  AccessKeyId: key.accessKeyId,
  Status: key.status,
  CreateDate: isoDate(key.createDate),
});
