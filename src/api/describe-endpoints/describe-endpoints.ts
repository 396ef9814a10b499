/** DescribeEndpoints: the regional endpoint, as DynamoDB answers it. */
import type { JsonObject, OperationContext } from '../context.js';

export function describeEndpoints(_request: JsonObject, ctx: OperationContext): JsonObject {
  return { Endpoints: [{ Address: `dynamodb.${ctx.caller.region}.amazonaws.com`, CachePeriodInMinutes: 1440 }] };
}
