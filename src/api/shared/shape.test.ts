import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBError } from '../../errors.js';
import { AttributeValueSpec, checkAttributeValueShape, checkShape, constraintFailures, renderValue, SERIALIZATION_MESSAGES, type FieldSpec, type RequestSpec } from './shape.js';
import { AttributesToGetSpec, ConsistentReadSpec, ExpressionAttributeNamesSpec, ExpressionAttributeValuesSpec, ItemSpec, KeySpec, ReturnConsumedCapacitySpec, ReturnItemCollectionMetricsSpec, ReturnValuesOnConditionCheckFailureSpec, ReturnValuesSpec, TableNameSpec } from './specs.js';

const SERIALIZATION = 'com.amazon.coral.service#SerializationException';
const VALIDATION = 'com.amazon.coral.validate#ValidationException';

/** The error checkShape throws, or undefined. */
function shapeError(body: Record<string, unknown>, spec: RequestSpec): DynamoDBError | undefined {
  try {
    checkShape(body, spec);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof DynamoDBError);
    return error;
  }
}

function assertSerialization(body: Record<string, unknown>, spec: RequestSpec, message: string): void {
  const error = shapeError(body, spec);
  assert.ok(error, `expected SerializationException for ${JSON.stringify(body)}`);
  assert.equal(error.type, SERIALIZATION);
  assert.equal(error.status, 400);
  assert.equal(error.message, message);
}

function assertValidation(body: Record<string, unknown>, spec: RequestSpec, message: string): void {
  const error = shapeError(body, spec);
  assert.ok(error, `expected ValidationException for ${JSON.stringify(body)}`);
  assert.equal(error.type, VALIDATION);
  assert.equal(error.message, message);
}

/** Puts `value` at a dotted path ("Item.a.L.0") of a fresh body; "0" makes an array. */
function bodyWith(path: string, value: unknown): Record<string, unknown> {
  const pieces = path.split('.');
  const body: Record<string, unknown> = {};
  let node: Record<string, unknown> | unknown[] = body;
  for (let i = 0; i < pieces.length - 1; i++) {
    const child: Record<string, unknown> | unknown[] = pieces[i + 1] === '0' ? [] : {};
    if (Array.isArray(node)) node[0] = child;
    else node[pieces[i]] = child;
    node = child;
  }
  if (Array.isArray(node)) node[0] = value;
  else node[pieces[pieces.length - 1]] = value;
  return body;
}

// What DynamoDB answers per expected type, as recorded by tests run against it.
const CAST = SERIALIZATION_MESSAGES.parameterizedType;
const TYPE_CASES: Record<string, [unknown, string][]> = {
  String: [
    [true, 'TRUE_VALUE cannot be converted to String'],
    [false, 'FALSE_VALUE cannot be converted to String'],
    [23, 'NUMBER_VALUE cannot be converted to String'],
    [-2147483648, 'NUMBER_VALUE cannot be converted to String'],
    [2147483648, 'NUMBER_VALUE cannot be converted to String'],
    [34.56, 'DECIMAL_VALUE cannot be converted to String'],
    [[], 'Unrecognized collection type class java.lang.String'],
    [{}, 'Start of structure or map found where not expected'],
  ],
  Boolean: [
    ['23', 'Unexpected token received from parser'],
    [23, 'NUMBER_VALUE cannot be converted to Boolean'],
    [2147483648, 'NUMBER_VALUE cannot be converted to Boolean'],
    [34.56, 'DECIMAL_VALUE cannot be converted to Boolean'],
    [[], 'Unrecognized collection type class java.lang.Boolean'],
    [{}, 'Start of structure or map found where not expected'],
  ],
  Integer: [
    ['23', 'STRING_VALUE cannot be converted to Integer'],
    [true, 'TRUE_VALUE cannot be converted to Integer'],
    [false, 'FALSE_VALUE cannot be converted to Integer'],
    [[], 'Unrecognized collection type class java.lang.Integer'],
    [{}, 'Start of structure or map found where not expected'],
  ],
  Long: [
    ['23', 'STRING_VALUE cannot be converted to Long'],
    [true, 'TRUE_VALUE cannot be converted to Long'],
    [[], 'Unrecognized collection type class java.lang.Long'],
    [{}, 'Start of structure or map found where not expected'],
  ],
  Blob: [
    [true, 'only base-64-encoded strings are convertible to bytes'],
    [23, 'only base-64-encoded strings are convertible to bytes'],
    [34.56, 'only base-64-encoded strings are convertible to bytes'],
    [[], 'Unrecognized collection type class java.nio.ByteBuffer'],
    [{}, 'Start of structure or map found where not expected'],
    ['23456', 'Base64 encoded length is expected a multiple of 4 bytes but found: 5'],
    ['=+/=', 'Invalid last non-pad Base64 character dectected'],
    ['+/+=', 'Invalid last non-pad Base64 character dectected'],
    ['a!cd', "Invalid Base64 character: '!'"],
  ],
  List: [
    ['23', 'Unexpected field type'],
    [true, 'Unexpected field type'],
    [23, 'Unexpected field type'],
    [34.56, 'Unexpected field type'],
    [{}, 'Start of structure or map found where not expected'],
  ],
  NestedList: [
    ['23', CAST],
    [true, CAST],
    [23, CAST],
    [{}, 'Start of structure or map found where not expected'],
  ],
  AttributeMap: [
    ['23', 'Unexpected field type'],
    [true, 'Unexpected field type'],
    [23, 'Unexpected field type'],
    [34.56, 'Unexpected field type'],
    [[], 'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>'],
  ],
  NestedAttributeMap: [
    ['23', CAST],
    [true, CAST],
    [[], 'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>'],
  ],
  ValueStruct: [
    ['23', 'Unexpected value type in payload'],
    [true, 'Unexpected value type in payload'],
    [23, 'Unexpected value type in payload'],
    [34.56, 'Unexpected value type in payload'],
    [[], 'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue'],
  ],
  FieldStruct: [
    ['23', 'Unexpected field type'],
    [true, 'Unexpected field type'],
    [[], 'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue'],
  ],
};

const ExpectedSpec: FieldSpec = {
  type: 'Map',
  of: {
    type: 'Structure',
    name: 'ExpectedAttributeValue',
    fields: { Value: AttributeValueSpec, Exists: { type: 'Boolean' } },
  },
};

const PUT_LIKE: RequestSpec = {
  TableName: TableNameSpec,
  Item: ItemSpec,
  Expected: ExpectedSpec,
  Limit: { type: 'Integer', min: 1 },
  Size: { type: 'Long' },
  Data: { type: 'Blob' },
  ConsistentRead: ConsistentReadSpec,
  AttributesToGet: AttributesToGetSpec,
  Keys: { type: 'List', of: { type: 'Map', of: AttributeValueSpec } },
  Batches: { type: 'Map', of: { type: 'List', of: { type: 'String' } } },
  ExpressionAttributeNames: ExpressionAttributeNamesSpec,
  ExpressionAttributeValues: ExpressionAttributeValuesSpec,
};

/** Where a value of each expected type sits, for the type matrix. */
const PATHS: [string, string][] = [
  ['TableName', 'String'],
  ['ConsistentRead', 'Boolean'],
  ['Limit', 'Integer'],
  ['Size', 'Long'],
  ['Data', 'Blob'],
  ['AttributesToGet', 'List'],
  ['AttributesToGet.0', 'String'],
  ['Item', 'AttributeMap'],
  ['Item.a', 'ValueStruct'],
  ['Item.a.S', 'String'],
  ['Item.a.N', 'String'],
  ['Item.a.B', 'Blob'],
  ['Item.a.BOOL', 'Boolean'],
  ['Item.a.NULL', 'Boolean'],
  ['Item.a.SS', 'List'],
  ['Item.a.SS.0', 'String'],
  ['Item.a.NS', 'List'],
  ['Item.a.NS.0', 'String'],
  ['Item.a.BS', 'List'],
  ['Item.a.BS.0', 'Blob'],
  ['Item.a.L', 'List'],
  ['Item.a.L.0', 'ValueStruct'],
  ['Item.a.L.0.BS', 'List'],
  ['Item.a.L.0.BS.0', 'Blob'],
  ['Item.a.M', 'AttributeMap'],
  ['Item.a.M.b', 'ValueStruct'],
  ['Item.a.M.b.M.c.S', 'String'],
  ['Expected.a.Value', 'FieldStruct'],
  ['Expected.a.Value.S', 'String'],
  ['Expected.a.Exists', 'Boolean'],
  ['Keys', 'List'],
  ['Keys.0', 'NestedAttributeMap'],
  ['Keys.0.a', 'ValueStruct'],
  ['Batches.t', 'NestedList'],
  ['ExpressionAttributeNames.#a', 'String'],
  ['ExpressionAttributeValues', 'AttributeMap'],
  ['ExpressionAttributeValues.:a', 'ValueStruct'],
];

describe('checkShape: serialization', () => {
  for (const [path, kind] of PATHS) {
    test(`${path} (${kind})`, () => {
      for (const [value, message] of TYPE_CASES[kind]) assertSerialization(bodyWith(path, value), PUT_LIKE, message);
    });
  }

  test('Structure members report their shape name', () => {
    assertSerialization(
      { Expected: { a: [] } },
      PUT_LIKE,
      'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ExpectedAttributeValue',
    );
    assertSerialization({ Expected: { a: 5 } }, PUT_LIKE, 'Unexpected value type in payload');
    const spec: RequestSpec = {
      ProvisionedThroughput: { type: 'Structure', name: 'ProvisionedThroughput', fields: {} },
    };
    assertSerialization({ ProvisionedThroughput: 5 }, spec, 'Unexpected field type');
    assertSerialization(
      { ProvisionedThroughput: [] },
      spec,
      'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput',
    );
  });

  test('nested Map of List names the full Java type', () => {
    assertSerialization(
      { Batches: [] },
      PUT_LIKE,
      'Unrecognized collection type java.util.Map<java.lang.String, java.util.List<java.lang.String>>',
    );
  });

  test('accepts well-typed values, valid base64 and decimals for integers', () => {
    const body = {
      TableName: 'abc',
      Item: {
        a: { S: 'x' },
        b: { N: '1' },
        c: { B: 'AAEC' },
        d: { BS: ['', 'Yg==', 'YWI='] },
        e: { L: [{ M: { f: { BOOL: true }, g: { NULL: true } } }] },
        f: { SS: ['a'], NS: ['1'] },
      },
      Limit: 1.5,
      Size: 3,
      ConsistentRead: false,
      AttributesToGet: ['a'],
    };
    assert.equal(shapeError(body, PUT_LIKE), undefined);
  });

  test('ignores unknown members, unknown AttributeValue members and nulls', () => {
    assert.equal(shapeError({ TableName: 'abc', Item: { a: { S: 'x', X: 5 } }, Unknown: 5 }, PUT_LIKE), undefined);
    assertValidation({ TableName: null, Item: {} }, { TableName: TableNameSpec }, "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    assert.equal(shapeError({ TableName: 'abc', Item: { a: { S: null, N: '1' } }, Data: null }, PUT_LIKE), undefined);
  });

  test('reports the first wrong member in document order', () => {
    assertSerialization({ ConsistentRead: 'x', TableName: 5 }, PUT_LIKE, 'Unexpected token received from parser');
    assertSerialization({ TableName: 5, ConsistentRead: 'x' }, PUT_LIKE, 'NUMBER_VALUE cannot be converted to String');
  });

  test('serialization comes before constraints', () => {
    assertSerialization({ Limit: 0, ConsistentRead: 3 }, PUT_LIKE, 'NUMBER_VALUE cannot be converted to Boolean');
  });

  test('checkAttributeValueShape checks a lone value', () => {
    assert.doesNotThrow(() => checkAttributeValueShape({ L: [{ N: '1' }] }));
    assert.throws(() => checkAttributeValueShape({ L: [{ N: 1 }] }), { message: 'NUMBER_VALUE cannot be converted to String' });
    assert.throws(() => checkAttributeValueShape('x'), { message: 'Unexpected value type in payload' });
  });

  test('very deep documents are not a stack problem', () => {
    let value: unknown = { S: 'leaf' };
    for (let i = 0; i < 5000; i++) value = { M: { n: value } };
    assert.equal(shapeError({ Item: { a: value } }, { Item: ItemSpec }), undefined);
  });
});

describe('checkShape: constraints', () => {
  const PUT: RequestSpec = {
    TableName: TableNameSpec,
    Item: ItemSpec,
    ReturnValues: ReturnValuesSpec,
    ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
    ReturnItemCollectionMetrics: ReturnItemCollectionMetricsSpec,
    ReturnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailureSpec,
  };
  const cases: [string, Record<string, unknown>, RequestSpec, string][] = [
    [
      'missing required members',
      {},
      PUT,
      "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'item' failed to satisfy constraint: Member must not be null",
    ],
    [
      'empty table name: only the model minimum',
      { TableName: '', Item: {} },
      PUT,
      "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'long table name',
      { TableName: 'a'.repeat(256), Item: {} },
      PUT,
      `1 validation error detected: Value '${'a'.repeat(256)}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255`,
    ],
    [
      'table name with bad characters',
      { TableName: 'bad table!@#', Item: {} },
      PUT,
      "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ],
    [
      'short table name with a bad character',
      { TableName: 'a;', Item: {} },
      PUT,
      "2 validation errors detected: Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
    [
      'table ARN longer than a name may be',
      { TableName: `arn:aws:dynamodb:us-east-1:123456789012:table/${'a'.repeat(255)}`, Item: {} },
      PUT,
      '',
    ],
    [
      'ARN over the model maximum',
      { TableName: `arn:${'a'.repeat(1021)}`, Item: {} },
      PUT,
      `1 validation error detected: Value 'arn:${'a'.repeat(1021)}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 1024`,
    ],
    [
      'enums, in AWS order',
      {
        TableName: 'abc',
        Item: {},
        ReturnValues: 'hi',
        ReturnConsumedCapacity: 'hi',
        ReturnItemCollectionMetrics: 'hi',
        ReturnValuesOnConditionCheckFailure: 'hi',
      },
      PUT,
      "4 validation errors detected: Value 'hi' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; " +
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        "Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]; " +
        "Value 'hi' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]",
    ],
    [
      'numbers are quoted, decimals truncated',
      { Limit: 0.9 },
      { Limit: { type: 'Integer', min: 1 } },
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      'value maximum',
      { Segment: 1000001 },
      { Segment: { type: 'Integer', min: 0, max: 999999 } },
      "1 validation error detected: Value '1000001' at 'segment' failed to satisfy constraint: Member must have value less than or equal to 999999",
    ],
    [
      'empty list',
      { AttributesToGet: [] },
      { AttributesToGet: AttributesToGetSpec },
      "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'empty map',
      { RequestItems: {} },
      { RequestItems: { type: 'Map', minLength: 1, notNull: true, of: { type: 'Structure', name: 'KeysAndAttributes', fields: {} } } },
      "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'RegExp patterns are reported by source',
      { IndexName: 'a b' },
      { IndexName: { type: 'String', pattern: /[a-z]+/ } },
      "1 validation error detected: Value 'a b' at 'indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+",
    ],
  ];
  for (const [name, body, spec, message] of cases) {
    test(name, () => {
      if (message === '') assert.equal(shapeError(body, spec), undefined);
      else assertValidation(body, spec, message);
    });
  }

  const KEY_SCHEMA: RequestSpec = {
    KeySchema: {
      type: 'List',
      notNull: true,
      minLength: 1,
      maxLength: 2,
      of: {
        type: 'Structure',
        name: 'KeySchemaElement',
        fields: {
          AttributeName: { type: 'String', notNull: true, minLength: 1, maxLength: 255 },
          KeyType: { type: 'String', notNull: true, enum: ['HASH', 'RANGE'] },
        },
      },
    },
  };

  test('list members: 1-based .member paths', () => {
    assert.deepEqual(constraintFailures({ KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }, { KeyType: 'X' }] }, KEY_SCHEMA), [
      "Value null at 'keySchema.2.member.attributeName' failed to satisfy constraint: Member must not be null",
      "Value 'X' at 'keySchema.2.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]",
    ]);
  });

  test('structures render as Java toString', () => {
    const keys = [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
      { AttributeName: 'extra', KeyType: 'RANGE' },
    ];
    assert.deepEqual(constraintFailures({ KeySchema: keys }, KEY_SCHEMA), [
      "Value '[KeySchemaElement(attributeName=pk, keyType=HASH), KeySchemaElement(attributeName=sk, keyType=RANGE), " +
        "KeySchemaElement(attributeName=extra, keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: " +
        'Member must have length less than or equal to 2',
    ]);
  });

  test('map keys and map values report all their rules at the map', () => {
    const spec: RequestSpec = {
      RequestItems: {
        type: 'Map',
        keyMinLength: 3,
        keyMaxLength: 255,
        keyPattern: '[a-zA-Z0-9_.-]+',
        of: { type: 'List', minLength: 1, maxLength: 25, of: { type: 'Structure', name: 'WriteRequest', fields: { Item: ItemSpec } } },
      },
    };
    assert.deepEqual(constraintFailures({ RequestItems: { a: [] } }, spec), [
      "Value '{a=[]}' at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: " +
        '[Member must have length less than or equal to 255, Member must have length greater than or equal to 3, ' +
        'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]',
      "Value '{a=[]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: " +
        '[Member must have length less than or equal to 25, Member must have length greater than or equal to 1]',
    ]);
    assert.deepEqual(constraintFailures({ RequestItems: { abc: [{}] } }, spec), [
      "Value null at 'requestItems.abc.member.1.member.item' failed to satisfy constraint: Member must not be null",
    ]);
  });

  test('list elements with their own rules: one "Member must satisfy constraint" at the list', () => {
    const spec: RequestSpec = {
      Names: { type: 'List', of: { type: 'String', notNull: true, minLength: 1, maxLength: 3, pattern: '[a-z]+' } },
    };
    assert.deepEqual(constraintFailures({ Names: ['ab', 'toolong'] }, spec), [
      "Value '[ab, toolong]' at 'names' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have length less than or equal to 3, Member must have length greater than or equal to 1, ' +
        'Member must satisfy regular expression pattern: [a-z]+, Member must not be null]',
    ]);
    assert.deepEqual(constraintFailures({ Names: ['ab', 'c'] }, spec), []);
  });

  test('attribute maps render their values as AttributeValue(...)', () => {
    const spec: RequestSpec = { Item: { type: 'Map', of: AttributeValueSpec, maxLength: 0 } };
    assert.deepEqual(constraintFailures({ Item: { pk: { S: 'x' }, b: { B: 'AAA=' } } }, spec), [
      "Value '{pk=AttributeValue(s=x, n=null, b=null, iNT=null, dECIMAL=null, dOUBLE=null, sS=null, nS=null, bS=null, " +
        'iNTSET=null, dECIMALSET=null, dOUBLESET=null, m=null, l=null, nULL=null, bOOL=null), ' +
        'b=AttributeValue(s=null, n=null, b=java.nio.HeapByteBuffer[pos=0 lim=2 cap=2], iNT=null, dECIMAL=null, ' +
        'dOUBLE=null, sS=null, nS=null, bS=null, iNTSET=null, dECIMALSET=null, dOUBLESET=null, m=null, l=null, ' +
        "nULL=null, bOOL=null)}' at 'item' failed to satisfy constraint: Member must have length less than or equal to 0",
    ]);
  });

  test('more than ten failures: the message lists ten', () => {
    const spec: RequestSpec = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`Field${i}`, { type: 'String', notNull: true } as FieldSpec]),
    );
    const error = shapeError({}, spec);
    assert.ok(error);
    assert.equal(error.message.split('; ').length, 10);
    assert.match(error.message, /^12 validation errors detected: Value null at 'field0'/);
  });
});

describe('renderValue', () => {
  const cases: [unknown, FieldSpec | undefined, string][] = [
    [null, undefined, 'null'],
    ['x', { type: 'String' }, 'x'],
    [3.7, { type: 'Integer' }, '3'],
    [true, { type: 'Boolean' }, 'true'],
    [['a', 'b'], { type: 'List', of: { type: 'String' } }, '[a, b]'],
    [{ '#a': 'x' }, ExpressionAttributeNamesSpec, '{#a=x}'],
    [{ a: { SS: ['x', 'y'] } }, KeySpec, '{a=AttributeValue(s=null, n=null, b=null, iNT=null, dECIMAL=null, dOUBLE=null, sS=[x, y], nS=null, bS=null, iNTSET=null, dECIMALSET=null, dOUBLESET=null, m=null, l=null, nULL=null, bOOL=null)}'],
    ['AAAA', { type: 'Blob' }, 'java.nio.HeapByteBuffer[pos=0 lim=3 cap=3]'],
  ];
  for (const [value, spec, rendered] of cases) {
    test(rendered.slice(0, 40), () => assert.equal(renderValue(value, spec), rendered));
  }
});
