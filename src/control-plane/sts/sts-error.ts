/**
 * STS errors as the query protocol carries them: a code, a message, an HTTP status and
 * `Sender`/`Receiver`. Authentication errors of the shared SigV4 verifier (DynamoDB's types)
 * map to the codes STS uses for the same failures.
 */
import { boundText, MAX_MESSAGE_LENGTH, type DynamoDBError } from '../../errors.js';

/** An error answered as `<ErrorResponse><Error><Type/><Code/><Message/></Error>...`. */
export class StsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';

  constructor(code: string, message: string, status: number, type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender') {
    // values quoted in messages are bounded as DynamoDB's are
    super(boundText(message, MAX_MESSAGE_LENGTH));
    this.code = code;
    this.status = status;
    this.type = type;
  }
}

/** `ValidationError` with AWS's "N validation error(s) detected: a; b" text. */
export function validationErrors(failures: readonly string[]): StsError {
  const noun = failures.length === 1 ? 'error' : 'errors';
  return new StsError('ValidationError', `${failures.length} validation ${noun} detected: ${failures.join('; ')}`, 400);
}

/** `ValidationError` with a message of its own (e.g. the role-chaining limit). */
export const validationError = (message: string): StsError => new StsError('ValidationError', message, 400);

/** `AccessDenied` (403). */
export const accessDenied = (message: string): StsError => new StsError('AccessDenied', message, 403);

/** `InvalidAction` (400): an action STS does not have, or not in this API version. */
export const invalidAction = (action: string, version: string): StsError =>
  new StsError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400);

/** `MissingAction` (400): no `Action` parameter. */
export const missingAction = (): StsError => new StsError('MissingAction', 'Missing Action', 400);

/** `InternalFailure` (500): a bug; logged, never detailed to the client. */
export const internalFailure = (): StsError =>
  new StsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);

/** STS code and status for each verifier error (same messages). */
const FROM_DYNAMODB: Readonly<Record<string, readonly [string, number]>> = {
  MissingAuthenticationTokenException: ['MissingAuthenticationToken', 403],
  IncompleteSignatureException: ['IncompleteSignature', 400],
  UnrecognizedClientException: ['InvalidClientTokenId', 403],
  InvalidSignatureException: ['SignatureDoesNotMatch', 403],
  ExpiredTokenException: ['ExpiredToken', 403],
  AccessDeniedException: ['AccessDenied', 403],
  ValidationException: ['ValidationError', 400],
};

/** The STS form of an error the verifier (or a resolver) threw; InternalFailure for any other. */
export function fromDynamoDBError(error: DynamoDBError): StsError {
  const mapped = FROM_DYNAMODB[error.code];
  return mapped === undefined ? internalFailure() : new StsError(mapped[0], error.message, mapped[1]);
}
