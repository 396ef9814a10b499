/** DescribeLimits: fixed answers, as DynamoDB's defaults. */
import type { JsonObject } from '../context.js';

export function describeLimits(): JsonObject {
  return {
    AccountMaxReadCapacityUnits: 80000,
    AccountMaxWriteCapacityUnits: 80000,
    TableMaxReadCapacityUnits: 40000,
    TableMaxWriteCapacityUnits: 40000,
  };
}
