/**
 * The admin CLI's DynamoDB JSON 1.0 client: the portable signed caller of signed-call.ts with
 * Node's SHA-256. The CLI needs only a handful of item operations, and the full
 * `@aws-sdk/client-dynamodb` is a development dependency.
 */
import { Hash } from '@smithy/hash-node';
import { dynamoDBCaller as portableCaller, type DynamoDBCall, type SignedPostOptions } from './signed-call.js';

export { DynamoDBCallError, type AdminCredentials, type DynamoDBCall } from './signed-call.js';

/** Options of {@link dynamoDBCaller}. */
export type DynamoDBCallerOptions = Omit<SignedPostOptions, 'sha256'>;

/** Builds a signed caller for the endpoint. */
export function dynamoDBCaller(options: DynamoDBCallerOptions): DynamoDBCall {
  return portableCaller({ ...options, sha256: Hash.bind(null, 'sha256') });
}
