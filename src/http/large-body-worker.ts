/**
 * The worker thread of large-bodies.ts: checks each body it is sent (large-body-check.ts)
 * and sends it back with the verdict, the body's memory transferred both ways.
 */
import { parentPort } from 'node:worker_threads';
import { checkLargeBody } from './large-body-check.js';

/** What the main thread sends. */
export interface CheckRequest {
  readonly id: number;
  readonly operation: string;
  readonly buffer: ArrayBuffer;
}

/** What the worker answers. */
export interface CheckReply {
  readonly id: number;
  readonly buffer: ArrayBuffer;
  readonly error?: { readonly status: number; readonly json: string };
}

parentPort?.on('message', (message: CheckRequest) => {
  const error = checkLargeBody(message.operation, new Uint8Array(message.buffer));
  const reply: CheckReply = { id: message.id, buffer: message.buffer, ...(error ? { error } : {}) };
  parentPort!.postMessage(reply, [message.buffer]);
});
