/**
 * A minimal DynamoDB JSON 1.0 client for the admin CLI: one signed POST per call, with the
 * same SigV4 signing the AWS SDKs use (`@smithy/signature-v4`). The CLI needs only a handful
 * of item operations, and the full `@aws-sdk/client-dynamodb` is a development dependency.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** Credentials as the AWS SDK resolves them. */
export interface AdminCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

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

/** Options of {@link dynamoDBCaller}. */
export interface DynamoDBCallerOptions {
  /** e.g. http://localhost:8000 */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: () => Promise<AdminCredentials>;
  /** Injectable for tests. */
  readonly fetch?: typeof fetch;
}

/** Builds a signed caller for the endpoint. */
export function dynamoDBCaller(options: DynamoDBCallerOptions): DynamoDBCall {
  const url = new URL(options.endpoint);
  const send = options.fetch ?? fetch;
  const signer = new SignatureV4({ service: 'dynamodb', region: options.region, credentials: options.credentials, sha256: Hash.bind(null, 'sha256') });
  return async function call(operation, request) {
    const body = JSON.stringify(request);
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port !== '' ? { port: Number(url.port) } : {}),
      path: url.pathname === '' ? '/' : url.pathname,
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      },
      body,
    });
    const headers = { ...(signed.headers as Record<string, string>) };
    delete headers.host;
    const response = await send(new URL(url.pathname || '/', url), { method: 'POST', headers, body });
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
