/**
 * A compiled condition: ConditionExpression, FilterExpression, KeyConditionExpression or
 * one of their legacy forms (Expected, QueryFilter/ScanFilter, KeyConditions).
 */
import type { AttributeValue, Item } from '../model/attribute-value.js';
import type { ConditionNode } from './ast.js';
import { evaluateNode } from './evaluate.js';

export type ConditionKind = 'Condition' | 'Filter' | 'KeyCondition';

/** The ComparisonOperator values of the legacy condition parameters. */
export type ComparisonOperator =
  | 'EQ'
  | 'NE'
  | 'LE'
  | 'LT'
  | 'GE'
  | 'GT'
  | 'NOT_NULL'
  | 'NULL'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'BEGINS_WITH'
  | 'IN'
  | 'BETWEEN';

/** One key attribute's condition, as KeyConditions states it. */
export interface KeyTerm {
  readonly op: ComparisonOperator;
  readonly values: readonly AttributeValue[];
}

export interface Condition {
  readonly kind: ConditionKind;
  readonly root: ConditionNode;
  /** Set when compiled from legacy KeyConditions: the terms as given, per attribute. */
  readonly keyTerms?: ReadonlyMap<string, KeyTerm>;
}

/** True when `item` satisfies the condition; a missing item (undefined) has no attributes. Pure. */
export function evaluateCondition(condition: Condition, item: Item | undefined): boolean {
  return evaluateNode(condition.root, item ?? {});
}
