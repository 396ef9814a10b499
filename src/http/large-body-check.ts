/**
 * The checks a large request body gets off the main thread (large-bodies.ts runs this in a
 * worker thread): the JSON layer and the operation's request shape, the steps whose cost
 * grows with the body and that need nothing but the body. A body that fails them is
 * answered from here, so an oversized invalid request never blocks other requests.
 */
import { DynamoDBError } from '../errors.js';
import { isOperationName } from '../api/registry.js';
import { REQUEST_SPECS } from '../api/request-specs.js';
import { checkShape } from '../api/shared/shape.js';
import { parseRequestBody } from './json-body.js';

/** The error a body fails with, as the wire carries it; undefined when it passes. */
export interface CheckedError {
  readonly status: number;
  readonly json: string;
}

/** Runs the JSON layer and the shape check of `operation` on `body`. */
export function checkLargeBody(operation: string, body: Uint8Array): CheckedError | undefined {
  try {
    const request = parseRequestBody(body);
    if (isOperationName(operation)) checkShape(request, REQUEST_SPECS[operation]);
    return undefined;
  } catch (err) {
    // anything else (a bug) is left to the main thread, which logs it and answers 500
    if (!(err instanceof DynamoDBError)) return undefined;
    return { status: err.status, json: JSON.stringify(err.toJSON()) };
  }
}
