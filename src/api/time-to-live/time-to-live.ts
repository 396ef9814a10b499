/** DescribeTimeToLive and UpdateTimeToLive: the table's TTL settings. */
import { validation } from '../../errors.js';
import { checkShape, TableNameSpec, type RequestSpec } from '../shared/shape.js';
import { requireTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';

export const DescribeTimeToLiveSpec: RequestSpec = { TableName: TableNameSpec };

export const UpdateTimeToLiveSpec: RequestSpec = {
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
};

export function describeTimeToLive(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, DescribeTimeToLiveSpec);
  const ttl = requireTable(ctx, request.TableName as string).definition.TimeToLive;
  if (!ttl?.Enabled) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.AttributeName } };
}

export function updateTimeToLive(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, UpdateTimeToLiveSpec);
  const spec = request.TimeToLiveSpecification as { Enabled: boolean; AttributeName: string };
  return ctx.store.transaction(() => {
    const table = requireTable(ctx, request.TableName as string);
    const current = table.definition.TimeToLive;
    if (spec.Enabled) {
      if (current?.Enabled && current.AttributeName === spec.AttributeName) throw validation('TimeToLive is already enabled');
      if (current?.Enabled) throw validation('TimeToLive is active on a different AttributeName: current AttributeName is ' + current.AttributeName);
    } else if (!current?.Enabled) {
      throw validation('TimeToLive is already disabled');
    }
    ctx.store.updateTableDefinition(table.definition.TableName, {
      ...table.definition,
      TimeToLive: { AttributeName: spec.AttributeName, Enabled: spec.Enabled },
    });
    return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
  });
}
