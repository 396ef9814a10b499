/**
 * The requests that are not DynamoDB calls, answered straight from node:http: CORS preflights,
 * `GET /health` (the process is alive), `GET /ready` (storage is open and can be written:
 * for load balancers and orchestrators), `GET /metrics` (Prometheus), and in DynamoDB Local
 * mode `GET /` (400, as DynamoDB Local answers). Anything else goes on to the fallback.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cors } from './cors.js';

/** The readiness check's verdict. */
export interface Readiness {
  readonly ready: boolean;
  /** Why not, or what was checked. */
  readonly checks: Record<string, string>;
}

export interface SideRoutesOptions {
  readonly cors: Cors | undefined;
  readonly version: string;
  readonly mode: string;
  readonly started: number;
  readonly now: () => number;
  readonly readiness: () => Promise<Readiness>;
  /** The metrics exposition, when served on this port. */
  readonly metrics?: () => Promise<{ contentType: string; text: string }>;
  /** The answer to GET / when it is not the fallback's (DynamoDB Local mode). */
  readonly root?: () => { status: number; headers: Record<string, string>; body: string };
}

/** Returns a handler that answers the request and returns true, or returns false to pass it on. */
export function createSideRoutes(options: SideRoutesOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { cors } = options;
  const json = (req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void => {
    const body = JSON.stringify(value);
    send(req, res, status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body);
  };
  const send = (req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string): void => {
    const extra = cors?.responseHeaders(req.headers.origin);
    res.writeHead(status, { ...headers, ...extra, 'Content-Length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const failed = (res: ServerResponse): void => {
    if (!res.headersSent) res.writeHead(500, { 'Content-Length': 0 });
    res.end();
  };

  return function sideRoute(req, res) {
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      if (cors === undefined) return false;
      const answer = cors.preflight(req.headers);
      res.writeHead(answer.status, answer.headers);
      res.end();
      return true;
    }
    if (method !== 'GET' && method !== 'HEAD') return false;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    switch (path) {
      case '/health':
        json(req, res, 200, { status: 'ok', version: options.version, mode: options.mode, uptimeSeconds: Math.round((options.now() - options.started) / 100) / 10 });
        return true;
      case '/ready':
        options.readiness().then((r) => json(req, res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', checks: r.checks }), () => failed(res));
        return true;
      case '/metrics':
        if (options.metrics === undefined) return false;
        options.metrics().then((m) => send(req, res, 200, { 'Content-Type': m.contentType, 'Cache-Control': 'no-store' }, m.text), () => failed(res));
        return true;
      case '/':
      case '':
        if (options.root === undefined) return false;
        {
          const answer = options.root();
          send(req, res, answer.status, answer.headers, answer.body);
        }
        return true;
      default:
        return false;
    }
  };
}
