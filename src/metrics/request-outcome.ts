/**
 * What one request contributes to the metrics, read off its result or its error: items
 * returned and scanned, and the kind of failure. Pure functions, unit-tested.
 */
import type { JsonObject } from '../api/context.js';
import type { DynamoDBError } from '../errors.js';

/** Items a read returned (CloudWatch's ReturnedItemCount) and examined (ScannedCount). */
export interface ItemCounts {
  readonly returned: number;
  readonly scanned?: number;
}

const length = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** The item counts of an operation's JSON result; undefined for operations that return no items. */
export function itemCountsOf(operation: string, result: JsonObject): ItemCounts | undefined {
  switch (operation) {
    case 'GetItem':
      return { returned: result.Item !== undefined ? 1 : 0 };
    case 'Query':
    case 'Scan':
      return { returned: typeof result.Count === 'number' ? result.Count : 0, scanned: typeof result.ScannedCount === 'number' ? result.ScannedCount : undefined };
    case 'BatchGetItem': {
      const responses = (result.Responses ?? {}) as Record<string, unknown>;
      let n = 0;
      for (const table in responses) n += length(responses[table]);
      return { returned: n };
    }
    case 'TransactGetItems':
      return { returned: (Array.isArray(result.Responses) ? result.Responses : []).filter((r) => (r as JsonObject | null)?.Item !== undefined).length };
    case 'ExecuteStatement':
      return { returned: length(result.Items) };
    case 'BatchExecuteStatement':
      return { returned: (Array.isArray(result.Responses) ? result.Responses : []).filter((r) => (r as JsonObject | null)?.Item !== undefined).length };
    default:
      return undefined;
  }
}

/** Errors AWS counts as throttling (CloudWatch's ThrottledRequests). */
const THROTTLES = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded']);

/** The metric families an error adds to, beyond UserErrors / SystemErrors. */
export interface ErrorKinds {
  readonly conditionalCheckFailed: boolean;
  readonly throttled: boolean;
  readonly transactionConflict: boolean;
  readonly transactionCanceled: boolean;
}

/** Classifies an error answer. A cancelled transaction whose reasons name TransactionConflict counts as a conflict too. */
export function errorKinds(error: Pick<DynamoDBError, 'code' | 'extra'>): ErrorKinds {
  const code = error.code;
  const reasons = Array.isArray(error.extra?.CancellationReasons) ? (error.extra.CancellationReasons as { Code?: unknown }[]) : [];
  return {
    conditionalCheckFailed: code === 'ConditionalCheckFailedException',
    throttled: THROTTLES.has(code),
    transactionConflict: code === 'TransactionConflictException' || reasons.some((r) => r?.Code === 'TransactionConflict'),
    transactionCanceled: code === 'TransactionCanceledException',
  };
}

/** A short, bounded reason for an authentication failure (a metric label; the log has the details). */
export function authFailureKind(error: Pick<DynamoDBError, 'code' | 'message'>): string {
  switch (error.code) {
    case 'MissingAuthenticationTokenException':
      return 'missing_authentication';
    case 'IncompleteSignatureException':
      return 'malformed_authorization';
    case 'UnrecognizedClientException':
      return error.message.startsWith('The security token included in the request is invalid.') ? 'unknown_access_key' : 'invalid_session_token';
    case 'ExpiredTokenException':
      return 'expired_session_token';
    case 'InvalidSignatureException':
      if (error.message.startsWith('Signature expired')) return 'signature_expired';
      if (error.message.startsWith('The request signature we calculated')) return 'signature_mismatch';
      return 'invalid_scope_or_headers';
    case 'AccessDeniedException':
      return 'access_denied';
    default:
      return 'other';
  }
}
