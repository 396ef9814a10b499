/** DescribeTimeToLive and UpdateTimeToLive: the table's TTL settings. */
import { resourceNotFound, validation } from '../../errors.js';
import { checkShape } from '../shared/shape.js';
import { requireTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';
import { TableNameSpec } from '../shared/specs.js';

export async function describeTimeToLive(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, { TableName: TableNameSpec });
  const ttl = (await requireTable(ctx, request.TableName as string)).definition.TimeToLive;
  if (!ttl?.Enabled) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.AttributeName } };
}

export async function updateTimeToLive(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, {
    TableName: TableNameSpec,
    TimeToLiveSpecification: {
      type: 'Structure',
      name: 'TimeToLiveSpecification',
      notNull: true,
      fields: {
        Enabled: { type: 'Boolean', notNull: true },
        AttributeName: { type: 'String', notNull: true, minLength: 1, maxLength: 255 },
      },
    },
  });
  const spec = request.TimeToLiveSpecification as { Enabled: boolean; AttributeName: string };
  const table = await requireTable(ctx, request.TableName as string);
  const name = table.definition.TableName;
  const changed = await ctx.store.updateTable(name, (def) => {
    const current = def.TimeToLive;
    if (spec.Enabled) {
      if (current?.Enabled && current.AttributeName === spec.AttributeName) throw validation('TimeToLive is already enabled');
      if (current?.Enabled) throw validation('TimeToLive is active on a different AttributeName: current AttributeName is ' + current.AttributeName);
    } else if (!current?.Enabled) {
      throw validation('TimeToLive is already disabled');
    }
    return { ...def, TimeToLive: { AttributeName: spec.AttributeName, Enabled: spec.Enabled } };
  });
  if (!changed) throw resourceNotFound(`Requested resource not found: Table: ${name} not found`);
  return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
}
