/**
 * The node:http request listener. POST requests — every DynamoDB and STS call — go straight
 * to the pipeline: the body is read once into one buffer, headers come from Node's parser
 * (already lower-cased), and the answer is written with one writeHead + end. That skips the
 * Request/Response objects a fetch-style adapter builds for each call, which the benchmark
 * measured as the largest cost of the request path. Every other request (the health probe,
 * other methods) goes to the hono app (app.ts) through @hono/node-server, loaded on first
 * use so that it costs nothing at startup.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiHandler } from './api-handler.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface NodeListenerOptions {
  readonly handle: ApiHandler;
  readonly newRequestId: () => string;
  readonly maxBodyBytes: number;
  /** Builds the listener for everything but POST (the hono app). */
  readonly loadFallback: () => Promise<Listener>;
}

export function createNodeListener(options: NodeListenerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { handle, newRequestId, maxBodyBytes } = options;
  let fallback: Promise<Listener> | undefined;

  return function sqynamoListener(req, res) {
    if (req.method !== 'POST') {
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
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        refused = true;
        tooLarge(req, res);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (refused) return;
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const headers: Record<string, string> = {};
      const raw = req.headers;
      for (const name in raw) {
        const value = raw[name];
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      handle({ path: q === -1 ? url : url.slice(0, q), query: q === -1 ? '' : url.slice(q + 1), headers, body }, newRequestId()).then(
        (answer) => {
          res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
          res.end(answer.body);
        },
        () => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        },
      );
    });
  };
}

function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(413, { Connection: 'close', 'Content-Length': 0 });
  res.end();
  req.resume();
}
