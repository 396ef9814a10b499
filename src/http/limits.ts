/**
 * The HTTP front's limits against slow and greedy clients, from the configuration: how long
 * a client may take to send a request's headers and the whole request (answered 408 and
 * closed, by Node's HTTP parser, before anything reaches the pipeline), how long an idle
 * keep-alive connection is kept, and how many connections a server process holds at once
 * (further ones are closed as they arrive). Body size is bounded by the listener
 * (node-listener.ts, 413); header size by Node (16 KB, 431).
 */
import type { Server, ServerOptions } from 'node:http';
import type { Config } from '../config.js';

type Limits = Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'maxConnections'>;

/**
 * How often Node looks for requests past their headers or request timeout: a quarter of the
 * shorter one, between 100 ms and 1 s (Node's default, 30 s, let a 10 s headers timeout run
 * to 40 s).
 */
export const checkingInterval = (limits: Limits): number => Math.max(100, Math.min(1000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)));

/** Options for http.createServer. */
export function httpServerOptions(limits: Limits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: checkingInterval(limits),
  };
}

/** Applies what cannot be given to createServer. */
export function applyConnectionLimit(server: Server, limits: Limits): void {
  server.maxConnections = limits.maxConnections;
}
