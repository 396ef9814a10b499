/**
 * What AWS authorizes for each operation Sqynamo serves (or will serve): the IAM action, the
 * resources it is checked on, and the condition keys the request itself supplies. Pure
 * functions from (operation, validated request) to the list of checks; the caller evaluates
 * each one with the principal's policies and the global keys (policy/context.ts), and the
 * request is allowed only when every check is.
 *
 * - DynamoDB (actions/dynamodb.ts, actions/partiql.ts): the table ARN, `table/X/index/Y` for
 *   Query / Scan / PartiQL SELECT on an index, `table/X/stream/L` and `table/X/backup/B`; one
 *   check per table of a batch, per item of a transaction (PutItem, UpdateItem, DeleteItem,
 *   ConditionCheckItem, GetItem with `dynamodb:EnclosingOperation`), per PartiQL statement
 *   (PartiQLSelect / Insert / Update / Delete), with `dynamodb:LeadingKeys`,
 *   `dynamodb:Attributes`, `dynamodb:Select`, `dynamodb:ReturnValues`,
 *   `dynamodb:ReturnConsumedCapacity` as the Service Authorization Reference lists them.
 * - DynamoDB Streams, STS and IAM (actions/query-services.ts).
 */
import type { LazyContextValue } from './policy/context.js';

export { dynamodbChecks, DYNAMODB_OPERATIONS } from './actions/dynamodb.js';
export { iamChecks, stsChecks, IAM_ACTION_NAMES } from './actions/query-services.js';

/** One authorization check: `action` on `resource`, with the request's own condition keys. */
export interface AuthorizationCheck {
  /** `service:Action`, e.g. `dynamodb:GetItem`. */
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource (another account's when the request names its ARN). */
  readonly resourceAccount: string;
  /** Request-derived condition keys (computed on first read). */
  readonly context: Readonly<Record<string, LazyContextValue>>;
}

/** The key attribute names of a table and of its indexes. */
export interface TableKeyNames {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly indexes?: Readonly<Record<string, { readonly partitionKey: string; readonly sortKey?: string }>>;
}

/** Where the request runs, and lookups the checks need. */
export interface ActionScope {
  /** The caller's account and region (the credential scope's). */
  readonly accountId: string;
  readonly region: string;
  /** The key attributes of a table, by its ARN, when it exists. */
  readonly keysOf?: (tableArn: string) => TableKeyNames | undefined;
  /** The path of an IAM entity of the caller's account (for its ARN); `/` when unknown. */
  readonly iamPath?: (kind: 'user' | 'group' | 'role' | 'policy', name: string) => string | undefined;
  /** The caller's IAM user name, for IAM actions that default to the caller. */
  readonly callerUserName?: string;
  /** The caller's ARN (GetUser of the root user, ...). */
  readonly callerArn: string;
}
