/**
 * A small SigV4 implementation on node:crypto for the benchmark: the load generator signs
 * every request with it, and the ceiling server verifies with it. Only what a DynamoDB JSON
 * request needs (header auth, `POST /`, no presigned URLs). Signing keys are derived once
 * per (secret, day, region, service) and cached, as the AWS SDKs do.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
/** AWS accepts signatures up to 15 minutes away from its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** An access key pair. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** `YYYYMMDDTHHMMSSZ` (SigV4's X-Amz-Date) of an epoch-milliseconds time. */
export function amzDate(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2024-01-02T03:04:05.678Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** Epoch milliseconds of a `YYYYMMDDTHHMMSSZ` string, or NaN when it is not one. */
export function parseAmzDate(text: string): number {
  if (!/^\d{8}T\d{6}Z$/.test(text)) return Number.NaN;
  return Date.UTC(
    Number(text.slice(0, 4)),
    Number(text.slice(4, 6)) - 1,
    Number(text.slice(6, 8)),
    Number(text.slice(9, 11)),
    Number(text.slice(11, 13)),
    Number(text.slice(13, 15)),
  );
}

/** Lower-case hex SHA-256 of a payload. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The SigV4 signing key: HMAC chain over day, region, service and the terminator. */
export function deriveSigningKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secretAccessKey}`).update(day).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update(TERMINATOR).digest();
}

/** Signing keys by (secret, day, region, service); bounded, oldest evicted first. */
export class SigningKeyCache {
  readonly #keys = new Map<string, Buffer>();
  readonly #maxEntries: number;

  constructor(maxEntries = 64) {
    this.#maxEntries = maxEntries;
  }

  /** The cached key, derived on first use. */
  get(secretAccessKey: string, day: string, region: string, service: string): Buffer {
    const id = `${secretAccessKey}\n${day}\n${region}\n${service}`;
    let key = this.#keys.get(id);
    if (key === undefined) {
      key = deriveSigningKey(secretAccessKey, day, region, service);
      if (this.#keys.size >= this.#maxEntries) this.#keys.delete(this.#keys.keys().next().value as string);
      this.#keys.set(id, key);
    }
    return key;
  }

  /** Number of cached keys. */
  get size(): number {
    return this.#keys.size;
  }

  clear(): void {
    this.#keys.clear();
  }
}

/** One header of a canonical request: lower-case name, value as sent. */
export type HeaderPair = readonly [name: string, value: string];

/**
 * SigV4's canonical request. `headers` must be sorted by name and lower-cased; values are
 * trimmed and inner whitespace runs collapsed here. `query` is the already-canonical query.
 */
export function canonicalRequest(method: string, path: string, query: string, headers: readonly HeaderPair[], payloadHash: string): string {
  let canonicalHeaders = '';
  let signedHeaders = '';
  for (const [name, value] of headers) {
    canonicalHeaders += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
    signedHeaders += signedHeaders === '' ? name : `;${name}`;
  }
  return `${method}\n${path}\n${query}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
}

/** SigV4's string to sign. */
export function stringToSign(longDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${longDate}\n${scope}\n${sha256Hex(canonical)}`;
}

/** What {@link RequestSigner.sign} needs to know about a DynamoDB JSON request. */
export interface SignInput {
  /** `host[:port]` exactly as the Host header will carry it. */
  readonly host: string;
  /** e.g. `DynamoDB_20120810.GetItem`. */
  readonly target: string;
  readonly body: Uint8Array;
  /** Epoch milliseconds; defaults to now. */
  readonly now?: number;
}

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * Signs `POST /` DynamoDB JSON requests for one key and region. The X-Amz-Date string is
 * rebuilt once per second and the signing key once per day (through the cache).
 */
export class RequestSigner {
  readonly #credentials: Credentials;
  readonly #region: string;
  readonly #service: string;
  readonly #keys: SigningKeyCache;
  #second = -1;
  #longDate = '';

  constructor(credentials: Credentials, region: string, service = 'dynamodb', keys = new SigningKeyCache()) {
    this.#credentials = credentials;
    this.#region = region;
    this.#service = service;
    this.#keys = keys;
  }

  /** Headers to send (Content-Type, Host, X-Amz-Date, X-Amz-Target, Authorization). */
  sign(input: SignInput): Record<string, string> {
    const now = input.now ?? Date.now();
    const second = Math.floor(now / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#longDate = amzDate(now);
    }
    const longDate = this.#longDate;
    const day = longDate.slice(0, 8);
    const scope = `${day}/${this.#region}/${this.#service}/${TERMINATOR}`;
    const headers: HeaderPair[] = [
      ['content-type', JSON_CONTENT_TYPE],
      ['host', input.host],
      ['x-amz-date', longDate],
      ['x-amz-target', input.target],
    ];
    const canonical = canonicalRequest('POST', '/', '', headers, sha256Hex(input.body));
    const key = this.#keys.get(this.#credentials.secretAccessKey, day, this.#region, this.#service);
    const signature = createHmac('sha256', key).update(stringToSign(longDate, scope, canonical)).digest('hex');
    return {
      'Content-Type': JSON_CONTENT_TYPE,
      Host: input.host,
      'X-Amz-Date': longDate,
      'X-Amz-Target': input.target,
      Authorization: `${ALGORITHM} Credential=${this.#credentials.accessKeyId}/${scope}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${signature}`,
    };
  }
}

/** The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header. */
export interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly day: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Parses the header form of SigV4 authorization; undefined when it is not well formed. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  if (header === undefined || !header.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined || credential.length !== 5 || !signedHeaders || !signature) return undefined;
  const [accessKeyId, day, region, service, terminator] = credential as [string, string, string, string, string];
  return { accessKeyId, day, region, service, terminator, signedHeaders: signedHeaders.split(';'), signature };
}

/** A request as the verifier sees it; header names lower-case (as node:http gives them). */
export interface IncomingSigned {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Uint8Array;
}

/** Why a signature was refused: the DynamoDB error type and message. */
export interface SignatureRefusal {
  readonly type: 'MissingAuthenticationTokenException' | 'IncompleteSignatureException' | 'InvalidSignatureException' | 'UnrecognizedClientException';
  readonly message: string;
}

/**
 * Verifies a header-signed request: well-formed authorization, date within the allowed
 * skew, scope matching the date, known key, signature equal (constant-time). Returns the
 * access key id, or the refusal.
 */
export function verifyRequest(
  req: IncomingSigned,
  secretOf: (accessKeyId: string) => string | undefined,
  keys: SigningKeyCache,
  nowMs: number,
): { accessKeyId: string } | SignatureRefusal {
  const authorization = headerValue(req.headers.authorization);
  if (authorization === undefined) return { type: 'MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' };
  const auth = parseAuthorization(authorization);
  const longDate = headerValue(req.headers['x-amz-date']);
  if (auth === undefined || longDate === undefined) return { type: 'IncompleteSignatureException', message: 'Authorization header is malformed' };
  const signedAt = parseAmzDate(longDate);
  if (Number.isNaN(signedAt)) return { type: 'IncompleteSignatureException', message: 'X-Amz-Date is malformed' };
  if (Math.abs(nowMs - signedAt) > MAX_CLOCK_SKEW_MS) return { type: 'InvalidSignatureException', message: 'Signature expired' };
  if (auth.day !== longDate.slice(0, 8) || auth.terminator !== TERMINATOR) return { type: 'InvalidSignatureException', message: 'Credential should be scoped correctly' };
  const secret = secretOf(auth.accessKeyId);
  if (secret === undefined) return { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };

  const headers: HeaderPair[] = [];
  for (const name of auth.signedHeaders) headers.push([name, headerValue(req.headers[name]) ?? '']);
  headers.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const canonical = canonicalRequest(req.method, req.path === '' ? '/' : req.path, '', headers, sha256Hex(req.body));
  const scope = `${auth.day}/${auth.region}/${auth.service}/${auth.terminator}`;
  const key = keys.get(secret, auth.day, auth.region, auth.service);
  const expected = createHmac('sha256', key).update(stringToSign(longDate, scope, canonical)).digest();
  const given = Buffer.from(auth.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      type: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return { accessKeyId: auth.accessKeyId };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
