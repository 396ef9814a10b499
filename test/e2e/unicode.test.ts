/**
 * Strings that are not valid Unicode are refused, never replaced: a lone surrogate (sent as
 * a `\uD800` escape) or bytes that are not UTF-8, at every place a string can stand in
 * every operation's request (each String and Blob member, map key and attribute value of
 * the request specs), answer SerializationException, and nothing is written.
 */
import assert from 'node:assert/strict';
import { GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { after, before, describe, test } from 'node:test';
import { OPERATION_NAMES } from '../../src/api/registry.js';
import { REQUEST_SPECS } from '../../src/api/request-specs.js';
import { rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { buildCase, createWalkTables, walkPaths, WALK_TABLE } from '../helpers/spec-walk.js';

const SERIALIZATION = 'com.amazon.coral.service#SerializationException';
const MARKER = 'INVALID-STRING-MARKER';

/** The invalid byte sequences put in place of a string: a stray continuation byte, 0xFF, an overlong NUL, an encoded surrogate. */
const BAD_BYTES = [Buffer.from([0x80]), Buffer.from([0xff]), Buffer.from([0xc0, 0x80]), Buffer.from([0xed, 0xa0, 0x80])];

function withBytes(body: string, bytes: Buffer): Buffer {
  const at = body.indexOf(MARKER);
  assert.ok(at >= 0);
  return Buffer.concat([Buffer.from(body.slice(0, at)), Buffer.from('a'), bytes, Buffer.from('b'), Buffer.from(body.slice(at + MARKER.length))]);
}

describe('strings that are not valid Unicode', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
    await createWalkTables(server.client());
  });
  after(() => server.close());

  test('two lone surrogates are two refused keys, not one item', async () => {
    for (const escape of ['\\ud800', '\\udbff', '\\udc00', 'a\\ud83d', '\\ude00b']) {
      const res = await rawRequest(server.url, { target: 'PutItem', body: `{"TableName":"${WALK_TABLE}","Item":{"pk":{"S":"${escape}"},"sk":{"S":"s"}}}` });
      assert.equal(res.status, 400, escape);
      assert.equal(res.json?.__type, SERIALIZATION, escape);
    }
    const scan = await server.client().send(new ScanCommand({ TableName: WALK_TABLE }));
    assert.equal(scan.Count, 0, 'nothing was written');
  });

  test('a surrogate pair (an emoji) is a valid string, escaped or not', async () => {
    await rawRequest(server.url, { target: 'PutItem', body: `{"TableName":"${WALK_TABLE}","Item":{"pk":{"S":"\\ud83d\\ude00"},"sk":{"S":"😀"}}}` });
    const got = await server.client().send(new GetItemCommand({ TableName: WALK_TABLE, Key: { pk: { S: '😀' }, sk: { S: '\u{1F600}' } } }));
    assert.deepEqual(got.Item, { pk: { S: '😀' }, sk: { S: '😀' } });
    await server.client().send(new PutItemCommand({ TableName: WALK_TABLE, Item: { pk: { S: 'ok' }, sk: { S: 'é中' } } }));
  });

  for (const operation of OPERATION_NAMES) {
    test(`${operation}: every string, map key and attribute value`, async () => {
      const spec = REQUEST_SPECS[operation];
      let cases = 0;
      for (const path of walkPaths(spec)) {
        const last = path.steps[path.steps.length - 1];
        const stringy = last.kind === 'key' || path.spec.type === 'String' || path.spec.type === 'Blob';
        if (!stringy) continue;
        cases++;
        // a lone surrogate, as JSON.stringify escapes it
        const surrogate = await rawRequest(server.url, { target: operation, body: JSON.stringify(buildCase(operation, spec, path, 'x\ud800y')) });
        assert.equal(surrogate.json?.__type, SERIALIZATION, `${operation} ${path.label}: ${surrogate.text}`);
        const body = JSON.stringify(buildCase(operation, spec, path, MARKER));
        for (const bytes of BAD_BYTES) {
          const res = await rawRequest(server.url, { target: operation, body: withBytes(body, bytes) });
          assert.equal(res.status, 400, `${operation} ${path.label} ${bytes.toString('hex')}`);
          assert.equal(res.json?.__type, SERIALIZATION, `${operation} ${path.label} ${bytes.toString('hex')}: ${res.text}`);
        }
      }
      if (Object.keys(spec).length > 0) assert.ok(cases > 0);
    });
  }

  test('nothing of all that was written', async () => {
    const scan = await server.client().send(new ScanCommand({ TableName: WALK_TABLE }));
    assert.deepEqual(scan.Items?.map((i) => i.pk.S).sort(), ['ok', '😀']);
  });
});
