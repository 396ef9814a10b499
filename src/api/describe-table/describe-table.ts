/** DescribeTable. */
import { checkShape, TableNameSpec } from '../shared/shape.js';
import { describeTable as describe, requireTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';

export function describeTable(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, { TableName: TableNameSpec });
  const table = requireTable(ctx, request.TableName as string);
  return { Table: describe(ctx, table) };
}
