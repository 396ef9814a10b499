/**
 * The STS actions Sqynamo serves, as pure functions of the request parameters and the
 * verified caller: GetCallerIdentity, GetAccessKeyInfo, GetSessionToken and AssumeRole.
 *
 * Temporary credentials are `ASIA` keys with a fresh secret; everything the server needs to
 * accept them later travels sealed in the session token. Roles are implicit: any role name in
 * the caller's own account can be assumed (there are no IAM policies here), with the
 * MaxSessionDuration of every role taken as the largest AWS allows.
 */
import { thenMaybe, type MaybePromise } from '../../auth/credentials.js';
import { sealSessionToken, type SessionClaims } from '../../auth/session-token.js';
import type { VerifiedIdentity } from '../../auth/sigv4-verify.js';
import { accountOfAccessKeyId, generateAccessKeyId, generateSecretAccessKey, roleId, TEMPORARY_PREFIX, type RandomBytes } from '../ids.js';
import { Constraints } from './constraints.js';
import { accessDenied, validationError } from './sts-error.js';
import type { XmlContent } from './xml.js';

/** Request parameters, by name (query protocol: all strings). */
export type StsParams = ReadonlyMap<string, string>;

/** Who is calling: the verified identity, and the session it signed with, if any. */
export interface StsCaller {
  readonly identity: VerifiedIdentity;
  /** Present when the request was signed with temporary credentials. */
  readonly session?: SessionClaims;
}

/** What actions need besides their parameters. */
export interface StsDeps {
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** The token key (see `deriveTokenKey`). */
  readonly tokenKey: Buffer;
  /** The account of a long-term access key known here, whatever its status. */
  readonly accountOfKey: (accessKeyId: string) => MaybePromise<string | undefined>;
  readonly random?: RandomBytes;
}

/** An action: parameters in, the content of `<{Action}Result>` out; throws StsError. */
export type StsAction = (params: StsParams, caller: StsCaller, deps: StsDeps) => MaybePromise<XmlContent>;

/** GetSessionToken: 15 minutes to 36 hours, 12 hours by default. */
export const SESSION_DURATION = { min: 900, max: 129_600, default: 43_200 } as const;
/** Sessions of an account's root user last at most one hour (longer requests are cut to it, as AWS does). */
export const ROOT_SESSION_MAX = 3600;
/** AssumeRole: 15 minutes to 12 hours, 1 hour by default. */
export const ROLE_DURATION = { min: 900, max: 43_200, default: 3600 } as const;
/** Every (implicit) role's MaxSessionDuration. */
export const ROLE_MAX_SESSION_DURATION = 43_200;
/** A role assumed with role credentials (role chaining) lasts at most one hour. */
export const ROLE_CHAINING_MAX = 3600;

const SESSION_NAME = /^[\w+=,.@-]*$/;
const ACCESS_KEY_ID = /^\w*$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;

/** Expiration as STS writes it: ISO 8601 UTC without fractions. */
export function formatExpiration(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Issues temporary credentials for `principal` in the caller's account. */
function issueCredentials(
  caller: StsCaller,
  deps: StsDeps,
  principal: { principalArn: string; userId: string; kind: SessionClaims['kind'] },
  durationSeconds: number,
): XmlContent {
  const { accountId } = caller.identity;
  const accessKeyId = generateAccessKeyId(TEMPORARY_PREFIX, accountId, deps.random);
  const secretAccessKey = generateSecretAccessKey(deps.random);
  // Whole seconds, so the Expiration shown is exactly when the token stops working.
  const expiresAt = Math.floor(deps.now() / 1000) * 1000 + durationSeconds * 1000;
  const sessionToken = sealSessionToken(deps.tokenKey, {
    accessKeyId,
    secretAccessKey,
    accountId,
    principalArn: principal.principalArn,
    userId: principal.userId,
    expiresAt,
    sourceAccessKeyId: caller.session?.sourceAccessKeyId ?? caller.identity.accessKeyId,
    kind: principal.kind,
  });
  return { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Expiration: formatExpiration(expiresAt) };
}

/** GetCallerIdentity: the account, ARN and user id of whoever signed the request. */
export const getCallerIdentity: StsAction = (_params, caller) => ({
  Arn: caller.identity.principalArn,
  UserId: caller.identity.userId,
  Account: caller.identity.accountId,
});

/**
 * GetAccessKeyInfo: the account of an access key: a key known here (any status), else the
 * account an AWS-shaped key id carries (as AWS decodes it, without a lookup).
 */
export const getAccessKeyInfo: StsAction = (params, _caller, deps) => {
  const constraints = new Constraints();
  const accessKeyId = params.get('AccessKeyId');
  if (constraints.required('accessKeyId', accessKeyId)) {
    constraints.length('accessKeyId', accessKeyId, 16, 128);
    constraints.pattern('accessKeyId', accessKeyId, ACCESS_KEY_ID, '[\\w]*');
  }
  constraints.check();
  const id = accessKeyId as string;
  return thenMaybe(deps.accountOfKey(id), (known) => {
    const account = known ?? accountOfAccessKeyId(id);
    if (account === undefined) throw validationError(`The access key ID ${id} is not known and does not carry an account`);
    return { Account: account };
  });
};

/**
 * GetSessionToken: temporary credentials for the caller itself. Not callable with temporary
 * credentials. A root user's sessions are cut to one hour, as AWS cuts them.
 */
export const getSessionToken: StsAction = (params, caller, deps) => {
  const constraints = new Constraints();
  const requested = constraints.integer('durationSeconds', params.get('DurationSeconds'), SESSION_DURATION.min, SESSION_DURATION.max);
  constraints.check();
  if (caller.session !== undefined) throw accessDenied('Cannot call GetSessionToken with session credentials');
  let duration = requested ?? SESSION_DURATION.default;
  if (caller.identity.principalArn.endsWith(':root')) duration = Math.min(duration, ROOT_SESSION_MAX);
  return {
    Credentials: issueCredentials(caller, deps, { principalArn: caller.identity.principalArn, userId: caller.identity.userId, kind: 'session' }, duration),
  };
};

/**
 * AssumeRole: temporary credentials for a role of the caller's own account; any other
 * account's role is AccessDenied.
 */
export const assumeRole: StsAction = (params, caller, deps) => {
  const constraints = new Constraints();
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  if (constraints.required('roleArn', roleArn)) constraints.length('roleArn', roleArn, 20, 2048);
  if (constraints.required('roleSessionName', sessionName)) {
    constraints.length('roleSessionName', sessionName, 2, 64);
    constraints.pattern('roleSessionName', sessionName, SESSION_NAME, '[\\w+=,.@-]*');
  }
  const requested = constraints.integer('durationSeconds', params.get('DurationSeconds'), ROLE_DURATION.min, ROLE_DURATION.max);
  constraints.check();

  const { accountId, principalArn } = caller.identity;
  const m = ROLE_ARN.exec(roleArn as string);
  if (!m || m[1] !== accountId) {
    throw accessDenied(`User: ${principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn as string}`);
  }
  const roleName = m[2];
  const chained = caller.session?.kind === 'role';
  if (chained && requested !== undefined && requested > ROLE_CHAINING_MAX) {
    throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (requested !== undefined && requested > ROLE_MAX_SESSION_DURATION) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const assumedRoleId = `${roleId(accountId, roleName)}:${sessionName as string}`;
  const assumedArn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName as string}`;
  return {
    Credentials: issueCredentials(caller, deps, { principalArn: assumedArn, userId: assumedRoleId, kind: 'role' }, requested ?? ROLE_DURATION.default),
    AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: assumedArn },
  };
};

/** The actions by name. */
export const STS_ACTIONS: Readonly<Record<string, StsAction>> = Object.freeze({
  GetCallerIdentity: getCallerIdentity,
  GetAccessKeyInfo: getAccessKeyInfo,
  GetSessionToken: getSessionToken,
  AssumeRole: assumeRole,
});
