/**
 * The field specs of request members, in one place: the members many operations share
 * (table names, items, keys, expressions, Return* options), the legacy conditions, the
 * read members of Query and Scan, and the key schemas and index definitions of
 * CreateTable and UpdateTable. shape.ts checks requests against them.
 */
import { AttributeValueSpec, CONSTRAINT_RULES, type FieldSpec, type RequestSpec } from './shape.js';

/** The pattern of a table (or index) name. */
export const TABLE_NAME_PATTERN = '[a-zA-Z0-9_.-]+';
const TABLE_NAME_REGEX = /^[a-zA-Z0-9_.-]+$/;

/**
 * A table name or table ARN. The API model allows 1..1024 characters; a value that is
 * not an ARN must then also be a valid name: the pattern and 3..255 characters.
 */
export const TableNameSpec: FieldSpec = Object.freeze({
  type: 'String',
  notNull: true,
  minLength: 1,
  maxLength: 1024,
  refine: (value: unknown): readonly string[] => {
    if (typeof value !== 'string' || value.startsWith('arn:')) return [];
    const rules: string[] = [];
    if (!TABLE_NAME_REGEX.test(value)) rules.push(CONSTRAINT_RULES.pattern(TABLE_NAME_PATTERN));
    if (value.length < 3) rules.push(CONSTRAINT_RULES.minLength(3));
    if (value.length > 255) rules.push(CONSTRAINT_RULES.maxLength(255));
    return rules;
  },
});

/** A required item: a map of attribute values. */
export const ItemSpec: FieldSpec = Object.freeze({ type: 'Map', of: AttributeValueSpec, notNull: true });

/** A required primary key: a map of attribute values. */
export const KeySpec: FieldSpec = Object.freeze({ type: 'Map', of: AttributeValueSpec, notNull: true });

/** ReturnValues, with the enum in the order AWS lists it. */
export const ReturnValuesSpec: FieldSpec = Object.freeze({
  type: 'String',
  enum: Object.freeze(['ALL_NEW', 'UPDATED_OLD', 'ALL_OLD', 'NONE', 'UPDATED_NEW']),
});

export const ReturnConsumedCapacitySpec: FieldSpec = Object.freeze({
  type: 'String',
  enum: Object.freeze(['INDEXES', 'TOTAL', 'NONE']),
});

export const ReturnItemCollectionMetricsSpec: FieldSpec = Object.freeze({
  type: 'String',
  enum: Object.freeze(['SIZE', 'NONE']),
});

export const ReturnValuesOnConditionCheckFailureSpec: FieldSpec = Object.freeze({
  type: 'String',
  enum: Object.freeze(['ALL_OLD', 'NONE']),
});

/** Attribute names are at most 65535 characters (the API model's AttributeName). */
export const ATTRIBUTE_NAME_MAX_LENGTH = 65535;
const AttributeNameSpec: FieldSpec = Object.freeze({ type: 'String', maxLength: ATTRIBUTE_NAME_MAX_LENGTH });

export const ExpressionAttributeNamesSpec: FieldSpec = Object.freeze({ type: 'Map', of: AttributeNameSpec });

export const ExpressionAttributeValuesSpec: FieldSpec = Object.freeze({ type: 'Map', of: AttributeValueSpec });

export const ConsistentReadSpec: FieldSpec = Object.freeze({ type: 'Boolean' });

/** Any expression string (ConditionExpression, ProjectionExpression, ...). */
export const ExpressionSpec: FieldSpec = Object.freeze({ type: 'String' });

/** Legacy AttributesToGet: at least one name. */
export const AttributesToGetSpec: FieldSpec = Object.freeze({ type: 'List', minLength: 1, of: AttributeNameSpec });

export const COMPARISON_OPERATORS = ['EQ', 'NE', 'IN', 'LE', 'LT', 'GE', 'GT', 'BETWEEN', 'NOT_NULL', 'NULL', 'CONTAINS', 'NOT_CONTAINS', 'BEGINS_WITH'] as const;

/**
 * ConditionalOperator of the legacy conditions (Expected, QueryFilter, ScanFilter): one
 * spec, so every operation lists the enum in the same order.
 */
export const ConditionalOperatorSpec: FieldSpec = Object.freeze({ type: 'String', enum: Object.freeze(['OR', 'AND']) });

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
  keyMaxLength: ATTRIBUTE_NAME_MAX_LENGTH,
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

// ---------------------------------------------------------------- key schemas and index definitions

/** A KeySchema member of at most `maxLength` elements (tables and LSIs: 2; GSIs: no model limit). */
export const keySchemaSpec = (maxLength?: number): FieldSpec => ({
  type: 'List',
  notNull: true,
  minLength: 1,
  ...(maxLength !== undefined ? { maxLength } : {}),
  of: {
    type: 'Structure',
    name: 'KeySchemaElement',
    fields: {
      AttributeName: { type: 'String', notNull: true, minLength: 1, maxLength: 255 },
      KeyType: { type: 'String', notNull: true, enum: ['HASH', 'RANGE'] },
    },
  },
});

/** ProvisionedThroughput: both capacities, at least 1. */
export const ProvisionedThroughputSpec: FieldSpec = {
  type: 'Structure',
  name: 'ProvisionedThroughput',
  fields: {
    ReadCapacityUnits: { type: 'Long', notNull: true, min: 1 },
    WriteCapacityUnits: { type: 'Long', notNull: true, min: 1 },
  },
};

/** A (required) Projection: NonKeyAttributes of 1..20 names. */
export const ProjectionSpec: FieldSpec = {
  type: 'Structure',
  name: 'Projection',
  notNull: true,
  fields: {
    ProjectionType: { type: 'String', enum: ['ALL', 'KEYS_ONLY', 'INCLUDE'] },
    NonKeyAttributes: { type: 'List', minLength: 1, maxLength: 20, of: { type: 'String', minLength: 1, maxLength: 255 } },
  },
};

/** An index name: a table name's rules. */
export const IndexDefinitionNameSpec: FieldSpec = { type: 'String', notNull: true, minLength: 3, maxLength: 255, pattern: TABLE_NAME_PATTERN };

/** A LocalSecondaryIndex of CreateTable. */
export const LocalSecondaryIndexSpec: FieldSpec = {
  type: 'Structure',
  name: 'LocalSecondaryIndex',
  fields: { IndexName: IndexDefinitionNameSpec, KeySchema: keySchemaSpec(2), Projection: ProjectionSpec },
};

/** A GlobalSecondaryIndex of CreateTable (KeySchema without a model length limit: multi-attribute keys). */
export const GlobalSecondaryIndexSpec: FieldSpec = {
  type: 'Structure',
  name: 'GlobalSecondaryIndex',
  fields: { IndexName: IndexDefinitionNameSpec, KeySchema: keySchemaSpec(), Projection: ProjectionSpec, ProvisionedThroughput: ProvisionedThroughputSpec },
};
