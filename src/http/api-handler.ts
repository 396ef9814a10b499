/**
 * The DynamoDB (and STS) request pipeline, independent of any HTTP framework. The order of
 * work is visible here, top to bottom:
 *   SigV4 verification -> content type -> X-Amz-Target -> JSON -> operation -> group commit
 * Signatures are verified before the body is parsed; no operation runs unauthenticated.
 * Two adapters feed it: the hono app (app.ts) and the plain node:http fast path (node-listener.ts).
 */
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { logAuthFailure } from '../auth/auth-failure.js';
import type { CredentialResolver } from '../auth/credentials.js';
import { verifySignature, type VerifiedIdentity } from '../auth/sigv4-verify.js';
import type { Config } from '../config.js';
import { DynamoDBError, internalServerError, serialization, unknownOperation } from '../errors.js';
import type { Logger } from '../log.js';
import { RawResponse, type JsonObject, type OperationContext } from '../api/context.js';
import { OPERATIONS, isOperationName } from '../api/registry.js';
import type { OperationGuard } from '../control-plane/iam-guard.js';
import { isStsRequest, type StsHandler } from '../control-plane/sts/sts-handler.js';
import { RetryableStorageError, type SqliteStorage } from '../storage/sqlite-store.js';
import { toDynamoDBError } from './error-response.js';
import { BodyEncodingError, DecodedBodyTooLargeError, decodeRequestBody } from './compression.js';
import { itemCountsOf, type ItemCounts } from '../metrics/request-outcome.js';
import type { Metrics } from '../metrics/metrics.js';

export interface ApiDeps {
  readonly config: Config;
  readonly storage: SqliteStorage;
  readonly credentials: CredentialResolver;
  readonly log: Logger;
  /** Epoch milliseconds; tests inject a clock. */
  readonly now?: () => number;
  /** The STS endpoint (query protocol), for requests whose credential scope names `sts`. */
  readonly sts?: StsHandler;
  /** Runs every operation (the IAM account's rules); operations run directly without one. */
  readonly guard?: OperationGuard;
  /**
   * Who a request is, instead of SigV4 verification: DynamoDB Local mode only
   * (compat/dynamodb-local.ts), which does not authenticate.
   */
  readonly identify?: (headers: Record<string, string>) => VerifiedIdentity;
  readonly metrics?: Metrics;
}

export interface ApiRequest {
  /** Raw path as sent (not decoded), e.g. "/". */
  readonly path: string;
  /** Raw query string without '?'. */
  readonly query: string;
  /** Lower-cased header names. */
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'DynamoDB_20120810.';
/**
 * How long a request may keep meeting RetryableStorageError (another worker process holding
 * the write lock, or changing a table definition under it) before it fails.
 */
const RETRY_DEADLINE_MS = 5000;

/** Waits before running a request again: the next turn of the event loop, then 1 ms steps. */
function retryPause(attempt: number): Promise<void> {
  return new Promise((resolve) => (attempt <= 2 ? setImmediate(resolve) : setTimeout(resolve, 1)));
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

/** The headers every answer carries: request id, CRC32 of the body (SDKs check it), type. */
export function responseHeaders(requestId: string, body: string, contentType = JSON_CONTENT_TYPE): Record<string, string> {
  return { 'Content-Type': contentType, 'x-amzn-RequestId': requestId, 'x-amz-crc32': String(crc32(body)) };
}

export type ApiHandler = (request: ApiRequest, requestId: string) => Promise<ApiResponse>;

export function createApiHandler(deps: ApiDeps): ApiHandler {
  const { config, storage, credentials, log } = deps;
  const now = deps.now ?? Date.now;
  const nowDate = () => new Date(now());

  const answer = (requestId: string, status: number, body: string, contentType?: string): ApiResponse => ({
    status,
    headers: responseHeaders(requestId, body, contentType),
    body,
  });

  return async function handleApiRequest(req: ApiRequest, requestId: string): Promise<ApiResponse> {
    const started = process.hrtime.bigint();
    let identity: VerifiedIdentity | undefined;
    let operation: string | undefined;
    let status = 200;
    let failure: DynamoDBError | undefined;
    let items: ItemCounts | undefined;
    const { headers } = req;
    let body = req.body;
    try {
      if (deps.sts !== undefined && isStsRequest(headers)) {
        const sts = await deps.sts({ method: 'POST', path: req.path, query: req.query, headers, body, requestId });
        ({ identity, status } = sts);
        operation = sts.action !== undefined ? `sts:${sts.action}` : 'sts';
        return { status: sts.status, headers: sts.headers, body: sts.body };
      }
      try {
        identity = deps.identify
          ? deps.identify(headers)
          : await verifySignature({ method: 'POST', path: req.path, query: req.query, headers, body }, credentials, {
              now: nowDate,
              expectedService: 'dynamodb',
            });
      } catch (err) {
        if (err instanceof DynamoDBError) {
          logAuthFailure(log, { requestId, api: 'dynamodb', authorization: headers['authorization'], error: err });
          deps.metrics?.authFailure(err);
        }
        throw err;
      }
      // the signature covers the body as sent; a compressed one is decoded only now
      const contentEncoding = headers['content-encoding'];
      if (contentEncoding !== undefined) body = await decodeRequestBody(contentEncoding, body, config.maxBodyBytes);

      const contentType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (body.byteLength > 0 && contentType !== JSON_CONTENT_TYPE && contentType !== 'application/json') {
        status = 404;
        return answer(requestId, 404, UNKNOWN_OPERATION_XML, 'application/xml');
      }

      const target = headers['x-amz-target'] ?? '';
      const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      if (!isOperationName(name)) throw unknownOperation();
      operation = name;

      let request: unknown;
      try {
        request = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
      } catch {
        throw serialization();
      }
      if (request === null || typeof request !== 'object' || Array.isArray(request)) throw serialization();

      const ctx: OperationContext = {
        caller: identity,
        store: storage.tenant(identity.accountId, identity.region),
        config,
        log,
        now,
        operation: name,
      };
      const run = OPERATIONS[name];
      let result;
      for (let attempt = 1; ; attempt++) {
        try {
          result = await (deps.guard ? deps.guard(name, request as JsonObject, ctx, run) : run(request as JsonObject, ctx));
          break;
        } catch (err) {
          // Another process holds the write lock, or changed a table definition under this
          // request, before it wrote anything: run it again (on the new definition).
          if (!(err instanceof RetryableStorageError) || Number(process.hrtime.bigint() - started) / 1e6 > RETRY_DEADLINE_MS) throw err;
          await retryPause(attempt);
        }
      }
      // Acknowledge only what is committed: wait for the group commit holding this request's
      // writes (and any writes its reads saw).
      const commit = ctx.store.pending();
      if (commit) await commit;
      if (result instanceof RawResponse) {
        items = result.items;
        return answer(requestId, 200, result.json);
      }
      if (deps.metrics) items = itemCountsOf(name, result);
      return answer(requestId, 200, JSON.stringify(result));
    } catch (err) {
      if (err instanceof DecodedBodyTooLargeError) {
        status = 413;
        return { status: 413, headers: { 'x-amzn-RequestId': requestId, Connection: 'close' }, body: '' };
      }
      if (err instanceof BodyEncodingError) {
        log.warn({ requestId, reason: err.message }, 'request body could not be decoded');
        err = internalServerError();
      }
      // An answer may rest on writes of other requests still in the open group: wait for them too.
      if (identity) await storage.tenant(identity.accountId, identity.region).pending()?.catch(() => undefined);
      const error = toDynamoDBError(err, log.child({ requestId, operation }));
      status = error.status;
      failure = error;
      return answer(requestId, error.status, JSON.stringify(error.toJSON()));
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      deps.metrics?.request({ operation, status, seconds: ms / 1000, accountId: identity?.accountId, error: failure, items });
      if (status >= 500 || config.accessLog) {
        const record = { requestId, accessKeyId: identity?.accessKeyId, accountId: identity?.accountId, region: identity?.region, operation, status, ms: Math.round(ms * 100) / 100 };
        if (status >= 500) log.error(record, 'request');
        else log.info(record, 'request');
      }
    }
  };
}

/** The answer to anything that is not a POST (other than the health probe). */
export function unknownOperationAnswer(requestId: string): ApiResponse {
  return { status: 404, headers: responseHeaders(requestId, UNKNOWN_OPERATION_XML, 'application/xml'), body: UNKNOWN_OPERATION_XML };
}

/** The health probe, as DynamoDB answers a plain GET. */
export function healthAnswer(requestId: string, host: string | undefined): ApiResponse {
  const body = `healthy: ${host ?? 'localhost'} `;
  return { status: 200, headers: responseHeaders(requestId, body, 'text/plain'), body };
}
