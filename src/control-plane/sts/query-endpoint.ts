/**
 * An endpoint of AWS's query protocol on the same port as DynamoDB (STS, IAM): SigV4 verified
 * by the shared verifier and credential chain for the service named in the credential scope,
 * `Action=...&Version=...` dispatched to the service's actions, answered in XML with the
 * service's namespace, errors as `<ErrorResponse>`.
 */
import { logAuthFailure } from '../../auth/auth-failure.js';
import type { CredentialResolver } from '../../auth/credentials.js';
import { openSessionToken } from '../../auth/session-token.js';
import { verifySignature, type SignedRequest, type VerifiedIdentity } from '../../auth/sigv4-verify.js';
import { DynamoDBError } from '../../errors.js';
import type { StsCaller } from './actions.js';
import { fromDynamoDBError, internalFailure, invalidAction, missingAction, StsError } from './sts-error.js';
import { renderError, renderResult, type XmlContent } from './xml.js';

/** A request as the HTTP layer read it. */
export interface QueryHttpRequest extends SignedRequest {
  readonly requestId: string;
}

/** The answer, plus what the access log wants to know. */
export interface QueryHttpResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly identity?: VerifiedIdentity;
  readonly action?: string;
}

/** The subset of a pino logger an endpoint uses. */
export interface QueryLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Runs one action: the content of `<{Action}Result>` (undefined: none); throws StsError. */
export type QueryRun = (params: ReadonlyMap<string, string>, caller: StsCaller) => XmlContent | undefined | Promise<XmlContent | undefined>;

/** What an endpoint serves. */
export interface QueryEndpointOptions {
  /** The service the credential scope must name. */
  readonly service: 'sts' | 'iam';
  readonly version: string;
  readonly namespace: string;
  /** The run function of an action, or undefined when the service has no such action. */
  readonly action: (name: string) => QueryRun | undefined;
  readonly credentials: CredentialResolver;
  readonly tokenKey: Buffer;
  readonly now: () => number;
  readonly log: QueryLog;
}

/** Serves one request. */
export type QueryHandler = (request: QueryHttpRequest) => Promise<QueryHttpResponse>;

/** Parameters of a query-protocol request: the form body, then the query string. */
export function queryParameters(body: Uint8Array, query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const source of [Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), query]) {
    for (const [name, value] of new URLSearchParams(source)) if (!params.has(name)) params.set(name, value);
  }
  return params;
}

/** Creates a query-protocol endpoint. */
export function createQueryEndpoint(options: QueryEndpointOptions): QueryHandler {
  const { credentials, log, service, version: serviceVersion, namespace } = options;
  const xml = (status: number, body: string, requestId: string, extra: Partial<QueryHttpResponse> = {}): QueryHttpResponse => ({
    status,
    body,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
    ...extra,
  });

  return async function queryRequest(request) {
    const { requestId } = request;
    let identity: VerifiedIdentity;
    try {
      identity = await verifySignature(request, credentials, { now: () => new Date(options.now()), expectedService: service });
    } catch (err) {
      if (!(err instanceof DynamoDBError)) throw err;
      logAuthFailure(log, { requestId, api: service, authorization: request.headers['authorization'], error: err });
      const error = fromDynamoDBError(err);
      return xml(error.status, renderError(error, requestId, namespace), requestId);
    }

    const params = queryParameters(request.body, request.query);
    const action = params.get('Action');
    try {
      if (action === undefined || action === '') throw missingAction();
      const version = params.get('Version') ?? serviceVersion;
      const run = options.action(action);
      if (run === undefined || version !== serviceVersion) throw invalidAction(action, version);
      const session = identity.sessionToken !== undefined ? openSessionToken(options.tokenKey, identity.sessionToken) : undefined;
      const caller: StsCaller = session !== undefined ? { identity, session } : { identity };
      const result = await run(params, caller);
      return xml(200, renderResult(action, result, requestId, namespace), requestId, { identity, action });
    } catch (err) {
      let error: StsError;
      if (err instanceof StsError) error = err;
      else {
        log.error({ requestId, action, err }, 'unhandled error');
        error = internalFailure();
      }
      return xml(error.status, renderError(error, requestId, namespace), requestId, { identity, ...(action !== undefined ? { action } : {}) });
    }
  };
}
