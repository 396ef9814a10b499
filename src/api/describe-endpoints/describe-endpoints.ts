/** DescribeEndpoints: the address the client used. */
import type { JsonObject, OperationContext } from '../context.js';

/** A host name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The address DescribeEndpoints answers: the Host the client sent, so that SDKs with
 * endpoint discovery keep talking to this server (AWS's own answer,
 * dynamodb.<region>.amazonaws.com, would send them to AWS). A missing or malformed Host
 * (anything but host[:port]) falls back to AWS's form.
 */
export function endpointAddress(host: string | undefined, region: string): string {
  return host !== undefined && HOST.test(host) ? host : `dynamodb.${region}.amazonaws.com`;
}

export function describeEndpoints(_request: JsonObject, ctx: OperationContext): JsonObject {
  return { Endpoints: [{ Address: endpointAddress(ctx.host, ctx.caller.region), CachePeriodInMinutes: 1440 }] };
}
