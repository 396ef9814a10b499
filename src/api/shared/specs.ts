/** Request members shared by several operations, as shape specs. */
import {
  AttributesToGetSpec,
  AttributeValueSpec,
  ConsistentReadSpec,
  ExpressionAttributeNamesSpec,
  ExpressionAttributeValuesSpec,
  ExpressionSpec,
  ReturnConsumedCapacitySpec,
  ReturnItemCollectionMetricsSpec,
  ReturnValuesOnConditionCheckFailureSpec,
  ReturnValuesSpec,
  TABLE_NAME_PATTERN,
  TableNameSpec,
  type FieldSpec,
  type RequestSpec,
} from './shape.js';

export const COMPARISON_OPERATORS = ['EQ', 'NE', 'IN', 'LE', 'LT', 'GE', 'GT', 'BETWEEN', 'NOT_NULL', 'NULL', 'CONTAINS', 'NOT_CONTAINS', 'BEGINS_WITH'] as const;

/**
 * ConditionalOperator of the legacy conditions (Expected, QueryFilter, ScanFilter): one
 * spec, so every operation lists the enum in the same order.
 */
export const ConditionalOperatorSpec: FieldSpec = Object.freeze({ type: 'String', enum: Object.freeze(['OR', 'AND']) });

/** Legacy `Expected` (PutItem, UpdateItem, DeleteItem). */
export const ExpectedSpec: FieldSpec = {
  type: 'Map',
  of: {
    type: 'Structure',
    name: 'ExpectedAttributeValue',
    fields: {
      Value: { type: 'AttributeValue' },
      Exists: { type: 'Boolean' },
      ComparisonOperator: { type: 'String', enum: COMPARISON_OPERATORS },
      AttributeValueList: { type: 'List', of: { type: 'AttributeValue' } },
    },
  },
};

/** Members every single-item write takes. */
export const WriteRequestSpec: RequestSpec = {
  TableName: TableNameSpec,
  Expected: ExpectedSpec,
  ReturnValues: ReturnValuesSpec,
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
  ReturnItemCollectionMetrics: ReturnItemCollectionMetricsSpec,
  ConditionalOperator: ConditionalOperatorSpec,
  ConditionExpression: { type: 'String' },
  ExpressionAttributeNames: ExpressionAttributeNamesSpec,
  ExpressionAttributeValues: ExpressionAttributeValuesSpec,
  ReturnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailureSpec,
};

// ---------------------------------------------------------------- reads (Query, Scan)

/** Select, with its values in the order AWS lists them. */
export const SelectSpec: FieldSpec = Object.freeze({
  type: 'String',
  enum: Object.freeze(['SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES']),
});

/** The IndexName a Query or Scan reads (optional); an index definition's own name is IndexDefinitionNameSpec (indexes.ts). */
export const ReadIndexNameSpec: FieldSpec = Object.freeze({ type: 'String', minLength: 3, maxLength: 255, pattern: TABLE_NAME_PATTERN });

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

/** Query's members, in the order AWS lists their constraint failures. */
export const QuerySpec: RequestSpec = {
  Limit: LimitSpec,
  ExclusiveStartKey: StartKeySpec,
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
  AttributesToGet: AttributesToGetSpec,
  QueryFilter: LegacyConditionsSpec,
  Select: SelectSpec,
  ConditionalOperator: ConditionalOperatorSpec,
  KeyConditions: LegacyConditionsSpec,
  TableName: TableNameSpec,
  ConsistentRead: ConsistentReadSpec,
  IndexName: ReadIndexNameSpec,
  ScanIndexForward: { type: 'Boolean' },
  KeyConditionExpression: ExpressionSpec,
  FilterExpression: ExpressionSpec,
  ProjectionExpression: ExpressionSpec,
  ExpressionAttributeValues: ExpressionAttributeValuesSpec,
  ExpressionAttributeNames: ExpressionAttributeNamesSpec,
};

/** Scan's members, in the order AWS lists their constraint failures. */
export const ScanSpec: RequestSpec = {
  Limit: LimitSpec,
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
  AttributesToGet: AttributesToGetSpec,
  Segment: { type: 'Integer', min: 0, max: 999_999 },
  Select: SelectSpec,
  ScanFilter: LegacyConditionsSpec,
  ConditionalOperator: ConditionalOperatorSpec,
  TotalSegments: { type: 'Integer', min: 1, max: 1_000_000 },
  TableName: TableNameSpec,
  ExclusiveStartKey: StartKeySpec,
  IndexName: ReadIndexNameSpec,
  ConsistentRead: ConsistentReadSpec,
  FilterExpression: ExpressionSpec,
  ProjectionExpression: ExpressionSpec,
  ExpressionAttributeValues: ExpressionAttributeValuesSpec,
  ExpressionAttributeNames: ExpressionAttributeNamesSpec,
};
