/**
 * The STS endpoint: AWS's query protocol on the same port as DynamoDB. A request is STS's
 * when its SigV4 credential scope names service `sts` (or, unsigned, when it is a form post
 * without X-Amz-Target). It is verified by the same SigV4 code and credential chain as DynamoDB
 * requests, then `Action=...` is dispatched; responses and errors are XML as AWS sends them.
 */
import { logAuthFailure } from '../../auth/auth-failure.js';
import type { CredentialResolver } from '../../auth/credentials.js';
import { openSessionToken } from '../../auth/session-token.js';
import { verifySignature, type SignedRequest, type VerifiedIdentity } from '../../auth/sigv4-verify.js';
import { DynamoDBError } from '../../errors.js';
import { STS_ACTIONS, type StsCaller, type StsDeps } from './actions.js';
import { fromDynamoDBError, internalFailure, invalidAction, missingAction, StsError } from './sts-error.js';
import { renderError, renderResult } from './xml.js';

/** The API version STS speaks. */
export const STS_VERSION = '2011-06-15';

/** A request as the HTTP layer read it. */
export interface StsHttpRequest extends SignedRequest {
  readonly requestId: string;
}

/** The answer, plus what the access log wants to know. */
export interface StsHttpResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly identity?: VerifiedIdentity;
  readonly action?: string;
}

/** Serves one STS request. */
export type StsHandler = (request: StsHttpRequest) => Promise<StsHttpResponse>;

/** The subset of a pino logger the handler uses. */
export interface StsLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Options of {@link createStsHandler}. */
export interface StsHandlerOptions extends StsDeps {
  /** The whole credential chain (the same the DynamoDB endpoint uses). */
  readonly credentials: CredentialResolver;
  readonly log: StsLog;
}

const SCOPE_SERVICE = /Credential=[^/,\s]*\/[^/,\s]*\/[^/,\s]*\/([^/,\s]*)\//;

/**
 * True when a request is for STS rather than DynamoDB (header names lower-cased). A request
 * with an X-Amz-Target is DynamoDB's whatever its credential scope says (STS's query protocol
 * has none), so a DynamoDB call signed for `sts` gets DynamoDB's scope error.
 */
export function isStsRequest(headers: Readonly<Record<string, string>>): boolean {
  if (headers['x-amz-target'] !== undefined) return false;
  const authorization = headers['authorization'];
  if (authorization !== undefined) return SCOPE_SERVICE.exec(authorization)?.[1] === 'sts';
  return headers['x-amz-target'] === undefined && (headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** Parameters of a query-protocol request: the form body, then the query string. */
export function queryParameters(body: Uint8Array, query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const source of [Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), query]) {
    for (const [name, value] of new URLSearchParams(source)) if (!params.has(name)) params.set(name, value);
  }
  return params;
}

/** Creates the STS endpoint. */
export function createStsHandler(options: StsHandlerOptions): StsHandler {
  const { credentials, log } = options;
  const xml = (status: number, body: string, requestId: string, extra: Partial<StsHttpResponse> = {}): StsHttpResponse => ({
    status,
    body,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
    ...extra,
  });

  return async function stsRequest(request) {
    const { requestId } = request;
    let identity: VerifiedIdentity;
    try {
      identity = await verifySignature(request, credentials, { now: () => new Date(options.now()), expectedService: 'sts' });
    } catch (err) {
      if (!(err instanceof DynamoDBError)) throw err;
      logAuthFailure(log, { requestId, api: 'sts', authorization: request.headers['authorization'], error: err });
      const error = fromDynamoDBError(err);
      return xml(error.status, renderError(error, requestId), requestId);
    }

    const params = queryParameters(request.body, request.query);
    const action = params.get('Action');
    try {
      if (action === undefined || action === '') throw missingAction();
      const version = params.get('Version') ?? STS_VERSION;
      const run = Object.hasOwn(STS_ACTIONS, action) ? STS_ACTIONS[action] : undefined;
      if (run === undefined || version !== STS_VERSION) throw invalidAction(action, version);
      const session = identity.sessionToken !== undefined ? openSessionToken(options.tokenKey, identity.sessionToken) : undefined;
      const caller: StsCaller = session !== undefined ? { identity, session } : { identity };
      return xml(200, renderResult(action, run(params, caller, options), requestId), requestId, { identity, action });
    } catch (err) {
      let error: StsError;
      if (err instanceof StsError) error = err;
      else {
        log.error({ requestId, action, err }, 'unhandled error');
        error = internalFailure();
      }
      return xml(error.status, renderError(error, requestId), requestId, { identity, ...(action !== undefined ? { action } : {}) });
    }
  };
}
