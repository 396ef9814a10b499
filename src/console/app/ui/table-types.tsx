/** The parts of DescribeTable's TableDescription the console reads. */
export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface IndexDescription {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
  IndexStatus?: string;
  Backfilling?: boolean;
  ItemCount?: number;
  IndexSizeBytes?: number;
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
}

export interface TableDescription {
  TableName: string;
  TableArn: string;
  TableStatus: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  ItemCount?: number;
  TableSizeBytes?: number;
  CreationDateTime?: number;
  BillingModeSummary?: { BillingMode: string };
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  GlobalSecondaryIndexes?: IndexDescription[];
  LocalSecondaryIndexes?: IndexDescription[];
  DeletionProtectionEnabled?: boolean;
}

/** The billing mode, as DescribeTable implies it (no summary = provisioned). */
export const billingOf = (t: TableDescription): 'PAY_PER_REQUEST' | 'PROVISIONED' =>
  t.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED';

/** Key attribute names of a key schema, partition first. */
export const keyNames = (schema: KeySchemaElement[]): string[] =>
  [...schema].sort((a, b) => (a.KeyType === 'HASH' ? -1 : b.KeyType === 'HASH' ? 1 : 0)).map((k) => k.AttributeName);

/** The type of an attribute per the table's definitions. */
export const typeOfAttribute = (t: TableDescription, name: string): 'S' | 'N' | 'B' => t.AttributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType ?? 'S';
