/**
 * Compiles the expressions of one request (and their legacy counterparts) in one scope,
 * so that unused ExpressionAttributeNames/Values are caught across all of them: the item
 * operations' conditions, updates and projections, and Query's and Scan's key
 * conditions, filters and projections.
 */
import { validation } from '../../errors.js';
import type { AttributeValue } from '../../model/attribute-value.js';
import {
  ExpressionScope,
  compileCondition,
  compileProjection,
  compileUpdate,
  type ComparisonOperator,
  type Condition,
  type KeyTerm,
  type Projection,
  type Update,
} from '../../expressions/index.js';
import {
  attributesToGetToProjection,
  attributeUpdatesToUpdate,
  checkNoMixing,
  expectedToCondition,
  filterToCondition,
  keyConditionsToCondition,
  type LegacyAttributeUpdate,
  type LegacyCondition,
  type LegacyOperation,
} from '../../expressions/legacy.js';
import { KEY_CONDITION_MESSAGES } from '../../expressions/messages.js';
import { MAX_KEY_ATTRIBUTES_PER_PART } from '../../model/keys.js';
import { validateItem } from '../../model/validate.js';
import type { JsonObject } from '../context.js';

/**
 * The expression scope of a request: its ExpressionAttributeNames, and its
 * ExpressionAttributeValues validated as DynamoDB does ("ExpressionAttributeValues contains
 * invalid value: ... for key :v") with numbers normalized, as in items.
 */
export function requestScope(request: JsonObject): ExpressionScope {
  return new ExpressionScope(
    request.ExpressionAttributeNames as Record<string, string> | undefined,
    request.ExpressionAttributeValues as Record<string, AttributeValue> | undefined,
    (values) => validateItem(values, { context: 'expressionAttributeValues' }),
  );
}

export interface CompiledExpressions {
  condition?: Condition;
  projection?: Projection;
  update?: Update;
}

type Want = { condition?: boolean; projection?: boolean; update?: boolean; /** for the mixing rules */ operation: LegacyOperation };

/**
 * Compiles what `want` asks for from the request, checking the expression/legacy mixing
 * rules and that every name and value supplied was used.
 */
export function compileRequestExpressions(request: JsonObject, want: Want): CompiledExpressions {
  checkNoMixing(request, want.operation);
  const scope = requestScope(request);
  const out: CompiledExpressions = {};
  if (want.update) {
    if (typeof request.UpdateExpression === 'string') out.update = compileUpdate(request.UpdateExpression, scope);
    else if (request.AttributeUpdates) out.update = attributeUpdatesToUpdate(request.AttributeUpdates as Record<string, LegacyAttributeUpdate>);
  }
  if (want.condition) {
    if (typeof request.ConditionExpression === 'string') out.condition = compileCondition(request.ConditionExpression, 'Condition', scope);
    else if (request.Expected) out.condition = expectedToCondition(request.Expected as Record<string, LegacyCondition>, request.ConditionalOperator as 'AND' | 'OR' | undefined);
  }
  if (want.projection) {
    if (typeof request.ProjectionExpression === 'string') out.projection = compileProjection(request.ProjectionExpression, scope);
    else if (Array.isArray(request.AttributesToGet)) out.projection = attributesToGetToProjection(request.AttributesToGet as string[]);
  }
  scope.assertAllUsed();
  return out;
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
export function compileReadExpressions(request: JsonObject, operation: 'Query' | 'Scan'): ReadExpressions {
  const scope = requestScope(request);
  let keyCondition: Condition | undefined;
  if (operation === 'Query') {
    if (typeof request.KeyConditionExpression === 'string') keyCondition = compileCondition(request.KeyConditionExpression, 'KeyCondition', scope);
    else if (request.KeyConditions != null) keyCondition = legacyKeyCondition(request.KeyConditions as Record<string, LegacyCondition>, request.IndexName != null);
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

/** Most conditions a KeyConditions map may hold: one per attribute of a multi-attribute GSI key. */
const MAX_LEGACY_KEY_CONDITIONS = 2 * MAX_KEY_ATTRIBUTES_PER_PART;

/**
 * KeyConditions as a Condition. More than two conditions can only serve an index with a
 * multi-attribute key, which is not known before the table is read: with an IndexName
 * they are accepted here (up to eight) and the key condition analysis rejects them when
 * the key has fewer attributes.
 */
function legacyKeyCondition(keyConditions: Record<string, LegacyCondition>, onIndex: boolean): Condition {
  const count = Object.keys(keyConditions).length;
  if (!onIndex || count <= 2 || count > MAX_LEGACY_KEY_CONDITIONS) return keyConditionsToCondition(keyConditions);
  const all = filterToCondition(keyConditions, 'AND');
  if (all === undefined) throw validation(KEY_CONDITION_MESSAGES.conditionCount);
  const terms = new Map<string, KeyTerm>(
    Object.entries(keyConditions).map(([name, c]) => [name, { op: c.ComparisonOperator as ComparisonOperator, values: c.AttributeValueList ?? [] }]),
  );
  return Object.freeze({ kind: 'KeyCondition', root: all.root, keyTerms: terms });
}
