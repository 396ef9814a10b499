/**
 * Every DynamoDB operation Sqynamo serves, by its X-Amz-Target name. The record is typed
 * by the name list, so an operation named here without a handler is a compile error.
 */
import type { Operation } from './context.js';
import { describeEndpoints, describeLimits } from './describe-limits/describe-limits.js';
import { listTagsOfResource, tagResource, untagResource } from './tags/tags.js';
import { describeTimeToLive, updateTimeToLive } from './time-to-live/time-to-live.js';
import { batchGetItem } from './batch-get-item/batch-get-item.js';
import { batchWriteItem } from './batch-write-item/batch-write-item.js';
import { createTable } from './create-table/create-table.js';
import { deleteItem } from './delete-item/delete-item.js';
import { deleteTable } from './delete-table/delete-table.js';
import { batchExecuteStatement } from './batch-execute-statement/batch-execute-statement.js';
import { executeStatement } from './execute-statement/execute-statement.js';
import { executeTransaction } from './execute-transaction/execute-transaction.js';
import { describeTable } from './describe-table/describe-table.js';
import { getItem } from './get-item/get-item.js';
import { listTables } from './list-tables/list-tables.js';
import { putItem } from './put-item/put-item.js';
import { query } from './query/query.js';
import { scan } from './scan/scan.js';
import { updateItem } from './update-item/update-item.js';
import { updateTable } from './update-table/update-table.js';
import { transactGetItems } from './transact-get-items/transact-get-items.js';
import { transactWriteItems } from './transact-write-items/transact-write-items.js';

export const OPERATION_NAMES = [
  'TagResource',
  'UntagResource',
  'ListTagsOfResource',
  'DescribeTimeToLive',
  'UpdateTimeToLive',
  'DescribeLimits',
  'DescribeEndpoints','CreateTable', 'DeleteTable', 'DescribeTable', 'ListTables', 'PutItem', 'GetItem', 'DeleteItem', 'UpdateItem', 'TransactWriteItems', 'TransactGetItems', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'UpdateTable', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction'] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];

export const OPERATIONS: Readonly<Record<OperationName, Operation>> = Object.freeze({
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsOfResource: listTagsOfResource,
  DescribeTimeToLive: describeTimeToLive,
  UpdateTimeToLive: updateTimeToLive,
  DescribeLimits: describeLimits,
  DescribeEndpoints: describeEndpoints,
  CreateTable: createTable,
  DeleteTable: deleteTable,
  DescribeTable: describeTable,
  ListTables: listTables,
  PutItem: putItem,
  GetItem: getItem,
  DeleteItem: deleteItem,
  UpdateItem: updateItem,
  TransactWriteItems: transactWriteItems,
  TransactGetItems: transactGetItems,
  Query: query,
  Scan: scan,
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  UpdateTable: updateTable,
  ExecuteStatement: executeStatement,
  BatchExecuteStatement: batchExecuteStatement,
  ExecuteTransaction: executeTransaction,
});

const NAMES: ReadonlySet<string> = new Set(OPERATION_NAMES);

export function isOperationName(name: string): name is OperationName {
  return NAMES.has(name);
}
