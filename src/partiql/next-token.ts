/**
 * ExecuteStatement's NextToken: an opaque, self-contained position. It carries a
 * fingerprint of the statement and its parameters (a token only continues the read it
 * came from), the partition being read (a SELECT may query several) and the encoded key
 * of the last item read (with the table key too, for index reads).
 */
import { createHash } from 'node:crypto';
import { validation } from '../errors.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { PARTIQL_MESSAGES } from './messages.js';

/** Where a read stopped. */
export interface ReadPosition {
  /** Index of the partition in the read plan (0 for scans). */
  readonly partition: number;
  readonly h: Buffer;
  readonly r: Buffer;
  /** Index reads: the table key of the item. */
  readonly th?: Buffer;
  readonly tr?: Buffer;
}

const VERSION = 1;

/** The fingerprint of a statement and its parameters. */
export function statementFingerprint(statement: string, parameters: readonly AttributeValue[] | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([statement, parameters ?? []]))
    .digest('base64url')
    .slice(0, 22);
}

const b64 = (buffer: Buffer | undefined): string | undefined => buffer?.toString('base64');

/** The NextToken for a position of the read `fingerprint` names. */
export function encodeNextToken(fingerprint: string, position: ReadPosition): string {
  const body = { v: VERSION, f: fingerprint, p: position.partition, h: b64(position.h), r: b64(position.r), th: b64(position.th), tr: b64(position.tr) };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
}

const isText = (value: unknown): value is string => typeof value === 'string';

/**
 * The position a NextToken holds. Throws "Invalid NextToken" for anything this server
 * did not produce, and "The provided starting key is invalid" for another read's token.
 */
export function decodeNextToken(token: string, fingerprint: string): ReadPosition {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw validation(PARTIQL_MESSAGES.invalidNextToken);
  }
  const valid =
    body !== null &&
    typeof body === 'object' &&
    body.v === VERSION &&
    isText(body.f) &&
    Number.isInteger(body.p) &&
    (body.p as number) >= 0 &&
    isText(body.h) &&
    isText(body.r) &&
    (body.th === undefined || isText(body.th)) &&
    (body.tr === undefined || isText(body.tr));
  if (!valid) throw validation(PARTIQL_MESSAGES.invalidNextToken);
  if (body.f !== fingerprint) throw validation(PARTIQL_MESSAGES.startKeyInvalid);
  const buffer = (text: unknown): Buffer | undefined => (isText(text) ? Buffer.from(text, 'base64') : undefined);
  const th = buffer(body.th);
  const tr = buffer(body.tr);
  return { partition: body.p as number, h: buffer(body.h)!, r: buffer(body.r)!, ...(th ? { th } : {}), ...(tr ? { tr } : {}) };
}
