/**
 * The request spec of every operation, by X-Amz-Target name: the same constants the
 * operations check their requests against. Typed by the registry's OperationName, so an
 * operation cannot be added without its spec; the generated request tests (null at every
 * path, invalid strings at every string, the fuzz test) walk these. Not imported by the
 * server itself (it would load the PartiQL modules at startup).
 */
import type { OperationName } from './registry.js';
import type { RequestSpec } from './shared/shape.js';
import { BatchExecuteStatementSpec } from './partiql/batch-execute-statement.js';
import { BatchGetItemSpec } from './batch-get-item/batch-get-item.js';
import { BatchWriteItemSpec } from './batch-write-item/batch-write-item.js';
import { CreateTableSpec } from './create-table/create-table.js';
import { DeleteItemSpec } from './delete-item/delete-item.js';
import { DeleteTableSpec } from './delete-table/delete-table.js';
import { DescribeTableSpec } from './describe-table/describe-table.js';
import { ExecuteStatementSpec } from './partiql/execute-statement.js';
import { ExecuteTransactionSpec } from './partiql/execute-transaction.js';
import { GetItemSpec } from './get-item/get-item.js';
import { ListTablesSpec } from './list-tables/list-tables.js';
import { PutItemSpec } from './put-item/put-item.js';
import { QuerySpec, ScanSpec } from './shared/specs.js';
import { ListTagsOfResourceSpec, TagResourceSpec, UntagResourceSpec } from './tags/tags.js';
import { DescribeTimeToLiveSpec, UpdateTimeToLiveSpec } from './time-to-live/time-to-live.js';
import { TransactGetItemsSpec } from './transact-get-items/transact-get-items.js';
import { TransactWriteItemsSpec } from './transact-write-items/transact-write-items.js';
import { UpdateItemSpec } from './update-item/update-item.js';
import { UpdateTableSpec } from './update-table/validate.js';

export const REQUEST_SPECS: Readonly<Record<OperationName, RequestSpec>> = Object.freeze({
  CreateTable: CreateTableSpec,
  DescribeTable: DescribeTableSpec,
  UpdateTable: UpdateTableSpec,
  DeleteTable: DeleteTableSpec,
  ListTables: ListTablesSpec,
  DescribeTimeToLive: DescribeTimeToLiveSpec,
  UpdateTimeToLive: UpdateTimeToLiveSpec,
  TagResource: TagResourceSpec,
  UntagResource: UntagResourceSpec,
  ListTagsOfResource: ListTagsOfResourceSpec,
  // no members
  DescribeLimits: {},
  DescribeEndpoints: {},
  PutItem: PutItemSpec,
  GetItem: GetItemSpec,
  UpdateItem: UpdateItemSpec,
  DeleteItem: DeleteItemSpec,
  Query: QuerySpec,
  Scan: ScanSpec,
  BatchGetItem: BatchGetItemSpec,
  BatchWriteItem: BatchWriteItemSpec,
  TransactWriteItems: TransactWriteItemsSpec,
  TransactGetItems: TransactGetItemsSpec,
  ExecuteStatement: ExecuteStatementSpec,
  BatchExecuteStatement: BatchExecuteStatementSpec,
  ExecuteTransaction: ExecuteTransactionSpec,
});
