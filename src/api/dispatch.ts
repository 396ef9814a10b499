/**
 * Runs one operation for the HTTP layer: through the guard when there is one (the IAM
 * account's rules), and again from the start while storage reports that it can simply run
 * again (RetryableStorageError: a table definition changed under it, here or in another
 * process; it wrote nothing).
 */
import { RetryableStorageError } from '../storage/types.js';
import type { OperationGuard } from '../control-plane/iam-guard.js';
import type { JsonObject, OperationContext, RawResponse } from './context.js';
import { OPERATIONS, type OperationName } from './registry.js';

/** How long an operation may keep meeting RetryableStorageError before it fails. */
const RETRY_DEADLINE_MS = 5000;

/** Waits before running an operation again: the next turn of the event loop, then 1 ms steps. */
function retryPause(attempt: number): Promise<void> {
  return new Promise((resolve) => (attempt <= 2 ? setImmediate(resolve) : setTimeout(resolve, 1)));
}

export async function dispatch(name: OperationName, request: JsonObject, ctx: OperationContext, guard?: OperationGuard): Promise<JsonObject | RawResponse> {
  const run = OPERATIONS[name];
  let started: number | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await (guard ? guard(name, request, ctx, run) : run(request, ctx));
    } catch (err) {
      if (!(err instanceof RetryableStorageError)) throw err;
      started ??= Date.now();
      if (Date.now() - started > RETRY_DEADLINE_MS) throw err;
      await retryPause(attempt);
    }
  }
}
