/**
 * The STS endpoint: AWS's query protocol on the same port as DynamoDB. A request is STS's
 * when its SigV4 credential scope names service `sts` (or, unsigned, when it is a form post
 * without X-Amz-Target). It is verified by the same SigV4 code and credential chain as DynamoDB
 * requests, then `Action=...` is dispatched; responses and errors are XML as AWS sends them.
 */
import type { CredentialResolver } from '../../auth/credentials.js';
import { STS_ACTIONS, type StsDeps } from './actions.js';
import { createQueryEndpoint, queryParameters, type QueryHandler, type QueryHttpRequest, type QueryHttpResponse, type QueryLog } from './query-endpoint.js';
import { STS_NAMESPACE } from './xml.js';

export { queryParameters };

/** The API version STS speaks. */
export const STS_VERSION = '2011-06-15';

/** A request as the HTTP layer read it. */
export type StsHttpRequest = QueryHttpRequest;

/** The answer, plus what the access log wants to know. */
export type StsHttpResponse = QueryHttpResponse;

/** Serves one STS request. */
export type StsHandler = QueryHandler;

/** The subset of a pino logger the handler uses. */
export type StsLog = QueryLog;

/** Options of {@link createStsHandler}. */
export interface StsHandlerOptions extends StsDeps {
  /** The whole credential chain (the same the DynamoDB endpoint uses). */
  readonly credentials: CredentialResolver;
  readonly log: StsLog;
}

const SCOPE_SERVICE = /Credential=[^/,\s]*\/[^/,\s]*\/[^/,\s]*\/([^/,\s]*)\//;

/** True when a request is for STS rather than DynamoDB (header names lower-cased). */
export function isStsRequest(headers: Readonly<Record<string, string>>): boolean {
  const authorization = headers['authorization'];
  if (authorization !== undefined) return SCOPE_SERVICE.exec(authorization)?.[1] === 'sts';
  return headers['x-amz-target'] === undefined && (headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** Creates the STS endpoint. */
export function createStsHandler(options: StsHandlerOptions): StsHandler {
  return createQueryEndpoint({
    service: 'sts',
    version: STS_VERSION,
    namespace: STS_NAMESPACE,
    action: (name) => {
      const run = Object.hasOwn(STS_ACTIONS, name) ? STS_ACTIONS[name] : undefined;
      return run === undefined ? undefined : (params, caller) => run(params, caller, options);
    },
    credentials: options.credentials,
    tokenKey: options.tokenKey,
    now: options.now,
    log: options.log,
  });
}
