/**
 * The node:http request listener. POST requests — every DynamoDB and STS call — go straight
 * to the pipeline: the body is read once into one buffer, headers come from Node's parser
 * (already lower-cased), and the answer is written with one writeHead + end. That skips the
 * Request/Response objects a fetch-style adapter builds for each call, which the benchmark
 * measured as the largest cost of the request path. Every other request (the health probe,
 * unknown methods) goes to the hono app through @hono/node-server.
 */
import { getRequestListener } from '@hono/node-server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SqynamoApp } from './app.js';

export function createNodeListener(sqynamo: SqynamoApp, maxBodyBytes: number): (req: IncomingMessage, res: ServerResponse) => void {
  const fallback = getRequestListener(sqynamo.app.fetch);

  return function sqynamoListener(req, res) {
    if (req.method !== 'POST') {
      void fallback(req, res);
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
      sqynamo
        .handle({ path: q === -1 ? url : url.slice(0, q), query: q === -1 ? '' : url.slice(q + 1), headers, body }, sqynamo.newRequestId())
        .then(
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
