/**
 * DynamoDB's (and DynamoDB Streams') authorization checks, operation by operation, as the
 * Service Authorization Reference lists their actions, resource types and condition keys.
 * Fine-grained access control keys are derived from the request:
 * - `dynamodb:LeadingKeys`: the partition key values the request reads or writes (Key, Item,
 *   the partition key equality of a Query; an index's partition key for a Query on an index);
 * - `dynamodb:Attributes`: the top-level attribute names it reads (projection) or writes (the
 *   item's, the updated ones, with the key attributes);
 * - `dynamodb:Select`: the request's Select, or what it amounts to (`SPECIFIC_ATTRIBUTES` with
 *   a projection, `ALL_ATTRIBUTES` without, `ALL_PROJECTED_ATTRIBUTES` on an index);
 * - `dynamodb:ReturnValues`, `dynamodb:ReturnConsumedCapacity`: as sent;
 * - `dynamodb:EnclosingOperation`: `TransactWriteItems` / `TransactGetItems` on the item actions
 *   of a transaction (`ExecuteTransaction` for PartiQL, see partiql.ts).
 * Keys a request does not determine are absent (which `ForAllValues:` conditions accept, as in
 * AWS: pair them with a `Null` or `dynamodb:Select` condition).
 */
import type { JsonObject } from '../../api/context.js';
import { analyzeKeyCondition, compileCondition, compileProjection, compileUpdate, ExpressionScope, projectionTopLevelNames } from '../../expressions/index.js';
import type { AttributeValue, Item } from '../../model/attribute-value.js';
import type { ActionScope, AuthorizationCheck, TableKeyNames } from '../actions.js';
import type { LazyContextValue } from '../policy/context.js';
import { arnComponents } from '../policy/pattern.js';
import { partiqlChecks } from './partiql.js';

type Checker = (request: JsonObject, scope: ActionScope) => AuthorizationCheck[];

/** A table named by the request: by name (the caller's account and region) or by ARN. */
export interface TableRef {
  readonly name: string;
  readonly arn: string;
  readonly account: string;
}

export function tableRef(nameOrArn: string, scope: ActionScope): TableRef {
  const parts = nameOrArn.startsWith('arn:') ? arnComponents(nameOrArn) : undefined;
  if (parts !== undefined) {
    const resource = parts[5];
    const name = resource.startsWith('table/') ? resource.slice(6).split('/')[0] : resource;
    return { name, arn: nameOrArn, account: parts[4] };
  }
  return { name: nameOrArn, arn: `arn:aws:dynamodb:${scope.region}:${scope.accountId}:table/${nameOrArn}`, account: scope.accountId };
}

/** A key value as condition keys carry it: S and N as written, B as base64; other types are not key values. */
export function keyText(value: AttributeValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if ('S' in value) return value.S;
  if ('N' in value) return value.N;
  if ('B' in value) return value.B;
  return undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown): JsonObject | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const names = (request: JsonObject): Record<string, string> | undefined => obj(request.ExpressionAttributeNames) as Record<string, string> | undefined;

/** Distinct partition key values of `items`; undefined when the key attribute is unknown. */
export function leadingKeys(items: readonly (Item | undefined)[], partitionKey: string | undefined): string[] | undefined {
  if (partitionKey === undefined) return undefined;
  const out = new Set<string>();
  for (const item of items) {
    const text = keyText(item?.[partitionKey]);
    if (text !== undefined) out.add(text);
  }
  return [...out];
}

/** Top-level names of a read's projection (ProjectionExpression or AttributesToGet); undefined without one. */
function projectedNames(request: JsonObject): string[] | undefined {
  const expression = str(request.ProjectionExpression);
  if (expression !== undefined) return projectionTopLevelNames(compileProjection(expression, new ExpressionScope(names(request), undefined)));
  const attributes = request.AttributesToGet;
  return Array.isArray(attributes) ? [...new Set(attributes.filter((a): a is string => typeof a === 'string'))] : undefined;
}

/** Top-level attribute names an UpdateItem writes (UpdateExpression or AttributeUpdates). */
function updatedNames(request: JsonObject): string[] {
  const expression = str(request.UpdateExpression);
  if (expression !== undefined) {
    const scope = new ExpressionScope(names(request), obj(request.ExpressionAttributeValues) as Record<string, AttributeValue> | undefined);
    return [...new Set(compileUpdate(expression, scope).actions.map((a) => String(a.path.elements[0])))];
  }
  return Object.keys(obj(request.AttributeUpdates) ?? {});
}

const keyAttributeNames = (keys: TableKeyNames | undefined, key: Item | undefined): string[] =>
  keys !== undefined ? [keys.partitionKey, ...(keys.sortKey !== undefined ? [keys.sortKey] : [])] : Object.keys(key ?? {});

/** The condition keys of an item-level request, lazily: only those a request determines are present. */
interface ItemKeys {
  readonly leading?: () => string[] | undefined;
  readonly attributes?: () => string[] | undefined;
  readonly select?: () => string | undefined;
  readonly returnValues?: unknown;
  readonly enclosing?: string;
}

function itemContext(request: JsonObject, keys: ItemKeys): Record<string, LazyContextValue> {
  const context: Record<string, LazyContextValue> = {};
  if (keys.leading !== undefined) context['dynamodb:LeadingKeys'] = keys.leading;
  if (keys.attributes !== undefined) context['dynamodb:Attributes'] = keys.attributes;
  if (keys.select !== undefined) context['dynamodb:Select'] = keys.select;
  const returnValues = str(keys.returnValues);
  if (returnValues !== undefined) context['dynamodb:ReturnValues'] = returnValues;
  const capacity = str(request.ReturnConsumedCapacity);
  if (capacity !== undefined) context['dynamodb:ReturnConsumedCapacity'] = capacity;
  if (keys.enclosing !== undefined) context['dynamodb:EnclosingOperation'] = keys.enclosing;
  return context;
}

const check = (action: string, ref: TableRef, resource: string, context: Record<string, LazyContextValue> = {}): AuthorizationCheck => ({
  action: `dynamodb:${action}`,
  resource,
  resourceAccount: ref.account,
  context,
});

/** The projection's Select: as sent, else SPECIFIC_ATTRIBUTES with a projection, else everything. */
const selectOf = (request: JsonObject, onIndex: boolean) => (): string =>
  str(request.Select) ?? (projectedNames(request) !== undefined ? 'SPECIFIC_ATTRIBUTES' : onIndex ? 'ALL_PROJECTED_ATTRIBUTES' : 'ALL_ATTRIBUTES');

/** GetItem (and the Gets of TransactGetItems). */
function getItemCheck(request: JsonObject, scope: ActionScope, enclosing?: string): AuthorizationCheck {
  const ref = tableRef(str(request.TableName) ?? '', scope);
  const keys = scope.keysOf?.(ref.arn);
  const key = obj(request.Key) as Item | undefined;
  return check(
    'GetItem',
    ref,
    ref.arn,
    itemContext(request, {
      leading: () => leadingKeys([key], keys?.partitionKey),
      attributes: () => projectedNames(request),
      select: selectOf(request, false),
      ...(enclosing !== undefined ? { enclosing } : {}),
    }),
  );
}

/** PutItem, UpdateItem, DeleteItem and ConditionCheckItem (alone or in TransactWriteItems). */
function writeCheck(action: 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem', request: JsonObject, scope: ActionScope, enclosing?: string): AuthorizationCheck {
  const ref = tableRef(str(request.TableName) ?? '', scope);
  const keys = scope.keysOf?.(ref.arn);
  const item = (action === 'PutItem' ? obj(request.Item) : obj(request.Key)) as Item | undefined;
  const attributes = (): string[] => {
    if (action === 'PutItem') return Object.keys(item ?? {});
    const written = action === 'UpdateItem' ? updatedNames(request) : [];
    return [...new Set([...keyAttributeNames(keys, item), ...written])];
  };
  return check(
    action,
    ref,
    ref.arn,
    itemContext(request, {
      leading: () => leadingKeys([item], keys?.partitionKey),
      attributes,
      returnValues: request.ReturnValues,
      ...(enclosing !== undefined ? { enclosing } : {}),
    }),
  );
}

/** The partition key value a Query's key condition fixes. */
function queryPartitionValue(request: JsonObject, partitionKey: string, sortKey: string | undefined): string | undefined {
  const expression = str(request.KeyConditionExpression);
  if (expression !== undefined) {
    const scope = new ExpressionScope(names(request), obj(request.ExpressionAttributeValues) as Record<string, AttributeValue> | undefined);
    const analysis = analyzeKeyCondition(compileCondition(expression, 'KeyCondition', scope), { partition: partitionKey, ...(sortKey !== undefined ? { sort: sortKey } : {}) });
    return keyText(analysis.partition.value);
  }
  const legacy = obj(obj(request.KeyConditions)?.[partitionKey]);
  return keyText(list(legacy?.AttributeValueList)[0] as AttributeValue | undefined);
}

function readCheck(action: 'Query' | 'Scan', request: JsonObject, scope: ActionScope): AuthorizationCheck[] {
  const ref = tableRef(str(request.TableName) ?? '', scope);
  const index = str(request.IndexName);
  const resource = index !== undefined ? `${ref.arn}/index/${index}` : ref.arn;
  const leading = (): string[] | undefined => {
    const keys = scope.keysOf?.(ref.arn);
    const schema = index !== undefined ? keys?.indexes?.[index] : keys;
    if (schema === undefined) return undefined;
    const value = queryPartitionValue(request, schema.partitionKey, schema.sortKey);
    return value !== undefined ? [value] : undefined;
  };
  return [
    check(
      action,
      ref,
      resource,
      itemContext(request, {
        ...(action === 'Query' ? { leading } : {}),
        attributes: () => projectedNames(request),
        select: selectOf(request, index !== undefined),
      }),
    ),
  ];
}

/** BatchGetItem / BatchWriteItem: one check per table, with the keys of all its requests. */
function batchGetChecks(request: JsonObject, scope: ActionScope): AuthorizationCheck[] {
  return Object.entries(obj(request.RequestItems) ?? {}).map(([table, entry]) => {
    const ref = tableRef(table, scope);
    const perTable = obj(entry) ?? {};
    const keyList = list(perTable.Keys) as Item[];
    const merged = { ...perTable, ReturnConsumedCapacity: request.ReturnConsumedCapacity };
    return check(
      'BatchGetItem',
      ref,
      ref.arn,
      itemContext(merged, {
        leading: () => leadingKeys(keyList, scope.keysOf?.(ref.arn)?.partitionKey),
        attributes: () => projectedNames(perTable),
        select: selectOf(perTable, false),
      }),
    );
  });
}

function batchWriteChecks(request: JsonObject, scope: ActionScope): AuthorizationCheck[] {
  return Object.entries(obj(request.RequestItems) ?? {}).map(([table, writes]) => {
    const ref = tableRef(table, scope);
    const items: Item[] = [];
    const attributeNames = new Set<string>();
    for (const write of list(writes)) {
      const put = obj(obj(write)?.PutRequest)?.Item as Item | undefined;
      const del = obj(obj(write)?.DeleteRequest)?.Key as Item | undefined;
      for (const item of [put, del]) {
        if (item === undefined) continue;
        items.push(item);
        for (const name of Object.keys(item)) attributeNames.add(name);
      }
    }
    return check(
      'BatchWriteItem',
      ref,
      ref.arn,
      itemContext(request, { leading: () => leadingKeys(items, scope.keysOf?.(ref.arn)?.partitionKey), attributes: () => [...attributeNames] }),
    );
  });
}

const TRANSACT_WRITE = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' } as const;

function transactWriteChecks(request: JsonObject, scope: ActionScope): AuthorizationCheck[] {
  const checks: AuthorizationCheck[] = [];
  for (const entry of list(request.TransactItems)) {
    for (const [member, action] of Object.entries(TRANSACT_WRITE)) {
      const body = obj(obj(entry)?.[member]);
      if (body !== undefined) checks.push(writeCheck(action, { ...body, ReturnConsumedCapacity: request.ReturnConsumedCapacity }, scope, 'TransactWriteItems'));
    }
  }
  return checks;
}

function transactGetChecks(request: JsonObject, scope: ActionScope): AuthorizationCheck[] {
  return list(request.TransactItems).flatMap((entry) => {
    const get = obj(obj(entry)?.Get);
    return get !== undefined ? [getItemCheck({ ...get, ReturnConsumedCapacity: request.ReturnConsumedCapacity }, scope, 'TransactGetItems')] : [];
  });
}

/** An operation checked once on the table its TableName (or another member) names. */
const onTable =
  (action: string, member = 'TableName'): Checker =>
  (request, scope) => {
    const ref = tableRef(str(request[member]) ?? '', scope);
    return [check(action, ref, ref.arn)];
  };

/** An operation checked on the ARN the request names (a table, an index, a stream or a backup). */
const onArn =
  (action: string, member: string): Checker =>
  (request, scope) => {
    const arn = str(request[member]) ?? '';
    return [check(action, tableRef(arn, scope), arn)];
  };

/** An operation without a resource type: checked on `*`, or on the tables of the caller's namespace. */
const onAccount =
  (action: string, resource: (scope: ActionScope) => string): Checker =>
  (_request, scope) => [{ action: `dynamodb:${action}`, resource: resource(scope), resourceAccount: scope.accountId, context: {} }];

const ALL_TABLES = (scope: ActionScope): string => `arn:aws:dynamodb:${scope.region}:${scope.accountId}:table/*`;
const ANY = (): string => '*';

/** Every DynamoDB and DynamoDB Streams operation, with its checks. */
export const DYNAMODB_OPERATIONS: Readonly<Record<string, Checker>> = Object.freeze({
  // tables
  CreateTable: onTable('CreateTable'),
  DescribeTable: onTable('DescribeTable'),
  UpdateTable: onTable('UpdateTable'),
  DeleteTable: onTable('DeleteTable'),
  ListTables: onAccount('ListTables', ALL_TABLES),
  DescribeTimeToLive: onTable('DescribeTimeToLive'),
  UpdateTimeToLive: onTable('UpdateTimeToLive'),
  TagResource: onArn('TagResource', 'ResourceArn'),
  UntagResource: onArn('UntagResource', 'ResourceArn'),
  ListTagsOfResource: onArn('ListTagsOfResource', 'ResourceArn'),
  DescribeLimits: onAccount('DescribeLimits', ANY),
  DescribeEndpoints: onAccount('DescribeEndpoints', ANY),
  // items
  GetItem: (request, scope) => [getItemCheck(request, scope)],
  PutItem: (request, scope) => [writeCheck('PutItem', request, scope)],
  UpdateItem: (request, scope) => [writeCheck('UpdateItem', request, scope)],
  DeleteItem: (request, scope) => [writeCheck('DeleteItem', request, scope)],
  Query: (request, scope) => readCheck('Query', request, scope),
  Scan: (request, scope) => readCheck('Scan', request, scope),
  BatchGetItem: batchGetChecks,
  BatchWriteItem: batchWriteChecks,
  TransactWriteItems: transactWriteChecks,
  TransactGetItems: transactGetChecks,
  // PartiQL
  ExecuteStatement: (request, scope) => partiqlChecks([request], request, scope),
  BatchExecuteStatement: (request, scope) => partiqlChecks(list(request.Statements).map((s) => obj(s) ?? {}), request, scope),
  ExecuteTransaction: (request, scope) => partiqlChecks(list(request.TransactStatements).map((s) => obj(s) ?? {}), request, scope, 'ExecuteTransaction'),
  // backups and point-in-time recovery
  CreateBackup: onTable('CreateBackup'),
  DescribeBackup: onArn('DescribeBackup', 'BackupArn'),
  DeleteBackup: onArn('DeleteBackup', 'BackupArn'),
  ListBackups: onAccount('ListBackups', ANY),
  RestoreTableFromBackup: (request, scope) => [...onArn('RestoreTableFromBackup', 'BackupArn')(request, scope), ...onTable('RestoreTableFromBackup', 'TargetTableName')(request, scope)],
  RestoreTableToPointInTime: (request, scope) => {
    const source = str(request.SourceTableArn) !== undefined ? onArn('RestoreTableToPointInTime', 'SourceTableArn') : onTable('RestoreTableToPointInTime', 'SourceTableName');
    return [...source(request, scope), ...onTable('RestoreTableToPointInTime', 'TargetTableName')(request, scope)];
  },
  DescribeContinuousBackups: onTable('DescribeContinuousBackups'),
  UpdateContinuousBackups: onTable('UpdateContinuousBackups'),
  // resource-based policies (a table's or a stream's)
  PutResourcePolicy: onArn('PutResourcePolicy', 'ResourceArn'),
  GetResourcePolicy: onArn('GetResourcePolicy', 'ResourceArn'),
  DeleteResourcePolicy: onArn('DeleteResourcePolicy', 'ResourceArn'),
  // DynamoDB Streams (same `dynamodb:` prefix)
  DescribeStream: onArn('DescribeStream', 'StreamArn'),
  GetShardIterator: onArn('GetShardIterator', 'StreamArn'),
  GetRecords: (request, scope) => {
    // a shard iterator carries its stream's ARN first, as AWS's do
    const iterator = str(request.ShardIterator) ?? '';
    const arn = /^arn:[^|]*/.exec(iterator)?.[0] ?? iterator;
    return [check('GetRecords', tableRef(arn, scope), arn)];
  },
  ListStreams: onAccount('ListStreams', ANY),
});

/**
 * The checks of a DynamoDB or DynamoDB Streams operation (the request already validated).
 * Throws for an operation without an entry (a bug: every served operation must have one).
 */
export function dynamodbChecks(operation: string, request: JsonObject, scope: ActionScope): AuthorizationCheck[] {
  const checker = Object.hasOwn(DYNAMODB_OPERATIONS, operation) ? DYNAMODB_OPERATIONS[operation] : undefined;
  if (checker === undefined) throw new Error(`no authorization checks for ${operation}`);
  return checker(request, scope);
}
