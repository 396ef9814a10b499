import assert from '../../../test/helpers/assert.js';
import { describe, test } from 'node:test';
import { DynamoDBError } from '../../errors.js';
import { compileCondition, compileProjection, ExpressionScope } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import { encodeKeyValue, partitionHash } from '../../model/key-codec.js';
import { encodeIndexPartition, indexKeyOf } from '../../storage/index-keys.js';
import type { IndexKey, PrimaryKey, Projection as IndexProjection, Row, StoredItem, Table, TableIndex } from '../../storage/types.js';
import {
  checkKeyPaths,
  checkSelect,
  checkSelectAllAttributes,
  checkStartKeyIndexPart,
  checkStartKeyTablePart,
  checkTargetKeyPaths,
  compileReadExpressions,
  conditionPaths,
  MAX_PAGE_BYTES,
  needsTableFetch,
  readPage,
  readTarget,
  readTargetItemsPage,
  readTargetPage,
  rowKey,
  startPosition,
  targetCapacity,
  targetItemKey,
  targetPageResponse,
  targetRowKey,
  validateStartKeyValues,
  type PageSpec,
  type TargetPage,
  type TargetRow,
} from './read-pages.js';

const KEY: PrimaryKey = { partition: { name: 'pk', type: 'S' }, sort: { name: 'sk', type: 'N' } };

function row(i: number, size: number, extra: Item = {}): Row {
  const item: Item = { pk: { S: 'p' }, sk: { N: String(i) }, ...extra };
  const pk = encodeKeyValue(item.pk);
  return { h: Buffer.concat([partitionHash(pk), pk]), r: encodeKeyValue(item.sk), json: JSON.stringify(item), size };
}

const spec = (extra: Partial<PageSpec> = {}): PageSpec => ({ countOnly: false, keyOf: (r) => rowKey(KEY, r), ...extra });

const rejects = (fn: () => unknown, message: string) =>
  assert.throws(fn, (e: unknown) => e instanceof DynamoDBError && e.code === 'ValidationException' && e.message === message);

describe('readPage', () => {
  test('reads everything when nothing stops it, without LastEvaluatedKey', () => {
    const page = readPage([row(1, 10), row(2, 20), row(3, 30)], spec());
    assert.equal(page.count, 3);
    assert.equal(page.scannedCount, 3);
    assert.equal(page.bytesRead, 60);
    assert.equal(page.lastEvaluatedKey, undefined);
    assert.deepEqual(
      page.items.map((i) => i.sk),
      [{ N: '1' }, { N: '2' }, { N: '3' }],
    );
  });

  test('stops exactly at Limit and names the last item read', () => {
    const page = readPage([row(1, 10), row(2, 10), row(3, 10)], spec({ limit: 2 }));
    assert.equal(page.scannedCount, 2);
    assert.deepEqual(page.lastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '2' } });
  });

  test('a Limit equal to the number of items still reports LastEvaluatedKey', () => {
    const page = readPage([row(1, 10), row(2, 10)], spec({ limit: 2 }));
    assert.deepEqual(page.lastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '2' } });
  });

  test('the item that brings the page to 1 MB is included and ends it', () => {
    const rows = [row(1, 400_000), row(2, 400_000), row(3, 400_000), row(4, 10)];
    const page = readPage(rows, spec());
    assert.equal(page.scannedCount, 3);
    assert.equal(page.bytesRead, 1_200_000);
    assert.deepEqual(page.lastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '3' } });
  });

  test('exactly 1 MB ends the page; one byte less does not', () => {
    const exact = readPage([row(1, MAX_PAGE_BYTES - 1), row(2, 1), row(3, 1)], spec());
    assert.equal(exact.scannedCount, 2);
    assert.ok(exact.lastEvaluatedKey);
    const under = readPage([row(1, MAX_PAGE_BYTES - 2), row(2, 1)], spec());
    assert.equal(under.scannedCount, 2);
    assert.equal(under.lastEvaluatedKey, undefined);
  });

  test('the filter applies after the read: Limit and size count filtered-out items', () => {
    const scope = new ExpressionScope(undefined, { ':v': { S: 'keep' } });
    const filter = compileCondition('tag = :v', 'Filter', scope);
    const rows = [row(1, 5, { tag: { S: 'keep' } }), row(2, 5, { tag: { S: 'drop' } }), row(3, 5, { tag: { S: 'drop' } }), row(4, 5, { tag: { S: 'keep' } })];
    const page = readPage(rows, spec({ filter, limit: 3 }));
    assert.equal(page.scannedCount, 3);
    assert.equal(page.count, 1);
    assert.equal(page.bytesRead, 15);
    assert.deepEqual(page.lastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '3' } });
    assert.deepEqual(page.items, [{ pk: { S: 'p' }, sk: { N: '1' }, tag: { S: 'keep' } }]);
  });

  test('a page whose items are all filtered out still has a LastEvaluatedKey when it stopped early', () => {
    const filter = compileCondition('attribute_exists(nothing)', 'Filter', new ExpressionScope(undefined, undefined));
    const page = readPage([row(1, 5), row(2, 5), row(3, 5)], spec({ filter, limit: 2 }));
    assert.equal(page.count, 0);
    assert.deepEqual(page.items, []);
    assert.deepEqual(page.lastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '2' } });
  });

  test('projection applies to the kept items; COUNT returns none', () => {
    const projection = compileProjection('a', new ExpressionScope(undefined, undefined));
    const rows = [row(1, 5, { a: { S: 'x' }, b: { S: 'y' } }), row(2, 5, { b: { S: 'z' } })];
    assert.deepEqual(readPage(rows, spec({ projection })).items, [{ a: { S: 'x' } }, {}]);
    const counted = readPage(rows, spec({ countOnly: true }));
    assert.deepEqual(counted.items, []);
    assert.equal(counted.count, 2);
  });

  test('stops pulling rows once the page ends (the iterator is closed)', () => {
    let pulled = 0;
    let closed = false;
    function* rows(): Generator<Row> {
      try {
        for (let i = 1; i <= 100; i++) {
          pulled++;
          yield row(i, 1);
        }
      } finally {
        closed = true;
      }
    }
    readPage(rows(), spec({ limit: 5 }));
    assert.equal(pulled, 5);
    assert.ok(closed);
  });
});

describe('rowKey', () => {
  test('decodes the key from the encoded bytes, numbers normalized', () => {
    assert.deepEqual(rowKey(KEY, row(1.5, 1)), { pk: { S: 'p' }, sk: { N: '1.5' } });
    const hashOnly: PrimaryKey = { partition: { name: 'id', type: 'B' } };
    const bytes = Buffer.from([0, 255, 128]);
    assert.deepEqual(rowKey(hashOnly, { h: Buffer.concat([partitionHash(bytes), bytes]), r: Buffer.alloc(0) }), { id: { B: bytes.toString('base64') } });
  });
});

describe('targetPageResponse of a table', () => {
  const page = { items: [{ a: { S: 'x' } }], count: 1, scannedCount: 3, bytesRead: 8193, lastEvaluatedKey: { pk: { S: 'p' } }, fetchedSizes: [] };
  const pageResponse = (p: Omit<TargetPage, 'fetchedSizes'>, options: { countOnly: boolean; consistent: boolean; capacity: 'TOTAL' | 'INDEXES' }) =>
    targetPageResponse(readTarget(fakeTable()), { ...p, fetchedSizes: [] }, options);
  test('shape and capacity: bytes read rounded up to 4 KB, halved when eventually consistent', () => {
    assert.deepEqual(pageResponse(page, { countOnly: false, consistent: false, capacity: 'TOTAL' }), {
      Items: [{ a: { S: 'x' } }],
      Count: 1,
      ScannedCount: 3,
      LastEvaluatedKey: { pk: { S: 'p' } },
      ConsumedCapacity: { TableName: 'T', CapacityUnits: 1.5 },
    });
    assert.deepEqual(pageResponse(page, { countOnly: true, consistent: true, capacity: 'INDEXES' }), {
      Count: 1,
      ScannedCount: 3,
      LastEvaluatedKey: { pk: { S: 'p' } },
      ConsumedCapacity: { TableName: 'T', CapacityUnits: 3, Table: { CapacityUnits: 3 } },
    });
  });

  test('an empty read still costs one read unit', () => {
    const empty = { items: [], count: 0, scannedCount: 0, bytesRead: 0 };
    assert.deepEqual(pageResponse(empty, { countOnly: false, consistent: false, capacity: 'TOTAL' }), {
      Items: [],
      Count: 0,
      ScannedCount: 0,
      ConsumedCapacity: { TableName: 'T', CapacityUnits: 0.5 },
    });
  });
});

describe('checkSelect', () => {
  const prefix = '1 validation error detected: ';
  const cases: { request: Record<string, unknown>; message?: string; countOnly?: boolean }[] = [
    { request: {}, countOnly: false },
    { request: { Select: 'COUNT' }, countOnly: true },
    { request: { Select: 'ALL_ATTRIBUTES' }, countOnly: false },
    { request: { Select: 'SPECIFIC_ATTRIBUTES', ProjectionExpression: 'a' }, countOnly: false },
    { request: { Select: 'SPECIFIC_ATTRIBUTES', AttributesToGet: ['a'] }, countOnly: false },
    { request: { Select: 'ALL_PROJECTED_ATTRIBUTES', IndexName: 'idx' }, countOnly: false },
    { request: { Select: 'ALL_ATTRIBUTES', ProjectionExpression: 'a' }, message: 'Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES' },
    { request: { Select: 'ALL_ATTRIBUTES', AttributesToGet: ['a'] }, message: 'Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES' },
    { request: { Select: 'COUNT', ProjectionExpression: 'a' }, message: 'Cannot specify the ProjectionExpression when choosing to get only the Count' },
    { request: { Select: 'COUNT', AttributesToGet: ['a'] }, message: 'Cannot specify the AttributesToGet when choosing to get only the Count' },
    { request: { Select: 'ALL_PROJECTED_ATTRIBUTES' }, message: 'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName' },
    {
      request: { Select: 'ALL_PROJECTED_ATTRIBUTES', ProjectionExpression: 'a' },
      message: 'Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES',
    },
    { request: { Select: 'SPECIFIC_ATTRIBUTES' }, message: 'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES' },
  ];
  for (const { request, message, countOnly } of cases) {
    test(`${JSON.stringify(request)}`, () => {
      if (message === undefined) {
        assert.deepEqual(checkSelect(request, 'Query'), { countOnly });
        assert.deepEqual(checkSelect(request, 'Scan'), { countOnly });
      } else {
        rejects(() => checkSelect(request, 'Query'), prefix + message);
        rejects(() => checkSelect(request, 'Scan'), message);
      }
    });
  }
});

describe('validateStartKeyValues', () => {
  test('normalizes valid values; reports invalid ones as an invalid starting key', () => {
    assert.equal(validateStartKeyValues(undefined), undefined);
    assert.deepEqual(validateStartKeyValues({ n: { N: '1.50' } }), { n: { N: '1.5' } });
    rejects(
      () => validateStartKeyValues({ a: { S: 'a', N: '1' } }),
      'The provided starting key is invalid: Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
  });
});

describe('conditionPaths / checkKeyPaths', () => {
  const paths = (text: string) =>
    conditionPaths(compileCondition(text, 'Filter', new ExpressionScope({ '#n': 'name' }, { ':v': { N: '1' } })).root).map((p) => p.elements);

  test('every path, inside functions, NOT, AND/OR, BETWEEN and IN, in order', () => {
    assert.deepEqual(paths('a = :v'), [['a']]);
    assert.deepEqual(paths('NOT (size(a.b[1]) > :v AND (c BETWEEN d AND :v OR #n IN (:v, e)))'), [['a', 'b', 1], ['c'], ['d'], ['name'], ['e']]);
    assert.deepEqual(paths('attribute_exists(x) AND begins_with(y, z)'), [['x'], ['y'], ['z']]);
  });

  test('a path inside a key attribute is refused; the key attribute itself is fine', () => {
    const of = (text: string) => conditionPaths(compileCondition(text, 'Filter', new ExpressionScope(undefined, { ':v': { N: '1' } })).root);
    checkKeyPaths(KEY, of('pk = :v AND sk = :v AND nested.pk = :v'));
    rejects(() => checkKeyPaths(KEY, of('a = :v OR sk[2] = :v')), "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: sk");
    rejects(() => checkKeyPaths(KEY, compileProjection('a, pk.x', new ExpressionScope(undefined, undefined)).paths), "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk");
  });
});

// ---------------------------------------------------------------- read targets

/** A table (pk S, sk N) of the given items: just what read targets use of it. */
function fakeTable(items: Item[] = []): Table {
  const encodeKey = (key: Item) => ({ h: encodeIndexPartition([key.pk]), r: encodeKeyValue(key.sk) });
  const stored = new Map(items.map((item) => [JSON.stringify(encodeKey(item)), { item, size: 1000 } satisfies StoredItem]));
  return {
    key: KEY,
    definition: { TableName: 'T' },
    encodeKey,
    get: (key: { h: Buffer; r: Buffer }) => stored.get(JSON.stringify(key)),
  } as unknown as Table;
}

function fakeIndex(name: string, kind: 'LOCAL' | 'GLOBAL', key: IndexKey, projection: IndexProjection): TableIndex {
  const layout = { name, key, projection, tableKeyNames: ['pk', 'sk'] };
  return { name, kind, key, projection, status: 'ACTIVE', keyOf: (item: Item) => indexKeyOf(layout, item) } as unknown as TableIndex;
}

const GSI_KEYS = fakeIndex('byG', 'GLOBAL', { partition: [{ name: 'g', type: 'S' }], sort: [{ name: 'sk', type: 'N' }] }, { ProjectionType: 'KEYS_ONLY' });
const GSI_MULTI = fakeIndex('byAB', 'GLOBAL', { partition: [{ name: 'a', type: 'S' }, { name: 'b', type: 'N' }], sort: [{ name: 'c', type: 'S' }] }, { ProjectionType: 'ALL' });
const LSI_INCLUDE = fakeIndex('byL', 'LOCAL', { partition: [{ name: 'pk', type: 'S' }], sort: [{ name: 'l', type: 'S' }] }, { ProjectionType: 'INCLUDE', NonKeyAttributes: ['inc'] });

describe('readTarget', () => {
  test('a table: its key, no projection', () => {
    const target = readTarget(fakeTable());
    assert.deepEqual(target.positionNames, ['pk', 'sk']);
    assert.deepEqual(target.key, { partition: [KEY.partition], sort: [KEY.sort] });
    assert.equal(target.projected, undefined);
  });

  test('an index: table key then its own key attributes; what it stores', () => {
    assert.deepEqual(readTarget(fakeTable(), GSI_KEYS).positionNames, ['pk', 'sk', 'g']);
    assert.deepEqual([...readTarget(fakeTable(), GSI_KEYS).projected!], ['pk', 'sk', 'g']);
    assert.deepEqual(readTarget(fakeTable(), GSI_MULTI).positionNames, ['pk', 'sk', 'a', 'b', 'c']);
    assert.equal(readTarget(fakeTable(), GSI_MULTI).projected, undefined);
    assert.deepEqual([...readTarget(fakeTable(), LSI_INCLUDE).projected!], ['pk', 'sk', 'l', 'inc']);
  });
});

describe('Select and fetching on indexes', () => {
  const projection = (text: string) => compileProjection(text, new ExpressionScope(undefined, undefined));

  test('ALL_ATTRIBUTES is refused on a GSI that does not project ALL only', () => {
    rejects(
      () => checkSelectAllAttributes(readTarget(fakeTable(), GSI_KEYS), 'ALL_ATTRIBUTES'),
      'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byG because its projection type is not ALL',
    );
    checkSelectAllAttributes(readTarget(fakeTable(), GSI_MULTI), 'ALL_ATTRIBUTES');
    checkSelectAllAttributes(readTarget(fakeTable(), LSI_INCLUDE), 'ALL_ATTRIBUTES');
    checkSelectAllAttributes(readTarget(fakeTable(), GSI_KEYS), 'ALL_PROJECTED_ATTRIBUTES');
  });

  const cases: [string, TableIndex | undefined, unknown, string | undefined, boolean][] = [
    ['an LSI asked for all attributes', LSI_INCLUDE, 'ALL_ATTRIBUTES', undefined, true],
    ['an LSI asked for an attribute it lacks', LSI_INCLUDE, undefined, 'inc, extra', true],
    ['an LSI asked for nested paths of one it lacks', LSI_INCLUDE, 'SPECIFIC_ATTRIBUTES', 'extra.x[1]', true],
    ['an LSI asked for what it stores', LSI_INCLUDE, undefined, 'inc, l, pk', false],
    ['an LSI by default', LSI_INCLUDE, undefined, undefined, false],
    ['an LSI counting', LSI_INCLUDE, 'COUNT', undefined, false],
    ['a GSI asked for an attribute it lacks', GSI_KEYS, undefined, 'extra', false],
    ['an ALL index', GSI_MULTI, 'ALL_ATTRIBUTES', undefined, false],
    ['a table', undefined, 'ALL_ATTRIBUTES', undefined, false],
  ];
  for (const [label, index, select, text, fetch] of cases) {
    test(`${label}: ${fetch ? 'reads the table' : 'does not read the table'}`, () => {
      assert.equal(needsTableFetch(readTarget(fakeTable(), index), select, text ? projection(text) : undefined), fetch);
    });
  }
});

describe('ExclusiveStartKey of an index', () => {
  const target = readTarget(fakeTable(), GSI_KEYS);
  const good: Item = { pk: { S: 'p' }, sk: { N: '1' }, g: { S: 'x' } };
  const cases: [string, Item, 'index' | 'table', string][] = [
    ['an attribute too many', { ...good, extra: { S: 'e' } }, 'index', 'The provided starting key is invalid'],
    ['the index key missing', { pk: good.pk, sk: good.sk, other: { S: 'x' } }, 'index', 'The provided starting key is invalid'],
    ['only the table key', { pk: good.pk, sk: good.sk }, 'index', 'The provided starting key is invalid'],
    ['the index key of another type', { ...good, g: { N: '1' } }, 'index', 'The provided key element does not match the schema'],
    ['an empty index key', { ...good, g: { S: '' } }, 'index', 'The provided starting key is invalid: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: g'],
    ['the table partition key missing', { sk: good.sk, g: good.g, other: { S: 'x' } }, 'table', 'The provided starting key is invalid: The provided key element does not match the schema'],
    ['the table partition key of another type', { ...good, pk: { N: '1' } }, 'table', 'The provided starting key is invalid: The provided key element does not match the schema'],
  ];
  for (const [label, start, part, message] of cases) {
    test(`${label}`, () => {
      if (part === 'table') checkStartKeyIndexPart(target, start);
      rejects(() => (part === 'index' ? checkStartKeyIndexPart(target, start) : checkStartKeyTablePart(target, start)), message);
    });
  }

  test('a valid one passes both parts and names the index key, then the table key', () => {
    checkStartKeyIndexPart(target, good);
    checkStartKeyTablePart(target, good);
    const position = startPosition(target, good);
    assert.deepEqual(position, { h: encodeIndexPartition([{ S: 'x' }]), r: encodeKeyValue({ N: '1' }), th: encodeIndexPartition([{ S: 'p' }]), tr: encodeKeyValue({ N: '1' }) });
  });
});

describe('checkTargetKeyPaths', () => {
  const of = (text: string) => conditionPaths(compileCondition(text, 'Filter', new ExpressionScope(undefined, { ':v': { N: '1' } })).root);
  test('table key attributes are "Key", the index\'s own "IndexKey"', () => {
    const target = readTarget(fakeTable(), GSI_MULTI);
    checkTargetKeyPaths(target, of('a = :v AND c = :v AND d.a = :v'));
    rejects(() => checkTargetKeyPaths(target, of('pk.x = :v')), "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk");
    rejects(() => checkTargetKeyPaths(target, of('b[0] = :v')), "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: b");
  });
});

describe('reading an index page', () => {
  const full: Item = { pk: { S: 'p' }, sk: { N: '1' }, l: { S: 'a' }, inc: { S: 'i' }, extra: { S: 'o' } };
  const table = fakeTable([full]);
  const entry = { pk: full.pk, sk: full.sk, l: full.l, inc: full.inc };
  const indexRow: TargetRow = {
    h: encodeIndexPartition([full.pk]),
    r: encodeKeyValue(full.l),
    th: encodeIndexPartition([full.pk]),
    tr: encodeKeyValue(full.sk),
    json: JSON.stringify(entry),
    size: 40,
  };
  const target = readTarget(table, LSI_INCLUDE);

  test('returns the stored entries, names the index key in LastEvaluatedKey, charges the index', () => {
    const page = readTargetPage(target, [indexRow], { countOnly: false, fetch: false, limit: 1 });
    assert.deepEqual(page.items, [entry]);
    assert.deepEqual(page.lastEvaluatedKey, { pk: full.pk, sk: full.sk, l: full.l });
    assert.deepEqual(targetRowKey(target, indexRow), { pk: full.pk, sk: full.sk, l: full.l });
    const capacity = targetCapacity(target, page, true);
    assert.deepEqual([capacity.table, [...capacity.localIndexes]], [0, [['byL', 1]]]);
  });

  test('fetching reads the items from the table, and charges a read of each to the table', () => {
    const projection = compileProjection('extra', new ExpressionScope(undefined, undefined));
    const page = readTargetPage(target, [indexRow, indexRow], { countOnly: false, fetch: true, projection });
    assert.deepEqual(page.items, [{ extra: full.extra }, { extra: full.extra }]);
    assert.equal(page.bytesRead, 80);
    assert.deepEqual(page.fetchedSizes, [1000, 1000]);
    const capacity = targetCapacity(target, page, false);
    assert.deepEqual([capacity.table, [...capacity.localIndexes]], [1, [['byL', 0.5]]]);
  });

  test('readPage can take the items from elsewhere', () => {
    const page = readPage([row(1, 5)], spec({ itemOf: () => ({ replaced: { BOOL: true } }) }));
    assert.deepEqual(page.items, [{ replaced: { BOOL: true } }]);
  });
});

describe('reading a page from rows without key columns', () => {
  const entries = [1, 2, 3, 4].map((i) => ({ pk: { S: `p${i}` }, sk: { N: String(i) }, g: { S: 'same' }, odd: { BOOL: i % 2 === 1 } }));
  const rows = (sizes: number[] = [10, 10, 10, 10]) => entries.map((entry, i) => ({ json: JSON.stringify(entry), size: sizes[i] }));
  const gsi = readTarget(fakeTable(), GSI_KEYS);
  const table = readTarget(fakeTable());

  test('the LastEvaluatedKey is the key attributes of the last item read: table, then index key', () => {
    assert.deepEqual(targetItemKey(gsi, { ...entries[0], extra: { S: 'x' } }), { pk: entries[0].pk, sk: entries[0].sk, g: entries[0].g });
    assert.deepEqual(targetItemKey(table, entries[0]), { pk: entries[0].pk, sk: entries[0].sk });
    const page = readTargetItemsPage(gsi, rows(), { countOnly: false, limit: 2, raw: true });
    assert.deepEqual(page.rawItems, rows().slice(0, 2).map((r) => r.json));
    assert.deepEqual(page.lastEvaluatedKey, { pk: entries[1].pk, sk: entries[1].sk, g: entries[1].g });
    assert.deepEqual(page.fetchedSizes, []);
    assert.deepEqual([page.count, page.scannedCount, page.bytesRead], [2, 2, 20]);
  });

  test('filtered, projected and counted pages name the last item read, kept or not; none when the rows end', () => {
    const filter = compileCondition('odd = :t', 'Filter', new ExpressionScope(undefined, { ':t': { BOOL: true } }));
    const filtered = readTargetItemsPage(gsi, rows(), { countOnly: false, limit: 2, filter, raw: true });
    assert.equal(filtered.rawItems, undefined);
    assert.deepEqual(filtered.items, [entries[0]]);
    assert.deepEqual(filtered.lastEvaluatedKey, { pk: entries[1].pk, sk: entries[1].sk, g: entries[1].g });
    const projection = compileProjection('odd', new ExpressionScope(undefined, undefined));
    const projected = readTargetItemsPage(gsi, rows(), { countOnly: false, limit: 3, projection });
    assert.deepEqual(projected.items, entries.slice(0, 3).map((e) => ({ odd: e.odd })));
    assert.deepEqual(projected.lastEvaluatedKey, { pk: entries[2].pk, sk: entries[2].sk, g: entries[2].g });
    const counted = readTargetItemsPage(gsi, rows(), { countOnly: true, limit: 3 });
    assert.deepEqual([counted.items, counted.count], [[], 3]);
    assert.deepEqual(counted.lastEvaluatedKey, projected.lastEvaluatedKey);
    const whole = readTargetItemsPage(gsi, rows(), { countOnly: false, raw: true });
    assert.equal(whole.lastEvaluatedKey, undefined);
    assert.equal(whole.rawItems!.length, 4);
  });

  test('the item that brings the page to 1 MB ends it', () => {
    const page = readTargetItemsPage(table, rows([10, MAX_PAGE_BYTES - 20, 10, 10]), { countOnly: false, raw: true });
    assert.deepEqual([page.scannedCount, page.bytesRead], [3, MAX_PAGE_BYTES]);
    assert.deepEqual(page.lastEvaluatedKey, { pk: entries[2].pk, sk: entries[2].sk });
  });
});

describe('compileReadExpressions: KeyConditions', () => {
  const eq = (value: string) => ({ ComparisonOperator: 'EQ', AttributeValueList: [{ S: value }] });
  const many = { a: eq('1'), b: eq('2'), c: eq('3') };

  test('more than two conditions only with an IndexName (a multi-attribute key may take them)', () => {
    rejects(() => compileReadExpressions({ KeyConditions: many }, 'Query'), 'Conditions can be of length 1 or 2 only');
    const { keyCondition } = compileReadExpressions({ KeyConditions: many, IndexName: 'idx' }, 'Query');
    assert.deepEqual([...keyCondition!.keyTerms!.keys()], ['a', 'b', 'c']);
    const nine = Object.fromEntries('abcdefghi'.split('').map((name) => [name, eq(name)]));
    rejects(() => compileReadExpressions({ KeyConditions: nine, IndexName: 'idx' }, 'Query'), 'Conditions can be of length 1 or 2 only');
  });
});
