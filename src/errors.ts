/**
 * The one error type every layer above storage throws, and its factories: every AWS error
 * Sqynamo answers is built here. `http/wire.ts` is the only place that turns it into the
 * wire shape `{"__type": ..., "message": ...}` with its status; an error that is not a
 * DynamoDBError is a bug and answers InternalServerError.
 */

const DYNAMODB = 'com.amazonaws.dynamodb.v20120810#';
const CORAL_SERVICE = 'com.amazon.coral.service#';
const CORAL_VALIDATE = 'com.amazon.coral.validate#';

export class DynamoDBError extends Error {
  /** Full AWS `__type`, e.g. `com.amazon.coral.validate#ValidationException`. */
  readonly type: string;
  readonly status: number;
  /** Extra top-level fields of the error body (e.g. `Item`, `CancellationReasons`). */
  readonly extra: Record<string, unknown> | undefined;
  /** AWS spells the member `Message` in SerializationException bodies, `message` elsewhere. */
  readonly messageField: 'message' | 'Message';

  constructor(type: string, message: string, status = 400, extra?: Record<string, unknown>, messageField: 'message' | 'Message' = 'message') {
    super(message);
    this.type = type;
    this.status = status;
    this.extra = extra;
    this.messageField = messageField;
  }

  /** Short name, e.g. `ValidationException`. */
  get code(): string {
    return this.type.slice(this.type.indexOf('#') + 1);
  }

  /** The wire body. An empty message is left out, as AWS leaves it out (e.g. UnknownOperationException). */
  toJSON(): Record<string, unknown> {
    return this.message === '' ? { __type: this.type, ...this.extra } : { __type: this.type, [this.messageField]: this.message, ...this.extra };
  }
}

export const validation = (message: string): DynamoDBError =>
  new DynamoDBError(`${CORAL_VALIDATE}ValidationException`, message);

/** "N validation error(s) detected: a; b" — AWS lists at most 10. */
export const constraintViolations = (failures: readonly string[]): DynamoDBError => {
  const shown = failures.slice(0, 10);
  const noun = failures.length === 1 ? 'error' : 'errors';
  return validation(`${failures.length} validation ${noun} detected: ${shown.join('; ')}`);
};

/** Body that is not JSON, or a member of the wrong JSON type. AWS names the field `Message` here. */
export const serialization = (message = ''): DynamoDBError =>
  new DynamoDBError(`${CORAL_SERVICE}SerializationException`, message, 400, undefined, 'Message');

/**
 * An X-Amz-Target that names no operation. The text is AWS's as SDK users report it from
 * DynamoDB itself (boto3 #1542, aws-toolkit-jetbrains #2956: "Unknown operation
 * exception"); the member is spelled `Message` as in Coral's other framework error,
 * SerializationException (which spelling AWS uses here is not recorded).
 */
export const UNKNOWN_OPERATION_MESSAGE = 'Unknown operation exception';

export const unknownOperation = (): DynamoDBError =>
  new DynamoDBError(`${CORAL_SERVICE}UnknownOperationException`, UNKNOWN_OPERATION_MESSAGE, 400, undefined, 'Message');

export const resourceNotFound = (message = 'Requested resource not found'): DynamoDBError =>
  new DynamoDBError(`${DYNAMODB}ResourceNotFoundException`, message);

export const resourceInUse = (message: string): DynamoDBError =>
  new DynamoDBError(`${DYNAMODB}ResourceInUseException`, message);

export const limitExceeded = (message: string): DynamoDBError =>
  new DynamoDBError(`${DYNAMODB}LimitExceededException`, message);

export const conditionalCheckFailed = (item?: Record<string, unknown>): DynamoDBError =>
  new DynamoDBError(
    `${DYNAMODB}ConditionalCheckFailedException`,
    'The conditional request failed',
    400,
    item ? { Item: item } : undefined,
  );

/** A cancelled transaction, with one reason per action in request order (`[None, ConditionalCheckFailed, ...]`). */
export const transactionCanceled = (reasons: readonly Record<string, unknown>[]): DynamoDBError =>
  new DynamoDBError(
    `${DYNAMODB}TransactionCanceledException`,
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    400,
    { CancellationReasons: reasons },
    'Message',
  );

/** A ClientRequestToken used again with another request. */
export const idempotentParameterMismatch = (): DynamoDBError =>
  new DynamoDBError(`${DYNAMODB}IdempotentParameterMismatchException`, 'Request token was already used with different parameters.', 400, undefined, 'Message');

/** A PartiQL INSERT of a key that exists. */
export const duplicateItem = (message: string): DynamoDBError => new DynamoDBError(`${DYNAMODB}DuplicateItemException`, message);

export const internalServerError = (): DynamoDBError =>
  new DynamoDBError(`${DYNAMODB}InternalServerError`, 'Internal server error', 500);

export const accessDenied = (message: string): DynamoDBError =>
  new DynamoDBError(`${CORAL_SERVICE}AccessDeniedException`, message);

// --- authentication (all HTTP 400 in DynamoDB, 403 is what STS's query protocol uses) ---
export const missingAuthenticationToken = (): DynamoDBError =>
  new DynamoDBError(`${CORAL_SERVICE}MissingAuthenticationTokenException`, 'Request is missing Authentication Token');

export const incompleteSignature = (message: string): DynamoDBError =>
  new DynamoDBError(`${CORAL_SERVICE}IncompleteSignatureException`, message);

export const unrecognizedClient = (): DynamoDBError =>
  new DynamoDBError(`${CORAL_SERVICE}UnrecognizedClientException`, 'The security token included in the request is invalid.');

export const invalidSignature = (message?: string): DynamoDBError =>
  new DynamoDBError(
    `${CORAL_SERVICE}InvalidSignatureException`,
    message ??
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );

export const expiredToken = (): DynamoDBError =>
  new DynamoDBError(`${CORAL_SERVICE}ExpiredTokenException`, 'The security token included in the request is expired');

/** A session token that is malformed, tampered with, or not for the access key it came with (no final period, as AWS words it). */
export const invalidSessionToken = (): DynamoDBError =>
  new DynamoDBError(`${CORAL_SERVICE}UnrecognizedClientException`, 'The security token included in the request is invalid');
