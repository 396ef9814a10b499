import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkDynamoValue, inferValue, itemText, itemToPlainText, ItemFormatError, needsDynamoJson, parseItem } from './infer.js';
import { JsonNumber, JsonSyntaxError, parseJson } from './json-text.js';

describe('plain JSON with every digit of its numbers', () => {
  test('numbers keep their text, beyond what a double holds', () => {
    assert.deepEqual(parseJson('[12345678901234567890123456789012345678, 0.1, -2.50e-3]'), [
      new JsonNumber('12345678901234567890123456789012345678'),
      new JsonNumber('0.1'),
      new JsonNumber('-2.50e-3'),
    ]);
  });

  test('strings with escapes, nesting, literals', () => {
    assert.deepEqual(parseJson(' {"a\\u00e9\\n": [true, false, null, {"b": "\\"x\\""}]} '), { 'aé\n': [true, false, null, { b: '"x"' }] });
  });

  test('errors say what and where', () => {
    assert.throws(() => parseJson('{"a": 1,\n  "b" 2}'), new JsonSyntaxError("expected ':' but found '2' at line 2, column 7"));
    assert.throws(() => parseJson('{"a": 1} x'), new JsonSyntaxError("unexpected 'x' after the value at line 1, column 10"));
    assert.throws(() => parseJson('{"a": 01}'), JsonSyntaxError);
    assert.throws(() => parseJson('{"a": 1, "a": 2}'), /duplicate name "a"/);
    assert.throws(() => parseJson('"abc'), /unterminated string/);
    assert.throws(() => parseJson('{"a": '), /the text ended where a value was expected/);
    assert.throws(() => parseJson('['.repeat(100)), /nesting deeper than 64 levels/);
  });
});

describe('type inference of plain JSON', () => {
  test('string S, number N (text kept), boolean BOOL, null NULL, array L, object M', () => {
    const item = parseItem('{"pk": "a", "n": 1.50, "big": 123456789012345678901234567890.5, "ok": true, "none": null, "list": [1, "x"], "map": {"deep": {"z": false}}}', 'plain');
    assert.deepEqual(item, {
      pk: { S: 'a' },
      n: { N: '1.50' },
      big: { N: '123456789012345678901234567890.5' },
      ok: { BOOL: true },
      none: { NULL: true },
      list: { L: [{ N: '1' }, { S: 'x' }] },
      map: { M: { deep: { M: { z: { BOOL: false } } } } },
    });
  });

  test('empty strings, lists and maps stay what they are', () => {
    assert.deepEqual(inferValue(parseJson('""')), { S: '' });
    assert.deepEqual(inferValue(parseJson('[]')), { L: [] });
    assert.deepEqual(inferValue(parseJson('{}')), { M: {} });
  });

  test('an item must be an object', () => {
    assert.throws(() => parseItem('[1]', 'plain'), new ItemFormatError('an item must be a JSON object of attributes'));
    assert.throws(() => parseItem('"x"', 'dynamodb'), ItemFormatError);
  });
});

describe('DynamoDB JSON is checked value by value', () => {
  test('every type', () => {
    const text = '{"s": {"S": "x"}, "n": {"N": "1"}, "b": {"B": "AAE="}, "ss": {"SS": ["a"]}, "ns": {"NS": ["1", 2.5]}, "bs": {"BS": ["AA=="]}, "l": {"L": [{"NULL": true}]}, "m": {"M": {"t": {"BOOL": true}}}}';
    assert.deepEqual(parseItem(text, 'dynamodb'), {
      s: { S: 'x' },
      n: { N: '1' },
      b: { B: 'AAE=' },
      ss: { SS: ['a'] },
      ns: { NS: ['1', '2.5'] },
      bs: { BS: ['AA=='] },
      l: { L: [{ NULL: true }] },
      m: { M: { t: { BOOL: true } } },
    });
  });

  test('a bare number for N is taken with its digits', () => {
    assert.deepEqual(checkDynamoValue(parseJson('{"N": 1.10}'), 'x'), { N: '1.10' });
  });

  test('mistakes are named with their path', () => {
    assert.throws(() => parseItem('{"a": "plain"}', 'dynamodb'), new ItemFormatError('a: expected an object such as {"S": "text"}'));
    assert.throws(() => parseItem('{"a": {"S": "x", "N": "1"}}', 'dynamodb'), /a: expected exactly one of S, N, B, BOOL, NULL, M, L, SS, NS, BS, found S, N/);
    assert.throws(() => parseItem('{"a": {"M": {"b": {"L": [{"X": 1}]}}}}', 'dynamodb'), /a\.b\[0\]: expected exactly one of/);
    assert.throws(() => parseItem('{"a": {"N": true}}', 'dynamodb'), /a: N must be a number written as a string/);
    assert.throws(() => parseItem('{"a": {"NULL": false}}', 'dynamodb'), /a: NULL must be true/);
    assert.throws(() => parseItem('{"a": {"SS": [1]}}', 'dynamodb'), /a: SS must be a list of strings/);
    assert.throws(() => parseItem('{"a": {"NS": [true]}}', 'dynamodb'), /a: NS must be a list of numbers/);
  });
});

describe('items written back for editing', () => {
  const item = { pk: { S: 'a"b' }, n: { N: '12345678901234567890.5' }, l: { L: [{ BOOL: true }, { NULL: true } as const] }, m: { M: { x: { N: '-1' } } } };

  test('plain JSON round-trips exactly, numbers untouched', () => {
    const text = itemToPlainText(item);
    assert.match(text, /"n": 12345678901234567890\.5/);
    assert.deepEqual(parseItem(text, 'plain'), item);
  });

  test('sets and binary need DynamoDB JSON, and itemText falls back to it', () => {
    const withSet = { ...item, tags: { SS: ['x'] } };
    assert.equal(needsDynamoJson({ L: [{ M: { b: { B: 'AA==' } } }] }), true);
    assert.equal(needsDynamoJson(item.m), false);
    assert.throws(() => itemToPlainText(withSet), /sets and binary values have no plain JSON form/);
    assert.deepEqual(parseItem(itemText(withSet, 'plain'), 'dynamodb'), withSet);
  });
});
