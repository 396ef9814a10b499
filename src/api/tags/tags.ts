/** TagResource, UntagResource, ListTagsOfResource: tags of the caller's own tables. */
import { accessDenied, resourceNotFound, validation } from '../../errors.js';
import type { Table } from '../../storage/types.js';
import { checkShape, type FieldSpec, type RequestSpec } from '../shared/shape.js';
import { findTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';

const MAX_TAGS = 50;

const ResourceArnSpec: FieldSpec = { type: 'String', notNull: true, minLength: 1, maxLength: 1283 };
const TagSpec: FieldSpec = {
  type: 'Structure',
  name: 'Tag',
  fields: {
    Key: { type: 'String', notNull: true, minLength: 1, maxLength: 128 },
    Value: { type: 'String', notNull: true, minLength: 0, maxLength: 256 },
  },
};

export const TagResourceSpec: RequestSpec = { ResourceArn: ResourceArnSpec, Tags: { type: 'List', notNull: true, of: TagSpec } };
export const UntagResourceSpec: RequestSpec = {
  ResourceArn: ResourceArnSpec,
  TagKeys: { type: 'List', notNull: true, of: { type: 'String', minLength: 1, maxLength: 128 } },
};
export const ListTagsOfResourceSpec: RequestSpec = { ResourceArn: ResourceArnSpec, NextToken: { type: 'String' } };

const ARN = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([a-zA-Z0-9_.-]{3,255})$/;

/** The table an ARN names, in the caller's namespace; AWS's errors otherwise. */
function tableForArn(ctx: OperationContext, arn: string): Table {
  const m = ARN.exec(arn);
  if (!m) throw validation(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  const [, region, account, name] = m;
  if (account !== ctx.caller.accountId || region !== ctx.caller.region) {
    throw accessDenied(
      `User: ${ctx.caller.principalArn} is not authorized to perform: dynamodb:${ctx.operation} on resource: ${arn} because no resource-based policy allows the dynamodb:${ctx.operation} action`,
    );
  }
  const table = findTable(ctx, name);
  if (!table) throw resourceNotFound(`Requested resource not found: ResourcArn: ${arn} not found`);
  return table;
}

export function tagResource(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, TagResourceSpec);
  const tags = request.Tags as { Key: string; Value: string }[];
  ctx.store.transaction(() => {
    const table = tableForArn(ctx, request.ResourceArn as string);
    const merged = new Map(table.definition.Tags.map((t) => [t.Key, t.Value]));
    for (const tag of tags) merged.set(tag.Key, tag.Value);
    if (merged.size > MAX_TAGS) throw validation(`One or more parameter values were invalid: Too many tags attached to the resource. Limit: ${MAX_TAGS}`);
    const next = [...merged].map(([Key, Value]) => ({ Key, Value }));
    ctx.store.updateTableDefinition(table.definition.TableName, { ...table.definition, Tags: next });
  });
  return {};
}

export function untagResource(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, UntagResourceSpec);
  const remove = new Set(request.TagKeys as string[]);
  ctx.store.transaction(() => {
    const table = tableForArn(ctx, request.ResourceArn as string);
    const next = table.definition.Tags.filter((t) => !remove.has(t.Key));
    ctx.store.updateTableDefinition(table.definition.TableName, { ...table.definition, Tags: next });
  });
  return {};
}

export function listTagsOfResource(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, ListTagsOfResourceSpec);
  const table = tableForArn(ctx, request.ResourceArn as string);
  return { Tags: table.definition.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
}
