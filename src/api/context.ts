/** What every operation handler receives besides its request body. */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { TenantStore } from '../storage/types.js';

/** The authenticated caller, as the SigV4 check resolved it. */
export interface Caller {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly region: string;
  /** e.g. arn:aws:iam::123456789012:root */
  readonly principalArn: string;
}

export interface OperationContext {
  readonly caller: Caller;
  /** The caller's namespace: (account, region). Operations never see another. */
  readonly store: TenantStore;
  readonly config: Config;
  readonly log: Logger;
  /** Epoch milliseconds; injectable for tests. */
  readonly now: () => number;
  /** e.g. "GetItem", for messages that name the action. */
  readonly operation: string;
  /** The Host header the client sent (host[:port]), when it sent one. */
  readonly host?: string;
}

export type JsonObject = Record<string, unknown>;

/**
 * A response already serialized, for operations that splice stored item text into their
 * answer instead of parsing and re-encoding it.
 */
export class RawResponse {
  /** `items`: what the answer returned and scanned, for the metrics. */
  constructor(
    readonly json: string,
    readonly items?: { readonly returned: number; readonly scanned?: number },
  ) {}
}

/**
 * An operation handler: validated DynamoDB JSON in, DynamoDB JSON out; throws (rejects
 * with) DynamoDBError. It resolves once what it answers is durable, and may be run again
 * from the start when storage reports a RetryableStorageError.
 */
export type Operation = (request: JsonObject, ctx: OperationContext) => JsonObject | RawResponse | Promise<JsonObject | RawResponse>;
