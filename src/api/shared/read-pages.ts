/**
 * What Query and Scan share: member specs, the Select rules, compiling the expressions
 * (or legacy parameters), ExclusiveStartKey value checks, the table lookup, the page loop
 * (Limit, the 1 MB page, filter, projection, LastEvaluatedKey) and the response.
 *
 * The page loop reads rows in storage order (the storage's range scans on encoded keys
 * give DynamoDB's order; nothing is sorted here). Limit and the 1 MB page count the data
 * read before the filter: every row read counts towards ScannedCount, its size towards
 * the page and the consumed capacity, whether the filter keeps it or not.
 */
import { DynamoDBError, validation } from '../../errors.js';
import {
  applyProjection,
  compileCondition,
  compileProjection,
  evaluateCondition,
  ExpressionScope,
  type Condition,
  type ConditionNode,
  type DocumentPath,
  type Operand,
  type Projection,
} from '../../expressions/index.js';
import { attributesToGetToProjection, filterToCondition, keyConditionsToCondition, type LegacyCondition } from '../../expressions/legacy.js';
import type { AttributeValue, Item } from '../../model/attribute-value.js';
import { decodeKeyValue } from '../../model/key-codec.js';
import { validateItem } from '../../model/validate.js';
import type { PrimaryKey, Row, Table } from '../../storage/types.js';
import { readUnits, withCapacity, type ReturnConsumedCapacity } from './capacity.js';
import { AttributeValueSpec, TABLE_NAME_PATTERN, type FieldSpec } from './shape.js';
import { requireActiveTable } from './tables.js';
import type { JsonObject, OperationContext } from '../context.js';

/** DynamoDB stops a Query or Scan page once it has read 1 MB of items. */
export const MAX_PAGE_BYTES = 1024 * 1024;

/** Bytes of partition hash in front of every encoded partition key. */
const HASH_PREFIX_BYTES = 4;

export type ReadOperation = 'Query' | 'Scan';
export type Select = 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';

/** AWS's texts for Select conflicts and ExclusiveStartKey problems. */
export const READ_MESSAGES = {
  cannotSpecify: (member: 'ProjectionExpression' | 'AttributesToGet', what: string) =>
    `Cannot specify the ${member} when choosing to get ${what}`,
  mustSpecify: 'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
  projectedNeedsIndex: 'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName',
  startKeyInvalid: 'The provided starting key is invalid',
  startKeyInvalidBecause: (message: string) => `The provided starting key is invalid: ${message}`,
  noSuchIndex: (name: string) => `The table does not have the specified index: ${name}`,
  nestedKeyPath: (name: string) => `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: ${name}`,
} as const;

/** Select, with its values in the order AWS lists them. */
export const SelectSpec: FieldSpec = Object.freeze({
  type: 'String',
  enum: Object.freeze(['SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES']),
});

/** An index name. */
export const IndexNameSpec: FieldSpec = Object.freeze({ type: 'String', minLength: 3, maxLength: 255, pattern: TABLE_NAME_PATTERN });

/** Limit: at least one item. */
export const LimitSpec: FieldSpec = Object.freeze({ type: 'Integer', min: 1 });

/** An ExclusiveStartKey: a map of attribute values. */
export const StartKeySpec: FieldSpec = Object.freeze({ type: 'Map', of: AttributeValueSpec });

/** Legacy KeyConditions / QueryFilter / ScanFilter, ComparisonOperator values in AWS's order. */
export const LegacyConditionsSpec: FieldSpec = Object.freeze<FieldSpec>({
  type: 'Map',
  of: {
    type: 'Structure',
    name: 'Condition',
    fields: {
      AttributeValueList: { type: 'List', of: AttributeValueSpec },
      ComparisonOperator: {
        type: 'String',
        notNull: true,
        enum: ['IN', 'NULL', 'BETWEEN', 'LT', 'NOT_CONTAINS', 'EQ', 'GT', 'NOT_NULL', 'NE', 'LE', 'BEGINS_WITH', 'GE', 'CONTAINS'],
      },
    },
  },
});

/** ConditionalOperator of the legacy filters. */
export const ConditionalOperatorSpec: FieldSpec = Object.freeze({ type: 'String', enum: Object.freeze(['OR', 'AND']) });

/**
 * The table of a Query or Scan. Secondary indexes do not exist yet, so any IndexName is
 * one the table does not have.
 */
export function requireReadTable(ctx: OperationContext, request: JsonObject): Table {
  const table = requireActiveTable(ctx, request.TableName as string);
  if (request.IndexName != null) throw validation(READ_MESSAGES.noSuchIndex(request.IndexName as string));
  return table;
}

/**
 * Query reports Select conflicts as a (single) constraint failure, Scan as a bare
 * message: AWS's own inconsistency, recorded by tests run against DynamoDB.
 */
const selectError = (operation: ReadOperation, message: string): DynamoDBError =>
  validation(operation === 'Query' ? `1 validation error detected: ${message}` : message);

/**
 * Checks Select against ProjectionExpression / AttributesToGet / IndexName as DynamoDB
 * does, and returns whether only the count is wanted.
 */
export function checkSelect(request: JsonObject, operation: ReadOperation): { countOnly: boolean } {
  const select = request.Select as Select | undefined;
  const projectionMember = request.ProjectionExpression != null ? 'ProjectionExpression' : request.AttributesToGet != null ? 'AttributesToGet' : undefined;
  switch (select) {
    case 'ALL_ATTRIBUTES':
      if (projectionMember) throw selectError(operation, READ_MESSAGES.cannotSpecify(projectionMember, 'ALL_ATTRIBUTES'));
      break;
    case 'ALL_PROJECTED_ATTRIBUTES':
      if (projectionMember) throw selectError(operation, READ_MESSAGES.cannotSpecify(projectionMember, 'ALL_PROJECTED_ATTRIBUTES'));
      if (request.IndexName == null) throw selectError(operation, READ_MESSAGES.projectedNeedsIndex);
      break;
    case 'COUNT':
      if (projectionMember) throw selectError(operation, READ_MESSAGES.cannotSpecify(projectionMember, 'only the Count'));
      break;
    case 'SPECIFIC_ATTRIBUTES':
      if (!projectionMember) throw selectError(operation, READ_MESSAGES.mustSpecify);
      break;
    default:
      break;
  }
  return { countOnly: select === 'COUNT' };
}

/** The compiled expressions (or legacy parameters) of a Query or Scan. */
export interface ReadExpressions {
  readonly keyCondition?: Condition;
  readonly filter?: Condition;
  readonly projection?: Projection;
}

/**
 * Compiles a Query's or Scan's expressions, or their legacy counterparts, in one scope
 * (in DynamoDB's order: key condition, filter, projection), then rejects unused
 * ExpressionAttributeNames/Values. The mixing rules must have been checked already.
 */
export function compileReadExpressions(request: JsonObject, operation: ReadOperation): ReadExpressions {
  const scope = new ExpressionScope(
    request.ExpressionAttributeNames as Record<string, string> | undefined,
    request.ExpressionAttributeValues as Record<string, AttributeValue> | undefined,
  );
  let keyCondition: Condition | undefined;
  if (operation === 'Query') {
    if (typeof request.KeyConditionExpression === 'string') keyCondition = compileCondition(request.KeyConditionExpression, 'KeyCondition', scope);
    else if (request.KeyConditions != null) keyCondition = keyConditionsToCondition(request.KeyConditions as Record<string, LegacyCondition>);
  }
  const legacyFilter = request[operation === 'Query' ? 'QueryFilter' : 'ScanFilter'] as Record<string, LegacyCondition> | undefined;
  let filter: Condition | undefined;
  if (typeof request.FilterExpression === 'string') filter = compileCondition(request.FilterExpression, 'Filter', scope);
  else if (legacyFilter != null) filter = filterToCondition(legacyFilter, request.ConditionalOperator as 'AND' | 'OR' | undefined);
  let projection: Projection | undefined;
  if (typeof request.ProjectionExpression === 'string') projection = compileProjection(request.ProjectionExpression, scope);
  else if (Array.isArray(request.AttributesToGet)) projection = attributesToGetToProjection(request.AttributesToGet as string[]);
  scope.assertAllUsed();
  return { ...(keyCondition ? { keyCondition } : {}), ...(filter ? { filter } : {}), ...(projection ? { projection } : {}) };
}

/** Every document path a condition reads, in the order written. */
export function conditionPaths(node: ConditionNode, out: DocumentPath[] = []): DocumentPath[] {
  const operand = (o: Operand): void => {
    if (o.kind === 'path') out.push(o);
    else if (o.kind === 'function') o.args.forEach(operand);
  };
  switch (node.kind) {
    case 'comparison':
      [node.left, node.right].forEach(operand);
      break;
    case 'between':
      [node.operand, node.lower, node.upper].forEach(operand);
      break;
    case 'in':
      [node.operand, ...node.list].forEach(operand);
      break;
    case 'function':
      operand(node);
      break;
    case 'not':
      conditionPaths(node.operand, out);
      break;
    case 'and':
    case 'or':
      conditionPaths(node.left, out);
      conditionPaths(node.right, out);
      break;
  }
  return out;
}

/** Key attributes are scalars: an expression may not look inside one (`pk.a`, `pk[0]`). */
export function checkKeyPaths(key: PrimaryKey, paths: readonly DocumentPath[]): void {
  const names = key.sort ? [key.partition.name, key.sort.name] : [key.partition.name];
  for (const name of names) {
    if (paths.some((path) => path.elements.length > 1 && path.elements[0] === name)) throw validation(READ_MESSAGES.nestedKeyPath(name));
  }
}

/**
 * Validates the attribute values of an ExclusiveStartKey (before the table is looked
 * up); a bad value is reported as "The provided starting key is invalid: <why>".
 */
export function validateStartKeyValues(raw: JsonObject | undefined): Item | undefined {
  if (raw == null) return undefined;
  let key: Item | undefined;
  wrapStartKeyError(() => {
    key = validateItem(raw);
  });
  return key;
}

/** Runs `check`, reporting a ValidationException it throws as "The provided starting key is invalid: <why>". */
export function wrapStartKeyError(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof DynamoDBError && error.code === 'ValidationException') {
      throw validation(READ_MESSAGES.startKeyInvalidBecause(error.message));
    }
    throw error;
  }
}

/** The primary key of a stored row, decoded from its encoded key bytes (no JSON parse). */
export function rowKey(key: PrimaryKey, row: Pick<Row, 'h' | 'r'>): Item {
  const out: Item = { [key.partition.name]: decodeKeyValue(row.h.subarray(HASH_PREFIX_BYTES), key.partition.type) };
  if (key.sort) out[key.sort.name] = decodeKeyValue(row.r, key.sort.type);
  return out;
}

/** How one page is read. */
export interface PageSpec {
  /** Items to read at most (before the filter). */
  readonly limit?: number;
  readonly filter?: Condition;
  readonly projection?: Projection;
  /** Select COUNT: items are counted, not returned. */
  readonly countOnly: boolean;
  /** The key of a row, for LastEvaluatedKey. */
  readonly keyOf: (row: Row) => Item;
}

/** One page as read. */
export interface Page {
  /** Items kept by the filter, projected (empty when countOnly). */
  readonly items: Item[];
  /** Items kept by the filter. */
  readonly count: number;
  /** Items read. */
  readonly scannedCount: number;
  /** Sum of the sizes of the items read. */
  readonly bytesRead: number;
  /** Key of the last item read, when the page stopped at Limit or at the size limit. */
  readonly lastEvaluatedKey?: Item;
}

/**
 * Reads one page from `rows`: stops after `limit` items, or after the item that brings
 * the data read to 1 MB (that item is included), and then reports the key of
 * the last item read as LastEvaluatedKey. The iterator is closed when the page ends.
 */
export function readPage(rows: Iterable<Row>, spec: PageSpec): Page {
  const items: Item[] = [];
  const needItem = spec.filter !== undefined || !spec.countOnly;
  let count = 0;
  let scannedCount = 0;
  let bytesRead = 0;
  let lastEvaluatedKey: Item | undefined;
  for (const row of rows) {
    scannedCount++;
    bytesRead += row.size;
    const item = needItem ? (JSON.parse(row.json) as Item) : undefined;
    if (spec.filter === undefined || evaluateCondition(spec.filter, item)) {
      count++;
      if (!spec.countOnly && item) items.push(spec.projection ? applyProjection(spec.projection, item) : item);
    }
    if ((spec.limit !== undefined && scannedCount >= spec.limit) || bytesRead >= MAX_PAGE_BYTES) {
      lastEvaluatedKey = spec.keyOf(row);
      break;
    }
  }
  return { items, count, scannedCount, bytesRead, ...(lastEvaluatedKey ? { lastEvaluatedKey } : {}) };
}

/**
 * The Query/Scan response for a page: Items (unless Select COUNT), Count, ScannedCount,
 * LastEvaluatedKey when the page stopped early, and ConsumedCapacity when asked for
 * (the bytes read rounded up to 4 KB units, halved for eventually consistent reads).
 */
export function pageResponse(
  page: Page,
  options: { countOnly: boolean; consistent: boolean; capacity: ReturnConsumedCapacity; tableName: string },
): JsonObject {
  const response: JsonObject = {
    ...(options.countOnly ? {} : { Items: page.items }),
    Count: page.count,
    ScannedCount: page.scannedCount,
    ...(page.lastEvaluatedKey ? { LastEvaluatedKey: page.lastEvaluatedKey } : {}),
  };
  return withCapacity(response, options.capacity, options.tableName, readUnits(page.bytesRead, options.consistent));
}
