/**
 * SigV4 verification of an incoming request: the checks DynamoDB runs, in DynamoDB's order,
 * then a re-sign with `@smithy/signature-v4` and a constant-time compare.
 *
 * Order (as recorded against real DynamoDB):
 *  1. Authorization header present and `AWS4-...`; key=value pairs; Credential/Signature/
 *     SignedHeaders and a date header present              -> Missing…/IncompleteSignature
 *  2. date format                                           -> IncompleteSignature
 *  3. clock skew (15 min either way)                        -> InvalidSignature
 *  4. `host` signed; x-amz-target, content-type and content-encoding signed when sent
 *                                                           -> InvalidSignature
 *  5. algorithm, credential has 5 elements                  -> IncompleteSignature
 *  6. scope: region, service, terminator, date              -> InvalidSignature
 *  7. access key known                                      -> UnrecognizedClient
 *  8. x-amz-content-sha256 (if sent) equals sha256(body), signature matches -> InvalidSignature
 *  9. session token (if sent) accepted for that key         -> UnrecognizedClient
 *
 * Only the header form is supported (no presigned query-string auth).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { ALGORITHM_IDENTIFIER, SignatureV4, clearCredentialCache, getSigningKey } from '@smithy/signature-v4';
import { DynamoDBError, invalidSignature, unrecognizedClient } from '../errors.js';
import {
  checkAlgorithm,
  checkCredentialScope,
  parseAuthorizationHeader,
  parseCredentialScope,
  requireSignedHost,
  requireSignedRequestHeaders,
} from './authorization-header.js';
import type { CredentialResolver, ResolvedCredential } from './credentials.js';
import { checkClockSkew, parseSigningDate } from './signing-date.js';

/** A request as it arrived, before anything else looked at it. */
export interface SignedRequest {
  method: string;
  /** Raw request path as sent on the wire (still percent-encoded, no query); `""` counts as `/`. */
  path: string;
  /** Raw query string without '?'. */
  query: string;
  /** Header values by lower-cased name. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** SHA-256 of `body` in hex, when the caller hashed it as it arrived. */
  payloadHash?: string;
}

/** Who signed the request. */
export interface VerifiedIdentity {
  accessKeyId: string;
  accountId: string;
  /** Region of the credential scope. */
  region: string;
  /** Service of the credential scope (one of `expectedService`). */
  service: string;
  principalArn: string;
  userId: string;
  sessionToken?: string;
}

/** Options of {@link verifySignature}. */
export interface VerifyOptions {
  /** The server clock (injectable for tests). */
  now: () => Date;
  /** Service name(s) the scope may name; default `dynamodb`. The first is named in errors. */
  expectedService?: string | readonly string[];
}

const DEFAULT_SERVICE = 'dynamodb';
const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid';
const SIGNER_CACHE_MAX = 1000;

/**
 * Exposes smithy's canonical-request and string-to-sign steps. Verification must rebuild the
 * client's canonical request from the client's own SignedHeaders list verbatim, which
 * `sign(request)` cannot: as a client routine it drops `date`, injects `x-amz-date`,
 * `x-amz-security-token` and `x-amz-content-sha256`, and filters "unsignable" headers.
 * Path/query canonicalization, signing-key derivation (and its cache) and the HMACs stay smithy's.
 */
class VerifyingSigner extends SignatureV4 {
  /** Signing keys by short date; smithy derives them, we keep the last two days. */
  readonly #keys = new Map<string, Uint8Array>();
  readonly #credentials: { accessKeyId: string; secretAccessKey: string };

  constructor(init: ConstructorParameters<typeof SignatureV4>[0] & { credentials: { accessKeyId: string; secretAccessKey: string } }) {
    super(init);
    this.#credentials = init.credentials;
  }

  /**
   * The signature the request should carry. Canonicalization (path and query escaping,
   * header list) is smithy's; hashing and the final HMAC use node:crypto directly with a
   * signing key cached per day, which saves smithy's per-call key-cache HMAC and its
   * async hashing wrappers on the hot path.
   */
  async requestSignature(input: CanonicalInput): Promise<string> {
    const canonicalRequest =
      input.path === '/' && isEmpty(input.query)
        ? rootCanonicalRequest(input.method, input.canonicalHeaders, input.payloadHash)
        : this.createCanonicalRequest(
            { method: input.method, protocol: 'https:', hostname: '', path: input.path, query: input.query, headers: {} },
            input.canonicalHeaders,
            input.payloadHash,
          );
    const stringToSign = `${ALGORITHM_IDENTIFIER}\n${input.longDate}\n${input.scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
    const shortDate = input.longDate.slice(0, 8);
    let key = this.#keys.get(shortDate);
    if (key === undefined) {
      key = await getSigningKey(Hash.bind(null, 'sha256'), this.#credentials, shortDate, input.region, input.service);
      if (this.#keys.size >= 2) this.#keys.delete(this.#keys.keys().next().value as string);
      this.#keys.set(shortDate, key);
    }
    return createHmac('sha256', key).update(stringToSign).digest('hex');
  }
}

function isEmpty(query: Record<string, unknown>): boolean {
  for (const _ in query) return false;
  return true;
}

/**
 * The canonical request of a request to "/" with no query string — every DynamoDB call —
 * built directly: the same text smithy's createCanonicalRequest builds (method, path "/", empty
 * query, sorted `name:value` lines, signed header list, payload hash), without its path and
 * query escaping work. Other paths and queries go through smithy.
 */
function rootCanonicalRequest(method: string, headers: Record<string, string>, payloadHash: string): string {
  const names = Object.keys(headers).sort();
  let lines = '';
  for (const name of names) lines += `${name}:${headers[name]}\n`;
  return `${method}\n/\n\n${lines}\n${names.join(';')}\n${payloadHash}`;
}

interface CanonicalInput {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  canonicalHeaders: Record<string, string>;
  payloadHash: string;
  date: Date;
  longDate: string;
  scope: string;
  region: string;
  service: string;
}

/** Bounded FIFO cache of signers; the only module state. */
const signers = new Map<string, VerifyingSigner>();

function signerFor(region: string, service: string, credential: ResolvedCredential): VerifyingSigner {
  const key = `${region}\n${service}\n${credential.accessKeyId}\n${credential.secretAccessKey}`;
  let signer = signers.get(key);
  if (signer === undefined) {
    signer = new VerifyingSigner({
      service,
      region,
      credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
      sha256: Hash.bind(null, 'sha256'),
      applyChecksum: false,
    });
    if (signers.size >= SIGNER_CACHE_MAX) signers.delete(signers.keys().next().value as string);
    signers.set(key, signer);
  }
  return signer;
}

/** Empties the signer cache and smithy's signing-key cache (tests, key rotation). */
export function clearSignerCache(): void {
  signers.clear();
  clearCredentialCache();
}

/**
 * Verifies the SigV4 `Authorization` header of `req` and returns who signed it.
 *
 * @throws DynamoDBError MissingAuthenticationToken, IncompleteSignature, InvalidSignature or
 *   UnrecognizedClient with DynamoDB's messages (signatures are never echoed); whatever the
 *   resolver throws (e.g. ExpiredToken).
 */
export async function verifySignature(
  req: SignedRequest,
  credentials: CredentialResolver,
  opts: VerifyOptions,
): Promise<VerifiedIdentity> {
  const { headers } = req;
  const xAmzDate = headers['x-amz-date'];
  const dateHeader = headers['date'];
  const auth = parseAuthorizationHeader(headers['authorization'], xAmzDate !== undefined || dateHeader !== undefined);
  const signing = parseSigningDate(xAmzDate, dateHeader);
  checkClockSkew(signing, opts.now());
  requireSignedHost(auth.signedHeaders);
  requireSignedRequestHeaders(auth.signedHeaders, headers);
  checkAlgorithm(auth.algorithm);
  const scope = parseCredentialScope(auth.credential);
  checkCredentialScope(scope, { services: expectedServices(opts.expectedService), longDate: signing.longDate });

  const sessionToken = headers['x-amz-security-token'] || undefined;
  const credential = await credentials.resolve(scope.accessKeyId, sessionToken);
  if (credential === undefined) throw unrecognizedClient();

  const payloadHash = req.payloadHash ?? createHash('sha256').update(req.body).digest('hex');
  const claimedHash = headers['x-amz-content-sha256'];
  if (claimedHash !== undefined && claimedHash !== payloadHash) throw invalidSignature();

  const expected = await signerFor(scope.region, scope.service, credential).requestSignature({
    method: req.method,
    path: req.path === '' ? '/' : req.path,
    query: parseQuery(req.query),
    canonicalHeaders: canonicalHeaders(headers, auth.signedHeaders),
    payloadHash,
    date: signing.date,
    longDate: signing.longDate,
    scope: `${scope.date}/${scope.region}/${scope.service}/${scope.terminator}`,
    region: scope.region,
    service: scope.service,
  });
  if (!sameSignature(expected, auth.signature)) throw invalidSignature();

  if (sessionToken !== undefined && credential.sessionToken !== sessionToken) {
    throw new DynamoDBError(unrecognizedClient().type, INVALID_TOKEN_MESSAGE);
  }
  return {
    accessKeyId: scope.accessKeyId,
    accountId: credential.accountId,
    region: scope.region,
    service: scope.service,
    principalArn: credential.principalArn,
    userId: credential.userId,
    ...(sessionToken !== undefined ? { sessionToken } : {}),
  };
}

function expectedServices(option: string | readonly string[] | undefined): readonly string[] {
  if (option === undefined) return [DEFAULT_SERVICE];
  if (typeof option === 'string') return [option];
  return option.length > 0 ? option : [DEFAULT_SERVICE];
}

/**
 * The signed headers with their values trimmed and inner whitespace runs collapsed (SigV4's
 * canonical form). A signed header the request lacks takes part with an empty value, as AWS shows it.
 */
export function canonicalHeaders(headers: Record<string, string>, signedHeaders: readonly string[]): Record<string, string> {
  const canonical: Record<string, string> = Object.create(null);
  for (const name of signedHeaders) {
    const value = Object.hasOwn(headers, name) ? (headers[name] ?? '') : '';
    canonical[name] = value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
  }
  return canonical;
}

/**
 * Decodes a raw query string into smithy's query bag (repeated keys become arrays). Smithy
 * re-encodes names and values with the SigV4 rules when it builds the canonical query.
 */
export function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1));
    const previous = query[key];
    query[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return query;
}

function decodeComponent(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
