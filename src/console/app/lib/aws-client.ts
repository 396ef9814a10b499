/**
 * The console's AWS client: SigV4-signed DynamoDB JSON and STS query calls from the browser,
 * with the portable signer the admin CLI uses (control-plane/admin/signed-call.ts) over
 * WebCrypto. Every request is an ordinary AWS request: the console can do exactly what its
 * credentials may do, through the public API, and nothing more.
 */
import { DynamoDBCallError, dynamoDBCaller, signedPost, type AdminCredentials, type DynamoDBCall } from '../../../control-plane/admin/signed-call.js';
import { xmlText } from './sts-xml.js';
import { WebCryptoSha256 } from './webcrypto-sha256.js';

export { DynamoDBCallError as CallError, type AdminCredentials as Credentials, type DynamoDBCall } from '../../../control-plane/admin/signed-call.js';

/** Calls one STS action; resolves to the answer's XML, rejects with CallError. */
export type StsCall = (action: string, params?: Record<string, string>) => Promise<string>;

export interface AwsClient {
  readonly region: string;
  readonly dynamodb: DynamoDBCall;
  readonly sts: StsCall;
}

export interface AwsClientOptions {
  /** The API's origin, e.g. http://localhost:8000 (the page's own origin). */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: AdminCredentials;
  /** Injectable for tests. */
  readonly fetch?: typeof fetch;
}

/** The STS API version of the query protocol. */
const STS_VERSION = '2011-06-15';

export function awsClient(options: AwsClientOptions): AwsClient {
  const signing = {
    endpoint: options.endpoint,
    region: options.region,
    credentials: async () => options.credentials,
    sha256: WebCryptoSha256,
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
  };
  const stsPost = signedPost(signing, 'sts');
  return {
    region: options.region,
    dynamodb: dynamoDBCaller(signing),
    async sts(action, params = {}) {
      const body = new URLSearchParams({ Action: action, Version: STS_VERSION, ...params }).toString();
      const response = await stsPost({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body);
      const xml = await response.text();
      if (!response.ok) {
        throw new DynamoDBCallError(xmlText(xml, 'Code') ?? 'UnknownError', xmlText(xml, 'Message') ?? `HTTP ${response.status}`, response.status);
      }
      return xml;
    },
  };
}
