/**
 * ClientRequestToken idempotency for TransactWriteItems (and ExecuteTransaction): a token
 * seen in the last 10 minutes with the same request returns the first response without
 * re-applying; with a different request it is IdempotentParameterMismatchException.
 *
 * Tokens live in storage (WritePlan.token, WriteOutcome.remember), so every worker
 * process sees them, and the lookup, the write and the remembering happen in one
 * transaction: two requests with the same token, in whatever processes, apply once.
 */
import { createHash } from 'node:crypto';
import { idempotentParameterMismatch } from '../../errors.js';
import type { TenantStore, WriteInput, WritePlan } from '../../storage/types.js';
import { RetryableStorageError } from '../../storage/types.js';

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

const JSON_CODEC: ResultCodec<never> = { encode: (result) => JSON.stringify(result), decode: (text) => JSON.parse(text) as never };

/** A result, and whether it is the remembered result of an earlier request with the token. */
export interface Idempotent<T> {
  readonly result: T;
  readonly replayed: boolean;
}

/** The remembered result for this request, if the token holds one; throws on a mismatch. */
function replay<T>(input: WriteInput, fingerprint: string, codec: ResultCodec<T>): Idempotent<T> | undefined {
  const previous = input.remembered;
  if (!previous) return undefined;
  if (previous.fingerprint !== fingerprint) throw idempotentParameterMismatch();
  return { result: codec.decode(previous.response), replayed: true };
}

/**
 * Runs the plan `prepare` builds once per token: the remembered result of an earlier
 * request with the same token and fingerprint, or a new result that is remembered for 10
 * minutes (only when the plan succeeds). Without a token, just runs it. A request that
 * cannot be prepared any more (its table is gone) still gets the remembered result.
 */
export async function idempotentWrite<T>(
  store: TenantStore,
  token: string | undefined,
  fingerprint: () => string,
  now: number,
  prepare: () => Promise<WritePlan<T>>,
  codec: ResultCodec<T> = JSON_CODEC,
): Promise<Idempotent<T>> {
  if (token === undefined) return { result: await store.write(await prepare()), replayed: false };
  const print = fingerprint();
  let plan: WritePlan<T>;
  try {
    plan = await prepare();
  } catch (err) {
    if (err instanceof RetryableStorageError) throw err;
    return store.write<Idempotent<T>>({
      reads: [],
      token: { value: token, now },
      apply(input) {
        const replayed = replay(input, print, codec);
        if (!replayed) throw err;
        return { result: replayed, mutations: [] };
      },
    });
  }
  return store.write<Idempotent<T>>({
    ...plan,
    token: { value: token, now },
    apply(input) {
      const replayed = replay(input, print, codec);
      if (replayed) return { result: replayed, mutations: [] };
      const outcome = plan.apply(input);
      return {
        result: { result: outcome.result, replayed: false },
        mutations: outcome.mutations,
        remember: { token, fingerprint: print, response: codec.encode(outcome.result), expires: now + TTL_MS },
      };
    },
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
