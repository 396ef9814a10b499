import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Item } from '../../model/attribute-value.js';
import { indexKeyOf, projectItem } from '../../storage/index-keys.js';
import type { IndexKey, Projection, TableIndex } from '../../storage/types.js';
import {
  addCapacity,
  describeCapacity,
  indexCapacity,
  indexWriteUnits,
  readUnits,
  scaleTableUnits,
  tableCapacity,
  totalUnits,
  writeUnits,
} from './capacity.js';

/** The parts of an index that capacity needs, over the real key and projection functions. */
function index(name: string, kind: 'LOCAL' | 'GLOBAL', key: IndexKey, projection: Projection): TableIndex {
  const layout = { name, key, projection, tableKeyNames: ['pk', 'sk'] };
  return { name, kind, key, projection, keyOf: (item: Item) => indexKeyOf(layout, item), project: (item: Item) => projectItem(layout, item) } as unknown as TableIndex;
}

const S = (s: string) => ({ S: s });
const GSI_INCLUDE = index('gsi-inc', 'GLOBAL', { partition: [{ name: 'gsiPk', type: 'S' }], sort: [] }, { ProjectionType: 'INCLUDE', NonKeyAttributes: ['proj'] });
const GSI_KEYS = index('gsi-keys', 'GLOBAL', { partition: [{ name: 'gsiPk', type: 'S' }], sort: [] }, { ProjectionType: 'KEYS_ONLY' });
const LSI_ALL = index('lsi-all', 'LOCAL', { partition: [{ name: 'pk', type: 'S' }], sort: [{ name: 'lsiSk', type: 'S' }] }, { ProjectionType: 'ALL' });

const item = (extra: Record<string, string>): Item => ({ pk: S('p'), sk: S('1'), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, S(v)])) });
const pad = (n: number) => 'x'.repeat(n);

describe('units', () => {
  test('reads in 4 KB units, halved when eventually consistent, at least one', () => {
    assert.deepEqual(
      [readUnits(0, true), readUnits(4096, true), readUnits(4097, true), readUnits(4097, false), readUnits(0, false)],
      [1, 1, 2, 1, 0.5],
    );
  });
  test('writes in 1 KB units, at least one', () => {
    assert.deepEqual([writeUnits(0), writeUnits(1024), writeUnits(1025)], [1, 1, 2]);
  });
});

describe('indexWriteUnits (DynamoDB-measured cases)', () => {
  const cases: [string, TableIndex, Item | undefined, Item | undefined, number | undefined][] = [
    ['a put of a member', GSI_INCLUDE, undefined, item({ gsiPk: 'g', proj: 'p' }), 1],
    ['a put of a non-member', GSI_INCLUDE, undefined, item({ other: 'o' }), undefined],
    ['an identical overwrite', GSI_INCLUDE, item({ gsiPk: 'g', proj: 'p' }), item({ gsiPk: 'g', proj: 'p' }), undefined],
    ['a change outside an INCLUDE projection', GSI_INCLUDE, item({ gsiPk: 'g', other: 'o' }), item({ gsiPk: 'g', other: 'o2' }), undefined],
    ['a change outside a KEYS_ONLY projection', GSI_KEYS, item({ gsiPk: 'g', other: 'o' }), item({ gsiPk: 'g', other: 'o2' }), undefined],
    ['the same change under ALL', LSI_ALL, item({ lsiSk: 'l', other: 'o' }), item({ lsiSk: 'l', other: 'o2' }), 1],
    ['a projected attribute changed', GSI_INCLUDE, item({ gsiPk: 'g', proj: 'p' }), item({ gsiPk: 'g', proj: 'p2' }), 1],
    ['a key move: delete plus insert', GSI_INCLUDE, item({ gsiPk: 'g' }), item({ gsiPk: 'g2' }), 2],
    ['the key removed: delete only', GSI_INCLUDE, item({ gsiPk: 'g', proj: 'p' }), item({ proj: 'p' }), 1],
    ['a delete of a member', LSI_ALL, item({ lsiSk: 'l' }), undefined, 1],
    ['a delete of a non-member', LSI_ALL, item({ other: 'o' }), undefined, undefined],
    ['sized on the projected entry, not the item', GSI_INCLUDE, undefined, item({ gsiPk: 'g', proj: 'p', other: pad(3000) }), 1],
    ['a 3 KB entry under ALL', LSI_ALL, undefined, item({ lsiSk: 'l', other: pad(3000) }), 3],
    ['a shrink in place holds the larger image', GSI_INCLUDE, item({ gsiPk: 'g', proj: pad(3000) }), item({ gsiPk: 'g', proj: 'p' }), 3],
    ['in place, rounded per image, not summed', GSI_INCLUDE, item({ gsiPk: 'g', proj: pad(1500) }), item({ gsiPk: 'g', proj: 'y'.repeat(1500) }), 2],
    ['a move sizes each half on its own image', GSI_INCLUDE, item({ gsiPk: 'A', proj: pad(3000) }), item({ gsiPk: 'B', proj: 'p' }), 4],
    ['a move of 1.5 KB entries', GSI_INCLUDE, item({ gsiPk: 'A', proj: pad(1500) }), item({ gsiPk: 'B', proj: pad(1500) }), 4],
    ['an LSI sort key move', LSI_ALL, item({ lsiSk: 'A' }), item({ lsiSk: 'B' }), 2],
  ];
  for (const [label, ix, before, after, expected] of cases) {
    test(label, () => assert.equal(indexWriteUnits(ix, before, after), expected));
  }

  test('sets equal regardless of order are no change', () => {
    const before: Item = { ...item({ gsiPk: 'g' }), proj: { SS: ['a', 'b'] } };
    const after: Item = { ...item({ gsiPk: 'g' }), proj: { SS: ['b', 'a'] } };
    assert.equal(indexWriteUnits(GSI_INCLUDE, before, after), undefined);
  });
});

describe('ConsumedCapacity shapes', () => {
  const gsi = { name: 'g', kind: 'GLOBAL' as const };
  const lsi = { name: 'l', kind: 'LOCAL' as const };
  const sum = addCapacity(addCapacity(tableCapacity(1), indexCapacity(gsi, 2)), addCapacity(indexCapacity(lsi, 1), indexCapacity(gsi, 1)));

  test('sums tables and indexes', () => {
    assert.equal(totalUnits(sum), 5);
    assert.deepEqual([...sum.globalIndexes], [['g', 3]]);
  });

  test('INDEXES lists the table and the charged indexes, TOTAL only the total, NONE nothing', () => {
    assert.deepEqual(describeCapacity('INDEXES', 'T', sum), {
      TableName: 'T',
      CapacityUnits: 5,
      Table: { CapacityUnits: 1 },
      LocalSecondaryIndexes: { l: { CapacityUnits: 1 } },
      GlobalSecondaryIndexes: { g: { CapacityUnits: 3 } },
    });
    assert.deepEqual(describeCapacity('TOTAL', 'T', sum), { TableName: 'T', CapacityUnits: 5 });
    assert.equal(describeCapacity('NONE', 'T', sum), undefined);
    assert.equal(describeCapacity(undefined, 'T', sum), undefined);
  });

  test('an index read charges the index, and the table only for items read from it', () => {
    assert.deepEqual(describeCapacity('INDEXES', 'T', indexCapacity(gsi, 0.5)), {
      TableName: 'T',
      CapacityUnits: 0.5,
      Table: { CapacityUnits: 0 },
      GlobalSecondaryIndexes: { g: { CapacityUnits: 0.5 } },
    });
    assert.deepEqual(describeCapacity('INDEXES', 'T', indexCapacity(lsi, 1, 3)), {
      TableName: 'T',
      CapacityUnits: 4,
      Table: { CapacityUnits: 3 },
      LocalSecondaryIndexes: { l: { CapacityUnits: 1 } },
    });
  });

  test('a transaction doubles the table, not the indexes, and reports the write figure', () => {
    assert.deepEqual(describeCapacity('INDEXES', 'T', scaleTableUnits(addCapacity(tableCapacity(1), indexCapacity(gsi, 1)), 2), 'write'), {
      TableName: 'T',
      CapacityUnits: 3,
      WriteCapacityUnits: 3,
      Table: { CapacityUnits: 2, WriteCapacityUnits: 2 },
      GlobalSecondaryIndexes: { g: { CapacityUnits: 1 } },
    });
  });
});
