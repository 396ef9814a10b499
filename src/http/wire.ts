/**
 * The only place errors become wire responses: `{"__type": ..., "message": ...}` with
 * AWS's HTTP status. Anything that is not a DynamoDBError is a bug: logged with its
 * stack, answered as a 500 InternalServerError without leaking the stack.
 */
import { DynamoDBError, internalServerError } from '../errors.js';
import type { Logger } from '../log.js';

export function toDynamoDBError(err: unknown, log: Logger): DynamoDBError {
  if (err instanceof DynamoDBError) return err;
  log.error({ err }, 'unhandled error');
  return internalServerError();
}
