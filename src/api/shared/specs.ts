/** Request members shared by several operations, as shape specs. */
import {
  ATTRIBUTE_NAME_MAX_LENGTH,
  ExpressionAttributeNamesSpec,
  ExpressionAttributeValuesSpec,
  ReturnConsumedCapacitySpec,
  ReturnItemCollectionMetricsSpec,
  ReturnValuesOnConditionCheckFailureSpec,
  ReturnValuesSpec,
  TableNameSpec,
  type FieldSpec,
  type RequestSpec,
} from './shape.js';

export const COMPARISON_OPERATORS = ['EQ', 'NE', 'IN', 'LE', 'LT', 'GE', 'GT', 'BETWEEN', 'NOT_NULL', 'NULL', 'CONTAINS', 'NOT_CONTAINS', 'BEGINS_WITH'] as const;

/** Legacy `Expected` (PutItem, UpdateItem, DeleteItem). */
export const ExpectedSpec: FieldSpec = {
  type: 'Map',
  keyMaxLength: ATTRIBUTE_NAME_MAX_LENGTH,
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
  ConditionalOperator: { type: 'String', enum: ['AND', 'OR'] },
  ConditionExpression: { type: 'String' },
  ExpressionAttributeNames: ExpressionAttributeNamesSpec,
  ExpressionAttributeValues: ExpressionAttributeValuesSpec,
  ReturnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailureSpec,
};
