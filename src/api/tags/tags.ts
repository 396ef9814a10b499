/** TagResource, UntagResource, ListTagsOfResource: tags of the caller's own tables. */
import { accessDenied, resourceNotFound, validation } from '../../errors.js';
import type { Table } from '../../storage/types.js';
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
function tableForArn(ctx: OperationContext, arn: string): Table {
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
  const table = findTable(ctx, name);
  if (!table) throw resourceNotFound(TAG_MESSAGES.notFound(arn));
  return table;
}

/** TagResource and UntagResource answer with an empty body, as AWS does (not `{}`). */
const EMPTY_BODY = new RawResponse('');

export function tagResource(request: JsonObject, ctx: OperationContext): RawResponse {
  checkShape(request, { ResourceArn: ResourceArnSpec, Tags: { type: 'List', notNull: true, of: TagSpec } });
  const tags = request.Tags as { Key: string; Value: string }[];
  checkTagKeys(tags);
  ctx.store.transaction(() => {
    const table = tableForArn(ctx, request.ResourceArn as string);
    const merged = new Map(table.definition.Tags.map((t) => [t.Key, t.Value]));
    for (const tag of tags) merged.set(tag.Key, tag.Value);
    if (merged.size > MAX_TAGS) throw validation(TAG_MESSAGES.tooMany);
    const next = [...merged].map(([Key, Value]) => ({ Key, Value }));
    ctx.store.updateTableDefinition(table.definition.TableName, { ...table.definition, Tags: next });
  });
  return EMPTY_BODY;
}

export function untagResource(request: JsonObject, ctx: OperationContext): RawResponse {
  checkShape(request, { ResourceArn: ResourceArnSpec, TagKeys: { type: 'List', notNull: true, of: { type: 'String', minLength: 1, maxLength: 128 } } });
  const remove = new Set(request.TagKeys as string[]);
  ctx.store.transaction(() => {
    const table = tableForArn(ctx, request.ResourceArn as string);
    const next = table.definition.Tags.filter((t) => !remove.has(t.Key));
    ctx.store.updateTableDefinition(table.definition.TableName, { ...table.definition, Tags: next });
  });
  return EMPTY_BODY;
}

export function listTagsOfResource(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, { ResourceArn: ResourceArnSpec, NextToken: { type: 'String' } });
  const table = tableForArn(ctx, request.ResourceArn as string);
  return { Tags: table.definition.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
}
