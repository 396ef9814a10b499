/**
 * Signed requests over plain node:http, for what fetch would change: fetch sends its own
 * Accept-Encoding and decompresses answers; these tests need the bytes as sent and received.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { request } from 'node:http';
import { FAKE, type Credentials } from './server.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends a request as is (no signing) and collects the answer's raw bytes. */
export function sendRaw(url: string, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Uint8Array }): Promise<HttpAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: Number(u.port), method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A DynamoDB call signed over `body` exactly as sent (compressed or not), with extra signed headers. */
export async function signedCall(
  url: string,
  target: string,
  body: string | Uint8Array,
  options: { headers?: Record<string, string>; credentials?: Credentials; region?: string } = {},
): Promise<HttpAnswer> {
  const u = new URL(url);
  const headers: Record<string, string> = {
    host: u.host,
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `DynamoDB_20120810.${target}`,
    ...options.headers,
  };
  const signer = new SignatureV4({ credentials: options.credentials ?? FAKE, region: options.region ?? 'us-east-1', service: 'dynamodb', sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', query: {}, headers, body });
  return sendRaw(url, { method: 'POST', headers: signed.headers as Record<string, string>, body });
}
