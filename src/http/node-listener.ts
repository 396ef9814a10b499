/**
 * The node:http request listener. POST requests — every DynamoDB and STS call — go straight
 * to the pipeline: the body is read once into one buffer, headers come from Node's parser
 * (already lower-cased), and the answer is written with one writeHead + end. That skips the
 * Request/Response objects a fetch-style adapter builds for each call, which the benchmark
 * measured as the largest cost of the request path. Every other request (the health probe,
 * other methods) goes to the hono app (app.ts) through @hono/node-server, loaded on first
 * use so that it costs nothing at startup.
 */
import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiHandler } from './api-handler.js';
import { LARGE_BODY_BYTES, type LargeBodies } from './large-bodies.js';
import { encodeResponseBody } from './compression.js';
import type { Cors } from './cors.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface NodeListenerOptions {
  readonly handle: ApiHandler;
  readonly newRequestId: () => string;
  readonly maxBodyBytes: number;
  /** Builds the listener for everything but POST (the hono app). */
  readonly loadFallback: () => Promise<Listener>;
  /** The lane for bodies over LARGE_BODY_BYTES (admission, hashing as they arrive). */
  readonly largeBodies?: LargeBodies;
  /** Answers what is not a DynamoDB call (health, metrics, preflights; side-routes.ts); false passes it on. */
  readonly sideRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
  readonly cors?: Cors;
}

export function createNodeListener(options: NodeListenerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { handle, newRequestId, maxBodyBytes, largeBodies } = options;
  let fallback: Promise<Listener> | undefined;

  return function sqynamoListener(req, res) {
    if (req.method !== 'POST') {
      if (options.sideRoutes?.(req, res)) return;
      fallback ??= options.loadFallback();
      fallback.then(
        (listener) => listener(req, res),
        () => {
          res.writeHead(500);
          res.end();
        },
      );
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) return tooLarge(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    // a large body (declared, or found so as it arrives) waits for admission, and is hashed
    // (and, when declared, copied into its one buffer) as it arrives: no step at its end
    // costs in proportion to its size
    let hash: Hash | undefined;
    let whole: Buffer | undefined;
    const admitLarge = (declaredSize?: number) => {
      hash = createHash('sha256');
      for (const chunk of chunks) hash.update(chunk);
      if (largeBodies === undefined) return;
      req.pause();
      void largeBodies.admit().then((release) => {
        res.once('close', release);
        // its memory is taken once it is admitted
        if (declaredSize !== undefined) whole = Buffer.allocUnsafeSlow(declaredSize);
        req.resume();
      });
    };
    if (declared > LARGE_BODY_BYTES) admitLarge(declared);
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        refused = true;
        tooLarge(req, res);
        return;
      }
      if (whole !== undefined && size <= whole.length) chunk.copy(whole, size - chunk.length);
      else chunks.push(chunk);
      if (hash !== undefined) hash.update(chunk);
      else if (size > LARGE_BODY_BYTES) admitLarge();
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (refused) return;
      const body = whole !== undefined ? whole.subarray(0, size) : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const headers: Record<string, string> = {};
      const raw = req.headers;
      for (const name in raw) {
        const value = raw[name];
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const payloadHash = hash?.digest('hex');
      handle({ path: q === -1 ? url : url.slice(0, q), query: q === -1 ? '' : url.slice(q + 1), headers, body, ...(payloadHash ? { payloadHash } : {}) }, newRequestId())
        .then((answer) => {
          const cors = options.cors?.responseHeaders(headers['origin']);
          const accept = headers['accept-encoding'];
          if (accept === undefined) return write(res, answer.status, cors ? { ...answer.headers, ...cors } : answer.headers, answer.body);
          return encodeResponseBody(accept, answer.body).then((encoded) =>
            write(res, answer.status, { ...answer.headers, ...cors, ...encoded.headers }, encoded.body),
          );
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
    });
  };
}

function write(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(413, { Connection: 'close', 'Content-Length': 0 });
  res.end();
  req.resume();
}
