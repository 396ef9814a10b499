/**
 * The DynamoDB (and STS) request pipeline, independent of any HTTP framework. The order of
 * work is visible here, top to bottom:
 *   SigV4 verification -> content type -> X-Amz-Target -> JSON -> operation
 * Signatures are verified before the body is parsed; no operation runs unauthenticated.
 * An operation resolves only once what it answers is durable (storage sees to that), so
 * the answer can go out as soon as it resolves. The node:http listener (node-listener.ts)
 * feeds it every POST.
 */
import { logAuthFailure } from '../auth/auth-failure.js';
import type { CredentialResolver } from '../auth/credentials.js';
import { verifySignature, type VerifiedIdentity } from '../auth/sigv4-verify.js';
import type { Config } from '../config.js';
import { DynamoDBError, serialization, unknownOperation } from '../errors.js';
import type { Logger } from '../log.js';
import { RawResponse, type OperationContext } from '../api/context.js';
import { dispatch } from '../api/dispatch.js';
import { isOperationName } from '../api/registry.js';
import type { OperationGuard } from '../control-plane/iam-guard.js';
import { isStsRequest, type StsHandler } from '../control-plane/sts/sts-handler.js';
import type { Storage } from '../storage/types.js';
import { answer, errorAnswer, JSON_CONTENT_TYPE, toDynamoDBError, unknownOperationAnswer, type ApiResponse } from './wire.js';
import { parseRequestBody } from './json-body.js';
import { checkedError, LARGE_BODY_BYTES, type LargeBodies } from './large-bodies.js';
import { BodyEncodingError, DecodedBodyTooLargeError, decodeRequestBody } from './compression.js';
import { itemCountsOf, type ItemCounts } from '../metrics/request-outcome.js';
import type { Metrics } from '../metrics/metrics.js';

export interface ApiDeps {
  readonly config: Config;
  readonly storage: Storage;
  readonly credentials: CredentialResolver;
  readonly log: Logger;
  /** Epoch milliseconds; tests inject a clock. */
  readonly now?: () => number;
  /** The STS endpoint (query protocol), for requests whose credential scope names `sts`. */
  readonly sts?: StsHandler;
  /** Runs every operation (the IAM account's rules); operations run directly without one. */
  readonly guard?: OperationGuard;
  /** Checks large bodies off the main thread (large-bodies.ts); without it they are parsed here. */
  readonly largeBodies?: LargeBodies;
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
  /** SHA-256 of the body in hex, when the listener hashed it as it arrived (large bodies). */
  readonly payloadHash?: string;
}

const TARGET_PREFIX = 'DynamoDB_20120810.';

export type ApiHandler = (request: ApiRequest, requestId: string) => Promise<ApiResponse>;

export function createApiHandler(deps: ApiDeps): ApiHandler {
  const { config, storage, credentials, log } = deps;
  const now = deps.now ?? Date.now;
  const nowDate = () => new Date(now());

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
          : await verifySignature({ method: 'POST', path: req.path, query: req.query, headers, body, ...(req.payloadHash ? { payloadHash: req.payloadHash } : {}) }, credentials, {
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
        return unknownOperationAnswer(requestId);
      }

      const target = headers['x-amz-target'] ?? '';
      const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      if (!isOperationName(name)) throw unknownOperation();
      operation = name;

      if (deps.largeBodies !== undefined && body.byteLength > LARGE_BODY_BYTES) {
        // the JSON layer and the shape check, in the lane's worker thread
        const checked = await deps.largeBodies.check(name, body);
        if (checked.error !== undefined) throw checkedError(checked.error);
        body = checked.body;
      }
      const request = parseRequestBody(body);

      const ctx: OperationContext = {
        caller: identity,
        store: storage.tenant(identity.accountId, identity.region),
        config,
        log,
        now,
        operation: name,
        ...(headers['host'] !== undefined ? { host: headers['host'] } : {}),
      };
      const result = await dispatch(name, request, ctx, deps.guard);
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
        // A client error, whatever AWS answers (not recorded anywhere we could find): never a 500.
        err = serialization();
      }
      const error = toDynamoDBError(err, log.child({ requestId, operation }));
      status = error.status;
      failure = error;
      return errorAnswer(requestId, error);
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
