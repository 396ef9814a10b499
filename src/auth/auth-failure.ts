/**
 * Authentication failures: the error the client sees (AWS's text, which never says why a
 * key was refused) plus the reason the operator sees in the log. Every failure is logged
 * once, with the access key id and the reason, never the secret, the signature or the token.
 */
import { DynamoDBError } from '../errors.js';
import { parseAuthorization } from './authorization-header.js';

/** A DynamoDBError whose wire form is `error`'s, with a reason for the log only. */
export class AuthenticationFailure extends DynamoDBError {
  /** Why the request was refused, for the operator (not sent to the client). */
  readonly reason: string;

  constructor(error: DynamoDBError, reason: string) {
    super(error.type, error.message, error.status, error.extra, error.messageField);
    this.reason = reason;
  }
}

/** The reason to log for a failed authentication. */
export function authFailureReason(error: DynamoDBError): string {
  if (error instanceof AuthenticationFailure) return error.reason;
  switch (error.code) {
    case 'MissingAuthenticationTokenException':
      return 'no Authorization header';
    case 'UnrecognizedClientException':
      return 'unknown access key id';
    case 'InvalidSignatureException':
      if (error.message.startsWith('Signature expired')) return 'signature expired (clock skew over 15 minutes)';
      if (error.message.startsWith('The request signature we calculated')) return 'signature does not match';
      return `invalid signature scope or headers: ${error.message}`;
    case 'IncompleteSignatureException':
      return `malformed Authorization header: ${error.message}`;
    case 'ExpiredTokenException':
      return 'session token expired';
    default:
      return `${error.code}: ${error.message}`;
  }
}

/** The access key id named in an Authorization header, if it can be read at all. */
export function accessKeyIdOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  try {
    return parseAuthorization(authorization, true).accessKeyId;
  } catch {
    return /Credential=([^/,\s]{1,128})\//.exec(authorization)?.[1];
  }
}

/** The subset of a pino logger used here. */
export interface WarnLog {
  warn(obj: object, msg: string): void;
}

/** Logs one authentication failure as a structured record. */
export function logAuthFailure(
  log: WarnLog,
  details: { requestId: string; api: 'dynamodb' | 'sts' | 'iam'; authorization: string | undefined; error: DynamoDBError },
): void {
  log.warn(
    {
      requestId: details.requestId,
      api: details.api,
      accessKeyId: accessKeyIdOf(details.authorization) ?? null,
      error: details.error.code,
      reason: authFailureReason(details.error),
    },
    'authentication failed',
  );
}
