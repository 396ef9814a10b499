/** DescribeLimits and DescribeEndpoints: fixed answers, as DynamoDB's defaults. */
import type { JsonObject, OperationContext } from '../context.js';

export function describeLimits(): JsonObject {
  return {
    AccountMaxReadCapacityUnits: 80000,
    AccountMaxWriteCapacityUnits: 80000,
    TableMaxReadCapacityUnits: 40000,
    TableMaxWriteCapacityUnits: 40000,
  };
}

export function describeEndpoints(_request: JsonObject, ctx: OperationContext): JsonObject {
  return { Endpoints: [{ Address: `dynamodb.${ctx.caller.region}.amazonaws.com`, CachePeriodInMinutes: 1440 }] };
}
