/**
 * SHA-256 and HMAC-SHA-256 over WebCrypto, in the shape `@smithy/signature-v4` hashes with
 * (update, then an async digest). Works in browsers and in Node.js (globalThis.crypto), so the
 * console signs with the same signer as the admin CLI without Node's crypto module.
 */

type Data = string | ArrayBuffer | ArrayBufferView;

const encoder = new TextEncoder();

function bytesOf(data: Data): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
}

export class WebCryptoSha256 {
  readonly #secret: Uint8Array<ArrayBuffer> | undefined;
  #chunks: Uint8Array<ArrayBuffer>[] = [];

  constructor(secret?: Data) {
    this.#secret = secret === undefined ? undefined : bytesOf(secret);
  }

  update(data: Data): void {
    this.#chunks.push(bytesOf(data));
  }

  reset(): void {
    this.#chunks = [];
  }

  async digest(): Promise<Uint8Array> {
    const size = this.#chunks.reduce((sum, c) => sum + c.length, 0);
    const message = new Uint8Array(size);
    let at = 0;
    for (const c of this.#chunks) {
      message.set(c, at);
      at += c.length;
    }
    const { subtle } = globalThis.crypto;
    if (this.#secret === undefined) return new Uint8Array(await subtle.digest('SHA-256', message));
    const key = await subtle.importKey('raw', this.#secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await subtle.sign('HMAC', key, message));
  }
}
