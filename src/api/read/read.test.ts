import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { DynamoDBError } from '../../errors.js';
import { compileCondition, compileProjection, ExpressionScope } from '../../expressions/index.js';
import { conditionPaths } from '../../expressions/walk.js';
import type { Item } from '../../model/attribute-value.js';
import { encodeKeyValue } from '../../model/key-codec.js';
import type { PrimaryKey } from '../../model/keys.js';
import { itemSize } from '../../model/item-size.js';
import { encodePartition } from '../../storage/key-layout.js';
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.js';
import type { PageRow } from '../../storage/types.js';
import { gsiDefinition, lsiDefinition, tableDefinition } from '../../../test/helpers/definitions.js';
import { compileReadExpressions } from '../shared/request-expressions.js';
import { pageOf, readTargetPage, type PageSpec, type TargetPage } from './page.js';
import { targetCapacity, targetPageResponse } from './response.js';
import { checkSelect } from './select.js';
import { checkStartKeyIndexPart, checkStartKeyTablePart, startPosition, validateStartKeyValues } from './start-key.js';
import { checkKeyPaths, checkSelectAllAttributes, checkTargetKeyPaths, needsTableFetch, readTarget, targetItemKey } from './target.js';

const KEY: PrimaryKey = { partition: { name: 'pk', type: 'S' }, sort: { name: 'sk', type: 'N' } };

const rejects = (fn: () => unknown, message: string) =>
  assert.throws(fn, (e: unknown) => e instanceof DynamoDBError && e.code === 'ValidationException' && e.message === message);

// ---------------------------------------------------------------- a real table, in memory

/** A table (pk S, sk N) with an INCLUDE LSI on l, a KEYS_ONLY GSI (g, sk) and an ALL GSI on (a, b | c). */
const definition = tableDefinition(
  {
    TableName: 'T',
    LocalSecondaryIndexes: [lsiDefinition('byL', [['pk', 'HASH'], ['l', 'RANGE']], { ProjectionType: 'INCLUDE', NonKeyAttributes: ['inc'] })],
    GlobalSecondaryIndexes: [
      gsiDefinition('byG', [['g', 'HASH'], ['sk', 'RANGE']], { ProjectionType: 'KEYS_ONLY' }),
      gsiDefinition('byAB', [['a', 'HASH'], ['b', 'HASH'], ['c', 'RANGE']]),
    ],
  },
  { l: 'S', g: 'S', a: 'S', b: 'N', c: 'S' },
);

const storage = new SqliteStorage({ dataDir: '', inMemory: true, sync: 'normal' });
after(() => storage.close());
const store = storage.tenant('123456789012', 'us-east-1');
const table = await store.createTable(definition);
const LSI_INCLUDE = table.index('byL')!;
const GSI_KEYS = table.index('byG')!;
const GSI_MULTI = table.index('byAB')!;

// ---------------------------------------------------------------- pages

const entry = (i: number, extra: Item = {}): Item => ({ pk: { S: 'p' }, sk: { N: String(i) }, ...extra });
const rowOf = (item: Item, size: number): PageRow => ({ json: JSON.stringify(item), size });
const spec = (extra: Partial<PageSpec> = {}): Omit<PageSpec, 'fetch'> => ({ countOnly: false, ...extra });
const tableTarget = readTarget(store, table);

describe('pageOf (the rows a page read)', () => {
  test('counts and returns every row; no LastEvaluatedKey when the rows ended', () => {
    const page = pageOf(tableTarget, [rowOf(entry(1), 10), rowOf(entry(2), 20), rowOf(entry(3), 30)], false, spec());
    assert.deepEqual([page.count, page.scannedCount, page.bytesRead, page.lastEvaluatedKey], [3, 3, 60, undefined]);
    assert.deepEqual(
      page.items.map((i) => i.sk),
      [{ N: '1' }, { N: '2' }, { N: '3' }],
    );
  });

  test('a page that stopped names the last item read, even when the filter dropped it', () => {
    const filter = compileCondition('tag = :v', 'Filter', new ExpressionScope(undefined, { ':v': { S: 'keep' } }));
    const rows = [rowOf(entry(1, { tag: { S: 'keep' } }), 5), rowOf(entry(2, { tag: { S: 'drop' } }), 5), rowOf(entry(3, { tag: { S: 'drop' } }), 5)];
    const page = pageOf(tableTarget, rows, true, spec({ filter }));
    assert.deepEqual([page.count, page.scannedCount, page.bytesRead], [1, 3, 15]);
    assert.deepEqual(page.lastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '3' } });
    assert.deepEqual(page.items, [entry(1, { tag: { S: 'keep' } })]);
  });

  test('projection applies to the kept items; COUNT returns none but counts', () => {
    const projection = compileProjection('a', new ExpressionScope(undefined, undefined));
    const rows = [rowOf(entry(1, { a: { S: 'x' }, b: { S: 'y' } }), 5), rowOf(entry(2, { b: { S: 'z' } }), 5)];
    assert.deepEqual(pageOf(tableTarget, rows, false, spec({ projection })).items, [{ a: { S: 'x' } }, {}]);
    const counted = pageOf(tableTarget, rows, true, spec({ countOnly: true }));
    assert.deepEqual([counted.items, counted.count], [[], 2]);
    assert.deepEqual(counted.lastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '2' } });
  });

  test('a raw page keeps the stored text unparsed; only a plain page is raw', () => {
    const rows = [rowOf(entry(1), 10), rowOf(entry(2), 10)];
    const raw = pageOf(tableTarget, rows, true, spec({ raw: true }));
    assert.deepEqual(raw.rawItems, rows.map((r) => r.json));
    assert.deepEqual([raw.items, raw.count, raw.scannedCount, raw.bytesRead], [[], 2, 2, 20]);
    assert.deepEqual(raw.lastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '2' } });
    const filter = compileCondition('attribute_exists(pk)', 'Filter', new ExpressionScope(undefined, undefined));
    assert.equal(pageOf(tableTarget, rows, true, spec({ raw: true, filter })).rawItems, undefined);
  });

  test('an index page names the index key too: table key, then the index key attributes', () => {
    const gsiTarget = readTarget(store, table, GSI_KEYS);
    const entries = [1, 2].map((i) => entry(i, { g: { S: 'same' } }));
    assert.deepEqual(targetItemKey(gsiTarget, { ...entries[0], extra: { S: 'x' } }), { pk: { S: 'p' }, sk: { N: '1' }, g: { S: 'same' } });
    const page = pageOf(gsiTarget, entries.map((e) => rowOf(e, 10)), true, spec({ raw: true }));
    assert.deepEqual(page.lastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '2' }, g: { S: 'same' } });
  });
});

describe('targetPageResponse of a table', () => {
  const page = { items: [{ a: { S: 'x' } }], count: 1, scannedCount: 3, bytesRead: 8193, lastEvaluatedKey: { pk: { S: 'p' } }, fetchedSizes: [] };
  const pageResponse = (p: Omit<TargetPage, 'fetchedSizes'>, options: { countOnly: boolean; consistent: boolean; capacity: 'TOTAL' | 'INDEXES' }) =>
    targetPageResponse(tableTarget, { ...p, fetchedSizes: [] }, options);
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

describe('readTarget', () => {
  test('a table: its key, no projection', () => {
    assert.deepEqual(tableTarget.positionNames, ['pk', 'sk']);
    assert.deepEqual(tableTarget.key, { partition: [KEY.partition], sort: [KEY.sort] });
    assert.equal(tableTarget.projected, undefined);
  });

  test('an index: table key then its own key attributes; what it stores', () => {
    assert.deepEqual(readTarget(store, table, GSI_KEYS).positionNames, ['pk', 'sk', 'g']);
    assert.deepEqual([...readTarget(store, table, GSI_KEYS).projected!], ['pk', 'sk', 'g']);
    assert.deepEqual(readTarget(store, table, GSI_MULTI).positionNames, ['pk', 'sk', 'a', 'b', 'c']);
    assert.equal(readTarget(store, table, GSI_MULTI).projected, undefined);
    assert.deepEqual([...readTarget(store, table, LSI_INCLUDE).projected!], ['pk', 'sk', 'l', 'inc']);
  });
});

describe('Select and fetching on indexes', () => {
  const projection = (text: string) => compileProjection(text, new ExpressionScope(undefined, undefined));

  test('ALL_ATTRIBUTES is refused on a GSI that does not project ALL only', () => {
    rejects(
      () => checkSelectAllAttributes(readTarget(store, table, GSI_KEYS), 'ALL_ATTRIBUTES'),
      'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byG because its projection type is not ALL',
    );
    checkSelectAllAttributes(readTarget(store, table, GSI_MULTI), 'ALL_ATTRIBUTES');
    checkSelectAllAttributes(readTarget(store, table, LSI_INCLUDE), 'ALL_ATTRIBUTES');
    checkSelectAllAttributes(readTarget(store, table, GSI_KEYS), 'ALL_PROJECTED_ATTRIBUTES');
  });

  const cases: [string, typeof LSI_INCLUDE | undefined, unknown, string | undefined, boolean][] = [
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
      assert.equal(needsTableFetch(readTarget(store, table, index), select, text ? projection(text) : undefined), fetch);
    });
  }
});

describe('ExclusiveStartKey of an index', () => {
  const target = readTarget(store, table, GSI_KEYS);
  const good: Item = { pk: { S: 'p' }, sk: { N: '1' }, g: { S: 'x' } };
  const cases: [string, Item, 'index' | 'table', string][] = [
    ['an attribute too many', { ...good, extra: { S: 'e' } }, 'index', 'The provided starting key is invalid'],
    ['the index key missing', { pk: good.pk, sk: good.sk, other: { S: 'x' } }, 'index', 'The provided starting key is invalid'],
    ['only the table key', { pk: good.pk, sk: good.sk }, 'index', 'The provided starting key is invalid'],
    ['the index key of another type', { ...good, g: { N: '1' } }, 'index', 'The provided starting key is invalid'],
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
    assert.deepEqual(position, { h: encodePartition([{ S: 'x' }]), r: encodeKeyValue({ N: '1' }), th: encodePartition([{ S: 'p' }]), tr: encodeKeyValue({ N: '1' }) });
  });
});

describe('checkTargetKeyPaths', () => {
  const of = (text: string) => conditionPaths(compileCondition(text, 'Filter', new ExpressionScope(undefined, { ':v': { N: '1' } })).root);
  test('table key attributes are "Key", the index\'s own "IndexKey"', () => {
    const target = readTarget(store, table, GSI_MULTI);
    checkTargetKeyPaths(target, of('a = :v AND c = :v AND d.a = :v'));
    rejects(() => checkTargetKeyPaths(target, of('pk.x = :v')), "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk");
    rejects(() => checkTargetKeyPaths(target, of('b[0] = :v')), "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: b");
  });
});

describe('reading an index page', async () => {
  const full: Item = { pk: { S: 'q' }, sk: { N: '1' }, l: { S: 'a' }, inc: { S: 'i' }, extra: { S: 'o'.repeat(1000) } };
  await store.write({ reads: [{ table, key: table.encodeKey(full) }], apply: () => ({ result: undefined, mutations: [{ kind: 'put', target: 0, item: full, size: itemSize(full) }] }) });
  const entry = { pk: full.pk, sk: full.sk, l: full.l, inc: full.inc };
  const target = readTarget(store, table, LSI_INCLUDE);
  const partition = { partition: encodePartition([full.pk]), forward: true };

  test('returns the stored entries, names the index key in LastEvaluatedKey, charges the index', async () => {
    const page = await readTargetPage(target, partition, undefined, { countOnly: false, fetch: false, limit: 1 });
    assert.deepEqual(page.items, [entry]);
    assert.deepEqual(page.lastEvaluatedKey, { pk: full.pk, sk: full.sk, l: full.l });
    const capacity = targetCapacity(target, page, true);
    assert.deepEqual([capacity.table, [...capacity.localIndexes]], [0, [['byL', 1]]]);
  });

  test('fetching reads the items from the table, and charges a read of each to the table', async () => {
    const projection = compileProjection('extra', new ExpressionScope(undefined, undefined));
    const page = await readTargetPage(target, partition, undefined, { countOnly: false, fetch: true, projection });
    assert.deepEqual(page.items, [{ extra: full.extra }]);
    assert.equal(page.bytesRead, itemSize(entry));
    assert.deepEqual(page.fetchedSizes, [itemSize(full)]);
    const capacity = targetCapacity(target, page, false);
    assert.deepEqual([capacity.table, [...capacity.localIndexes]], [0.5, [['byL', 0.5]]]);
  });

  test('a page that read every row of the partition has no LastEvaluatedKey', async () => {
    const page = await readTargetPage(target, partition, undefined, { countOnly: false, fetch: false, limit: 2 });
    assert.deepEqual([page.scannedCount, page.lastEvaluatedKey], [1, undefined]);
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
