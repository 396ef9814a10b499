import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { encodeKeyTuple, encodeKeyValue } from '../model/key-codec.js';
import { indexKeyError } from '../api/shared/keys.js';
import { indexKeyOf, indexKeyProblem, projectItem, pruneAttributeDefinitions, resolveIndexKey, schemaAttributeNames, type IndexLayout } from './index-keys.js';
import { encodePartition as encodeIndexPartition, encodeSort as encodeIndexSort, tuplePrefixEnd } from './key-layout.js';
import type { TableDefinition } from './types.js';

const layout = (over: Partial<IndexLayout> = {}): IndexLayout => ({
  name: 'gsi',
  key: { partition: [{ name: 'gpk', type: 'S' }], sort: [{ name: 'gsk', type: 'N' }] },
  projection: { ProjectionType: 'ALL' },
  tableKeyNames: ['pk', 'sk'],
  ...over,
});

/** The ValidationException a write with this item meets (storage's problem, in DynamoDB's words). */
const indexKeyViolation = (l: IndexLayout, i: Item) => {
  const problem = indexKeyProblem(l, i);
  return problem && indexKeyError(problem);
};

const item: Item = { pk: { S: 'p' }, sk: { S: 's' }, gpk: { S: 'g' }, gsk: { N: '5' }, a: { S: 'x' }, b: { N: '1' } };

describe('resolveIndexKey', () => {
  test('splits HASH and RANGE attributes in KeySchema order, typed from AttributeDefinitions', () => {
    const key = resolveIndexKey(
      [
        { AttributeName: 'a', KeyType: 'HASH' },
        { AttributeName: 'b', KeyType: 'HASH' },
        { AttributeName: 'c', KeyType: 'RANGE' },
      ],
      [
        { AttributeName: 'c', AttributeType: 'B' },
        { AttributeName: 'a', AttributeType: 'S' },
        { AttributeName: 'b', AttributeType: 'N' },
      ],
    );
    assert.deepEqual(key, {
      partition: [
        { name: 'a', type: 'S' },
        { name: 'b', type: 'N' },
      ],
      sort: [{ name: 'c', type: 'B' }],
    });
  });
});

describe('indexKeyProblem (in the words of indexKeyError)', () => {
  const cases: [string, Item, string | undefined][] = [
    ['valid key', item, undefined],
    ['absent attributes are fine (sparse)', { pk: { S: 'p' } }, undefined],
    [
      'wrong partition type',
      { ...item, gpk: { N: '1' } },
      'One or more parameter values were invalid: Type mismatch for Index Key gpk Expected: S Actual: N IndexName: gsi',
    ],
    [
      'wrong sort type, even without the partition attribute',
      { pk: { S: 'p' }, gsk: { S: 'x' } },
      'One or more parameter values were invalid: Type mismatch for Index Key gsk Expected: N Actual: S IndexName: gsi',
    ],
    [
      'a document type',
      { ...item, gpk: { M: {} } },
      'One or more parameter values were invalid: Type mismatch for Index Key gpk Expected: S Actual: M IndexName: gsi',
    ],
    [
      'empty string',
      { ...item, gpk: { S: '' } },
      'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsi, IndexKey: gpk',
    ],
    [
      'partition value over 2048 bytes',
      { ...item, gpk: { S: 'x'.repeat(2049) } },
      'One or more parameter values were invalid: Size limit exceeded for Index Key gpk Actual Size: 2049 bytes Max Size: 2048 bytes IndexName: gsi',
    ],
  ];
  for (const [label, value, message] of cases) {
    test(label, () => {
      assert.equal(indexKeyViolation(layout(), value)?.message, message);
    });
  }

  test('empty binary and oversized sort values', () => {
    const binary = layout({ key: { partition: [{ name: 'gpk', type: 'B' }], sort: [{ name: 'gsk', type: 'S' }] } });
    assert.equal(
      indexKeyViolation(binary, { gpk: { B: '' } })?.message,
      'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty binary value. IndexName: gsi, IndexKey: gpk',
    );
    assert.equal(
      indexKeyViolation(binary, { gsk: { S: 'é'.repeat(513) } })?.message,
      'One or more parameter values were invalid: Size limit exceeded for Index Key gsk Actual Size: 1026 bytes Max Size: 1024 bytes IndexName: gsi',
    );
  });
});

describe('indexKeyOf', () => {
  test('single attributes use the table encoding', () => {
    const key = indexKeyOf(layout(), item)!;
    assert.deepEqual(key.h, encodeIndexPartition([{ S: 'g' }]));
    assert.deepEqual(key.h.subarray(4), encodeKeyValue({ S: 'g' }));
    assert.deepEqual(key.r, encodeKeyValue({ N: '5' }));
  });

  test('hash-only index has an empty sort key', () => {
    const key = indexKeyOf(layout({ key: { partition: [{ name: 'gpk', type: 'S' }], sort: [] } }), item)!;
    assert.equal(key.r.length, 0);
  });

  test('items without every key attribute, or with unusable values, are not in the index', () => {
    for (const value of [{ pk: { S: 'p' }, gpk: { S: 'g' } }, { ...item, gsk: { S: 'x' } }, { ...item, gpk: { S: '' } }] as Item[]) {
      assert.equal(indexKeyOf(layout(), value), undefined);
    }
  });

  test('multi-attribute keys are tuples ordered component by component', () => {
    const multi = layout({
      key: {
        partition: [
          { name: 'a', type: 'S' },
          { name: 'b', type: 'N' },
        ],
        sort: [
          { name: 'c', type: 'N' },
          { name: 'd', type: 'S' },
        ],
      },
    });
    const key = (c: string, d: string) => indexKeyOf(multi, { a: { S: 'x' }, b: { N: '1' }, c: { N: c }, d: { S: d } })!;
    assert.deepEqual(key('1', 'a').h.subarray(4), encodeKeyTuple([{ S: 'x' }, { N: '1' }]));
    const ordered = [key('-10', 'z'), key('-1', 'a'), key('0', ''), key('2', 'a'), key('2', 'ab'), key('2', 'b'), key('10', 'a')];
    // '' is an empty string: not usable in a key
    assert.equal(ordered[2], undefined);
    const present = ordered.filter((k) => k !== undefined);
    for (let i = 1; i < present.length; i++) assert.ok(Buffer.compare(present[i - 1].r, present[i].r) < 0, `entry ${i}`);
  });

  test('tuplePrefixEnd bounds every key with the leading components', () => {
    const prefix = encodeKeyTuple([{ N: '2' }]);
    const end = tuplePrefixEnd(prefix);
    for (const d of ['a', 'zzz', '\u00ff']) {
      const r = encodeIndexSort([{ N: '2' }, { S: d }] as AttributeValue[]);
      assert.ok(Buffer.compare(r, prefix) >= 0 && Buffer.compare(r, end) < 0, d);
    }
    for (const n of ['1', '3', '20']) {
      const r = encodeIndexSort([{ N: n }, { S: 'a' }] as AttributeValue[]);
      assert.ok(Buffer.compare(r, prefix) < 0 || Buffer.compare(r, end) >= 0, n);
    }
  });
});

describe('projectItem', () => {
  test('ALL keeps the whole item', () => {
    assert.equal(projectItem(layout(), item), item);
  });
  test('KEYS_ONLY keeps the table and index keys', () => {
    assert.deepEqual(projectItem(layout({ projection: { ProjectionType: 'KEYS_ONLY' } }), item), {
      pk: { S: 'p' },
      sk: { S: 's' },
      gpk: { S: 'g' },
      gsk: { N: '5' },
    });
  });
  test('INCLUDE adds the listed attributes the item has', () => {
    assert.deepEqual(projectItem(layout({ projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['b', 'missing'] } }), item), {
      pk: { S: 'p' },
      sk: { S: 's' },
      gpk: { S: 'g' },
      gsk: { N: '5' },
      b: { N: '1' },
    });
  });
});

describe('attribute definitions', () => {
  const def = {
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    LocalSecondaryIndexes: [],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'g',
        IndexId: '01',
        KeySchema: [
          { AttributeName: 'x', KeyType: 'HASH' },
          { AttributeName: 'y', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
        ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
        IndexStatus: 'ACTIVE',
      },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'gone', AttributeType: 'S' },
      { AttributeName: 'x', AttributeType: 'S' },
      { AttributeName: 'y', AttributeType: 'N' },
    ],
  } as unknown as TableDefinition;

  test('schemaAttributeNames collects every key schema', () => {
    assert.deepEqual([...schemaAttributeNames(def)], ['pk', 'x', 'y']);
  });

  test('pruneAttributeDefinitions drops definitions no key uses', () => {
    assert.deepEqual(
      pruneAttributeDefinitions(def).AttributeDefinitions.map((d) => d.AttributeName),
      ['pk', 'x', 'y'],
    );
  });
});
