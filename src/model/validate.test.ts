import { describe, test } from 'node:test';
import assert from '../../test/helpers/assert.js';
import { DynamoDBError } from '../errors.js';
import type { AttributeValue } from './attribute-value.js';
import { base64Problem, validateAttributeValue, validateItem, validateKeyValue, VALIDATION_MESSAGES } from './validate.js';

const VALIDATION = 'com.amazon.coral.validate#ValidationException';
const SERIALIZATION = 'com.amazon.coral.service#SerializationException';

function errorOf(fn: () => unknown): DynamoDBError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DynamoDBError);
    return error;
  }
  assert.fail('expected an error');
}

function assertValidation(fn: () => unknown, message: string): void {
  const error = errorOf(fn);
  assert.equal(error.type, VALIDATION);
  assert.equal(error.message, message);
}

/** `depth` single-key map wrappers around a string leaf. */
function deepMap(depth: number): AttributeValue {
  let v: AttributeValue = { S: 'leaf' };
  for (let i = 0; i < depth; i++) v = { M: { n: v } };
  return v;
}

function deepList(depth: number): AttributeValue {
  let v: AttributeValue = { S: 'leaf' };
  for (let i = 0; i < depth; i++) v = { L: [v] };
  return v;
}

const INVALID = 'One or more parameter values were invalid: ';

describe('validateAttributeValue: rejections', () => {
  const cases: [unknown, string][] = [
    [{}, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ a: '' }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ S: null }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ M: { a: {} } }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ L: [{}] }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ L: [{ a: {} }] }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ S: 'a', BOOL: true }, 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes'],
    [{ NULL: false }, `${INVALID}Null attribute value types must have the value of true`],
    [{ SS: [] }, `${INVALID}An string set  may not be empty`],
    [{ NS: [] }, `${INVALID}An number set  may not be empty`],
    [{ BS: [] }, `${INVALID}Binary sets should not be empty`],
    [{ SS: ['a', 'a'] }, `${INVALID}Input collection [a, a] contains duplicates.`],
    [{ SS: ['', ''] }, `${INVALID}Input collection [, ] contains duplicates.`],
    [{ SS: ['a', null] }, `${INVALID}An string set may not have a null string as a member`],
    [{ BS: ['Yg==', 'Yg=='] }, `${INVALID}Input collection [Yg==, Yg==]of type BS contains duplicates.`],
    [{ BS: ['', ''] }, `${INVALID}Input collection [, ]of type BS contains duplicates.`],
    [{ NS: ['1', '1'] }, 'Input collection contains duplicates'],
    [{ NS: ['1', '1.0'] }, 'Input collection contains duplicates'],
    [{ NS: ['100', '1E2'] }, 'Input collection contains duplicates'],
    [{ N: '' }, 'The parameter cannot be converted to a numeric value'],
    [{ S: '', N: '' }, 'The parameter cannot be converted to a numeric value'],
    [{ S: 'a', N: 'b' }, 'The parameter cannot be converted to a numeric value: b'],
    [{ NS: ['1', ''] }, 'The parameter cannot be converted to a numeric value'],
    [{ NS: ['1', 'b', 'a'] }, 'The parameter cannot be converted to a numeric value: b'],
    [{ N: '123456789012345678901234567890123456789' }, 'Attempting to store more than 38 significant digits in a Number'],
    [{ N: '-1.23456789012345678901234567890123456789' }, 'Attempting to store more than 38 significant digits in a Number'],
    [{ N: '1e126' }, 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
    [{ N: '-1e126' }, 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
    [{ N: '1e-131' }, 'Number underflow. Attempting to store a number with magnitude smaller than supported range'],
    [{ M: { a: { NULL: false } } }, `${INVALID}Null attribute value types must have the value of true`],
    [{ L: [{ SS: [] }] }, `${INVALID}An string set  may not be empty`],
    [{ L: [null] }, 'The supplied Item contains a null AttributeValue'],
    [{ M: { '': { S: 'x' } } }, 'Empty attribute name'],
  ];
  for (const [value, message] of cases) {
    test(JSON.stringify(value).slice(0, 60), () => assertValidation(() => validateAttributeValue(value), message));
  }

  test('invalid base64 is a SerializationException', () => {
    for (const [value, message] of [
      [{ B: 'abc' }, 'Base64 encoded length is expected a multiple of 4 bytes but found: 3'],
      [{ BS: ['+/+='] }, 'Invalid last non-pad Base64 character dectected'],
    ] as const) {
      const error = errorOf(() => validateAttributeValue(value));
      assert.equal(error.type, SERIALIZATION);
      assert.equal(error.message, message);
    }
  });

  test('types are checked in DynamoDB order before the type count', () => {
    // N is validated before "more than one datatypes" is reported
    assertValidation(() => validateAttributeValue({ S: 'a', N: 'x' }), 'The parameter cannot be converted to a numeric value: x');
    // SS comes before NULL
    assertValidation(() => validateAttributeValue({ NULL: false, SS: [] }), `${INVALID}An string set  may not be empty`);
  });
});

describe('validateAttributeValue: normalization and acceptance', () => {
  const cases: [unknown, AttributeValue][] = [
    [{ S: '' }, { S: '' }],
    [{ B: '' }, { B: '' }],
    [{ N: '1.50' }, { N: '1.5' }],
    [{ N: '-0' }, { N: '0' }],
    [{ N: '1E3' }, { N: '1000' }],
    [{ NS: ['1.0', '2e1'] }, { NS: ['1', '20'] }],
    [{ SS: ['a', ''] }, { SS: ['a', ''] }],
    [{ BS: ['', 'Yg=='] }, { BS: ['', 'Yg=='] }],
    [{ BOOL: false }, { BOOL: false }],
    [{ NULL: true }, { NULL: true }],
    [{ S: 'x', Unknown: 5 }, { S: 'x' }],
    [{ M: { a: { N: '01' }, b: { L: [{ N: '2.00' }, { NS: ['3.0'] }] } } }, { M: { a: { N: '1' }, b: { L: [{ N: '2' }, { NS: ['3'] }] } } }],
    [{ L: [] }, { L: [] }],
    [{ M: {} }, { M: {} }],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => assert.deepEqual(validateAttributeValue(input), expected));
  }

  test('does not modify its input', () => {
    const input = { M: { a: { N: '1.0' } } };
    validateAttributeValue(input);
    assert.deepEqual(input, { M: { a: { N: '1.0' } } });
  });
});

describe('nesting limit', () => {
  const NEST = 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';

  test('31 wrappers (leaf at level 32) are accepted, 32 are not', () => {
    assert.doesNotThrow(() => validateItem({ data: deepMap(31) }));
    assert.doesNotThrow(() => validateItem({ data: deepList(31) }));
    assertValidation(() => validateItem({ data: deepMap(32) }), NEST);
    assertValidation(() => validateItem({ data: deepList(32) }), NEST);
    assertValidation(() => validateItem({ data: deepMap(5000) }), NEST);
  });

  test('an empty document at level 32 is too deep', () => {
    let v: AttributeValue = { M: {} };
    for (let i = 0; i < 31; i++) v = { L: [v] };
    assertValidation(() => validateItem({ data: v }), NEST);
  });

  test('depth is checked over the whole item before other checks', () => {
    assertValidation(() => validateItem({ a: { SS: [] }, b: deepMap(40) }), NEST);
  });

  test('validateAttributeValue counts its own level as 1', () => {
    assert.doesNotThrow(() => validateAttributeValue(deepMap(31)));
    assertValidation(() => validateAttributeValue(deepMap(32)), NEST);
  });
});

describe('validateItem', () => {
  test('returns a normalized copy', () => {
    assert.deepEqual(validateItem({ a: { S: 'x' }, n: { N: '0010.10' } }), { a: { S: 'x' }, n: { N: '10.1' } });
  });

  test('attribute names', () => {
    assertValidation(() => validateItem({ '': { S: 'x' } }), 'Empty attribute name');
    assertValidation(() => validateItem({ ['a'.repeat(65536)]: { S: 'x' } }), 'Attribute name is too large, must be less than 65536 bytes');
    assertValidation(() => validateItem({ ['é'.repeat(32768)]: { S: 'x' } }), 'Attribute name is too large, must be less than 65536 bytes');
    assert.doesNotThrow(() => validateItem({ ['a'.repeat(65535)]: { S: 'x' } }));
  });

  test('a null attribute value', () => {
    assertValidation(() => validateItem({ a: null }), 'The supplied Item contains a null AttributeValue');
  });

  test('ExpressionAttributeValues context wraps the message with the key', () => {
    const wrap = (m: string) => `ExpressionAttributeValues contains invalid value: ${m} for key :b`;
    const eav = { context: 'expressionAttributeValues' } as const;
    const cases: [unknown, string][] = [
      [{}, wrap(VALIDATION_MESSAGES.emptyValue)],
      [{ SS: [] }, wrap(`${INVALID}An string set  may not be empty`)],
      [{ N: 'b' }, wrap('The parameter cannot be converted to a numeric value: b')],
      [{ S: 'a', N: '1' }, wrap(VALIDATION_MESSAGES.multipleTypes)],
      [deepMap(40), wrap(VALIDATION_MESSAGES.nesting)],
    ];
    for (const [value, message] of cases) assertValidation(() => validateItem({ ':b': value }, eav), message);
    assert.deepEqual(validateItem({ ':a': { N: '1.0' } }, eav), { ':a': { N: '1' } });
    // base64 problems stay SerializationExceptions
    assert.equal(errorOf(() => validateItem({ ':b': { B: 'a' } }, eav)).type, SERIALIZATION);
  });

  test('input that skipped the shape check is a SerializationException, not a crash', () => {
    for (const value of [{ S: 5 }, { SS: 'a' }, { M: [] }, { BOOL: 'true' }, 'x']) {
      assert.equal(errorOf(() => validateItem({ a: value })).type, SERIALIZATION);
    }
  });
});

describe('validateKeyValue', () => {
  const cases: [string, () => void, string][] = [
    [
      'type mismatch in an item',
      () => validateKeyValue('pk', { N: '1' }, 'S', 'partition'),
      `${INVALID}Type mismatch for key pk expected: S actual: N`,
    ],
    [
      'type mismatch in a Key',
      () => validateKeyValue('pk', { SS: ['a'] }, 'S', 'partition', 'key'),
      'The provided key element does not match the schema',
    ],
    [
      'empty string',
      () => validateKeyValue('sk', { S: '' }, 'S', 'sort'),
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: sk',
    ],
    [
      'empty binary',
      () => validateKeyValue('pk', { B: '' }, 'B', 'partition'),
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: pk',
    ],
    [
      'partition key over 2048 bytes',
      () => validateKeyValue('pk', { S: 'a'.repeat(2049) }, 'S', 'partition'),
      `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
    ],
    [
      'partition key over 2048 UTF-8 bytes',
      () => validateKeyValue('pk', { S: 'é'.repeat(1025) }, 'S', 'partition'),
      `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
    ],
    [
      'sort key over 1024 bytes',
      () => validateKeyValue('sk', { B: Buffer.alloc(1025).toString('base64') }, 'B', 'sort'),
      `${INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`,
    ],
  ];
  for (const [name, fn, message] of cases) test(name, () => assertValidation(fn, message));

  test('accepts keys at the limits', () => {
    validateKeyValue('pk', { S: 'a'.repeat(2048) }, 'S', 'partition');
    validateKeyValue('sk', { S: 'a'.repeat(1024) }, 'S', 'sort');
    validateKeyValue('pk', { N: '0' }, 'N', 'partition');
    validateKeyValue('sk', { B: 'AA==' }, 'B', 'sort');
  });
});

describe('base64Problem', () => {
  const cases: [string, string | undefined][] = [
    ['', undefined],
    ['AA==', undefined],
    ['AAA=', undefined],
    ['AAAA', undefined],
    ['+/+/', undefined],
    ['A', 'Base64 encoded length is expected a multiple of 4 bytes but found: 1'],
    ['AB==', 'Invalid last non-pad Base64 character dectected'],
    ['AAB=', 'Invalid last non-pad Base64 character dectected'],
    ['A===', 'Invalid last non-pad Base64 character dectected'],
    ['====', 'Invalid last non-pad Base64 character dectected'],
    ['A=AA', "Invalid Base64 character: '='"],
    ['AA-A', "Invalid Base64 character: '-'"],
  ];
  for (const [text, problem] of cases) test(JSON.stringify(text), () => assert.equal(base64Problem(text), problem));

  test('agrees with canonical encodings of random bytes', () => {
    for (let n = 0; n < 200; n++) {
      const bytes = Buffer.from(Array.from({ length: n % 17 }, () => Math.floor(Math.random() * 256)));
      assert.equal(base64Problem(bytes.toString('base64')), undefined);
    }
  });
});
