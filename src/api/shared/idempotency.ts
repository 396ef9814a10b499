/**
 * ClientRequestToken idempotency for TransactWriteItems (and ExecuteTransaction): a token
 * seen in the last 10 minutes with the same request returns the first response without
 * re-applying; with a different request it is IdempotentParameterMismatchException.
 * Bounded: the oldest tokens are dropped first.
 */
import { createHash } from 'node:crypto';
import { DynamoDBError } from '../../errors.js';

const TTL_MS = 10 * 60 * 1000;
const MAX_TOKENS = 10_000;

interface Entry {
  fingerprint: string;
  response: Record<string, unknown>;
  expires: number;
}

export class IdempotencyTokens {
  readonly #entries = new Map<string, Entry>();

  /** A stable fingerprint of a request body (keys sorted, so member order does not matter). */
  static fingerprint(request: unknown): string {
    return createHash('sha256').update(stableStringify(request)).digest('hex');
  }

  /** The remembered response for this token, or undefined; throws on a mismatched request. */
  lookup(scope: string, token: string, fingerprint: string, now: number): Record<string, unknown> | undefined {
    const key = `${scope}\u0000${token}`;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    if (entry.fingerprint !== fingerprint) {
      throw new DynamoDBError(
        'com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException',
        'Request token was already used with different parameters.',
        400,
        undefined,
        'Message',
      );
    }
    return entry.response;
  }

  remember(scope: string, token: string, fingerprint: string, response: Record<string, unknown>, now: number): void {
    const key = `${scope}\u0000${token}`;
    this.#entries.delete(key);
    this.#entries.set(key, { fingerprint, response, expires: now + TTL_MS });
    while (this.#entries.size > MAX_TOKENS) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  clear(): void {
    this.#entries.clear();
  }
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
