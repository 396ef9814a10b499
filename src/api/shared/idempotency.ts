/**
 * ClientRequestToken idempotency for TransactWriteItems (and ExecuteTransaction): a token
 * seen in the last 10 minutes with the same request returns the first response without
 * re-applying; with a different request it is IdempotentParameterMismatchException.
 *
 * Tokens live in the account's database (TenantStore.recallToken/rememberToken), so every
 * worker process sees them. `withIdempotency` runs the lookup, the write and the
 * remembering in one transaction: two requests with the same token, in whatever
 * processes, apply once.
 */
import { createHash } from 'node:crypto';
import { DynamoDBError } from '../../errors.js';
import type { TenantStore } from '../../storage/types.js';
import { parseStoredJson } from '../../model/records.js';

const TTL_MS = 10 * 60 * 1000;

/** A stable fingerprint of a request body (keys sorted, so member order does not matter). */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(stableStringify(request)).digest('hex');
}

/** How a remembered result is kept as text (JSON by default). */
export interface ResultCodec<T> {
  encode(result: T): string;
  decode(text: string): T;
}

const JSON_CODEC: ResultCodec<never> = { encode: (result) => JSON.stringify(result), decode: (text) => parseStoredJson<never>(text) };

/**
 * Runs `execute` once per token: the remembered result of an earlier request with the
 * same token and fingerprint, or a new result that is remembered for 10 minutes (only
 * when `execute` succeeds). Without a token, just runs it.
 */
export function withIdempotency<T>(
  store: TenantStore,
  token: string | undefined,
  fingerprint: () => string,
  now: number,
  execute: () => T,
  codec: ResultCodec<T> = JSON_CODEC,
): T {
  if (token === undefined) return execute();
  const print = fingerprint();
  return store.transaction(() => {
    const previous = store.recallToken(token, now);
    if (previous) {
      if (previous.fingerprint !== print) {
        throw new DynamoDBError(
          'com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException',
          'Request token was already used with different parameters.',
          400,
          undefined,
          'Message',
        );
      }
      return codec.decode(previous.response);
    }
    const result = execute();
    store.rememberToken(token, print, codec.encode(result), now + TTL_MS, now);
    return result;
  });
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
