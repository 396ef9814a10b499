/**
 * The IAM policy language: documents (parse + validate), compiled policies, the request
 * context, AWS's evaluation logic and its AccessDenied wording. Pure: no I/O.
 */
export { parsePolicyDocument, policySize, PolicyDocumentError, POLICY_MESSAGES, type PolicyDocument, type PolicyKind, type PolicyStatement } from './document.js';
export { compilePolicy, compileDocument, clearPolicyCache, type CompiledPolicy, type CompiledStatement, type PrincipalInfo } from './compile.js';
export type { ConditionContext, ContextValue } from './conditions.js';
export { requestContext, contextOf, type PrincipalFacts, type RequestFacts, type LazyContextValue } from './context.js';
export { authorize, contextResolver, type AppliedPolicy, type AuthorizationRequest, type Decision, type MatchedStatement, type PolicySourceType, type PolicyType } from './evaluate.js';
export { accessDeniedMessage, denialReason } from './messages.js';
