/**
 * Authorizing one request: every check its operation lists (actions.ts) evaluated with the
 * principal's policies and the request context; the first denial is the answer, worded as AWS
 * words it. Also the lookups IAM checks need, resolved ahead so the checks stay synchronous.
 */
import type { ActionScope, AuthorizationCheck } from './actions.js';
import type { Params } from './api/common.js';
import { iamKey, type IamReader } from './api/store.js';
import { requestContext, type PrincipalFacts, type RequestFacts } from './policy/context.js';
import { authorize, type AppliedPolicy, type Decision } from './policy/evaluate.js';
import { accessDeniedMessage } from './policy/messages.js';

export interface AuthorizationInput {
  readonly principal: PrincipalFacts;
  readonly request: RequestFacts;
  readonly checks: readonly AuthorizationCheck[];
  /** The principal's identity policies (ignored for a root user). */
  readonly identityPolicies: readonly AppliedPolicy[];
  /** A session's policies, when it was started with any. */
  readonly sessionPolicies?: readonly AppliedPolicy[];
  /** The resource policy of a check's resource (a table's, a stream's, a role's trust policy). */
  readonly resourcePolicyOf?: (check: AuthorizationCheck) => AppliedPolicy | undefined;
}

export type AuthorizationResult =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly check: AuthorizationCheck; readonly decision: Decision; readonly message: string };

/** Evaluates every check; allowed only when each one is. */
export function authorizeChecks(input: AuthorizationInput): AuthorizationResult {
  for (const check of input.checks) {
    const resourcePolicy = input.resourcePolicyOf?.(check);
    const decision = authorize({
      principal: input.principal,
      action: check.action,
      resource: check.resource,
      resourceAccount: check.resourceAccount,
      context: requestContext(input.principal, input.request, check.context),
      identityPolicies: input.identityPolicies,
      ...(input.sessionPolicies !== undefined ? { sessionPolicies: input.sessionPolicies } : {}),
      ...(resourcePolicy !== undefined ? { resourcePolicy } : {}),
    });
    if (!decision.allowed) return { allowed: false, check, decision, message: accessDeniedMessage(input.principal.arn, check.action, check.resource, decision) };
  }
  return { allowed: true };
}

const NAMED: readonly (readonly ['user' | 'group' | 'role', string])[] = [
  ['user', 'UserName'],
  ['group', 'GroupName'],
  ['role', 'RoleName'],
];

/**
 * The scope of an IAM request with the paths of the entities it names looked up (and the
 * calling user's), so `iamChecks` can build their ARNs.
 */
export async function iamScope(reader: IamReader, params: Params, base: ActionScope): Promise<ActionScope> {
  const paths = new Map<string, string>();
  const remember = async (kind: 'user' | 'group' | 'role', name: string | undefined): Promise<void> => {
    if (name === undefined) return;
    const entity = await reader.get(kind, iamKey(kind, name));
    if (entity !== undefined) paths.set(`${kind}:${name.toLowerCase()}`, entity.path);
  };
  for (const [kind, param] of NAMED) await remember(kind, params.get(param));
  await remember('user', base.callerUserName);
  return { ...base, iamPath: (kind, name) => paths.get(`${kind}:${name.toLowerCase()}`) };
}
