/**
 * A minimal, portable SigV4 client: one signed POST per call with the same signing the AWS
 * SDKs use (`@smithy/signature-v4`), and on top of it a DynamoDB JSON 1.0 caller. Portable:
 * the hash and fetch are passed in, so the admin CLI (Node's hash, dynamodb-client.ts) and
 * the web console (WebCrypto, in the browser) sign with this same code.
 */
import { SignatureV4 } from '@smithy/signature-v4';

/** Credentials as the AWS SDK resolves them. */
export interface AdminCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The SHA-256 implementation SignatureV4 hashes and HMACs with. */
export type Sha256Constructor = NonNullable<ConstructorParameters<typeof SignatureV4>[0]>['sha256'];

/** A DynamoDB error answer (`__type`'s short name and the message). */
export class DynamoDBCallError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** Calls one DynamoDB operation; resolves to its JSON answer, rejects with DynamoDBCallError. */
export type DynamoDBCall = (operation: string, request: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Where and how to sign. */
export interface SignedPostOptions {
  /** e.g. http://localhost:8000 */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: () => Promise<AdminCredentials>;
  readonly sha256: Sha256Constructor;
  /** Injectable for tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

/** Sends signed POSTs of one service to the endpoint. */
export type SignedPost = (headers: Record<string, string>, body: string) => Promise<Response>;

/** A signer of POST requests to `options.endpoint` for `service` (`dynamodb`, `sts`, ...). */
export function signedPost(options: SignedPostOptions, service: string): SignedPost {
  const url = new URL(options.endpoint);
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const signer = new SignatureV4({ service, region: options.region, credentials: options.credentials, sha256: options.sha256 });
  const path = url.pathname === '' ? '/' : url.pathname;
  return async function post(headers, body) {
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port !== '' ? { port: Number(url.port) } : {}),
      path,
      query: {},
      headers: { host: url.host, ...headers },
      body,
    });
    const sent = { ...(signed.headers as Record<string, string>) };
    // the fetch implementation (or the browser) sets Host itself
    delete sent.host;
    return send(new URL(path, url), { method: 'POST', headers: sent, body });
  };
}

/** Builds a signed DynamoDB caller for the endpoint (`targetPrefix`: the X-Amz-Target service). */
export function dynamoDBCaller(options: SignedPostOptions, targetPrefix = 'DynamoDB_20120810'): DynamoDBCall {
  const post = signedPost(options, 'dynamodb');
  return async function call(operation, request) {
    const response = await post({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `${targetPrefix}.${operation}` }, JSON.stringify(request));
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      throw new DynamoDBCallError('InvalidResponse', `the server at ${options.endpoint} did not answer DynamoDB JSON (HTTP ${response.status})`, response.status);
    }
    if (!response.ok) {
      const type = typeof json.__type === 'string' ? json.__type : 'UnknownError';
      const message = typeof json.message === 'string' ? json.message : typeof json.Message === 'string' ? json.Message : '';
      throw new DynamoDBCallError(type.slice(type.indexOf('#') + 1), message, response.status);
    }
    return json;
  };
}
