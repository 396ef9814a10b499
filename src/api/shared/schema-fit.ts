/**
 * The checks of a write's item or key against its table's schema: the key attributes
 * present, of the key types and within the key size limits, and the index key
 * attributes of their types and sizes.
 *
 * Alone (PutItem, UpdateItem, DeleteItem, BatchWriteItem) a failing check is a plain
 * ValidationException. Inside TransactWriteItems it cancels the action instead: DynamoDB
 * answers TransactionCanceledException with a `ValidationError` reason for that action
 * (and `None` for the others). An empty key value is the exception: DynamoDB refuses it
 * before the transaction runs, as a plain ValidationException. Both as captured from AWS
 * by nubo-db/dynamodb-conformance (tests/tier3/error-messages/transactWriteItems.test.ts).
 */
import { DynamoDBError } from '../../errors.js';
import { EMPTY_KEY_VALUE_PREFIX } from '../../model/validate.js';

/** A ValidationException about an item or key that does not fit its table's schema. */
export class SchemaMismatchError extends DynamoDBError {}

/** Runs `check`, marking a ValidationException it throws (other than an empty key value) as a {@link SchemaMismatchError}. */
export function checkSchemaFit(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof DynamoDBError && error.code === 'ValidationException' && !error.message.startsWith(EMPTY_KEY_VALUE_PREFIX)) {
      throw new SchemaMismatchError(error.type, error.message, error.status);
    }
    throw error;
  }
}
