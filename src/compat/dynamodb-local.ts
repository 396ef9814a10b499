/**
 * DynamoDB Local mode (`--compat dynamodb-local`, or any of DynamoDB Local's flags): the
 * behaviours of AWS's DynamoDB Local that test suites and start-up scripts depend on.
 *
 * It DOES NOT AUTHENTICATE. A request must carry an `Authorization` header of SigV4's shape
 * (its access key id and region name the namespace), but the signature, the date and the
 * secret are never checked, as DynamoDB Local never checks them. The mode is opt-in, refuses
 * --access-keys / --no-test-credentials / --iam-account, says so in the startup banner, and
 * never opens a data directory written in AWS mode (data-dir-mode.ts), so it cannot weaken
 * the tenancy of AWS mode.
 *
 * Namespaces: one per (access key id, region), as DynamoDB Local keeps a file per
 * `<key>_<region>`; with -sharedDb one for everything (account 000000000000, region
 * `ddblocal`, the names DynamoDB Local's ARNs carry). Each key maps to a 12-digit account id
 * derived from a hash of the key id.
 */
import { createHash } from 'node:crypto';
import type { ApiResponse } from '../http/wire.js';
import { parseAuthorizationHeader, parseCredentialScope, checkAlgorithm } from '../auth/authorization-header.js';
import { rootPrincipalArn } from '../auth/credentials.js';
import type { VerifiedIdentity } from '../auth/sigv4-verify.js';
import type { Config } from '../config.js';
import { DynamoDBError } from '../errors.js';

/** The namespace of -sharedDb: DynamoDB Local's own account and region names. */
export const SHARED_ACCOUNT_ID = '000000000000';
export const SHARED_REGION = 'ddblocal';

const MISSING_TOKEN_TYPE = 'com.amazonaws.dynamodb.v20120810#MissingAuthenticationToken';
const MISSING_TOKEN_MESSAGE = 'Request must contain either a valid (registered) AWS access key ID or X.509 certificate.';

/** What DynamoDB Local answers a request without credentials (GET / included): 400, this body. */
export function missingCredentials(): DynamoDBError {
  return new DynamoDBError(MISSING_TOKEN_TYPE, MISSING_TOKEN_MESSAGE, 400, undefined, 'Message');
}

/** True in DynamoDB Local mode. */
export const isDynamoDBLocal = (config: Pick<Config, 'compat'>): boolean => config.compat === 'dynamodb-local';

/** The 12-digit account id of an access key id's namespace: the first 40 bits of its SHA-256, in decimal. */
export function localAccountId(accessKeyId: string): string {
  const digest = createHash('sha256').update(accessKeyId, 'utf8').digest();
  const n = digest.readUIntBE(0, 5) % 1_000_000_000_000;
  return String(n).padStart(12, '0');
}

/**
 * Who a request says it is, without verifying it: the access key id and region of the
 * Authorization header's credential scope. Malformed headers get AWS's errors.
 *
 * @throws DynamoDBError MissingAuthenticationToken (DynamoDB Local's text) without an Authorization header
 */
export function unverifiedIdentity(headers: Record<string, string>, sharedDb: boolean): VerifiedIdentity {
  const authorization = headers['authorization'];
  if (authorization === undefined || !authorization.trim().startsWith('AWS4-')) throw missingCredentials();
  // the date is not checked: DynamoDB Local never looks at it
  const header = parseAuthorizationHeader(authorization, true);
  checkAlgorithm(header.algorithm);
  const scope = parseCredentialScope(header.credential);
  const accountId = sharedDb ? SHARED_ACCOUNT_ID : localAccountId(scope.accessKeyId);
  const sessionToken = headers['x-amz-security-token'] || undefined;
  return {
    accessKeyId: scope.accessKeyId,
    accountId,
    region: sharedDb ? SHARED_REGION : scope.region,
    service: scope.service,
    principalArn: rootPrincipalArn(accountId),
    userId: accountId,
    ...(sessionToken !== undefined ? { sessionToken } : {}),
  };
}

/** The answer to `GET /` in DynamoDB Local mode (start-up loops wait for this 400). */
export function rootAnswer(requestId: string, headers: (requestId: string, body: string) => Record<string, string>): ApiResponse {
  const body = JSON.stringify(missingCredentials().toJSON());
  return { status: 400, headers: headers(requestId, body), body };
}

/**
 * The leniencies of DynamoDB Local that suites written against it rely on. In AWS mode every
 * one of them is off (AWS is the spec).
 */
export interface Leniencies {
  /** CreateTable accepts AttributeDefinitions that no key schema uses (and drops them). */
  readonly unusedAttributeDefinitions: boolean;
  /** UpdateTimeToLive may change a table's TTL again at once (AWS refuses for an hour). */
  readonly ttlChangeAnyTime: boolean;
  /** The status CreateTable answers: ACTIVE ("table state is always ACTIVE") unless -delayTransientStatuses. */
  readonly createdStatus: 'CREATING' | 'ACTIVE';
  /** The status DeleteTable answers. */
  readonly deletedStatus: 'DELETING' | 'ACTIVE';
  // (its keep-alive timeout, 5 s, is the default of --keep-alive-timeout in this mode: config.ts)
}

const AWS: Leniencies = Object.freeze({ unusedAttributeDefinitions: false, ttlChangeAnyTime: false, createdStatus: 'CREATING', deletedStatus: 'DELETING' });

export function leniencies(config: Pick<Config, 'compat' | 'tableStatusDelayMs'>): Leniencies {
  if (!isDynamoDBLocal(config)) return AWS;
  const transient = config.tableStatusDelayMs > 0;
  return {
    unusedAttributeDefinitions: true,
    ttlChangeAnyTime: true,
    createdStatus: transient ? 'CREATING' : 'ACTIVE',
    deletedStatus: transient ? 'DELETING' : 'ACTIVE',
  };
}
