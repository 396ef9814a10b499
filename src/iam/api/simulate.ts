/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy: "would this be allowed?", answered by the
 * same evaluation as real requests, for each action and resource asked about: EvalDecision
 * (`allowed`, `explicitDeny`, `implicitDeny`), the statements that decided (MatchedStatements)
 * and the condition keys the deciding statements read that the request context lacked
 * (MissingContextValues).
 */
import type { XmlContent } from '../../control-plane/sts/xml.js';
import { memberList } from '../actions/query-services.js';
import type { ContextValue } from '../policy/conditions.js';
import { compileDocument, type PrincipalInfo } from '../policy/compile.js';
import { contextOf } from '../policy/context.js';
import { authorize, contextResolver, type AppliedPolicy } from '../policy/evaluate.js';
import { Constraints, documentMember, invalidInput, noSuchEntity, page, pagingMembers, policyDocument, type IamAction, type IamDeps, type Params } from './common.js';
import { identityPoliciesOf } from './identity-policies.js';
import type { IamReader } from './store.js';

const LIST_TYPES = new Set(['stringList', 'numericList', 'booleanList', 'ipList', 'binaryList', 'dateList']);
const CONTEXT_TYPES = ['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList'];

/** `ContextEntries.member.N`: key, values and type. */
function contextEntries(c: Constraints, params: Params): Map<string, ContextValue> {
  const entries = new Map<string, ContextValue>();
  for (let n = 1; ; n++) {
    const name = params.get(`ContextEntries.member.${n}.ContextKeyName`);
    if (name === undefined) break;
    const type = params.get(`ContextEntries.member.${n}.ContextKeyType`);
    c.oneOf(`contextEntries.${n}.member.contextKeyType`, type, CONTEXT_TYPES);
    const values = memberList(params, `ContextEntries.member.${n}.ContextKeyValues`);
    entries.set(name.toLowerCase(), type !== undefined && LIST_TYPES.has(type) ? values : (values[0] ?? ''));
  }
  return entries;
}

/** What both simulations ask: actions, resources, the resource policy and context. */
function simulationMembers(c: Constraints, params: Params) {
  const actions = memberList(params, 'ActionNames');
  if (actions.length === 0) c.required('actionNames', undefined);
  const resources = memberList(params, 'ResourceArns');
  const resourcePolicyText = params.get('ResourcePolicy');
  const resourceOwner = params.get('ResourceOwner');
  const callerArn = params.get('CallerArn');
  const context = contextEntries(c, params);
  const paging = pagingMembers(c, params);
  return { actions, resources: resources.length > 0 ? resources : ['*'], resourcePolicyText, resourceOwner, callerArn, context, paging };
}

function inputPolicies(params: Params, prefix: string): AppliedPolicy[] {
  return memberList(params, prefix).map((text, i) => ({ policy: compileDocument(policyDocument(text, 'identity'), 'identity'), id: `${prefix}.${i + 1}`, sourceType: 'none' }));
}

function simulate(
  deps: IamDeps,
  principal: PrincipalInfo,
  identityPolicies: readonly AppliedPolicy[],
  members: ReturnType<typeof simulationMembers>,
): Record<string, XmlContent | undefined> {
  const resourcePolicy: AppliedPolicy | undefined =
    members.resourcePolicyText !== undefined ? { policy: compileDocument(policyDocument(members.resourcePolicyText, 'resource'), 'resource'), id: 'ResourcePolicy', sourceType: 'resource' } : undefined;
  const owner = members.resourceOwner !== undefined ? (/\d{12}/.exec(members.resourceOwner)?.[0] ?? deps.accountId) : deps.accountId;
  const context = contextOf(new Map(members.context));
  const resolve = contextResolver(context);
  const results: XmlContent[] = [];
  for (const action of members.actions) {
    for (const resource of members.resources) {
      const decision = authorize({ principal, action, resource, resourceAccount: owner, context, identityPolicies, ...(resourcePolicy !== undefined ? { resourcePolicy } : {}) });
      const missing = new Set<string>();
      for (const applied of [...identityPolicies, ...(resourcePolicy !== undefined ? [resourcePolicy] : [])]) {
        for (const statement of applied.policy.statements) {
          if (!statement.matchesAction(action.toLowerCase()) || !statement.matchesResource(resource, resolve)) continue;
          for (const key of statement.keysRead) if (context.get(key) === undefined) missing.add(key);
        }
      }
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decision.decision,
        MatchedStatements: decision.matched.map((m) => ({ SourcePolicyId: m.policy.id, SourcePolicyType: m.policy.sourceType })),
        MissingContextValues: [...missing],
      });
    }
  }
  const { items, fields } = page(
    results.map((r, i) => ({ r, key: String(i).padStart(8, '0') })),
    (e) => e.key,
    members.paging,
  );
  return { EvaluationResults: items.map((e) => e.r), ...fields };
}

const SOURCE = /^arn:aws:iam::(\d{12}):(user|group|role)\/(?:.*\/)?([^/]+)$/;

/** The principal a user, group or role ARN of this account simulates as. */
async function sourcePrincipal(reader: IamReader, arn: string, deps: IamDeps): Promise<{ principal: PrincipalInfo; policies: AppliedPolicy[] }> {
  const m = SOURCE.exec(arn);
  if (m === null) throw invalidInput(`Invalid ARN: ${arn}`);
  const kind = m[2] as 'user' | 'group' | 'role';
  const policies = m[1] === deps.accountId ? await identityPoliciesOf(reader, kind, m[3], deps.accountId) : undefined;
  if (policies === undefined) throw noSuchEntity(`The ${kind} with name ${m[3]} cannot be found.`);
  const principal: PrincipalInfo = kind === 'role' ? { arn, accountId: m[1], type: 'AssumedRole', roleArn: arn } : { arn, accountId: m[1], type: 'User' };
  return { principal, policies };
}

const simulatePrincipalPolicy: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const source = params.get('PolicySourceArn');
  if (c.required('policySourceArn', source)) c.length('policySourceArn', source, 20, 2048);
  const members = simulationMembers(c, params);
  c.check();
  const { principal, policies } = await sourcePrincipal(deps.store, source as string, deps);
  const extra = inputPolicies(params, 'PolicyInputList');
  const caller: PrincipalInfo = members.callerArn !== undefined ? { ...principal, arn: members.callerArn } : principal;
  return simulate(deps, caller, [...policies, ...extra], members);
};

const simulateCustomPolicy: IamAction = async (params, _caller, deps) => {
  const c = new Constraints();
  const documents = memberList(params, 'PolicyInputList');
  if (documents.length === 0) c.required('policyInputList', undefined);
  documents.forEach((d, i) => documentMember(c, `policyInputList.${i + 1}.member`, d));
  const members = simulationMembers(c, params);
  c.check();
  const arn = members.callerArn ?? `arn:aws:iam::${deps.accountId}:user/SimulatedUser`;
  const principal: PrincipalInfo = { arn, accountId: /::(\d{12}):/.exec(arn)?.[1] ?? deps.accountId, type: 'User' };
  return simulate(deps, principal, inputPolicies(params, 'PolicyInputList'), members);
};

export const SIMULATE_ACTIONS: Readonly<Record<string, IamAction>> = {
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
  SimulateCustomPolicy: simulateCustomPolicy,
};
