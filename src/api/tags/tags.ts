/** TagResource, UntagResource, ListTagsOfResource: tags of the caller's own tables. */
import { accessDenied, resourceNotFound, validation } from '../../errors.js';
import type { Table, TableDefinition } from '../../storage/types.js';
import { checkShape, type FieldSpec } from '../shared/shape.js';
import { findTable } from '../shared/tables.js';
import { RawResponse, type JsonObject, type OperationContext } from '../context.js';

export const MAX_TAGS = 50;

/**
 * The characters a tag key or value may hold: letters, white space, numbers and
 * + - = . _ : / (AWS's "Tagging restrictions in DynamoDB").
 */
export const TAG_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-]*';

/** A tag key may not begin with the prefix AWS keeps for its own tags. */
const RESERVED_PREFIX = 'aws:';

const INVALID = 'One or more parameter values were invalid: ';

export const TAG_MESSAGES = {
  tooMany: `${INVALID}Too many tags attached to the resource. Limit: ${MAX_TAGS}`,
  /** AWS's text for a reserved key was not found; the rule is AWS's tagging restrictions'. */
  reservedPrefix: (key: string) => `${INVALID}Tag keys cannot start with the reserved prefix ${RESERVED_PREFIX}: ${key}`,
  invalidArn: (arn: string) => `Invalid TableArn: Invalid ResourceArn provided as input ${arn}`,
  notFound: (arn: string) => `Requested resource not found: ResourcArn: ${arn} not found`,
} as const;

/** A Tag of CreateTable or TagResource: AWS's lengths (characters) and characters. */
export const TagSpec: FieldSpec = {
  type: 'Structure',
  name: 'Tag',
  fields: {
    Key: { type: 'String', notNull: true, minLength: 1, maxLength: 128, pattern: TAG_PATTERN },
    Value: { type: 'String', notNull: true, minLength: 0, maxLength: 256, pattern: TAG_PATTERN },
  },
};

/** The semantic rules of a list of tags to set: no reserved key. */
export function checkTagKeys(tags: readonly { Key: string }[]): void {
  const reserved = tags.find((tag) => tag.Key.toLowerCase().startsWith(RESERVED_PREFIX));
  if (reserved) throw validation(TAG_MESSAGES.reservedPrefix(reserved.Key));
}

const ResourceArnSpec: FieldSpec = { type: 'String', notNull: true, minLength: 1, maxLength: 1283 };

const ARN = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([a-zA-Z0-9_.-]{3,255})$/;

/**
 * The table an ARN names, in the caller's namespace; AWS's errors otherwise. Something that
 * is not an ARN at all is refused by AWS's authorization (AccessDeniedException), as ScyllaDB's
 * AWS-validated suite records (test_tag.py: ResourceArn 'I_do_not_exist'); the text follows
 * AWS's authorization failures, the exact one for this case was not recorded. An ARN that
 * names no table is "Invalid TableArn".
 */
async function tableForArn(ctx: OperationContext, arn: string): Promise<Table> {
  if (!arn.startsWith('arn:')) {
    throw accessDenied(`User: ${ctx.caller.principalArn} is not authorized to perform: dynamodb:${ctx.operation} on resource: ${arn}`);
  }
  const m = ARN.exec(arn);
  if (!m) throw validation(TAG_MESSAGES.invalidArn(arn));
  const [, region, account, name] = m;
  if (account !== ctx.caller.accountId || region !== ctx.caller.region) {
    throw accessDenied(
      `User: ${ctx.caller.principalArn} is not authorized to perform: dynamodb:${ctx.operation} on resource: ${arn} because no resource-based policy allows the dynamodb:${ctx.operation} action`,
    );
  }
  const table = await findTable(ctx, name);
  if (!table) throw resourceNotFound(TAG_MESSAGES.notFound(arn));
  return table;
}

/** Changes the tags of the table an ARN names, atomically. */
async function changeTags(ctx: OperationContext, arn: string, change: (tags: TableDefinition['Tags']) => TableDefinition['Tags']): Promise<void> {
  const table = await tableForArn(ctx, arn);
  const changed = await ctx.store.updateTable(table.definition.TableName, (current) => ({ ...current, Tags: change(current.Tags) }));
  if (!changed) throw resourceNotFound(TAG_MESSAGES.notFound(arn));
}

/** TagResource and UntagResource answer with an empty body, as AWS does (not `{}`). */
const EMPTY_BODY = new RawResponse('');

export async function tagResource(request: JsonObject, ctx: OperationContext): Promise<RawResponse> {
  checkShape(request, { ResourceArn: ResourceArnSpec, Tags: { type: 'List', notNull: true, of: TagSpec } });
  const tags = request.Tags as { Key: string; Value: string }[];
  checkTagKeys(tags);
  await changeTags(ctx, request.ResourceArn as string, (current) => {
    const merged = new Map(current.map((t) => [t.Key, t.Value]));
    for (const tag of tags) merged.set(tag.Key, tag.Value);
    if (merged.size > MAX_TAGS) throw validation(TAG_MESSAGES.tooMany);
    return [...merged].map(([Key, Value]) => ({ Key, Value }));
  });
  return EMPTY_BODY;
}

export async function untagResource(request: JsonObject, ctx: OperationContext): Promise<RawResponse> {
  checkShape(request, { ResourceArn: ResourceArnSpec, TagKeys: { type: 'List', notNull: true, of: { type: 'String', minLength: 1, maxLength: 128 } } });
  const remove = new Set(request.TagKeys as string[]);
  await changeTags(ctx, request.ResourceArn as string, (current) => current.filter((t) => !remove.has(t.Key)));
  return EMPTY_BODY;
}

export async function listTagsOfResource(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, { ResourceArn: ResourceArnSpec, NextToken: { type: 'String' } });
  const table = await tableForArn(ctx, request.ResourceArn as string);
  return { Tags: table.definition.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
}
