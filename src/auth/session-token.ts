/**
 * STS session tokens: the temporary credential itself, sealed with AES-256-GCM under a
 * server key, so any Sqynamo instance that shares the key can verify a token without a lookup.
 *
 * Wire format (standard base64): `version (1 byte) | iv (12) | tag (16) | ciphertext`, the version
 * byte authenticated as additional data. The plaintext is compact JSON of {@link SessionClaims}.
 * A token that does not decode, fails authentication or carries malformed claims opens to
 * `undefined`; callers answer that as the AWS invalid-token error.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What a session token carries. */
export interface SessionClaims {
  /** The temporary access key id (`ASIA...`) the token belongs to. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  /** e.g. `arn:aws:iam::123456789012:root` or `arn:aws:sts::123456789012:assumed-role/R/s`. */
  readonly principalArn: string;
  /** As GetCallerIdentity shows it. */
  readonly userId: string;
  /** Epoch milliseconds after which the token is expired. */
  readonly expiresAt: number;
  /** The long-term access key that started the chain of sessions; the session lives only while it does. */
  readonly sourceAccessKeyId: string;
  /** `session` from GetSessionToken, `role` from AssumeRole. */
  readonly kind: 'session' | 'role';
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
/** Tokens are a few hundred bytes; anything far larger is not ours. */
const MAX_TOKEN_CHARS = 8192;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Derives the 32-byte token key from the operator's secret (HKDF-SHA256), so the secret
 * itself never keys a cipher and may be any length.
 */
export function deriveTokenKey(secret: string | Uint8Array): Buffer {
  if (secret.length === 0) throw new Error('the STS secret must not be empty');
  return Buffer.from(hkdfSync('sha256', secret, 'sqynamo', 'sts-session-token-v1', 32));
}

/** Seals claims into a token. `iv` is injectable for tests; never reuse one in production. */
export function sealSessionToken(key: Buffer, claims: SessionClaims, iv: Buffer = randomBytes(IV_BYTES)): string {
  const version = Buffer.from([VERSION]);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(version);
  const plaintext = Buffer.from(
    JSON.stringify([
      claims.accessKeyId,
      claims.secretAccessKey,
      claims.accountId,
      claims.principalArn,
      claims.userId,
      claims.expiresAt,
      claims.sourceAccessKeyId,
      claims.kind,
    ]),
    'utf8',
  );
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([version, iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** Opens a token sealed under `key`; undefined for anything else (tampered, foreign, malformed). */
export function openSessionToken(key: Buffer, token: string): SessionClaims | undefined {
  if (token.length > MAX_TOKEN_CHARS || !BASE64.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64');
  if (bytes.length <= HEADER_BYTES || bytes[0] !== VERSION) return undefined;
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(bytes.subarray(0, 1));
    decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, HEADER_BYTES));
    plaintext = Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
  return claimsOf(plaintext);
}

function claimsOf(plaintext: Buffer): SessionClaims | undefined {
  let fields: unknown;
  try {
    fields = JSON.parse(plaintext.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(fields) || fields.length !== 8) return undefined;
  const [accessKeyId, secretAccessKey, accountId, principalArn, userId, expiresAt, sourceAccessKeyId, kind] = fields as unknown[];
  const strings = [accessKeyId, secretAccessKey, accountId, principalArn, userId, sourceAccessKeyId];
  if (!strings.every((s) => typeof s === 'string' && s !== '')) return undefined;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return undefined;
  if (kind !== 'session' && kind !== 'role') return undefined;
  return Object.freeze({
    accessKeyId: accessKeyId as string,
    secretAccessKey: secretAccessKey as string,
    accountId: accountId as string,
    principalArn: principalArn as string,
    userId: userId as string,
    expiresAt,
    sourceAccessKeyId: sourceAccessKeyId as string,
    kind,
  });
}
