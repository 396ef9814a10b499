/**
 * Every DynamoDB operation Sqynamo serves, by its X-Amz-Target name: the one table the
 * HTTP layer dispatches through. OperationName is derived from it, so a name cannot be
 * listed without its handler.
 */
import type { Operation } from './context.js';
import { batchGetItem } from './batch-get-item/batch-get-item.js';
import { batchWriteItem } from './batch-write-item/batch-write-item.js';
import { createTable } from './create-table/create-table.js';
import { deleteItem } from './delete-item/delete-item.js';
import { deleteTable } from './delete-table/delete-table.js';
import { describeEndpoints } from './describe-endpoints/describe-endpoints.js';
import { describeLimits } from './describe-limits/describe-limits.js';
import { describeTable } from './describe-table/describe-table.js';
import { getItem } from './get-item/get-item.js';
import { listTables } from './list-tables/list-tables.js';
import { putItem } from './put-item/put-item.js';
import { query } from './query/query.js';
import { scan } from './scan/scan.js';
import { listTagsOfResource, tagResource, untagResource } from './tags/tags.js';
import { describeTimeToLive, updateTimeToLive } from './time-to-live/time-to-live.js';
import { transactGetItems } from './transact-get-items/transact-get-items.js';
import { transactWriteItems } from './transact-write-items/transact-write-items.js';
import { updateItem } from './update-item/update-item.js';
import { updateTable } from './update-table/update-table.js';

/**
 * An operation whose module is loaded on first use (PartiQL and its parser are not needed
 * to start the server, and most users never call them).
 */
function lazy(load: () => Promise<Operation>): Operation {
  let loaded: Operation | undefined;
  return async function lazyOperation(request, ctx) {
    loaded ??= await load();
    return loaded(request, ctx);
  };
}

export const OPERATIONS = Object.freeze({
  // tables
  CreateTable: createTable,
  DescribeTable: describeTable,
  UpdateTable: updateTable,
  DeleteTable: deleteTable,
  ListTables: listTables,
  DescribeTimeToLive: describeTimeToLive,
  UpdateTimeToLive: updateTimeToLive,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsOfResource: listTagsOfResource,
  DescribeLimits: describeLimits,
  DescribeEndpoints: describeEndpoints,
  // items
  PutItem: putItem,
  GetItem: getItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  Query: query,
  Scan: scan,
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  TransactWriteItems: transactWriteItems,
  TransactGetItems: transactGetItems,
  // PartiQL
  ExecuteStatement: lazy(async () => (await import('./partiql/execute-statement.js')).executeStatement),
  BatchExecuteStatement: lazy(async () => (await import('./partiql/batch-execute-statement.js')).batchExecuteStatement),
  ExecuteTransaction: lazy(async () => (await import('./partiql/execute-transaction.js')).executeTransaction),
} satisfies Record<string, Operation>);

export type OperationName = keyof typeof OPERATIONS;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}
