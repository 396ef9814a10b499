/**
 * The load generator's DynamoDB client: SigV4-signed JSON 1.0 requests (every one signed,
 * signing key cached per day) over keep-alive connections of one `http.Agent`.
 */
import { Agent, request } from 'node:http';
import { RequestSigner, type Credentials } from './sigv4.js';

/** The credentials and region the benchmark signs with (a built-in Sqynamo test key). */
export const BENCH_CREDENTIALS: Credentials = { accessKeyId: 'fake', secretAccessKey: 'fake' };
export const BENCH_REGION = 'us-east-1';
const TARGET_PREFIX = 'DynamoDB_20120810.';

/** An HTTP answer: status and raw body. */
export interface Reply {
  readonly status: number;
  readonly body: Buffer;
}

/** A non-200 answer where one was required. */
export class ReplyError extends Error {
  constructor(
    readonly operation: string,
    readonly reply: Reply,
  ) {
    super(`${operation} answered ${reply.status}: ${reply.body.toString('utf8').slice(0, 500)}`);
  }
}

/** Options of {@link DynamoClient}. */
export interface ClientOptions {
  readonly port: number;
  /** Always a loopback address; default 127.0.0.1. */
  readonly host?: string;
  /** Most connections kept open (default 32). */
  readonly maxSockets?: number;
  /** Per-request time limit in milliseconds (default 30 s). */
  readonly timeoutMs?: number;
  readonly credentials?: Credentials;
  readonly region?: string;
}

/** A signing DynamoDB JSON client for one server. */
export class DynamoClient {
  readonly #agent: Agent;
  readonly #signer: RequestSigner;
  readonly #host: string;
  readonly #hostHeader: string;
  readonly #port: number;
  readonly #timeoutMs: number;

  /** The server's port. */
  get port(): number {
    return this.#port;
  }

  constructor(options: ClientOptions) {
    this.#host = options.host ?? '127.0.0.1';
    this.#port = options.port;
    this.#hostHeader = `${this.#host}:${options.port}`;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    const maxSockets = options.maxSockets ?? 32;
    this.#agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
    this.#signer = new RequestSigner(options.credentials ?? BENCH_CREDENTIALS, options.region ?? BENCH_REGION);
  }

  /** Sends `operation` with a JSON payload (object or pre-encoded text); resolves on any status. */
  send(operation: string, payload: unknown, sign: (headers: Record<string, string>) => Record<string, string> = identity): Promise<Reply> {
    const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
    const headers = sign(this.#signer.sign({ host: this.#hostHeader, target: TARGET_PREFIX + operation, body }));
    headers['Content-Length'] = String(body.length);
    return new Promise<Reply>((resolve, reject) => {
      const req = request({ agent: this.#agent, host: this.#host, port: this.#port, method: 'POST', path: '/', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.setTimeout(this.#timeoutMs, () => req.destroy(new Error(`${operation}: no answer within ${this.#timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Sends and parses the answer; throws {@link ReplyError} unless it is 200. */
  async call<T = Record<string, unknown>>(operation: string, payload: unknown): Promise<T> {
    const reply = await this.send(operation, payload);
    if (reply.status !== 200) throw new ReplyError(operation, reply);
    return JSON.parse(reply.body.toString('utf8')) as T;
  }

  /** Closes every connection. */
  close(): void {
    this.#agent.destroy();
  }
}

function identity<T>(value: T): T {
  return value;
}
