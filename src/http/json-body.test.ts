import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DynamoDBError } from '../errors.js';
import { MAX_JSON_DEPTH, parseRequestBody } from './json-body.js';

const parse = (text: string | Buffer) => parseRequestBody(typeof text === 'string' ? Buffer.from(text) : text);
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DynamoDBError);
    return err.code;
  }
  return 'none';
};

describe('parseRequestBody', () => {
  test('every object of the document is without a prototype; __proto__ is an own member', () => {
    const body = parse('{"Item":{"__proto__":{"S":"x"},"m":{"M":{"constructor":{"N":"1"}}}},"L":[{"a":1}]}') as Record<string, any>;
    assert.equal(Object.getPrototypeOf(body), null);
    assert.equal(Object.getPrototypeOf(body.Item), null);
    assert.deepEqual(Object.keys(body.Item), ['__proto__', 'm']);
    assert.equal(body.Item.__proto__.S, 'x');
    assert.equal(Object.getPrototypeOf(body.Item.m.M), null);
    assert.equal(body.Item.m.M.toString, undefined);
    assert.equal(body.Item.m.M.constructor.N, '1');
    assert.ok(Array.isArray(body.L));
    assert.equal(Object.getPrototypeOf(body.L[0]), null);
  });

  test('not JSON, not an object, invalid UTF-8: SerializationException', () => {
    for (const text of ['', 'nope', '[]', '"s"', '1', 'null', '{"a":1', '\ufeff{}']) assert.equal(codeOf(() => parse(text)), 'SerializationException', text);
    for (const bytes of [[0x80], [0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      assert.equal(codeOf(() => parse(Buffer.concat([Buffer.from('{"a":"'), Buffer.from(bytes), Buffer.from('"}')]))), 'SerializationException', String(bytes));
    }
  });

  test('a lone surrogate in a value or a member name: SerializationException; a pair is fine', () => {
    for (const text of ['{"a":"\\ud800"}', '{"a":"\\uDFFF"}', '{"\\udbff":1}', '{"a":["x","\\ud83dx"]}', '{"a":{"b":"\\ude00\\ud83d"}}']) {
      assert.equal(codeOf(() => parse(text)), 'SerializationException', text);
    }
    assert.equal((parse('{"a":"\\ud83d\\ude00","b":"\\\\ud800"}') as Record<string, string>).a, '😀');
  });

  test(`nesting up to ${MAX_JSON_DEPTH} levels parses; deeper is the nesting ValidationException`, () => {
    const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
    assert.doesNotThrow(() => parse(nested(MAX_JSON_DEPTH)));
    assert.equal(codeOf(() => parse(nested(MAX_JSON_DEPTH + 1))), 'ValidationException');
    assert.equal(codeOf(() => parse(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)), 'ValidationException');
  });
});
