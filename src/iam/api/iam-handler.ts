/**
 * The IAM endpoint: AWS's query protocol (XML, namespace
 * `https://iam.amazonaws.com/doc/2010-05-08/`), service `iam` in the SigV4 credential scope, on
 * the same port as DynamoDB. The request is verified by the shared verifier and credential
 * chain, authorized (`iam:<Action>` evaluated for the caller), then served from the caller's
 * account's {@link IamStore}.
 */
import type { CredentialResolver } from '../../auth/credentials.js';
import type { StsCaller } from '../../control-plane/sts/actions.js';
import { createQueryEndpoint, type QueryHandler, type QueryLog } from '../../control-plane/sts/query-endpoint.js';
import type { RandomBytes } from '../../control-plane/ids.js';
import { IAM_NAMESPACE, IAM_VERSION, type IamAction, type Params } from './common.js';
import { GROUP_ACTIONS } from './groups.js';
import { POLICY_ACTIONS } from './policies.js';
import { ROLE_ACTIONS } from './roles.js';
import { SIMULATE_ACTIONS } from './simulate.js';
import type { IamStore } from './store.js';
import { USER_ACTIONS } from './users.js';

/** Every IAM action served, by name. */
export const IAM_ACTIONS: Readonly<Record<string, IamAction>> = Object.freeze({ ...USER_ACTIONS, ...GROUP_ACTIONS, ...ROLE_ACTIONS, ...POLICY_ACTIONS, ...SIMULATE_ACTIONS });

export interface IamHandlerOptions {
  /** The whole credential chain (the same the DynamoDB endpoint uses). */
  readonly credentials: CredentialResolver;
  readonly tokenKey: Buffer;
  readonly now: () => number;
  readonly log: QueryLog;
  readonly random?: RandomBytes;
  /** The IAM entities of an account. */
  readonly storeFor: (accountId: string) => IamStore | Promise<IamStore>;
  /**
   * Decides whether the caller may run `action` with `params` (`iam:<action>` on the resources
   * `iamChecks` lists); throws the AccessDenied StsError when not. Required: there is no
   * endpoint without authorization.
   */
  readonly authorize: (caller: StsCaller, action: string, params: Params) => Promise<void>;
}

const SCOPE_SERVICE = /Credential=[^/,\s]*\/[^/,\s]*\/[^/,\s]*\/([^/,\s]*)\//;

/** True when a request is signed for IAM (header names lower-cased). */
export function isIamRequest(headers: Readonly<Record<string, string>>): boolean {
  const authorization = headers['authorization'];
  return authorization !== undefined && SCOPE_SERVICE.exec(authorization)?.[1] === 'iam';
}

/** Creates the IAM endpoint. */
export function createIamHandler(options: IamHandlerOptions): QueryHandler {
  return createQueryEndpoint({
    service: 'iam',
    version: IAM_VERSION,
    namespace: IAM_NAMESPACE,
    action: (name) => {
      const run = Object.hasOwn(IAM_ACTIONS, name) ? IAM_ACTIONS[name] : undefined;
      if (run === undefined) return undefined;
      return async function iamAction(params, caller) {
        await options.authorize(caller, name, params);
        const accountId = caller.identity.accountId;
        const store = await options.storeFor(accountId);
        return run(params, caller, { store, accountId, now: options.now, ...(options.random !== undefined ? { random: options.random } : {}) });
      };
    },
    credentials: options.credentials,
    tokenKey: options.tokenKey,
    now: options.now,
    log: options.log,
  });
}
