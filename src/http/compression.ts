/**
 * HTTP compression as DynamoDB does it.
 *
 * Requests: a body sent with `Content-Encoding: gzip` or `deflate` (zlib) is decompressed
 * after its signature was verified over the bytes as sent. The 16 MB request limit applies to
 * the decompressed body, and decompression stops as soon as it passes the limit (a
 * decompression bomb is never inflated whole). An unknown coding, or a body that is not valid
 * gzip/deflate, is the client's error: 400 SerializationException (what AWS answers is not
 * recorded; a 500 would tell the client to retry what can never succeed).
 *
 * Responses: compressed with gzip or deflate when the request's Accept-Encoding allows one
 * and the body is at least 4096 bytes (DynamoDB's threshold); `x-amz-crc32` is then the CRC32
 * of the compressed bytes, as DynamoDB computes it.
 */
import { promisify } from 'node:util';
import { crc32, deflate, gunzip, gzip, inflate } from 'node:zlib';

/** Bodies smaller than this are sent as they are. */
export const RESPONSE_COMPRESSION_THRESHOLD = 4096;

export type Coding = 'gzip' | 'deflate';

/** The decompressed body would pass the request size limit: answered 413, as an oversized body. */
export class DecodedBodyTooLargeError extends Error {}
/** An unknown Content-Encoding, or a body that does not decode: answered 400 SerializationException. */
export class BodyEncodingError extends Error {}

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const gzipAsync = promisify(gzip);
const deflateAsync = promisify(deflate);

/**
 * Undoes the codings of `Content-Encoding` (applied in the order listed, so undone from the
 * last). `identity` is no coding.
 *
 * @throws DecodedBodyTooLargeError past `maxBytes` decoded bytes
 * @throws BodyEncodingError for an unknown coding or a body that does not decode
 */
export async function decodeRequestBody(contentEncoding: string, body: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  let out = body;
  for (const coding of codings.reverse()) {
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== 'deflate') throw new BodyEncodingError(`unsupported Content-Encoding '${coding}'`);
    if (out.byteLength === 0) throw new BodyEncodingError(`empty ${coding} body`);
    try {
      out = await (coding === 'deflate' ? inflateAsync : gunzipAsync)(out, { maxOutputLength: maxBytes });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new DecodedBodyTooLargeError(`the decoded body passes ${maxBytes} bytes`);
      throw new BodyEncodingError(`the body is not valid ${coding}: ${(err as Error).message}`);
    }
  }
  return out;
}

interface Preference {
  readonly q: number;
  /** Named explicitly (not through `*`). */
  readonly explicit: boolean;
  /** Position of its first mention. */
  readonly position: number;
}

/**
 * The coding to answer with, from an Accept-Encoding header: the supported one (gzip,
 * deflate) with the highest quality; on a tie one named explicitly beats one allowed by `*`,
 * then the first listed, then gzip. Malformed entries are ignored, a quality above 1 counts as
 * 1, an unreadable one as 1, a negative one as 0; q=0 refuses.
 */
export function negotiateCoding(acceptEncoding: string | undefined): Coding | undefined {
  if (acceptEncoding === undefined || acceptEncoding === '') return undefined;
  const explicit = new Map<string, { q: number; position: number }>();
  let wildcard: number | undefined;
  const entries = acceptEncoding.split(',');
  for (let position = 0; position < entries.length; position++) {
    const [name, ...params] = entries[position].split(';');
    const coding = name.trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(coding)) continue;
    let q = 1;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq === -1 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
      const text = param.slice(eq + 1).trim();
      const n = text === '' ? NaN : Number(text);
      q = Number.isNaN(n) ? 1 : Math.min(1, Math.max(0, n));
      break;
    }
    if (coding === '*') wildcard = Math.max(wildcard ?? 0, q);
    else {
      const seen = explicit.get(coding);
      explicit.set(coding, { q: Math.max(seen?.q ?? 0, q), position: seen?.position ?? position });
    }
  }
  let best: { coding: Coding; pref: Preference } | undefined;
  for (const coding of ['gzip', 'deflate'] as const) {
    const named = explicit.get(coding);
    const pref: Preference | undefined =
      named !== undefined ? { q: named.q, explicit: true, position: named.position } : wildcard !== undefined ? { q: wildcard, explicit: false, position: Infinity } : undefined;
    if (pref === undefined || pref.q <= 0) continue;
    if (best === undefined || better(pref, best.pref)) best = { coding, pref };
  }
  return best?.coding;
}

function better(a: Preference, b: Preference): boolean {
  if (a.q !== b.q) return a.q > b.q;
  if (a.explicit !== b.explicit) return a.explicit;
  return a.position < b.position;
}

/** A response body ready to send: its bytes, and the headers that describe them. */
export interface EncodedBody {
  readonly body: string | Buffer;
  /** Content-Encoding and x-amz-crc32 when compressed. */
  readonly headers: Record<string, string> | undefined;
}

/**
 * Compresses `body` when the client accepts a coding and the body reaches the threshold;
 * the CRC32 header is then computed over the compressed bytes.
 */
export async function encodeResponseBody(acceptEncoding: string | undefined, body: string): Promise<EncodedBody> {
  const coding = acceptEncoding === undefined ? undefined : negotiateCoding(acceptEncoding);
  if (coding === undefined || !reachesThreshold(body)) return { body, headers: undefined };
  const compressed = await (coding === 'gzip' ? gzipAsync : deflateAsync)(body);
  return { body: compressed, headers: { 'Content-Encoding': coding, 'x-amz-crc32': String(crc32(compressed)) } };
}

/** Whether the body has at least RESPONSE_COMPRESSION_THRESHOLD bytes (counted only when it may). */
export function reachesThreshold(body: string): boolean {
  if (body.length >= RESPONSE_COMPRESSION_THRESHOLD) return true;
  return body.length * 3 >= RESPONSE_COMPRESSION_THRESHOLD && Buffer.byteLength(body) >= RESPONSE_COMPRESSION_THRESHOLD;
}
