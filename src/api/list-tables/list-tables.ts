/** ListTables: the caller's namespace only, in name order, paged by ExclusiveStartTableName. */
import { checkShape } from '../shared/shape.js';
import { findTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';

const MAX_LIMIT = 100;

export async function listTables(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, {
    ExclusiveStartTableName: { type: 'String', minLength: 3, maxLength: 255, pattern: '[a-zA-Z0-9_.-]+' },
    Limit: { type: 'Integer', min: 1, max: MAX_LIMIT },
  });
  const limit = (request.Limit as number | undefined) ?? MAX_LIMIT;
  const start = request.ExclusiveStartTableName as string | undefined;
  // finish delayed deletes whose time has come, so they do not linger in the list
  const names: string[] = [];
  for (const name of await ctx.store.listTableNames()) if ((await findTable(ctx, name)) !== undefined) names.push(name);
  const after = start === undefined ? names : names.filter((n) => Buffer.compare(Buffer.from(n), Buffer.from(start)) > 0);
  const page = after.slice(0, limit);
  return after.length > limit ? { TableNames: page, LastEvaluatedTableName: page[page.length - 1] } : { TableNames: page };
}
