/**
 * The legacy (pre-expression) parameters, converted into the same compiled forms as the
 * expressions so that evaluation has a single path:
 *
 *   Expected (+ ConditionalOperator)          -> Condition
 *   QueryFilter / ScanFilter (+ Conditional.) -> Condition
 *   KeyConditions                             -> Condition (keeping the terms for Query)
 *   AttributeUpdates                          -> Update
 *   AttributesToGet                           -> Projection
 *
 * plus the request-level rules tying expressions and legacy parameters together
 * (checkNoMixing). Messages are DynamoDB's, as recorded by suites run against it.
 * The attribute values themselves are assumed valid (model/validate.ts checks them).
 */
import { validation } from '../errors.js';
import { typeOf, type AttributeType, type AttributeValue } from '../model/attribute-value.js';
import { compareValues } from '../model/compare.js';
import { checkName, validateAttributeValue } from '../model/validate.js';

/** Validated, normalized copies of a legacy parameter's values (numbers as items store them). */
const checked = (values: readonly unknown[]): AttributeValue[] => values.map((v) => validateAttributeValue(v));
import { node, type ConditionNode, type DocumentPath, type Leaf, type Literal, type PathTree, type UpdateAction } from './ast.js';
import type { ComparisonOperator, Condition, ConditionKind, KeyTerm } from './condition.js';
import { KEY_CONDITION_MESSAGES, LEGACY_MESSAGES } from './messages.js';
import type { Projection } from './projection.js';
import type { Update } from './update.js';

/** An operation whose request may carry legacy or expression parameters. */
export type LegacyOperation = 'GetItem' | 'PutItem' | 'DeleteItem' | 'UpdateItem' | 'Query' | 'Scan';

/** One condition of Expected, QueryFilter, ScanFilter or KeyConditions, as sent. */
export interface LegacyCondition {
  ComparisonOperator?: ComparisonOperator;
  AttributeValueList?: AttributeValue[];
  /** Expected only */
  Value?: AttributeValue;
  /** Expected only */
  Exists?: boolean;
}

/** One entry of AttributeUpdates, as sent. */
export interface LegacyAttributeUpdate {
  Action?: 'PUT' | 'ADD' | 'DELETE';
  Value?: AttributeValue;
}

/** Each operation's expression and legacy parameters, in the order DynamoDB lists them. */
const PARAMETERS: Readonly<Record<LegacyOperation, { expressions: readonly string[]; legacy: readonly string[]; conditions?: string }>> = {
  GetItem: { expressions: ['ProjectionExpression'], legacy: ['AttributesToGet'] },
  PutItem: { expressions: ['ConditionExpression'], legacy: ['Expected', 'ConditionalOperator'], conditions: 'Expected' },
  DeleteItem: { expressions: ['ConditionExpression'], legacy: ['Expected', 'ConditionalOperator'], conditions: 'Expected' },
  UpdateItem: {
    expressions: ['UpdateExpression', 'ConditionExpression'],
    legacy: ['AttributeUpdates', 'Expected', 'ConditionalOperator'],
    conditions: 'Expected',
  },
  Query: {
    expressions: ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'],
    legacy: ['AttributesToGet', 'QueryFilter', 'ConditionalOperator', 'KeyConditions'],
    conditions: 'QueryFilter',
  },
  Scan: {
    expressions: ['ProjectionExpression', 'FilterExpression'],
    legacy: ['AttributesToGet', 'ScanFilter', 'ConditionalOperator'],
    conditions: 'ScanFilter',
  },
};

const present = (request: Readonly<Record<string, unknown>>, key: string): boolean => request[key] !== undefined && request[key] !== null;

/** Best guess of the operation from the members a request carries (pass it explicitly when known). */
export function inferOperation(request: Readonly<Record<string, unknown>>): LegacyOperation {
  const has = (...keys: string[]) => keys.some((key) => present(request, key));
  if (has('UpdateExpression', 'AttributeUpdates')) return 'UpdateItem';
  if (has('KeyConditionExpression', 'KeyConditions', 'QueryFilter')) return 'Query';
  if (has('ScanFilter', 'Segment', 'TotalSegments')) return 'Scan';
  if (has('Item')) return 'PutItem';
  if (has('Key') && has('ConditionExpression', 'Expected', 'ConditionalOperator', 'ExpressionAttributeValues', 'ReturnValues')) return 'DeleteItem';
  if (has('Key')) return 'GetItem';
  return has('FilterExpression', 'Select', 'Limit', 'ExclusiveStartKey') ? 'Scan' : 'GetItem';
}

/**
 * DynamoDB's request-level rules for expression vs legacy parameters, in its order:
 * no mixing ("Can not use both expression and non-expression parameters ..."), no
 * ExpressionAttributeNames/Values without an expression that could use them, and
 * ConditionalOperator only with two or more legacy conditions.
 */
export function checkNoMixing(request: Readonly<Record<string, unknown>>, operation: LegacyOperation = inferOperation(request)): void {
  const { expressions, legacy, conditions } = PARAMETERS[operation];
  const usedExpressions = expressions.filter((key) => present(request, key));
  if (usedExpressions.length > 0) {
    // KeyConditions mixes with the other expressions; only KeyConditionExpression excludes it
    const usedLegacy = legacy.filter(
      (key) => present(request, key) && !(key === 'KeyConditions' && !present(request, 'KeyConditionExpression')),
    );
    if (usedLegacy.length > 0) throw validation(LEGACY_MESSAGES.mixing(usedLegacy, usedExpressions));
  }
  if (present(request, 'ExpressionAttributeNames') && usedExpressions.length === 0) throw validation(LEGACY_MESSAGES.namesWithoutExpressions);
  const valueExpressions = expressions.filter((key) => key !== 'ProjectionExpression');
  if (present(request, 'ExpressionAttributeValues') && valueExpressions.length > 0 && !valueExpressions.some((key) => present(request, key))) {
    throw validation(LEGACY_MESSAGES.valuesWithoutExpressions(valueExpressions));
  }
  if (present(request, 'ConditionalOperator') && conditions !== undefined) {
    const count = Object.keys((request[conditions] as object | null | undefined) ?? {}).length;
    if (count === 0) throw validation(LEGACY_MESSAGES.conditionalOperatorWithout);
    if (count === 1) throw validation(LEGACY_MESSAGES.conditionalOperatorSingle);
  }
}

// --- conditions ---

const ALL_TYPES: readonly AttributeType[] = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'];
const SCALARS: readonly AttributeType[] = ['S', 'N', 'B'];

/** Value types each operator accepts in AttributeValueList. */
const OPERATOR_TYPES: Readonly<Record<ComparisonOperator, readonly AttributeType[]>> = {
  EQ: ALL_TYPES,
  NE: ALL_TYPES,
  LE: SCALARS,
  LT: SCALARS,
  GE: SCALARS,
  GT: SCALARS,
  IN: SCALARS,
  BETWEEN: SCALARS,
  BEGINS_WITH: ['S', 'B'],
  CONTAINS: ['S', 'N', 'B', 'BOOL', 'NULL'],
  NOT_CONTAINS: ['S', 'N', 'B', 'BOOL', 'NULL'],
  NULL: [],
  NOT_NULL: [],
};

function argumentCountOk(op: ComparisonOperator, count: number): boolean {
  switch (op) {
    case 'NULL':
    case 'NOT_NULL':
      return count === 0;
    case 'IN':
      return count >= 1;
    case 'BETWEEN':
      return count === 2;
    default:
      return count === 1;
  }
}

/** AttributeValueList rules: argument count, one type, a type the operator accepts, ordered BETWEEN bounds. */
function checkValueList(op: ComparisonOperator, values: readonly AttributeValue[]): void {
  if (!argumentCountOk(op, values.length)) throw validation(LEGACY_MESSAGES.argumentCount(op));
  if (values.length === 0) return;
  const type = typeOf(values[0]);
  if (values.some((value) => typeOf(value) !== type)) throw validation(LEGACY_MESSAGES.sameType);
  if (!OPERATOR_TYPES[op].includes(type)) throw validation(LEGACY_MESSAGES.operatorType(op, type));
  if (op === 'BETWEEN' && (compareValues(values[0], values[1]) ?? 0) > 0) throw validation(LEGACY_MESSAGES.betweenOrder);
}

const pathOf = (name: string): DocumentPath => node({ kind: 'path', elements: Object.freeze([name]) });
const literal = (value: AttributeValue, index: number): Literal => node({ kind: 'value', name: `AttributeValueList[${index}]`, value });
const call = (name: 'attribute_exists' | 'attribute_not_exists' | 'begins_with' | 'contains', ...args: (DocumentPath | Literal)[]): ConditionNode =>
  node({ kind: 'function', name, args: Object.freeze(args) });

const COMPARATORS: Readonly<Partial<Record<ComparisonOperator, '=' | '<>' | '<' | '<=' | '>' | '>='>>> = {
  EQ: '=',
  NE: '<>',
  LT: '<',
  LE: '<=',
  GT: '>',
  GE: '>=',
};

/** The condition tree of one legacy condition on a top-level attribute. */
function termNode(name: string, op: ComparisonOperator, values: readonly AttributeValue[]): ConditionNode {
  const path = pathOf(name);
  const comparator = COMPARATORS[op];
  if (comparator !== undefined) return node({ kind: 'comparison', op: comparator, left: path, right: literal(values[0], 0) });
  switch (op) {
    case 'NOT_NULL':
      return call('attribute_exists', path);
    case 'NULL':
      return call('attribute_not_exists', path);
    case 'BEGINS_WITH':
      return call('begins_with', path, literal(values[0], 0));
    case 'CONTAINS':
      return call('contains', path, literal(values[0], 0));
    case 'NOT_CONTAINS':
      // false for a missing attribute, unlike NOT contains(...)
      return node({ kind: 'and', left: call('attribute_exists', path), right: node({ kind: 'not' as const, operand: call('contains', path, literal(values[0], 0)) }) });
    case 'IN':
      return node({ kind: 'in', operand: path, list: Object.freeze(values.map(literal)) });
    default:
      return node({ kind: 'between', operand: path, lower: literal(values[0], 0), upper: literal(values[1], 1) });
  }
}

/** Joins terms with AND (the default) or OR, keeping their order. */
function combine(terms: readonly ConditionNode[], operator: 'AND' | 'OR' | undefined): ConditionNode {
  const kind = operator === 'OR' ? 'or' : 'and';
  return terms.reduceRight((right, left) => node({ kind, left, right }));
}

/** QueryFilter, ScanFilter or KeyConditions: validated terms per attribute, in request order. */
function filterTerms(conditions: Readonly<Record<string, LegacyCondition>>): Map<string, KeyTerm> {
  const terms = new Map<string, KeyTerm>();
  for (const [name, condition] of Object.entries(conditions)) {
    const op = condition.ComparisonOperator as ComparisonOperator;
    const values = checked(condition.AttributeValueList ?? []);
    checkValueList(op, values);
    terms.set(name, { op, values });
  }
  return terms;
}

function conditionOf(kind: ConditionKind, terms: ReadonlyMap<string, KeyTerm>, operator: 'AND' | 'OR' | undefined): Condition | undefined {
  if (terms.size === 0) return undefined;
  const nodes = [...terms].map(([name, term]) => termNode(name, term.op, term.values));
  return node({ kind, root: combine(nodes, operator) });
}

/** One Expected entry as an operator and its values, after DynamoDB's checks. */
function expectedTerm(name: string, condition: LegacyCondition): KeyTerm {
  const hasValue = condition.Value !== undefined && condition.Value !== null;
  if (condition.AttributeValueList !== undefined && hasValue) throw validation(LEGACY_MESSAGES.valueAndList(name));
  const op = condition.ComparisonOperator;
  if (op !== undefined) {
    if (condition.Exists !== undefined) throw validation(LEGACY_MESSAGES.existsAndOperator(name));
    if (op !== 'NULL' && op !== 'NOT_NULL' && condition.AttributeValueList === undefined && !hasValue) {
      throw validation(LEGACY_MESSAGES.operatorNeedsValue(op, name));
    }
    const values = checked(condition.AttributeValueList ?? (hasValue ? [condition.Value] : []));
    checkValueList(op, values);
    return { op, values };
  }
  if (condition.AttributeValueList !== undefined) throw validation(LEGACY_MESSAGES.listWithoutOperator(name));
  const exists = condition.Exists ?? true;
  if (exists && !hasValue) throw validation(LEGACY_MESSAGES.valueRequired(condition.Exists === undefined ? 'null' : 'true', name));
  if (!exists && hasValue) throw validation(LEGACY_MESSAGES.valueWithExistsFalse(name));
  return exists ? { op: 'EQ', values: checked([condition.Value]) } : { op: 'NULL', values: [] };
}

/** Expected (+ ConditionalOperator) as a Condition; undefined for an empty map. */
export function expectedToCondition(expected: Readonly<Record<string, LegacyCondition>>, conditionalOperator?: 'AND' | 'OR'): Condition | undefined {
  const terms = new Map(Object.entries(expected).map(([name, condition]) => [name, expectedTerm(name, condition)] as const));
  return conditionOf('Condition', terms, conditionalOperator);
}

/** QueryFilter or ScanFilter (+ ConditionalOperator) as a Condition; undefined for an empty map. */
export function filterToCondition(filter: Readonly<Record<string, LegacyCondition>>, conditionalOperator?: 'AND' | 'OR'): Condition | undefined {
  return conditionOf('Filter', filterTerms(filter), conditionalOperator);
}

/**
 * KeyConditions as a Condition that keeps its terms for analyzeKeyCondition. Like
 * DynamoDB, rejects a map without one or two conditions here already.
 */
export function keyConditionsToCondition(keyConditions: Readonly<Record<string, LegacyCondition>>): Condition {
  const terms = filterTerms(keyConditions);
  const condition = conditionOf('KeyCondition', terms, 'AND');
  if (condition === undefined || terms.size > 2) throw validation(KEY_CONDITION_MESSAGES.conditionCount);
  return node({ ...condition, keyTerms: terms });
}

// --- AttributeUpdates and AttributesToGet ---

const SETS: readonly AttributeType[] = ['SS', 'NS', 'BS'];
const ADDABLE: readonly AttributeType[] = ['N', 'L', 'SS', 'NS', 'BS'];

function attributeUpdateAction(name: string, update: LegacyAttributeUpdate): UpdateAction {
  const action = update.Action ?? 'PUT';
  const value = update.Value === null || update.Value === undefined ? undefined : validateAttributeValue(update.Value);
  const path = pathOf(name);
  if (value === undefined) {
    if (action !== 'DELETE') throw validation(LEGACY_MESSAGES.updateWithoutValue);
    return node({ kind: 'remove', path });
  }
  const type = typeOf(value);
  if (action === 'DELETE') {
    if (!SETS.includes(type)) throw validation(LEGACY_MESSAGES.deleteType(type));
    return node({ kind: 'delete', path, value: literal(value, 0) });
  }
  if (action === 'ADD') {
    if (!ADDABLE.includes(type)) throw validation(LEGACY_MESSAGES.addType(type));
    return node({ kind: 'add', path, value: literal(value, 0) });
  }
  return node({ kind: 'set', path, value: literal(value, 0) });
}

/** A tree of single-name paths, one leaf per index. */
function flatTree(names: readonly string[]): PathTree<number> {
  return { children: new Map<string, Leaf<number>>(names.map((name, index) => [name, { leaf: index }])) };
}

/** AttributeUpdates (PUT / ADD / DELETE) as an Update with the legacy semantics. */
export function attributeUpdatesToUpdate(attributeUpdates: Readonly<Record<string, LegacyAttributeUpdate>>): Update {
  const entries = Object.entries(attributeUpdates);
  for (const [name] of entries) checkName(name);
  const actions = entries.map(([name, update]) => attributeUpdateAction(name, update));
  return node({ kind: 'Update', actions: Object.freeze(actions), tree: flatTree(entries.map(([name]) => name)), legacy: true });
}

/** AttributesToGet as a Projection of top-level attributes (names taken literally). */
export function attributesToGetToProjection(names: readonly string[]): Projection {
  const seen = new Set<string>();
  for (const name of names) {
    checkName(name);
    if (seen.has(name)) throw validation(LEGACY_MESSAGES.duplicateAttributeToGet(name));
    seen.add(name);
  }
  return node({ kind: 'Projection', paths: Object.freeze(names.map(pathOf)), tree: flatTree(names) });
}
