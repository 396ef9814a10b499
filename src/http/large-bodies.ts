/**
 * The lane for large request bodies (over LARGE_BODY_BYTES), so that one client's oversized
 * requests cost other clients next to nothing:
 *
 * - admission: at most MAX_LARGE_IN_FLIGHT large bodies are read and held at once; the next
 *   one waits unread (TCP pushes back on its sender), which bounds the memory oversized
 *   requests can take (four 16 MB requests once reached 3.2 GB);
 * - the body is hashed for the signature as it arrives, not in one piece at the end;
 * - once the signature is verified, the JSON layer and the shape check run in a worker
 *   thread at the lowest CPU priority (large-body-check.ts): a body that fails them is
 *   answered from there, without ever being parsed on the main thread. A body that passes
 *   is parsed there as any other.
 *
 * Small bodies (every ordinary request) take none of this.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DynamoDBError } from '../errors.js';
import type { CheckedError } from './large-body-check.js';
import type { CheckReply, CheckRequest } from './large-body-worker.js';

/** Bodies larger than this take the lane. */
export const LARGE_BODY_BYTES = 1024 * 1024;
/** Large bodies read and held at once, per server process. */
export const MAX_LARGE_IN_FLIGHT = 4;

/** The worker script: beside this module (tsc's output), or beside the bundle and its chunks. */
function workerScript(): string | undefined {
  for (const candidate of ['./large-body-worker.js', './large-body-worker.mjs', '../large-body-worker.mjs']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

interface Pending {
  resolve(reply: CheckReply): void;
  reject(err: Error): void;
}

/**
 * The DynamoDBError a checked body failed with, rebuilt from its wire form (errors do not
 * cross threads), so the pipeline answers, logs and counts it as any other.
 */
export function checkedError(error: CheckedError): DynamoDBError {
  const body = JSON.parse(error.json) as { __type: string; message?: string; Message?: string };
  const field = body.Message !== undefined ? 'Message' : 'message';
  return new DynamoDBError(body.__type, body[field] ?? '', error.status, undefined, field);
}

/** The lane of one server process (see the module comment). */
export class LargeBodies {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #inFlight = 0;
  readonly #waiting: (() => void)[] = [];
  #closed = false;

  /**
   * Waits for a place among the large bodies in flight; returns the function that gives it
   * back (call it once the request is answered).
   */
  async admit(): Promise<() => void> {
    if (this.#inFlight >= MAX_LARGE_IN_FLIGHT) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#inFlight--;
    };
  }

  /**
   * The JSON layer and shape check of `operation` on `body`, off the main thread. Returns
   * the body (its memory went to the worker and came back) and the error it fails with.
   */
  async check(operation: string, body: Uint8Array): Promise<{ body: Uint8Array; error?: CheckedError }> {
    const worker = this.#workerOrUndefined();
    if (worker === undefined) {
      // no worker script (an unusual layout): the same checks, here (loaded on first use,
      // as they load every operation's module)
      const { checkLargeBody } = await import('./large-body-check.js');
      return { body, error: checkLargeBody(operation, body) };
    }
    // the whole ArrayBuffer goes to the worker: copy a body that shares one
    const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : new Uint8Array(body);
    const id = this.#nextId++;
    // a worker that fails (a bug, or out of memory) takes the body with it: the request is
    // answered 500 and logged, and the next large body starts a new worker
    const reply = await new Promise<CheckReply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const message: CheckRequest = { id, operation, buffer: own.buffer as ArrayBuffer };
      worker.postMessage(message, [message.buffer]);
    });
    return { body: new Uint8Array(reply.buffer), ...(reply.error ? { error: reply.error } : {}) };
  }

  /** Stops the worker thread. */
  close(): void {
    this.#closed = true;
    void this.#worker?.terminate();
    this.#worker = undefined;
  }

  #workerOrUndefined(): Worker | undefined {
    if (this.#worker !== undefined || this.#closed) return this.#worker;
    const script = workerScript();
    if (script === undefined) return undefined;
    const worker = new Worker(script);
    worker.unref();
    worker.on('message', (reply: CheckReply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      pending?.resolve(reply);
    });
    const fail = (err: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const pending of this.#pending.values()) pending.reject(err);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`large-body worker exited (${code})`)));
    this.#worker = worker;
    return worker;
  }
}
