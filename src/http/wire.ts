/**
 * What goes on the wire, in one place: the headers every answer carries, request ids, the
 * error body `{"__type": ..., "message": ...}` with AWS's HTTP status, and the fixed
 * answers (health probe, UnknownOperationException). Anything thrown that is not a
 * DynamoDBError is a bug: logged with its stack, answered as a 500 InternalServerError
 * without leaking the stack.
 */
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { DynamoDBError, internalServerError } from '../errors.js';
import type { Logger } from '../log.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

/** An answer: status, headers, body. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const UNKNOWN_OPERATION_XML = '<UnknownOperationException/>\n';

/**
 * AWS request ids are 52 upper-case alphanumerics. Ours: a random prefix per process and a
 * counter, unique and cheap (no random bytes per request).
 */
export function requestIdSource(): () => string {
  const prefix = randomBytes(30).toString('base64').toUpperCase().replace(/[^A-Z0-9]/g, '0').slice(0, 40);
  let counter = 0;
  return () => prefix + (counter++).toString(36).toUpperCase().padStart(12, '0');
}

/**
 * The Server header of DynamoDB's answers: AWS sends "Server: Server" (as seen on its
 * responses; no AWS document lists it). node:http adds Date, Content-Length and Connection.
 */
export const SERVER_HEADER = 'Server';

/** The headers every answer carries: server, request id, CRC32 of the body (SDKs check it), type. */
export function responseHeaders(requestId: string, body: string, contentType = JSON_CONTENT_TYPE): Record<string, string> {
  return { Server: SERVER_HEADER, 'Content-Type': contentType, 'x-amzn-RequestId': requestId, 'x-amz-crc32': String(crc32(body)) };
}

/** An answer with its headers. */
export function answer(requestId: string, status: number, body: string, contentType?: string): ApiResponse {
  return { status, headers: responseHeaders(requestId, body, contentType), body };
}

/** The DynamoDBError a thrown value answers as; anything else is logged as the bug it is. */
export function toDynamoDBError(err: unknown, log: Logger): DynamoDBError {
  if (err instanceof DynamoDBError) return err;
  log.error({ err }, 'unhandled error');
  return internalServerError();
}

/** The answer to an error. */
export function errorAnswer(requestId: string, error: DynamoDBError): ApiResponse {
  return answer(requestId, error.status, JSON.stringify(error.toJSON()));
}

/** DynamoDB's answer to a request that is not for it (no POST, or a body of another content type). */
export function unknownOperationAnswer(requestId: string): ApiResponse {
  return answer(requestId, 404, UNKNOWN_OPERATION_XML, 'application/xml');
}

/** The health probe, as DynamoDB answers a plain GET. */
export function healthAnswer(requestId: string, host: string | undefined): ApiResponse {
  return answer(requestId, 200, `healthy: ${host ?? 'localhost'} `, 'text/plain');
}
