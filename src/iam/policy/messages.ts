/**
 * AccessDenied messages as AWS words them:
 * `User: <principal> is not authorized to perform: <action> on resource: <resource> because no
 * identity-based policy allows the <action> action`, `... with an explicit deny in an
 * identity-based policy` (followed by `: <policy ARN>` when a managed policy of the caller's own
 * account denied), and the session, permissions-boundary and resource-based variants.
 */
import type { Decision, PolicyType } from './evaluate.js';

const ARTICLE: Readonly<Record<PolicyType, string>> = {
  'identity-based': 'an identity-based policy',
  'resource-based': 'a resource-based policy',
  session: 'a session policy',
  'permissions boundary': 'a permissions boundary',
};

const NONE: Readonly<Record<PolicyType, string>> = {
  'identity-based': 'no identity-based policy',
  'resource-based': 'no resource-based policy',
  session: 'no session policy',
  'permissions boundary': 'no permissions boundary',
};

/** The reason part of a denial (`because no ...` / `with an explicit deny in ...`). */
export function denialReason(action: string, decision: Decision): string {
  const type = decision.deniedBy ?? 'identity-based';
  if (decision.decision === 'explicitDeny') {
    const arn = decision.matched.find((m) => m.policy.arn !== undefined)?.policy.arn;
    const named = arn !== undefined && (type === 'identity-based' || type === 'session' || type === 'permissions boundary') ? `: ${arn}` : '';
    return `with an explicit deny in ${ARTICLE[type]}${named}`;
  }
  return `because ${NONE[type]} allows the ${action} action`;
}

/** The whole AccessDenied message of a denied request. */
export function accessDeniedMessage(principalArn: string, action: string, resource: string, decision: Decision): string {
  return `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${denialReason(action, decision)}`;
}
