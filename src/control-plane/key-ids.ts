/**
 * Identifiers shaped as AWS shapes them: 12-digit account ids, 20-character access key ids
 * (`AKIA` long-term, `ASIA` temporary) that carry their account the way AWS key ids do, and
 * 40-character secrets. Portable: WebCrypto randomness and no Node.js module, so the server,
 * the admin CLI and the web console (in the browser) draw ids with the same code.
 *
 * An AWS access key id is a 4-letter prefix and 16 base32 characters (RFC 4648, `A-Z2-7`) of
 * 10 bytes; bits 46..7 of the first 6 bytes (big-endian) hold the account id. `sts
 * get-access-key-info` and third-party tools read the account out of a key id that way, so
 * ours follow the same layout; every other bit is random.
 */

/** Long-term (root user) access keys. */
export const LONG_TERM_PREFIX = 'AKIA';
/** Temporary (STS) access keys. */
export const TEMPORARY_PREFIX = 'ASIA';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const KEY_ID = /^(AKIA|ASIA)([A-Z2-7]{16})$/;
const ACCOUNT_ID = /^\d{12}$/;
/** 10^12 < 2^40: every 12-digit account fits the 40 account bits of a key id. */
const ACCOUNT_BITS_MASK = 0x7fffffffff80n;

/** A source of random bytes (injectable so tests can pin values). */
export type RandomBytes = (size: number) => Uint8Array;

/** Cryptographically strong random bytes (WebCrypto, in Node.js and in browsers). */
export const secureRandomBytes: RandomBytes = (size) => globalThis.crypto.getRandomValues(new Uint8Array(size));

/** A uniform random integer in [0, max), max at most 2^32 (rejection sampling over WebCrypto). */
export function secureRandomInt(max: number): number {
  const limit = 2 ** 32 - (2 ** 32 % max);
  const word = new Uint32Array(1);
  for (;;) {
    globalThis.crypto.getRandomValues(word);
    if (word[0] < limit) return word[0] % max;
  }
}

/** Encodes bytes as unpadded RFC 4648 base32. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes unpadded RFC 4648 base32; undefined when a character is outside `A-Z2-7`. */
export function base32Decode(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const value = BASE32.indexOf(ch);
    if (value < 0) return undefined;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

/** True for a 12-digit account id. */
export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}

/**
 * A random 12-digit account id (leading zeros allowed, as in AWS). Callers check uniqueness;
 * `avoid` names ids that must not be returned.
 */
export function generateAccountId(avoid: (id: string) => boolean = () => false, random: (max: number) => number = secureRandomInt): string {
  for (;;) {
    // two draws of 6 digits keep it uniform within the random source's range
    const id = String(random(1_000_000)).padStart(6, '0') + String(random(1_000_000)).padStart(6, '0');
    if (id !== '000000000000' && !avoid(id)) return id;
  }
}

/** The first 6 bytes, big-endian. */
function head48(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = 0; i < 6; i++) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

/**
 * A 20-character access key id for `accountId`: `prefix` + 16 base32 characters whose bits
 * 46..7 carry the account id, the rest random.
 */
export function generateAccessKeyId(prefix: typeof LONG_TERM_PREFIX | typeof TEMPORARY_PREFIX, accountId: string, random: RandomBytes = secureRandomBytes): string {
  if (!isAccountId(accountId)) throw new Error(`invalid account id ${accountId}`);
  const bytes = Uint8Array.from(random(10));
  let mixed = (head48(bytes) & ~ACCOUNT_BITS_MASK) | (BigInt(accountId) << 7n);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(mixed & 0xffn);
    mixed >>= 8n;
  }
  return prefix + base32Encode(bytes);
}

/**
 * The account id an AWS-shaped access key id (`AKIA`/`ASIA` + 16 base32 characters) carries,
 * or undefined when the id does not have that shape (or carries no 12-digit account).
 */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  const m = KEY_ID.exec(accessKeyId);
  if (!m) return undefined;
  const bytes = base32Decode(m[2]);
  if (bytes === undefined || bytes.length < 6) return undefined;
  const account = (head48(bytes) & ACCOUNT_BITS_MASK) >> 7n;
  return account < 1_000_000_000_000n ? String(account).padStart(12, '0') : undefined;
}

/** A 40-character secret access key (base64 alphabet, as AWS's). */
export function generateSecretAccessKey(random: RandomBytes = secureRandomBytes): string {
  return btoa(String.fromCharCode(...random(30)));
}
