/**
 * Policy documents: parsing and AWS's validation, with the MalformedPolicyDocument messages
 * IAM answers (`Syntax errors in policy.`, `Policy statement must contain resources.`, ...),
 * into a normalized {@link PolicyDocument} (every list an array, every condition value a string).
 *
 * Four kinds of document, as IAM and STS tell them apart:
 * - `identity`: inline and managed policies of users, groups and roles. No Principal; Action and
 *   Resource required; Version 2012-10-17.
 * - `session`: the `Policy` of AssumeRole / GetFederationToken: as identity.
 * - `trust`: a role's AssumeRolePolicyDocument. Principal required, no Resource, only STS
 *   AssumeRole actions.
 * - `resource`: a resource-based policy (a table's or a stream's). Principal and Resource required.
 */

/** The kinds of policy document. */
export type PolicyKind = 'identity' | 'session' | 'trust' | 'resource';

/** A Principal / NotPrincipal element: `*`, or lists of principals by type. */
export type PrincipalElement = '*' | { readonly [type in PrincipalType]?: readonly string[] };
export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

/** One condition: operator, key and values as written (values as strings). */
export interface ConditionEntry {
  /** The operator as written, e.g. `ForAllValues:StringLikeIfExists`. */
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal?: PrincipalElement;
  readonly notPrincipal?: PrincipalElement;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly conditions: readonly ConditionEntry[];
}

export interface PolicyDocument {
  /** `2012-10-17`, or `2008-10-17` (also when absent): without policy variables. */
  readonly version: '2012-10-17' | '2008-10-17';
  readonly id?: string;
  readonly statements: readonly PolicyStatement[];
}

/** A document IAM refuses, with its MalformedPolicyDocument message. */
export class PolicyDocumentError extends Error {}

export const POLICY_MESSAGES = {
  syntax: 'Syntax errors in policy.',
  legacy: 'The policy failed legacy parsing',
  version: 'Policy document must be version 2012-10-17 or greater.',
  sidUnique: 'Statement IDs (SID) in a single policy must be unique.',
  sidAlphanumeric: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  actions: 'Policy statement must contain actions.',
  resources: 'Policy statement must contain resources.',
  noPrincipal: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  prohibitedResource: 'Has prohibited field Resource',
  trustActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  vendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  vendorInvalid: (vendor: string) => `Vendor ${vendor} is not valid`,
  resourceFormat: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  partition: (partition: string, resource: string) => `Partition "${partition}" is not valid for resource "${resource}".`,
  iamRegion: (resource: string) => `IAM resource ${resource} cannot contain region information.`,
  iamPath:
    'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
} as const;

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PRINCIPAL_TYPES: ReadonlySet<string> = new Set<PrincipalType>(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
const IAM_PREFIXES = ['user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/', 'policy/', 'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/'];
/** The actions a trust policy may name. */
export const TRUST_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'];
const SID = /^[0-9A-Za-z]*$/;
/** An AWS principal of a trust or resource policy: an account id, an account root, a user, a role or a session (no wildcards). */
const AWS_PRINCIPAL = /^(?:\d{12}|arn:aws:iam::\d{12}:(?:root|(?:user|role|federated-user)\/[\x21-\x29\x2b-\x3e\x40-\x7e]+)|arn:aws:sts::\d{12}:(?:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+|federated-user\/[\w+=,.@-]+))$/;

/** The condition operators of the policy language (without qualifiers or `IfExists`). */
export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnNotEquals',
  'ArnLike',
  'ArnNotLike',
  'Null',
] as const;
export type ConditionOperatorName = (typeof CONDITION_OPERATORS)[number];
const OPERATOR_SET: ReadonlySet<string> = new Set(CONDITION_OPERATORS);

/** An operator split into its qualifier, base operator and `IfExists`; undefined when unknown. */
export function splitOperator(operator: string): { qualifier?: 'ForAllValues' | 'ForAnyValue'; base: ConditionOperatorName; ifExists: boolean } | undefined {
  let rest = operator;
  let qualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  for (const q of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q;
      rest = rest.slice(q.length + 1);
    }
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!OPERATOR_SET.has(rest) || (ifExists && rest === 'Null')) return undefined;
  return qualifier !== undefined ? { qualifier, base: rest as ConditionOperatorName, ifExists } : { base: rest as ConditionOperatorName, ifExists };
}

const fail = (message: string): never => {
  throw new PolicyDocumentError(message);
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string or a list of strings (`null` entries allowed where AWS allows them, then dropped). */
function stringList(value: Json, allowNull = false): string[] {
  if (typeof value === 'string') return [value];
  if (allowNull && value === null) return [];
  if (!Array.isArray(value)) return fail(POLICY_MESSAGES.syntax);
  const out: string[] = [];
  for (const entry of value) {
    if (typeof entry === 'string') out.push(entry);
    else if (!(allowNull && entry === null)) fail(POLICY_MESSAGES.syntax);
  }
  return out;
}

/** Condition values as AWS compares them: strings (numbers and booleans written as JSON too). */
function conditionValues(value: Json): string[] {
  const one = (v: Json): string => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (v === null) return 'null';
    return fail(POLICY_MESSAGES.syntax);
  };
  return Array.isArray(value) ? value.map(one) : [one(value)];
}

function parseConditions(value: Json): ConditionEntry[] {
  if (!isObject(value)) return fail(POLICY_MESSAGES.syntax);
  const entries: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (!isObject(block)) fail(POLICY_MESSAGES.syntax);
    const blockEntries = Object.entries(block as { [key: string]: Json });
    if (splitOperator(operator) === undefined) {
      // AWS keeps an unknown operator with nothing under it
      if (blockEntries.length > 0) fail(POLICY_MESSAGES.syntax);
      continue;
    }
    for (const [key, values] of blockEntries) entries.push({ operator, key, values: conditionValues(values) });
  }
  return entries;
}

function parsePrincipal(value: Json): PrincipalElement {
  if (value === '*') return '*';
  if (!isObject(value)) return fail(POLICY_MESSAGES.syntax);
  const out: { [type in PrincipalType]?: string[] } = {};
  for (const [type, list] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.has(type)) fail(POLICY_MESSAGES.syntax);
    out[type as PrincipalType] = stringList(list);
  }
  return out;
}

function checkPrincipal(principal: PrincipalElement): void {
  if (principal === '*') return;
  for (const [type, values] of Object.entries(principal) as [PrincipalType, string[]][]) {
    for (const value of values) {
      const ok = type === 'AWS' ? value === '*' || AWS_PRINCIPAL.test(value) : value.length > 0 && !/\s/.test(value);
      if (!ok) fail(POLICY_MESSAGES.invalidPrincipal(type, value));
    }
  }
}

function checkAction(action: string): void {
  if (action === '*') return;
  const colons = action.split(':').length - 1;
  if (colons === 0) fail(POLICY_MESSAGES.vendor);
  if (colons > 1) fail(POLICY_MESSAGES.oneColon);
  const vendor = action.slice(0, action.indexOf(':'));
  if (vendor === '' || !/^[A-Za-z0-9-]+$/.test(vendor)) fail(POLICY_MESSAGES.vendorInvalid(vendor));
}

function checkResource(resource: string): void {
  if (resource === '*') return;
  if (!resource.startsWith('arn:')) {
    const colons = resource.split(':').length - 1;
    if (colons === 0) fail(POLICY_MESSAGES.resourceFormat(resource));
    const parts = resource.split(':');
    const shown = ['arn', ...parts.slice(1)];
    while (shown.length < 6) shown.push('*');
    if (!PARTITIONS.has(parts[1])) fail(POLICY_MESSAGES.partition(parts[1], shown.join(':')));
    fail(POLICY_MESSAGES.resourceFormat(resource));
  }
  const parts = resource.split(':');
  if (parts.length <= 2) fail(POLICY_MESSAGES.resourceVendor);
  if (parts[2] === '') fail(POLICY_MESSAGES.legacy);
  if (parts.length === 5) fail(POLICY_MESSAGES.legacy);
  if (parts.length < 6) return;
  const [, partition, service, region] = parts;
  if (partition === '') fail(POLICY_MESSAGES.legacy);
  if (!PARTITIONS.has(partition) && !/[*?]/.test(partition)) fail(POLICY_MESSAGES.partition(partition, resource));
  if (service === 'iam') {
    if (region !== '') fail(POLICY_MESSAGES.iamRegion(resource));
    const path = parts.slice(5).join(':');
    if (path !== '' && path !== '*' && !path.includes('${') && !IAM_PREFIXES.some((p) => path.startsWith(p))) fail(POLICY_MESSAGES.iamPath);
  }
}

/** True for a date as the Date operators take it: ISO 8601 (date, or date and time) or epoch seconds. */
export function parsePolicyDate(text: string): number | undefined {
  if (/^-?\d{1,18}$/.test(text)) return Number(text) * 1000;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (!zm || Number(zm[2]) > 23 || Number(zm[3] ?? '0') > 59) return undefined;
    offset = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3] ?? '0')) * 60_000;
  }
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0').slice(0, 3)));
  return ms - offset;
}

function parseStatement(raw: Json, kind: PolicyKind, sids: Set<string>): PolicyStatement {
  if (!isObject(raw)) return fail(POLICY_MESSAGES.syntax);
  for (const field of Object.keys(raw)) if (!STATEMENT_FIELDS.has(field)) fail(POLICY_MESSAGES.syntax);
  const has = (field: string): boolean => Object.hasOwn(raw, field);
  if ((has('Action') && has('NotAction')) || (has('Resource') && has('NotResource')) || (has('Principal') && has('NotPrincipal'))) fail(POLICY_MESSAGES.syntax);

  let sid: string | undefined;
  if (has('Sid')) {
    if (typeof raw.Sid !== 'string') fail(POLICY_MESSAGES.syntax);
    sid = raw.Sid as string;
    if (sid !== '') {
      if (sids.has(sid)) fail(POLICY_MESSAGES.sidUnique);
      sids.add(sid);
    }
  }
  const effect = raw.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') return fail(POLICY_MESSAGES.syntax);
  const conditions = has('Condition') ? parseConditions(raw.Condition) : [];

  const principal = has('Principal') ? parsePrincipal(raw.Principal) : undefined;
  const notPrincipal = has('NotPrincipal') ? parsePrincipal(raw.NotPrincipal) : undefined;
  const actionField = has('Action') ? 'Action' : has('NotAction') ? 'NotAction' : undefined;
  if (actionField === undefined) return fail(POLICY_MESSAGES.actions);
  const actions = stringList(raw[actionField]);
  if (actions.length === 0) fail(POLICY_MESSAGES.actions);

  const resourceField = has('Resource') ? 'Resource' : has('NotResource') ? 'NotResource' : undefined;
  let resources: string[] | undefined;
  if (kind === 'trust') {
    if (resourceField !== undefined) fail(POLICY_MESSAGES.prohibitedResource);
  } else {
    if (resourceField === undefined) return fail(POLICY_MESSAGES.resources);
    resources = stringList(raw[resourceField], true);
    if (resources.length === 0) fail(POLICY_MESSAGES.resources);
  }

  if (kind === 'identity' || kind === 'session') {
    if (principal !== undefined || notPrincipal !== undefined) fail(POLICY_MESSAGES.noPrincipal);
  } else if (principal === undefined && notPrincipal === undefined) fail(POLICY_MESSAGES.missingPrincipal);

  for (const c of conditions) {
    const op = splitOperator(c.operator);
    if (op?.base.startsWith('Date') && c.values.some((v) => parsePolicyDate(v) === undefined)) fail(POLICY_MESSAGES.legacy);
  }
  for (const r of resources ?? []) checkResource(r);
  for (const a of actions) checkAction(a);
  for (const c of conditions) if (!c.key.includes(':')) fail(POLICY_MESSAGES.vendor);
  if (kind === 'trust' && actionField === 'Action') {
    for (const a of actions) {
      const lower = a.toLowerCase();
      const matchesTrustAction = lower.startsWith('sts:') && TRUST_ACTIONS.some((t) => globMatchesLower(lower, t.toLowerCase()));
      if (!matchesTrustAction) fail(POLICY_MESSAGES.trustActions);
    }
  }
  if (principal !== undefined) checkPrincipal(principal);
  if (notPrincipal !== undefined) checkPrincipal(notPrincipal);
  if (sid !== undefined && (kind === 'identity' || kind === 'trust') && !SID.test(sid)) fail(POLICY_MESSAGES.sidAlphanumeric);

  return {
    ...(sid !== undefined ? { sid } : {}),
    effect,
    ...(principal !== undefined ? { principal } : {}),
    ...(notPrincipal !== undefined ? { notPrincipal } : {}),
    ...(actionField === 'Action' ? { action: actions } : { notAction: actions }),
    ...(resources !== undefined ? (resourceField === 'Resource' ? { resource: resources } : { notResource: resources }) : {}),
    conditions,
  };
}

/** `pattern` (lower-cased, with `*`/`?`) matches `value` (lower-cased). */
function globMatchesLower(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[\\^$.+()[\]{}|]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(value);
}

/**
 * Parses and validates a policy document of `kind`. Throws {@link PolicyDocumentError} with
 * IAM's message for a malformed one. Size limits depend on where the document goes and are
 * checked by the caller with {@link policySize}.
 */
export function parsePolicyDocument(text: string, kind: PolicyKind): PolicyDocument {
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    return fail(POLICY_MESSAGES.syntax);
  }
  if (!isObject(json)) return fail(POLICY_MESSAGES.syntax);
  for (const key of Object.keys(json)) if (!TOP_LEVEL.has(key)) fail(POLICY_MESSAGES.syntax);
  if (Object.hasOwn(json, 'Id') && typeof json.Id !== 'string') fail(POLICY_MESSAGES.syntax);
  let version: PolicyDocument['version'] = '2008-10-17';
  if (Object.hasOwn(json, 'Version')) {
    if (json.Version !== '2012-10-17' && json.Version !== '2008-10-17') fail(POLICY_MESSAGES.syntax);
    version = json.Version as PolicyDocument['version'];
  }
  if ((kind === 'identity' || kind === 'session') && version !== '2012-10-17') fail(POLICY_MESSAGES.version);
  const raw = json.Statement;
  if (raw === undefined) return fail(POLICY_MESSAGES.syntax);
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || list.some((s) => !isObject(s))) fail(POLICY_MESSAGES.syntax);
  // AWS reads the effects first: a wrongly-cased one fails legacy parsing before anything else
  for (const s of list as { [key: string]: Json }[]) {
    const effect = s.Effect;
    if (typeof effect === 'string' && effect !== 'Allow' && effect !== 'Deny' && ['allow', 'deny'].includes(effect.toLowerCase())) fail(POLICY_MESSAGES.legacy);
  }
  const sids = new Set<string>();
  const statements = list.map((s) => parseStatement(s, kind, sids));
  return { version, ...(typeof json.Id === 'string' ? { id: json.Id } : {}), statements };
}

/** The size IAM counts against its quotas: characters other than white space. */
export function policySize(text: string): number {
  let n = 0;
  for (const ch of text) if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') n++;
  return n;
}
