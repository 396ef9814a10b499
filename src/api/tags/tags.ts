/** TagResource, UntagResource, ListTagsOfResource: tags of the caller's own tables. */
import { accessDenied, resourceNotFound, validation } from '../../errors.js';
import type { Table, TableDefinition } from '../../storage/types.js';
import { checkShape, type FieldSpec } from '../shared/shape.js';
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

const notFound = (arn: string) => resourceNotFound(`Requested resource not found: ResourcArn: ${arn} not found`);

const ARN = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([a-zA-Z0-9_.-]{3,255})$/;

/** The table an ARN names, in the caller's namespace; AWS's errors otherwise. */
async function tableForArn(ctx: OperationContext, arn: string): Promise<Table> {
  const m = ARN.exec(arn);
  if (!m) throw validation(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  const [, region, account, name] = m;
  if (account !== ctx.caller.accountId || region !== ctx.caller.region) {
    throw accessDenied(
      `User: ${ctx.caller.principalArn} is not authorized to perform: dynamodb:${ctx.operation} on resource: ${arn} because no resource-based policy allows the dynamodb:${ctx.operation} action`,
    );
  }
  const table = await findTable(ctx, name);
  if (!table) throw notFound(arn);
  return table;
}

/** Changes the tags of the table an ARN names, atomically. */
async function changeTags(ctx: OperationContext, arn: string, change: (tags: TableDefinition['Tags']) => TableDefinition['Tags']): Promise<void> {
  const table = await tableForArn(ctx, arn);
  const changed = await ctx.store.updateTable(table.definition.TableName, (current) => ({ ...current, Tags: change(current.Tags) }));
  if (!changed) throw notFound(arn);
}

export async function tagResource(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, { ResourceArn: ResourceArnSpec, Tags: { type: 'List', notNull: true, of: TagSpec } });
  const tags = request.Tags as { Key: string; Value: string }[];
  await changeTags(ctx, request.ResourceArn as string, (current) => {
    const merged = new Map(current.map((t) => [t.Key, t.Value]));
    for (const tag of tags) merged.set(tag.Key, tag.Value);
    if (merged.size > MAX_TAGS) throw validation(`One or more parameter values were invalid: Too many tags attached to the resource. Limit: ${MAX_TAGS}`);
    return [...merged].map(([Key, Value]) => ({ Key, Value }));
  });
  return {};
}

export async function untagResource(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, { ResourceArn: ResourceArnSpec, TagKeys: { type: 'List', notNull: true, of: { type: 'String', minLength: 1, maxLength: 128 } } });
  const remove = new Set(request.TagKeys as string[]);
  await changeTags(ctx, request.ResourceArn as string, (current) => current.filter((t) => !remove.has(t.Key)));
  return {};
}

export async function listTagsOfResource(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, { ResourceArn: ResourceArnSpec, NextToken: { type: 'String' } });
  const table = await tableForArn(ctx, request.ResourceArn as string);
  return { Tags: table.definition.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
}
