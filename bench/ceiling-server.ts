/**
 * The "ceiling": a bare node:http server that does the least any DynamoDB-compatible Node
 * server must do per request — read the body, verify the SigV4 signature (node:crypto,
 * signing keys cached), parse the JSON — and answers a fixed small JSON. What it achieves is
 * the most a Node server can do on this machine with this load generator.
 *
 * Run: `node dist/bench/ceiling-server.js --port <n> [--host 127.0.0.1]`; SIGTERM stops it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import { JSON_CONTENT_TYPE, SigningKeyCache, verifyRequest, type Credentials } from './sigv4.js';

/** The body of every successful answer. */
export const CEILING_BODY = '{}';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Options of {@link createCeilingServer}. */
export interface CeilingOptions {
  /** Keys it accepts. */
  readonly credentials: readonly Credentials[];
  /** Epoch milliseconds (tests inject a clock). */
  readonly now?: () => number;
}

/** A node:http server verifying SigV4 and answering {@link CEILING_BODY}; not yet listening. */
export function createCeilingServer(options: CeilingOptions): Server {
  const secrets = new Map(options.credentials.map((c) => [c.accessKeyId, c.secretAccessKey]));
  const secretOf = (accessKeyId: string) => secrets.get(accessKeyId);
  const keys = new SigningKeyCache();
  const now = options.now ?? Date.now;
  const okHeaders = {
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': String(Buffer.byteLength(CEILING_BODY)),
    'x-amz-crc32': String(crc32(CEILING_BODY)),
  };
  let requests = 0;

  const answer = (res: ServerResponse, status: number, body: string, headers: Record<string, string>) => {
    requests += 1;
    res.writeHead(status, { ...headers, 'x-amzn-RequestId': `CEILING${requests.toString(36).toUpperCase().padStart(45, '0')}` });
    res.end(body);
  };
  const fail = (res: ServerResponse, type: string, message: string) => {
    const body = JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message });
    answer(res, 400, body, { 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': String(Buffer.byteLength(body)), 'x-amz-crc32': String(crc32(body)) });
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const verdict = verifyRequest({ method: req.method ?? 'GET', path: q === -1 ? url : url.slice(0, q), headers: req.headers, body }, secretOf, keys, now());
    if ('type' in verdict) return fail(res, verdict.type, verdict.message);
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      request = undefined;
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) return fail(res, 'SerializationException', 'Start of structure or map found where not expected.');
    return answer(res, 200, CEILING_BODY, okHeaders);
  };

  return createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => handle(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
  });
}

function main(argv: readonly string[]): void {
  let port = 0;
  let host = '127.0.0.1';
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--port') port = Number(argv[++i]);
    else if (argv[i] === '--host') host = argv[++i] ?? host;
    else throw new Error(`ceiling-server: unknown option '${argv[i]}'`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('ceiling-server: --port must be 0..65535');
  const server = createCeilingServer({ credentials: [{ accessKeyId: 'fake', secretAccessKey: 'fake' }] });
  server.listen(port, host, () => {
    const address = server.address();
    const bound = typeof address === 'object' && address !== null ? address.port : port;
    process.stdout.write(`ceiling listening on http://${host}:${bound}\n`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
