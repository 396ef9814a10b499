/**
 * Policies compiled for evaluation: each statement's actions (case-insensitive; a Set lookup
 * when there is no wildcard), resources (ARNs, case-sensitive, component by component, with
 * policy variables), principals and conditions, built once per document text and shared (a
 * bounded cache), so a request only runs the matchers.
 */
import { BoundedCache } from '../../expressions/cache.js';
import { compileCondition, type CompiledCondition, type ConditionContext } from './conditions.js';
import { parsePolicyDocument, type PolicyDocument, type PolicyKind, type PrincipalElement, type PolicyStatement } from './document.js';
import { compileArnPattern, compilePattern, type ArnPattern, type Pattern, type VariableResolver } from './pattern.js';

/** Who is asking, as policies see them. */
export interface PrincipalInfo {
  /** As it signs: `arn:aws:iam::A:root`, a user's ARN, or `arn:aws:sts::A:assumed-role/R/S`. */
  readonly arn: string;
  readonly accountId: string;
  readonly type: 'Account' | 'User' | 'AssumedRole' | 'FederatedUser';
  /** An assumed role's IAM ARN (with its path): what a policy naming the role matches. */
  readonly roleArn?: string;
}

/**
 * How a statement's Principal names the caller: `direct` (its own ARN, a session's ARN or
 * `*`), `role` (the role whose session it is), `account` (its account: a delegation to the
 * account's identity policies), or not at all.
 */
export type PrincipalMatch = 'direct' | 'role' | 'account' | undefined;

export interface CompiledStatement {
  /** Position in its policy, from 0. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  matchesAction(actionLower: string): boolean;
  /** Always true for statements without Resource / NotResource (trust policies). */
  matchesResource(resource: string, resolve: VariableResolver): boolean;
  /** `direct` for statements without Principal / NotPrincipal (identity policies). */
  matchesPrincipal(principal: PrincipalInfo): PrincipalMatch;
  conditionsHold(context: ConditionContext, resolve: VariableResolver): boolean;
  /** Context keys the statement reads (conditions and variables), lower case. */
  readonly keysRead: readonly string[];
}

export interface CompiledPolicy {
  readonly kind: PolicyKind;
  readonly document: PolicyDocument;
  readonly statements: readonly CompiledStatement[];
}

function compileActions(list: readonly string[]): (actionLower: string) => boolean {
  const exact = new Set<string>();
  const patterns: Pattern[] = [];
  for (const action of list) {
    if (/[*?]/.test(action)) patterns.push(compilePattern(action, { wildcards: true, variables: false, ignoreCase: true }));
    else exact.add(action.toLowerCase());
  }
  const none = (): undefined => undefined;
  return (actionLower) => exact.has(actionLower) || patterns.some((p) => p.matches(actionLower, none));
}

function compileResources(list: readonly string[], variables: boolean): (resource: string, resolve: VariableResolver) => boolean {
  if (list.includes('*')) return () => true;
  const patterns: ArnPattern[] = list.map((r) => compileArnPattern(r, variables));
  return (resource, resolve) => patterns.some((p) => p.matches(resource, resolve));
}

const ACCOUNT_ROOT = /^arn:aws:iam::(\d{12}):root$/;

/** The account an AWS principal entry names as a whole (`123456789012` or its root ARN), if it does. */
function accountOf(entry: string): string | undefined {
  if (/^\d{12}$/.test(entry)) return entry;
  return ACCOUNT_ROOT.exec(entry)?.[1];
}

function compilePrincipal(element: PrincipalElement): (p: PrincipalInfo) => PrincipalMatch {
  if (element === '*') return () => 'direct';
  const aws = element.AWS ?? [];
  return (p) => {
    let best: PrincipalMatch;
    for (const entry of aws) {
      if (entry === '*' || entry === p.arn) return 'direct';
      if (p.roleArn !== undefined && entry === p.roleArn) best = 'role';
      else if (best === undefined && accountOf(entry) === p.accountId) best = p.type === 'Account' ? 'direct' : 'account';
    }
    return best;
  };
}

/** NotPrincipal: the statement applies to everyone its list does not name exactly. */
function compileNotPrincipal(element: PrincipalElement): (p: PrincipalInfo) => PrincipalMatch {
  if (element === '*') return () => undefined;
  const aws = element.AWS ?? [];
  return (p) => {
    for (const entry of aws) {
      if (entry === '*' || entry === p.arn || entry === p.roleArn) return undefined;
      if (p.type === 'Account' && accountOf(entry) === p.accountId) return undefined;
    }
    return 'direct';
  };
}

function compileStatement(statement: PolicyStatement, index: number, variables: boolean): CompiledStatement {
  const actions = compileActions(statement.action ?? statement.notAction ?? []);
  const notAction = statement.notAction !== undefined;
  const resourceList = statement.resource ?? statement.notResource;
  const resources = resourceList !== undefined ? compileResources(resourceList, variables) : undefined;
  const notResource = statement.notResource !== undefined;
  const principal =
    statement.principal !== undefined ? compilePrincipal(statement.principal) : statement.notPrincipal !== undefined ? compileNotPrincipal(statement.notPrincipal) : () => 'direct' as const;
  const conditions: CompiledCondition[] = statement.conditions.map((c) => compileCondition(c, variables));
  const resourceKeys = variables
    ? (resourceList ?? []).flatMap((r) => compileArnPattern(r, true).variableKeys.map((k) => k.toLowerCase()))
    : [];
  return {
    index,
    ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
    effect: statement.effect,
    matchesAction: (actionLower) => actions(actionLower) !== notAction,
    matchesResource: (resource, resolve) => (resources === undefined ? true : resources(resource, resolve) !== notResource),
    matchesPrincipal: principal,
    conditionsHold: (context, resolve) => conditions.every((c) => c.holds(context, resolve)),
    keysRead: [...new Set([...conditions.flatMap((c) => c.keysRead), ...resourceKeys])],
  };
}

/** Compiles a parsed document. */
export function compileDocument(document: PolicyDocument, kind: PolicyKind): CompiledPolicy {
  const variables = document.version === '2012-10-17';
  return { kind, document, statements: document.statements.map((s, i) => compileStatement(s, i, variables)) };
}

const compiled = new BoundedCache<CompiledPolicy>(2000);

/**
 * Parses, validates and compiles a policy document (cached by kind and text). Throws
 * PolicyDocumentError for a malformed document.
 */
export function compilePolicy(text: string, kind: PolicyKind): CompiledPolicy {
  return compiled.get(`${kind}\u0000${text}`, () => compileDocument(parsePolicyDocument(text, kind), kind));
}

/** Empties the compiled-policy cache (for tests). */
export function clearPolicyCache(): void {
  compiled.clear();
}
