/**
 * The identity policies that apply to a principal, compiled: a user's inline and attached
 * policies and those of its groups; a role's inline and attached policies. What evaluation
 * (and SimulatePrincipalPolicy) runs against; compiled documents are shared through the
 * policy cache, so loading a principal costs the store reads only.
 */
import { compilePolicy } from '../policy/compile.js';
import type { AppliedPolicy } from '../policy/evaluate.js';
import { managedDocuments } from './policies.js';
import { iamKey, type IamReader, type PolicyHolder } from './store.js';

async function holderPolicies(reader: IamReader, holder: PolicyHolder, sourceType: 'user' | 'group' | 'role', accountId: string): Promise<AppliedPolicy[]> {
  const inline: AppliedPolicy[] = Object.entries(holder.inlinePolicies).map(([name, text]) => ({ policy: compilePolicy(text, 'identity'), id: name, sourceType }));
  const managed: AppliedPolicy[] = (await managedDocuments(reader, holder, accountId)).map(({ arn, document }) => ({
    policy: compilePolicy(document, 'identity'),
    id: arn,
    sourceType: 'user-managed',
    arn,
  }));
  return [...inline, ...managed];
}

/** The identity policies of a user (its groups' included) or a role; undefined when it does not exist. */
export async function identityPoliciesOf(reader: IamReader, kind: 'user' | 'group' | 'role', name: string, accountId: string): Promise<AppliedPolicy[] | undefined> {
  const holder = await reader.get(kind, iamKey(kind, name));
  if (holder === undefined) return undefined;
  const own = await holderPolicies(reader, holder, kind, accountId);
  if (kind !== 'user') return own;
  const groups: AppliedPolicy[] = [];
  for (const groupName of (holder as { groups: readonly string[] }).groups) {
    const group = await reader.get('group', iamKey('group', groupName));
    if (group !== undefined) groups.push(...(await holderPolicies(reader, group, 'group', accountId)));
  }
  return [...own, ...groups];
}
