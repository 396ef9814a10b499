/**
 * Tagging users and roles: Tag / Untag / List User and Role tags. Tag keys are unique without
 * regard to case (a new value replaces the old one), at most 50 per entity; ListTags pages in
 * key order.
 */
import { Constraints, mergeTags, nameMember, page, pagingMembers, tagsMember, type IamAction, type Params } from './common.js';
import type { IamReader, IamRole, IamTag, IamUser, IamWriter } from './store.js';

/** `TagKeys.member.N`, at least one. */
function tagKeysMember(c: Constraints, params: Params): string[] {
  const keys: string[] = [];
  for (let n = 1; params.has(`TagKeys.member.${n}`); n++) keys.push(params.get(`TagKeys.member.${n}`) as string);
  if (keys.length === 0) c.required('tagKeys', undefined);
  keys.forEach((key, i) => c.length(`tagKeys.${i + 1}.member`, key, 1, 128));
  return keys;
}

function withoutTags(tags: readonly IamTag[], keys: readonly string[]): IamTag[] {
  const lower = new Set(keys.map((k) => k.toLowerCase()));
  return tags.filter((t) => !lower.has(t.Key.toLowerCase()));
}

/** How the actions find the entity a request names. */
interface Tagged<E extends IamUser | IamRole> {
  readonly kind: 'user' | 'role';
  /** `User` / `Role`, as the action names spell it. */
  readonly label: string;
  readonly param: string;
  readonly member: string;
  readonly max: number;
  readonly get: (reader: IamReader, name: string) => Promise<E>;
}

export function tagActions<E extends IamUser | IamRole>(entity: Tagged<E>): Record<string, IamAction> {
  const name = (c: Constraints, params: Params): string => nameMember(c, entity.member, params.get(entity.param), entity.max);
  const update = async (tx: IamWriter, target: string, change: (tags: readonly IamTag[]) => IamTag[]): Promise<void> => {
    const current = await entity.get(tx, target);
    await tx.put(entity.kind, { ...current, tags: change(current.tags) } as never);
  };

  const tag: IamAction = async (params, _caller, deps) => {
    const c = new Constraints();
    const target = name(c, params);
    const tags = tagsMember(c, params);
    if (tags.length === 0) c.required('tags', undefined);
    c.check();
    await deps.store.transaction((tx) => update(tx, target, (current) => mergeTags(current, tags)));
    return undefined;
  };

  const untag: IamAction = async (params, _caller, deps) => {
    const c = new Constraints();
    const target = name(c, params);
    const keys = tagKeysMember(c, params);
    c.check();
    await deps.store.transaction((tx) => update(tx, target, (current) => withoutTags(current, keys)));
    return undefined;
  };

  const list: IamAction = async (params, _caller, deps) => {
    const c = new Constraints();
    const target = name(c, params);
    const paging = pagingMembers(c, params);
    c.check();
    const current = await entity.get(deps.store, target);
    const sorted = [...current.tags].sort((a, b) => (a.Key.toLowerCase() < b.Key.toLowerCase() ? -1 : 1));
    const { items, fields } = page(sorted, (t) => t.Key.toLowerCase(), paging);
    return { Tags: items.map((t) => ({ Key: t.Key, Value: t.Value })), ...fields };
  };

  return { [`Tag${entity.label}`]: tag, [`Untag${entity.label}`]: untag, [`List${entity.label}Tags`]: list };
}
