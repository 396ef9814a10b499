/** DescribeTable. */
import { checkShape, TableNameSpec, type RequestSpec } from '../shared/shape.js';
import { describeTable as describe, requireTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';

export const DescribeTableSpec: RequestSpec = { TableName: TableNameSpec };

export function describeTable(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, DescribeTableSpec);
  const table = requireTable(ctx, request.TableName as string);
  return { Table: describe(ctx, table) };
}
