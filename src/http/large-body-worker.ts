/**
 * The worker thread of large-bodies.ts: checks each body it is sent (large-body-check.ts)
 * and sends it back with the verdict, the body's memory transferred both ways.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { checkLargeBody } from './large-body-check.js';

/**
 * This thread runs at the lowest priority, so that on a busy machine the main thread (every
 * other request) gets the CPU first. Linux gives each thread its own nice value; where
 * /proc/thread-self does not exist the thread keeps the process's priority.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    // not Linux, or not allowed: same priority as the requests
  }
}

lowerPriority();

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
