/**
 * Pure parsing and shape checks of a SigV4 `Authorization` header, with DynamoDB's exact
 * error texts. The checks are separate functions because DynamoDB interleaves them with the
 * date checks (see `verifySignature`): header shape, date format, clock skew, `Host` signed,
 * algorithm, credential shape, credential scope.
 *
 * AWS echoes the whole header in some messages; we echo it with the signature redacted.
 */
import { incompleteSignature, invalidSignature, missingAuthenticationToken } from '../errors.js';

/** The only algorithm DynamoDB accepts. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** Last element of every SigV4 credential scope. */
export const SCOPE_TERMINATOR = 'aws4_request';

/** The three parameters of the header, unvalidated beyond their presence. */
export interface AuthorizationHeader {
  /** First word, e.g. `AWS4-HMAC-SHA256` (checked later by {@link checkAlgorithm}). */
  readonly algorithm: string;
  /** Raw `Credential` value, `AKID/20240101/us-east-1/dynamodb/aws4_request`. */
  readonly credential: string;
  /** `SignedHeaders` split on `;`, lower-cased, empty names dropped, in the order given. */
  readonly signedHeaders: readonly string[];
  /** Raw `Signature` value (never put it in a message or a log). */
  readonly signature: string;
}

/** The five slash-delimited elements of `Credential`. */
export interface CredentialScope {
  readonly accessKeyId: string;
  /** `YYYYMMDD` as sent (checked against the request date by {@link checkCredentialScope}). */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

/** Everything the header carries, for callers that want it in one piece. */
export interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const REQUIRED_PARAMETERS = ['Credential', 'Signature', 'SignedHeaders'] as const;
const REDACTED = '<redacted>';
const SIGNATURE_VALUE = /(signature=)[^,\s]*/gi;
const HEX_SIGNATURE = /[0-9a-f]{64}/gi;
/** Region names become part of the tenant namespace: letters, digits and `-`, at most 64. */
const REGION_SHAPE = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Replaces the `Signature` value (and any 64-hex run) of an Authorization header, so the
 * header can be echoed in an error message or a log line.
 */
export function redactAuthorization(value: string): string {
  return value.replace(SIGNATURE_VALUE, `$1${REDACTED}`).replace(HEX_SIGNATURE, REDACTED);
}

/**
 * Splits the header into algorithm and `key=value` parameters and checks that `Credential`,
 * `Signature` and `SignedHeaders` are there and that the request carries a date header.
 *
 * @param value the `Authorization` header, if any
 * @param hasDateHeader whether the request has an `X-Amz-Date` or a `Date` header
 * @throws MissingAuthenticationTokenException when the header is absent or does not start with `AWS4-`
 * @throws IncompleteSignatureException for a parameter without `=`, or missing parameters / date
 */
export function parseAuthorizationHeader(value: string | undefined, hasDateHeader: boolean): AuthorizationHeader {
  const header = value?.trim() ?? '';
  if (!header.startsWith('AWS4-')) throw missingAuthenticationToken();

  const space = header.search(/\s/);
  const algorithm = space === -1 ? header : header.slice(0, space);
  const params = new Map<string, string>();
  const tokens = space === -1 ? [] : header.slice(space).split(/[\s,]+/);
  for (const token of tokens) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq === -1) {
      throw incompleteSignature(
        `'${redactAuthorization(token)}' not a valid key=value pair (missing equal-sign) in Authorization header: '${redactAuthorization(header)}'.`,
      );
    }
    params.set(token.slice(0, eq), token.slice(eq + 1));
  }

  let missing = '';
  for (const name of REQUIRED_PARAMETERS) {
    if (!params.has(name)) missing += `Authorization header requires '${name}' parameter. `;
  }
  if (!hasDateHeader) missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (missing !== '') throw incompleteSignature(`${missing}Authorization=${redactAuthorization(header)}`);

  return {
    algorithm,
    credential: params.get('Credential') ?? '',
    signedHeaders: (params.get('SignedHeaders') ?? '')
      .split(';')
      .filter((name) => name !== '')
      .map((name) => name.toLowerCase()),
    signature: params.get('Signature') ?? '',
  };
}

/**
 * @throws InvalidSignatureException unless `host` is among the signed headers
 */
export function requireSignedHost(signedHeaders: readonly string[]): void {
  if (!signedHeaders.includes('host')) {
    throw invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
}

/**
 * Headers that decide what a request does: when a request carries one, its signature must
 * cover it, or a captured request could be replayed within the clock skew with it changed
 * (a GetItem turned into a DeleteItem by its X-Amz-Target). Every SDK signs them.
 */
const SIGNED_WHEN_PRESENT: readonly (readonly [string, string])[] = [
  ['x-amz-target', 'X-Amz-Target'],
  ['content-type', 'Content-Type'],
  ['content-encoding', 'Content-Encoding'],
];

/**
 * @param headers the request's headers by lower-cased name
 * @throws InvalidSignatureException, as for an unsigned `Host`, when a request carries
 *   X-Amz-Target, Content-Type or Content-Encoding that the signature does not cover
 */
export function requireSignedRequestHeaders(signedHeaders: readonly string[], headers: Readonly<Record<string, string>>): void {
  for (const [name, shown] of SIGNED_WHEN_PRESENT) {
    if (headers[name] !== undefined && !signedHeaders.includes(name)) {
      throw invalidSignature(`'${shown}' must be a 'SignedHeader' in the AWS Authorization.`);
    }
  }
}

/**
 * @throws IncompleteSignatureException for any algorithm but `AWS4-HMAC-SHA256`
 */
export function checkAlgorithm(algorithm: string): void {
  if (algorithm !== SIGV4_ALGORITHM) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}' (only ${SIGV4_ALGORITHM} for now). `);
  }
}

/**
 * Splits `Credential` into its five elements; trailing slashes are ignored, as AWS does.
 *
 * @throws IncompleteSignatureException unless there are exactly five elements
 */
export function parseCredentialScope(credential: string): CredentialScope {
  const parts = credential.replace(/\/+$/, '').split('/');
  if (parts.length !== 5) {
    throw incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

/** What the credential scope is checked against. */
export interface ScopeExpectations {
  /** Accepted service names; the first is the one named in the error. Non-empty. */
  readonly services: readonly string[];
  /** The request's date in ISO-8601 basic format, `20240101T000000Z`. */
  readonly longDate: string;
}

/**
 * Checks region shape, service, terminator and date of the scope, reporting every problem in
 * one message as DynamoDB does.
 *
 * @throws InvalidSignatureException listing each mismatch
 */
export function checkCredentialScope(scope: CredentialScope, expect: ScopeExpectations): void {
  let message = '';
  if (!REGION_SHAPE.test(scope.region)) {
    message += `Credential should be scoped to a valid region, not '${scope.region}'. `;
  }
  if (!expect.services.includes(scope.service)) {
    message += `Credential should be scoped to correct service: '${expect.services[0]}'. `;
  }
  if (scope.terminator !== SCOPE_TERMINATOR) {
    message += `Credential should be scoped with a valid terminator: '${SCOPE_TERMINATOR}', not '${scope.terminator}'. `;
  }
  const shortDate = expect.longDate.slice(0, 8);
  if (scope.date !== shortDate) {
    message +=
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
      `'${scope.date}' != '${shortDate}', from '${expect.longDate}'.`;
  }
  if (message !== '') throw invalidSignature(message);
}

/**
 * Header, algorithm and credential parsed in one go (without the date checks that DynamoDB
 * runs between them), e.g. to name the access key id in a log line.
 *
 * @throws DynamoDBError as the individual steps do
 */
export function parseAuthorization(value: string | undefined, hasDateHeader: boolean): ParsedAuthorization {
  const header = parseAuthorizationHeader(value, hasDateHeader);
  checkAlgorithm(header.algorithm);
  const scope = parseCredentialScope(header.credential);
  return {
    accessKeyId: scope.accessKeyId,
    date: scope.date,
    region: scope.region,
    service: scope.service,
    signedHeaders: header.signedHeaders,
    signature: header.signature,
  };
}

