/**
 * CORS, so browser code using the AWS SDK can call Sqynamo: a preflight `OPTIONS` answers
 * with the methods and headers the SDK sends, and every answer to a browser (a request with
 * an `Origin`) carries Access-Control-Allow-Origin and exposes the headers the SDK reads.
 * Origins are `--cors` (`*` by default, a comma-separated list, or `off`).
 */

export const ALLOW_METHODS = 'GET, POST, OPTIONS';
/** Headers the AWS SDKs send (signing, targeting, retries); a preflight may ask for more. */
export const ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'content-encoding',
  'x-amz-date',
  'x-amz-target',
  'x-amz-security-token',
  'x-amz-user-agent',
  'x-amz-content-sha256',
  'x-amz-client-context',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
] as const;
/** Response headers the SDKs read: request id, body checksum, and the date (clock-skew correction). */
export const EXPOSE_HEADERS = 'x-amzn-RequestId, x-amz-crc32, Date';
/** Seconds a browser may cache a preflight answer (two days). */
export const MAX_AGE_SECONDS = 172800;

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

export interface Cors {
  /** Headers to add to an answer to a request with this Origin; undefined when there is nothing to add. */
  responseHeaders(origin: string | undefined): Record<string, string> | undefined;
  /** The answer to a preflight: 200 with the Access-Control-* headers, or 403 for an origin not allowed. */
  preflight(headers: Readonly<Record<string, string | string[] | undefined>>): { status: number; headers: Record<string, string> };
}

/** The CORS policy of `--cors`; undefined for `off`. */
export function createCors(origins: '*' | 'off' | readonly string[]): Cors | undefined {
  if (origins === 'off') return undefined;
  const any = origins === '*';
  const allowed = new Set(any ? [] : origins);
  /** The Access-Control-Allow-Origin value for this origin, or undefined when not allowed. */
  const allowOrigin = (origin: string | undefined): string | undefined => {
    if (any) return '*';
    return origin !== undefined && allowed.has(origin.toLowerCase()) ? origin : undefined;
  };
  const vary: Record<string, string> = any ? {} : { Vary: 'Origin' };
  return {
    responseHeaders(origin) {
      if (origin === undefined) return undefined;
      const allow = allowOrigin(origin);
      if (allow === undefined) return any ? undefined : vary;
      return { 'Access-Control-Allow-Origin': allow, 'Access-Control-Expose-Headers': EXPOSE_HEADERS, ...vary };
    },
    preflight(headers) {
      const origin = single(headers['origin']);
      const allow = allowOrigin(origin);
      if (allow === undefined) return { status: 403, headers: { ...vary, 'Content-Length': '0' } };
      const requested = (single(headers['access-control-request-headers']) ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => TOKEN.test(h));
      const allowHeaders = [...new Set([...ALLOW_HEADERS, ...requested])].join(', ');
      return {
        status: 200,
        headers: {
          'Access-Control-Allow-Origin': allow,
          'Access-Control-Allow-Methods': ALLOW_METHODS,
          'Access-Control-Allow-Headers': allowHeaders,
          'Access-Control-Expose-Headers': EXPOSE_HEADERS,
          'Access-Control-Max-Age': String(MAX_AGE_SECONDS),
          ...vary,
          'Content-Length': '0',
        },
      };
    },
  };
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
