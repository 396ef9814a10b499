/** DescribeTable. */
import { checkShape, type RequestSpec } from '../shared/shape.js';
import { describeTable as describe, requireTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';
import { TableNameSpec } from '../shared/specs.js';

export const DescribeTableSpec: RequestSpec = { TableName: TableNameSpec };

export async function describeTable(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, DescribeTableSpec);
  const table = await requireTable(ctx, request.TableName as string);
  return { Table: await describe(ctx, table) };
}
