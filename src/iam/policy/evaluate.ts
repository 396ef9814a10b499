/**
 * AWS's policy evaluation logic for one request (principal, action, resource, context):
 *
 * 1. An explicit Deny in any policy that applies (identity-based, session, permissions
 *    boundary, resource-based) denies.
 * 2. The account's root user is allowed everything in its own account.
 * 3. Within one account, an Allow of the resource-based policy that names the caller (its
 *    ARN, its session's ARN, or `*`) allows; one naming the role of a session allows within the
 *    session policies; one naming the account delegates to the identity policies.
 * 4. Otherwise an Allow of the identity policies is needed, within the session policies and
 *    the permissions boundary when there are any.
 * 5. Across accounts both sides must allow: the resource-based policy (naming the caller, its
 *    role or its account) and the caller's own identity policies (a root user's side always
 *    allows).
 * 6. Anything else is an implicit deny.
 *
 * The decision says which statements decided and which kind of policy denied, enough for
 * AWS's AccessDenied wording and for SimulatePolicy's answers.
 */
import type { ConditionContext } from './conditions.js';
import type { CompiledPolicy, CompiledStatement, PrincipalInfo, PrincipalMatch } from './compile.js';
import type { VariableResolver } from './pattern.js';

/** Where a policy comes from, as SimulatePolicy names it (`SourcePolicyType`). */
export type PolicySourceType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none';

/** A compiled policy and what it is. */
export interface AppliedPolicy {
  readonly policy: CompiledPolicy;
  /** A managed policy's ARN, or an inline policy's name (`SourcePolicyId`). */
  readonly id: string;
  readonly sourceType: PolicySourceType;
  /** A managed policy's ARN (named in an explicit-deny message within one account). */
  readonly arn?: string;
}

/** The kinds of policy AWS's AccessDenied messages name. */
export type PolicyType = 'identity-based' | 'resource-based' | 'session' | 'permissions boundary';

/** One request to decide. */
export interface AuthorizationRequest {
  readonly principal: PrincipalInfo;
  /** `service:Action`, e.g. `dynamodb:GetItem`. */
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  readonly context: ConditionContext;
  /** The caller's identity policies (inline and attached, its groups' too); ignored for a root user. */
  readonly identityPolicies: readonly AppliedPolicy[];
  /** Session policies (AssumeRole `Policy` / `PolicyArns`); absent when the session has none. */
  readonly sessionPolicies?: readonly AppliedPolicy[];
  readonly permissionsBoundary?: AppliedPolicy;
  /** The resource's own policy (a table's resource policy, a role's trust policy). */
  readonly resourcePolicy?: AppliedPolicy;
}

/** A statement that took part in the decision. */
export interface MatchedStatement {
  readonly policy: AppliedPolicy;
  readonly policyType: PolicyType;
  readonly statement: CompiledStatement;
}

export interface Decision {
  readonly allowed: boolean;
  /** As SimulatePolicy's EvalDecision. */
  readonly decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  /** For a denial: the kind of policy that denied (explicit) or that allowed nothing (implicit). */
  readonly deniedBy?: PolicyType;
  /** The statements that decided: the Deny statements of an explicit deny, the Allow statements of an allow. */
  readonly matched: readonly MatchedStatement[];
  /** True when the decision came from being the account's root user. */
  readonly root: boolean;
}

/** Resolves policy variables from the request context: single-valued keys only. */
export function contextResolver(context: ConditionContext): VariableResolver {
  return (key) => {
    const value = context.get(key.toLowerCase());
    return typeof value === 'string' ? value : undefined;
  };
}

interface Scan {
  readonly allows: MatchedStatement[];
  readonly denies: MatchedStatement[];
  /** The strongest way an applying Allow named the caller (resource-based policies). */
  grant: PrincipalMatch;
}

const STRENGTH: Readonly<Record<NonNullable<PrincipalMatch>, number>> = { account: 1, role: 2, direct: 3 };

function scan(policies: readonly AppliedPolicy[], policyType: PolicyType, request: AuthorizationRequest, actionLower: string, resolve: VariableResolver): Scan {
  const result: Scan = { allows: [], denies: [], grant: undefined };
  for (const policy of policies) {
    for (const statement of policy.policy.statements) {
      if (!statement.matchesAction(actionLower)) continue;
      const named = statement.matchesPrincipal(request.principal);
      if (named === undefined) continue;
      if (!statement.matchesResource(request.resource, resolve)) continue;
      if (!statement.conditionsHold(request.context, resolve)) continue;
      const match = { policy, policyType, statement };
      if (statement.effect === 'Deny') result.denies.push(match);
      else {
        result.allows.push(match);
        if (result.grant === undefined || STRENGTH[named] > STRENGTH[result.grant]) result.grant = named;
      }
    }
  }
  return result;
}

const deny = (decision: 'explicitDeny' | 'implicitDeny', deniedBy: PolicyType, matched: readonly MatchedStatement[] = []): Decision => ({
  allowed: false,
  decision,
  deniedBy,
  matched,
  root: false,
});

const allow = (matched: readonly MatchedStatement[], root = false): Decision => ({ allowed: true, decision: 'allowed', matched, root });

/** Decides one request. */
export function authorize(request: AuthorizationRequest): Decision {
  const actionLower = request.action.toLowerCase();
  const resolve = contextResolver(request.context);
  const isRoot = request.principal.type === 'Account';
  const sameAccount = request.principal.accountId === request.resourceAccount;

  const identity = scan(isRoot ? [] : request.identityPolicies, 'identity-based', request, actionLower, resolve);
  const session = request.sessionPolicies !== undefined ? scan(request.sessionPolicies, 'session', request, actionLower, resolve) : undefined;
  const boundary = request.permissionsBoundary !== undefined ? scan([request.permissionsBoundary], 'permissions boundary', request, actionLower, resolve) : undefined;
  const resource = request.resourcePolicy !== undefined ? scan([request.resourcePolicy], 'resource-based', request, actionLower, resolve) : undefined;

  for (const [s, type] of [
    [identity, 'identity-based'],
    [session, 'session'],
    [boundary, 'permissions boundary'],
    [resource, 'resource-based'],
  ] as const) {
    if (s !== undefined && s.denies.length > 0) return deny('explicitDeny', type, s.denies);
  }

  const sessionAllows = session === undefined || session.allows.length > 0;
  const boundaryAllows = boundary === undefined || boundary.allows.length > 0;
  const grant = resource?.grant;
  const identityMatched = [...identity.allows, ...(session?.allows ?? []), ...(boundary?.allows ?? [])];
  /** The identity side: identity policies within the session policies and the boundary. */
  const identitySide = (): Decision => {
    if (!isRoot && identity.allows.length === 0) return deny('implicitDeny', 'identity-based');
    if (!boundaryAllows) return deny('implicitDeny', 'permissions boundary');
    if (!sessionAllows) return deny('implicitDeny', 'session');
    return allow(identityMatched, isRoot);
  };

  if (sameAccount) {
    if (isRoot) return allow([], true);
    if (grant === 'direct') return allow(resource?.allows ?? []);
    if (grant === 'role') {
      if (!boundaryAllows) return deny('implicitDeny', 'permissions boundary');
      if (!sessionAllows) return deny('implicitDeny', 'session');
      return allow([...(resource?.allows ?? []), ...(session?.allows ?? [])]);
    }
    return identitySide();
  }
  const side = identitySide();
  if (!side.allowed) return side;
  if (grant === undefined) return deny('implicitDeny', 'resource-based');
  return allow([...(resource?.allows ?? []), ...side.matched]);
}
