/** DescribeTable. */
import { checkShape } from '../shared/shape.js';
import { describeTable as describe, requireTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';
import { TableNameSpec } from '../shared/specs.js';

export async function describeTable(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, { TableName: TableNameSpec });
  const table = await requireTable(ctx, request.TableName as string);
  return { Table: await describe(ctx, table) };
}
