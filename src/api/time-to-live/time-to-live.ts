/** DescribeTimeToLive and UpdateTimeToLive: the table's TTL settings. */
import { resourceNotFound, validation } from '../../errors.js';
import { checkShape, type RequestSpec } from '../shared/shape.js';
import { requireTable } from '../shared/tables.js';
import type { TableDefinition } from '../../storage/types.js';
import type { JsonObject, OperationContext } from '../context.js';
import { leniencies } from '../../compat/dynamodb-local.js';
import { TableNameSpec } from '../shared/specs.js';

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

/**
 * After a change, TTL cannot be changed again for an hour ("It can take up to one hour
 * for the change to fully process. Any additional UpdateTimeToLive calls for the same
 * table during this one hour duration result in a ValidationException", AWS's
 * UpdateTimeToLive reference).
 */
export const TTL_CHANGE_INTERVAL_MS = 60 * 60 * 1000;

/** UpdateTimeToLive's refusals. "multipleTimes" is AWS's text as quoted by ScyllaDB's AWS-validated suite (test_ttl.py). */
export const TTL_MESSAGES = {
  alreadyEnabled: 'TimeToLive is already enabled',
  alreadyDisabled: 'TimeToLive is already disabled',
  differentAttribute: (current: string) => `TimeToLive is active on a different AttributeName: current AttributeName is ${current}`,
  multipleTimes: 'Time to live has been modified multiple times within a fixed interval',
} as const;

type TimeToLive = NonNullable<TableDefinition['TimeToLive']>;

/**
 * Why a TTL change is refused (undefined: it is allowed), in DynamoDB's order: the state, then
 * the interval (`anyTime`: DynamoDB Local mode, which allows a change again at once).
 */
export function ttlChangeRefusal(current: TimeToLive | undefined, spec: { Enabled: boolean; AttributeName: string }, now: number, anyTime = false): string | undefined {
  if (spec.Enabled && current?.Enabled) return current.AttributeName === spec.AttributeName ? TTL_MESSAGES.alreadyEnabled : TTL_MESSAGES.differentAttribute(current.AttributeName);
  if (!spec.Enabled && !current?.Enabled) return TTL_MESSAGES.alreadyDisabled;
  if (!spec.Enabled && current!.AttributeName !== spec.AttributeName) return TTL_MESSAGES.differentAttribute(current!.AttributeName);
  if (!anyTime && current?.UpdatedAt !== undefined && now - current.UpdatedAt < TTL_CHANGE_INTERVAL_MS) return TTL_MESSAGES.multipleTimes;
  return undefined;
}

export async function describeTimeToLive(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, DescribeTimeToLiveSpec);
  const ttl = (await requireTable(ctx, request.TableName as string)).definition.TimeToLive;
  if (!ttl?.Enabled) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.AttributeName } };
}

export async function updateTimeToLive(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, UpdateTimeToLiveSpec);
  const spec = request.TimeToLiveSpecification as { Enabled: boolean; AttributeName: string };
  const table = await requireTable(ctx, request.TableName as string);
  const name = table.definition.TableName;
  const now = ctx.now();
  const changed = await ctx.store.updateTable(name, (def) => {
    const refusal = ttlChangeRefusal(def.TimeToLive, spec, now, leniencies(ctx.config).ttlChangeAnyTime);
    if (refusal !== undefined) throw validation(refusal);
    return { ...def, TimeToLive: { AttributeName: spec.AttributeName, Enabled: spec.Enabled, UpdatedAt: now } };
  });
  if (!changed) throw resourceNotFound(`Requested resource not found: Table: ${name} not found`);
  return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
}
