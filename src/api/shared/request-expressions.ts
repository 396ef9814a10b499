/**
 * Compiles the expressions of one request (and their legacy counterparts) in one scope,
 * so that unused ExpressionAttributeNames/Values are caught across all of them.
 */
import type { AttributeValue } from '../../model/attribute-value.js';
import {
  ExpressionScope,
  compileCondition,
  compileProjection,
  compileUpdate,
  type Condition,
  type Projection,
  type Update,
} from '../../expressions/index.js';
import {
  attributesToGetToProjection,
  attributeUpdatesToUpdate,
  checkNoMixing,
  expectedToCondition,
  type LegacyAttributeUpdate,
  type LegacyCondition,
  type LegacyOperation,
} from '../../expressions/legacy.js';
import type { JsonObject } from '../context.js';
import { validateItem } from '../../model/validate.js';

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
