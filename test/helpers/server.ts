/**
 * Test harness: a real Sqynamo server on 127.0.0.1 and an ephemeral port, with a temp
 * data dir, and real SigV4-signing clients (the AWS SDK v3, or raw signed HTTP for what
 * the SDK refuses to send).
 *
 * With DYNAMODB_ENDPOINT set (e.g. `DYNAMODB_ENDPOINT=http://localhost:8000 node --test
 * dist/test/e2e/query.test.js`), the tests talk to that endpoint instead of starting a
 * server, signing with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN)
 * when those are set, else with the test credentials fake/fake. A test that needs a server
 * of its own (flags, a data directory, a clock) or Sqynamo's internals fails with a
 * message saying so.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The SDK warns that its 2027 releases will need Node 22; our pinned version runs on Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { parseConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type RunningServer } from '../../src/server.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const FAKE: Credentials = { accessKeyId: 'fake', secretAccessKey: 'fake' };
export const ACCESS: Credentials = { accessKeyId: 'ACCESS', secretAccessKey: 'SECRET' };

/** The endpoint the tests run against instead of a server of their own, if any. */
const ENDPOINT = process.env.DYNAMODB_ENDPOINT || undefined;

/** What clients sign with by default: the test credentials, or the environment's against DYNAMODB_ENDPOINT. */
function defaultCredentials(): Credentials {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (ENDPOINT === undefined || !accessKeyId || !secretAccessKey) return FAKE;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export interface TestServer {
  readonly url: string;
  readonly server: RunningServer;
  readonly dataDir: string;
  /** An SDK client signing with `credentials` (default fake/fake) for `region` (default us-east-1). */
  client(credentials?: Credentials, region?: string): DynamoDBClient;
  /** Stops the server; keeps the data dir unless `removeData`. */
  stop(): Promise<void>;
  /** Stops the server and removes its data dir. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Extra command-line flags, as a user would type them. */
  args?: string[];
  /** Reuse a data dir (e.g. to test persistence across restarts). */
  dataDir?: string;
  now?: () => number;
}

export function tempDir(prefix = 'sqynamo-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Clients of an endpoint the test did not start (DYNAMODB_ENDPOINT). */
function endpointServer(url: string, options: TestServerOptions): TestServer {
  const own = [...(options.args ?? []), ...(options.dataDir ? ['a data directory'] : []), ...(options.now ? ['a clock'] : [])];
  if (own.length > 0) throw new Error(`this test needs a server of its own (${own.join(', ')}); it cannot run against DYNAMODB_ENDPOINT=${url}`);
  const clients: DynamoDBClient[] = [];
  const stop = async () => {
    for (const c of clients) c.destroy();
  };
  return {
    url,
    dataDir: '',
    get server(): RunningServer {
      throw new Error(`this test reads Sqynamo's internals; it cannot run against DYNAMODB_ENDPOINT=${url}`);
    },
    client(credentials = defaultCredentials(), region = 'us-east-1') {
      const c = new DynamoDBClient({ endpoint: url, region, credentials, maxAttempts: 1 });
      clients.push(c);
      return c;
    },
    stop,
    close: stop,
  };
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  if (ENDPOINT !== undefined) return endpointServer(ENDPOINT, options);
  const dataDir = options.dataDir ?? tempDir();
  const parsed = parseConfig(['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])], {}, () => false);
  if (typeof parsed !== 'object') throw new Error(`unexpected --${parsed}`);
  const config: Config = parsed;
  const log = createLogger({ verbose: false, destination: 'silent' });
  const server = await startServer(config, { log, now: options.now });
  const url = `http://127.0.0.1:${server.port}`;
  const clients: DynamoDBClient[] = [];
  const stop = async () => {
    for (const c of clients) c.destroy();
    await server.close();
  };
  return {
    url,
    server,
    dataDir,
    client(credentials = FAKE, region = 'us-east-1') {
      const c = new DynamoDBClient({ endpoint: url, region, credentials, maxAttempts: 1 });
      clients.push(c);
      return c;
    },
    stop,
    async close() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RawRequest {
  /** Operation name, sent as X-Amz-Target DynamoDB_20120810.<target>; omit to send none. */
  target?: string;
  /** Raw target header value, overriding `target`. */
  rawTarget?: string;
  body?: string | Uint8Array;
  credentials?: Credentials;
  region?: string;
  service?: string;
  contentType?: string;
  /** Signing time (default now). */
  date?: Date;
  /** Extra headers, signed. */
  headers?: Record<string, string>;
  /** Skip signing entirely. */
  unsigned?: boolean;
  /** The Host header to sign and send instead of the URL's host (sent with node:http: fetch does not send another Host). */
  host?: string;
  /** Headers sent but left out of the signature (lower-case names). */
  unsignedHeaders?: string[];
  /** Change the request after signing (to test tampering). */
  afterSign?: (req: { headers: Record<string, string>; body: string | Uint8Array }) => void;
  method?: string;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when not JSON. */
  json: Record<string, unknown> | undefined;
}

/** Sends a request signed exactly as the AWS SDK signs it, then optionally tampered with. */
export async function rawRequest(url: string, req: RawRequest): Promise<RawResponse> {
  const u = new URL(url);
  const body = req.body ?? '';
  const headers: Record<string, string> = {
    host: req.host ?? u.host,
    'content-type': req.contentType ?? 'application/x-amz-json-1.0',
    ...(req.rawTarget !== undefined ? { 'x-amz-target': req.rawTarget } : req.target ? { 'x-amz-target': `DynamoDB_20120810.${req.target}` } : {}),
    ...req.headers,
  };
  let signedHeaders = headers;
  if (!req.unsigned) {
    const signer = new SignatureV4({
      credentials: req.credentials ?? defaultCredentials(),
      region: req.region ?? 'us-east-1',
      service: req.service ?? 'dynamodb',
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign(
      { method: req.method ?? 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', query: {}, headers, body },
      { signingDate: req.date ?? new Date(), ...(req.unsignedHeaders ? { unsignableHeaders: new Set(req.unsignedHeaders) } : {}) },
    );
    signedHeaders = signed.headers as Record<string, string>;
  }
  const final = { headers: { ...signedHeaders }, body };
  req.afterSign?.(final);
  if (req.host !== undefined) return sendWithHost(u, req.method ?? 'POST', final.headers, final.body);
  delete final.headers.host;
  const res = await fetch(url + '/', { method: req.method ?? 'POST', headers: final.headers, body: req.method === 'GET' ? undefined : final.body });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Asserts an SDK call rejects with a DynamoDB error of this name (and message, when given). */
export async function expectError(promise: Promise<unknown>, name: string, message?: string | RegExp): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    if (e.name !== name) throw new Error(`expected ${name} but got ${e.name}: ${e.message}`);
    if (typeof message === 'string' && e.message !== message) throw new Error(`expected message ${JSON.stringify(message)} but got ${JSON.stringify(e.message)}`);
    if (message instanceof RegExp && !message.test(e.message)) throw new Error(`expected message matching ${message} but got ${JSON.stringify(e.message)}`);
    return e;
  }
  throw new Error(`expected ${name} but the call succeeded`);
}

/** Sends a request with node:http, Host header as given. */
function sendWithHost(u: URL, method: string, headers: Record<string, string>, body: string | Uint8Array): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: u.hostname, port: Number(u.port), path: '/', method, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> | undefined;
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = undefined;
        }
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, text, json });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}
