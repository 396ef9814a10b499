import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DynamoDBError } from '../../errors.js';
import { compileCondition, compileProjection, ExpressionScope } from '../../expressions/index.js';
import type { Item } from '../../model/attribute-value.js';
import { encodeKeyValue, partitionHash } from '../../model/key-codec.js';
import type { PrimaryKey, Row } from '../../storage/types.js';
import {
  checkKeyPaths,
  checkSelect,
  conditionPaths,
  MAX_PAGE_BYTES,
  pageResponse,
  readPage,
  rowKey,
  validateStartKeyValues,
  type PageSpec,
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

describe('pageResponse', () => {
  const page = { items: [{ a: { S: 'x' } }], count: 1, scannedCount: 3, bytesRead: 8193, lastEvaluatedKey: { pk: { S: 'p' } } };
  test('shape and capacity: bytes read rounded up to 4 KB, halved when eventually consistent', () => {
    assert.deepEqual(pageResponse(page, { countOnly: false, consistent: false, capacity: 'TOTAL', tableName: 'T' }), {
      Items: [{ a: { S: 'x' } }],
      Count: 1,
      ScannedCount: 3,
      LastEvaluatedKey: { pk: { S: 'p' } },
      ConsumedCapacity: { TableName: 'T', CapacityUnits: 1.5 },
    });
    assert.deepEqual(pageResponse(page, { countOnly: true, consistent: true, capacity: 'INDEXES', tableName: 'T' }), {
      Count: 1,
      ScannedCount: 3,
      LastEvaluatedKey: { pk: { S: 'p' } },
      ConsumedCapacity: { TableName: 'T', CapacityUnits: 3, Table: { CapacityUnits: 3 } },
    });
  });

  test('an empty read still costs one read unit', () => {
    const empty = { items: [], count: 0, scannedCount: 0, bytesRead: 0 };
    assert.deepEqual(pageResponse(empty, { countOnly: false, consistent: false, capacity: 'TOTAL', tableName: 'T' }), {
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
