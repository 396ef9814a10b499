import assert from '../../test/helpers/assert.js';
import { describe, test } from 'node:test';
import { DynamoDBError } from '../errors.js';
import type { Binary, Select } from './ast.js';
import { parseStatement } from './parser.js';
import { toAttributeValue } from './values.js';

/** The value on the right of `WHERE a = <literal>`. */
function literal(text: string) {
  const where = (parseStatement(`SELECT * FROM "t" WHERE a = ${text}`).root as Select).where as Binary;
  return where.right;
}

describe('PartiQL literals as attribute values', () => {
  const cases: [string, unknown][] = [
    [`'text'`, { S: 'text' }],
    [`''`, { S: '' }],
    [`1.50`, { N: '1.5' }],
    [`15E-1`, { N: '1.5' }],
    [`-0`, { N: '0' }],
    [`TRUE`, { BOOL: true }],
    [`null`, { NULL: true }],
    [`[1, 'a', [true]]`, { L: [{ N: '1' }, { S: 'a' }, { L: [{ BOOL: true }] }] }],
    [`{'k': {'j': 'v'}}`, { M: { k: { M: { j: { S: 'v' } } } } }],
    [`<<'b', 'a'>>`, { SS: ['b', 'a'] }],
    [`<<3, -1>>`, { NS: ['3', '-1'] }],
  ];
  for (const [text, expected] of cases) {
    test(text, () => assert.deepEqual(toAttributeValue(literal(text), []), expected));
  }

  test('a parameter is the value given', () => {
    assert.deepEqual(toAttributeValue(literal('?'), [{ B: 'AQI=' }]), { B: 'AQI=' });
  });

  const failures: [string, string][] = [
    ['1e126', 'Number overflow. Attempting to store a number with magnitude larger than supported range under root'],
    ['123456789012345678901234567890123456789', 'Attempting to store more than 38 significant digits in a Number under root'],
    [`[1, {'x': 1e-131}]`, 'Number underflow. Attempting to store a number with magnitude smaller than supported range under root[1].x'],
    [`<<'a', 'a'>>`, 'One or more parameter values were invalid: Input collection [a, a] contains duplicates.'],
    [`<<?>>`, 'Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags'],
    ['`{a: 1}`', 'Ion Literals are not supported: {a: 1} under key root'],
    ['MISSING', 'Unsupported data type: MISSING under key root'],
    [`{1: 'x'}`, 'Tuple keys must be of type String. Actual type: INT under root'],
  ];
  for (const [text, expected] of failures) {
    test(`${text} fails`, () => {
      assert.throws(
        () => toAttributeValue(literal(text), [{ S: 'p' }]),
        (e: unknown) => e instanceof DynamoDBError && e.code === 'ValidationException' && e.message === expected,
      );
    });
  }
});
