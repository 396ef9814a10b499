import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crc32, deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { BodyEncodingError, DecodedBodyTooLargeError, decodeRequestBody, encodeResponseBody, negotiateCoding, RESPONSE_COMPRESSION_THRESHOLD } from './compression.js';

describe('Accept-Encoding negotiation', () => {
  const cases: [string | undefined, string | undefined][] = [
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['br', undefined],
    ['zstd', undefined],
    ['x-gzip', undefined],
    ['gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['gzip, deflate', 'gzip'],
    ['br, identity, deflate, gzip', 'deflate'],
    ['GZIP, identity', 'gzip'],
    ['dog, gzip ,, cat', 'gzip'],
    ['gzip;q=0.8, deflate;q=0.5', 'gzip'],
    ['br, gzip;q=0, deflate; q = 0.5 , identity;q=0', 'deflate'],
    ['*', 'gzip'],
    ['*, deflate;q=0.5', 'gzip'],
    ['*, deflate', 'deflate'],
    ['*, gzip;q=0.5', 'deflate'],
    ['gzip ;q=0', undefined],
    ['*;q=0', undefined],
    ['*;q=0.5,identity', 'gzip'],
    ['br;q=0.8,identity;q=0.5,*;q=0', undefined],
    ['"gzip"', undefined],
    ['gzip br', undefined],
    ['gzip:q=1', undefined],
    ['deflate;q=0.5, gzip;q=31', 'gzip'],
    ['deflate;q=0.5, gzip;q=1;q=0.2', 'gzip'],
    ['deflate;q=0.5,gzip;q=0.', 'deflate'],
    ['deflate;q=0.5,gzip;q=0.x', 'gzip'],
    ['deflate;q=-0.5,gzip;q=0.2', 'gzip'],
    ['gzip;nq=1;q=0 ', undefined],
    ['gzip;q=0, gzip;q=1, gzip;q=0', 'gzip'],
    ['br,identity;q=0.5,gzip;q=0.0001', 'gzip'],
  ];
  for (const [header, expected] of cases) {
    test(`${JSON.stringify(header)} -> ${expected ?? 'no coding'}`, () => assert.equal(negotiateCoding(header), expected));
  }
});

describe('request bodies', () => {
  const json = Buffer.from(JSON.stringify({ TableName: 'Things', Item: { pk: { S: 'x'.repeat(5000) } } }));

  test('gzip, concatenated gzip members, deflate and identity decode to the body', async () => {
    assert.deepEqual(Buffer.from(await decodeRequestBody('gzip', gzipSync(json), 1 << 24)), json);
    assert.deepEqual(Buffer.from(await decodeRequestBody('gzip', Buffer.concat([gzipSync(json.subarray(0, 10)), gzipSync(json.subarray(10))]), 1 << 24)), json);
    assert.deepEqual(Buffer.from(await decodeRequestBody('DEFLATE', deflateSync(json), 1 << 24)), json);
    assert.deepEqual(Buffer.from(await decodeRequestBody('identity', json, 1 << 24)), json);
    assert.deepEqual(Buffer.from(await decodeRequestBody('deflate, gzip', gzipSync(deflateSync(json)), 1 << 24)), json);
  });

  test('a truncated, empty or plain body, or an unknown coding, is BodyEncodingError', async () => {
    const gz = gzipSync(json);
    await assert.rejects(decodeRequestBody('gzip', gz.subarray(0, gz.length - 1), 1 << 24), BodyEncodingError);
    await assert.rejects(decodeRequestBody('gzip', Buffer.alloc(0), 1 << 24), BodyEncodingError);
    await assert.rejects(decodeRequestBody('gzip', json, 1 << 24), BodyEncodingError);
    await assert.rejects(decodeRequestBody('deflate', gz, 1 << 24), BodyEncodingError);
    await assert.rejects(decodeRequestBody('br', json, 1 << 24), BodyEncodingError);
    await assert.rejects(decodeRequestBody('garbage', json, 1 << 24), BodyEncodingError);
  });

  test('decoding stops at the limit: a 1 GB bomb is refused without inflating it', async () => {
    // 64 MB of zeros, gzipped (about 64 KB): inflating it whole would take 64 MB
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const before = process.memoryUsage().arrayBuffers;
    await assert.rejects(decodeRequestBody('gzip', bomb, 16 * 1024 * 1024), DecodedBodyTooLargeError);
    await assert.rejects(decodeRequestBody('gzip', gzipSync(Buffer.alloc(1025)), 1024), DecodedBodyTooLargeError);
    assert.deepEqual(Buffer.from(await decodeRequestBody('gzip', gzipSync(Buffer.alloc(1024)), 1024)), Buffer.alloc(1024));
    assert.ok(process.memoryUsage().arrayBuffers - before < 40 * 1024 * 1024);
  });
});

describe('response bodies', () => {
  const big = JSON.stringify({ Item: { x: { S: 'y'.repeat(RESPONSE_COMPRESSION_THRESHOLD) } } });

  test('compressed when asked and at least 4096 bytes; x-amz-crc32 is the CRC32 of the compressed bytes', async () => {
    const gz = await encodeResponseBody('gzip, deflate', big);
    assert.equal(gz.headers?.['Content-Encoding'], 'gzip');
    assert.ok(Buffer.isBuffer(gz.body));
    assert.equal(gz.headers?.['x-amz-crc32'], String(crc32(gz.body)));
    assert.equal(gunzipSync(gz.body).toString(), big);
    const df = await encodeResponseBody('deflate', big);
    assert.equal(df.headers?.['Content-Encoding'], 'deflate');
    assert.equal(inflateSync(df.body as Buffer).toString(), big);
  });

  test('sent as it is below the threshold, or when no coding is accepted', async () => {
    const exactly = 'a'.repeat(RESPONSE_COMPRESSION_THRESHOLD);
    assert.equal((await encodeResponseBody('gzip', exactly)).headers?.['Content-Encoding'], 'gzip');
    assert.deepEqual(await encodeResponseBody('gzip', exactly.slice(1)), { body: exactly.slice(1), headers: undefined });
    assert.deepEqual(await encodeResponseBody('br', big), { body: big, headers: undefined });
    assert.deepEqual(await encodeResponseBody(undefined, big), { body: big, headers: undefined });
    // counted in bytes: 1366 three-byte characters are 4098 bytes
    assert.equal((await encodeResponseBody('gzip', '€'.repeat(1366))).headers?.['Content-Encoding'], 'gzip');
  });
});
