/**
 * The request context policies are evaluated against: AWS's global condition keys from the
 * principal and the request (`aws:username`, `aws:userid`, `aws:PrincipalArn`,
 * `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:PrincipalTag/*`, `aws:SourceIp`,
 * `aws:CurrentTime`, `aws:EpochTime`, `aws:SecureTransport`, `aws:RequestedRegion`), plus the
 * service's own keys of the operation (e.g. `dynamodb:LeadingKeys`), which may be computed
 * lazily: only when a condition reads them.
 */
import type { ConditionContext, ContextValue } from './conditions.js';
import type { PrincipalInfo } from './compile.js';

/** The principal with what its condition keys need. */
export interface PrincipalFacts extends PrincipalInfo {
  /** `aws:userid`: a user's id (`AIDA...`), a session's `AROA...:session`, a root user's account id. */
  readonly userId: string;
  /** `aws:username`: IAM users only. */
  readonly userName?: string;
  /** `aws:PrincipalTag/*`: a user's tags, or a session's (the role's tags, session tags over them). */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What the request itself says. */
export interface RequestFacts {
  readonly sourceIp?: string;
  readonly secureTransport: boolean;
  /** Epoch milliseconds. */
  readonly now: number;
  readonly region: string;
}

/** A context value, or a function computing it on first read (undefined: absent). */
export type LazyContextValue = ContextValue | (() => ContextValue | undefined);

/** The global keys of a principal's request, with `extra` keys of the operation. */
export function requestContext(principal: PrincipalFacts, request: RequestFacts, extra: Readonly<Record<string, LazyContextValue>> = {}): ConditionContext {
  const values = new Map<string, LazyContextValue>();
  values.set('aws:userid', principal.userId);
  values.set('aws:principalarn', principal.type === 'AssumedRole' && principal.roleArn !== undefined ? principal.roleArn : principal.arn);
  values.set('aws:principalaccount', principal.accountId);
  values.set('aws:principaltype', principal.type);
  if (principal.userName !== undefined) values.set('aws:username', principal.userName);
  for (const [key, value] of Object.entries(principal.tags ?? {})) values.set(`aws:principaltag/${key.toLowerCase()}`, value);
  if (request.sourceIp !== undefined) values.set('aws:sourceip', request.sourceIp);
  values.set('aws:currenttime', () => new Date(request.now).toISOString());
  values.set('aws:epochtime', () => String(Math.floor(request.now / 1000)));
  values.set('aws:securetransport', request.secureTransport ? 'true' : 'false');
  values.set('aws:requestedregion', request.region);
  for (const [key, value] of Object.entries(extra)) values.set(key.toLowerCase(), value);
  return contextOf(values);
}

/** A context over a map of lower-case keys (lazy values computed once). */
export function contextOf(values: Map<string, LazyContextValue>): ConditionContext {
  return {
    get(keyLower) {
      const value = values.get(keyLower);
      if (typeof value !== 'function') return value;
      const computed = value();
      if (computed === undefined) values.delete(keyLower);
      else values.set(keyLower, computed);
      return computed;
    },
  };
}
