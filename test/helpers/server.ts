/**
 * Test harness: a real Sqynamo server on 127.0.0.1 and an ephemeral port, with a temp
 * data dir, and real SigV4-signing clients (the AWS SDK v3, or raw signed HTTP for what
 * the SDK refuses to send).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync, rmSync } from 'node:fs';
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

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
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
    host: u.host,
    'content-type': req.contentType ?? 'application/x-amz-json-1.0',
    ...(req.rawTarget !== undefined ? { 'x-amz-target': req.rawTarget } : req.target ? { 'x-amz-target': `DynamoDB_20120810.${req.target}` } : {}),
    ...req.headers,
  };
  let signedHeaders = headers;
  if (!req.unsigned) {
    const signer = new SignatureV4({
      credentials: req.credentials ?? FAKE,
      region: req.region ?? 'us-east-1',
      service: req.service ?? 'dynamodb',
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign(
      { method: req.method ?? 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', query: {}, headers, body },
      { signingDate: req.date ?? new Date() },
    );
    signedHeaders = signed.headers as Record<string, string>;
  }
  const final = { headers: { ...signedHeaders }, body };
  req.afterSign?.(final);
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
