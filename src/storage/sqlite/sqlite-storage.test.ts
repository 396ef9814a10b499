import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Item } from '../../model/attribute-value.js';
import { itemSize } from '../../model/item-size.js';
import { projectItem } from '../index-keys.js';
import { SqliteStorage, StaleCatalogError, WriteLockBusyError, type StorageOptions } from './tenant-store.js';
import type { GlobalSecondaryIndexDefinition, IndexRow, Projection, Table, TableDefinition, TableIndex, TenantStore } from '../types.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ZERO = { ReadCapacityUnits: 0, WriteCapacityUnits: 0 };

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function storage(options: Partial<StorageOptions> = {}): SqliteStorage {
  return new SqliteStorage({ dataDir: '', inMemory: true, sync: 'normal', backfillChunkRows: 16, ...options });
}

const indexId = (): string => randomBytes(8).toString('hex');

function gsi(name: string, keys: [string, 'HASH' | 'RANGE'][], projection: Projection = { ProjectionType: 'ALL' }, extra: Partial<GlobalSecondaryIndexDefinition> = {}): GlobalSecondaryIndexDefinition {
  return {
    IndexName: name,
    IndexId: indexId(),
    KeySchema: keys.map(([AttributeName, KeyType]) => ({ AttributeName, KeyType })),
    Projection: projection,
    ProvisionedThroughput: ZERO,
    IndexStatus: 'ACTIVE',
    ...extra,
  };
}

function tableDef(extra: Partial<TableDefinition> = {}): TableDefinition {
  return {
    TableName: 'Things',
    TableId: randomUUID(),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'g', AttributeType: 'S' },
      { AttributeName: 'n', AttributeType: 'N' },
      { AttributeName: 'l', AttributeType: 'S' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    ProvisionedThroughput: ZERO,
    CreationDateTime: 0,
    DeletionProtectionEnabled: false,
    Tags: [],
    TableClass: 'STANDARD',
    ...extra,
  };
}

function put(store: TenantStore, name: string, item: Item): void {
  const table = store.getTable(name)!;
  store.transaction(() => table.put(table.encodeKey(item), item, itemSize(item)));
}

function remove(store: TenantStore, name: string, key: Item): void {
  const table = store.getTable(name)!;
  store.transaction(() => table.delete(table.encodeKey(key)));
}

const rowKey = (row: IndexRow): string => `${row.h.toString('hex')}|${row.r.toString('hex')}|${row.th.toString('hex')}|${row.tr.toString('hex')}`;

/** The entries an index must hold for the table's current content, computed from scratch. */
function expectedEntries(table: Table, index: TableIndex): Map<string, string> {
  const expected = new Map<string, string>();
  const tableKeyNames = table.key.sort ? [table.key.partition.name, table.key.sort.name] : [table.key.partition.name];
  for (const row of table.scan()) {
    const item = JSON.parse(row.json) as Item;
    const key = index.keyOf(item);
    if (!key) continue;
    const projected = projectItem({ name: index.name, key: index.key, projection: index.projection, tableKeyNames }, item);
    expected.set(rowKey({ ...key, th: row.h, tr: row.r, json: '', size: 0 }), JSON.stringify(projected));
  }
  return expected;
}

/** Asserts the index holds exactly the entries the table's content implies. */
function assertIndexMatchesTable(table: Table, name: string): void {
  const index = table.index(name)!;
  const actual = new Map([...index.scan()].map((row) => [rowKey(row), row.json]));
  const expected = expectedEntries(table, index);
  assert.equal(actual.size, expected.size, `${name}: entry count`);
  for (const [key, json] of expected) assert.deepEqual(JSON.parse(actual.get(key) ?? 'null'), JSON.parse(json), `${name}: entry ${key}`);
}

const jsonItems = (rows: Iterable<IndexRow>): Item[] => [...rows].map((r) => JSON.parse(r.json) as Item);

describe('secondary index maintenance', () => {
  test('put and delete keep ALL, KEYS_ONLY and INCLUDE indexes in step; sparse items stay out', () => {
    const store = storage().tenant(ACCOUNT, REGION);
    store.createTable(
      tableDef({
        LocalSecondaryIndexes: [{ IndexName: 'byL', IndexId: indexId(), KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
        GlobalSecondaryIndexes: [
          gsi('all', [['g', 'HASH'], ['n', 'RANGE']]),
          gsi('keys', [['g', 'HASH']], { ProjectionType: 'KEYS_ONLY' }),
          gsi('some', [['n', 'HASH']], { ProjectionType: 'INCLUDE', NonKeyAttributes: ['extra'] }),
        ],
      }),
    );
    put(store, 'Things', { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'x' }, n: { N: '10' }, l: { S: 'm' }, extra: { S: 'e' }, other: { S: 'o' } });
    put(store, 'Things', { pk: { S: 'b' }, sk: { N: '1' }, g: { S: 'x' } }); // only in 'keys'
    put(store, 'Things', { pk: { S: 'c' }, sk: { N: '1' }, other: { S: 'none' } }); // in no index
    const table = store.getTable('Things')!;
    assert.deepEqual(
      table.indexes.map((i) => [i.name, i.kind, i.status]),
      [
        ['byL', 'LOCAL', 'ACTIVE'],
        ['all', 'GLOBAL', 'ACTIVE'],
        ['keys', 'GLOBAL', 'ACTIVE'],
        ['some', 'GLOBAL', 'ACTIVE'],
      ],
    );
    assert.deepEqual(
      table.indexes.map((i) => [i.name, i.stats().itemCount]),
      [
        ['byL', 1],
        ['all', 1],
        ['keys', 2],
        ['some', 1],
      ],
    );
    assert.deepEqual(jsonItems(table.index('some')!.scan()), [{ pk: { S: 'a' }, sk: { N: '1' }, n: { N: '10' }, extra: { S: 'e' } }]);
    assert.deepEqual(jsonItems(table.index('byL')!.scan()), [{ pk: { S: 'a' }, sk: { N: '1' }, l: { S: 'm' } }]);
    const all = [...table.index('all')!.scan()][0];
    assert.equal(all.size, itemSize(JSON.parse(all.json) as Item));
    assert.equal(table.index('keys')!.stats().sizeBytes, [...table.index('keys')!.scan()].reduce((n, r) => n + r.size, 0));
    for (const index of table.indexes) assertIndexMatchesTable(table, index.name);

    // moving 'a' to another index key, dropping an index attribute, deleting 'b'
    put(store, 'Things', { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'y' }, n: { N: '11' } });
    remove(store, 'Things', { pk: { S: 'b' }, sk: { N: '1' } });
    for (const index of table.indexes) assertIndexMatchesTable(table, index.name);
    assert.deepEqual(
      table.indexes.map((i) => [i.name, i.stats().itemCount]),
      [
        ['byL', 0],
        ['all', 1],
        ['keys', 1],
        ['some', 1],
      ],
    );
    assert.deepEqual(jsonItems(table.index('keys')!.scan()), [{ pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'y' } }]);
  });

  test('query orders entries by index sort key, then table key, both ways, with an exclusive start', () => {
    const store = storage().tenant(ACCOUNT, REGION);
    store.createTable(tableDef({ GlobalSecondaryIndexes: [gsi('byG', [['g', 'HASH'], ['n', 'RANGE']])] }));
    const entries: [string, number, number][] = [
      ['p2', 1, 5],
      ['p1', 1, 5],
      ['p1', 2, 3],
      ['p3', 1, -1],
      ['p1', 3, 5],
    ];
    for (const [pk, sk, n] of entries) put(store, 'Things', { pk: { S: pk }, sk: { N: String(sk) }, g: { S: 'same' }, n: { N: String(n) } });
    put(store, 'Things', { pk: { S: 'p9' }, sk: { N: '1' }, g: { S: 'other' }, n: { N: '0' } });
    const table = store.getTable('Things')!;
    const index = table.index('byG')!;
    const h = index.keyOf({ g: { S: 'same' }, n: { N: '0' } })!.h;
    const forward = [...index.query(h, {}, true)];
    const label = (r: IndexRow) => {
      const item = JSON.parse(r.json) as Item;
      return `${(item.n as { N: string }).N}:${(item.pk as { S: string }).S}:${(item.sk as { N: string }).N}`;
    };
    assert.equal(forward.length, 5);
    assert.equal(label(forward[0]), '-1:p3:1');
    assert.equal(label(forward[1]), '3:p1:2');
    // n=5 ties are ordered by table key (partition hash, partition key, sort key)
    const ties = forward.slice(2);
    for (let i = 1; i < ties.length; i++) assert.ok(Buffer.compare(Buffer.concat([ties[i - 1].th, ties[i - 1].tr]), Buffer.concat([ties[i].th, ties[i].tr])) < 0);
    const backward = [...index.query(h, {}, false)];
    assert.deepEqual(backward.map(label), forward.map(label).reverse());
    const afterSecond = [...index.query(h, {}, true, forward[2])];
    assert.deepEqual(afterSecond.map(label), forward.slice(3).map(label));
    const beforeFourth = [...index.query(h, {}, false, forward[3])];
    assert.deepEqual(beforeFourth.map(label), forward.slice(0, 3).map(label).reverse());
    const ranged = [...index.query(h, { lower: { value: forward[1].r, inclusive: false } }, true)];
    assert.deepEqual(ranged.map(label), forward.slice(2).map(label));
    const scanned = [...index.scan()];
    assert.equal(scanned.length, 6);
    const resumed = [...index.scan(undefined, scanned[2])];
    assert.deepEqual(resumed.map(label), scanned.slice(3).map(label));
  });

  test('checkIndexKeys reports the first unusable index key attribute, LSIs first', () => {
    const store = storage().tenant(ACCOUNT, REGION);
    store.createTable(
      tableDef({
        LocalSecondaryIndexes: [{ IndexName: 'byL', IndexId: indexId(), KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
        GlobalSecondaryIndexes: [gsi('byG', [['g', 'HASH']])],
      }),
    );
    const table = store.getTable('Things')!;
    table.checkIndexKeys({ pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'x' } });
    assert.throws(() => table.checkIndexKeys({ pk: { S: 'a' }, sk: { N: '1' }, g: { N: '1' }, l: { N: '1' } }), {
      message: 'One or more parameter values were invalid: Type mismatch for Index Key l Expected: S Actual: N IndexName: byL',
    });
    assert.throws(() => table.checkIndexKeys({ pk: { S: 'a' }, sk: { N: '1' }, g: { BOOL: true } }), {
      message: 'One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: BOOL IndexName: byG',
    });
  });

  test('multi-attribute GSI keys: items need every key attribute', () => {
    const store = storage().tenant(ACCOUNT, REGION);
    store.createTable(tableDef({ GlobalSecondaryIndexes: [gsi('multi', [['g', 'HASH'], ['l', 'HASH'], ['n', 'RANGE'], ['sk', 'RANGE']])] }));
    put(store, 'Things', { pk: { S: 'a' }, sk: { N: '2' }, g: { S: 'x' }, l: { S: 'y' }, n: { N: '1' } });
    put(store, 'Things', { pk: { S: 'b' }, sk: { N: '1' }, g: { S: 'x' }, l: { S: 'y' }, n: { N: '1' } });
    put(store, 'Things', { pk: { S: 'c' }, sk: { N: '1' }, g: { S: 'x' }, n: { N: '1' } });
    const table = store.getTable('Things')!;
    const index = table.index('multi')!;
    const h = index.keyOf({ g: { S: 'x' }, l: { S: 'y' }, n: { N: '0' }, sk: { N: '0' } })!.h;
    assert.deepEqual(
      jsonItems(index.query(h, {}, true)).map((i) => (i.pk as { S: string }).S),
      ['b', 'a'],
    );
    assertIndexMatchesTable(table, 'multi');
  });
});

describe('adding and dropping a GSI', () => {
  /** Seeds `count` items, about a third of them without the index attribute. */
  function seed(store: TenantStore, count: number): void {
    store.transaction(() => {
      const table = store.getTable('Things')!;
      for (let i = 0; i < count; i++) {
        const item: Item = { pk: { S: `p${i % 97}` }, sk: { N: String(i) }, data: { S: `d${i}` } };
        if (i % 3 !== 0) item.g = { S: `g${i % 7}` };
        table.put(table.encodeKey(item), item, itemSize(item));
      }
    });
  }

  function addIndex(store: TenantStore, index: GlobalSecondaryIndexDefinition): void {
    const def = store.getTable('Things')!.definition;
    store.updateTableDefinition('Things', { ...def, GlobalSecondaryIndexes: [...(def.GlobalSecondaryIndexes ?? []), index] });
  }

  const creating = (): GlobalSecondaryIndexDefinition =>
    gsi('byG', [['g', 'HASH']], { ProjectionType: 'INCLUDE', NonKeyAttributes: ['data'] }, { IndexStatus: 'CREATING', Backfilling: true });

  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  test('backfill converges to exactly the table content while writes continue', async () => {
    const store = storage({ backfillChunkRows: 50 }).tenant(ACCOUNT, REGION);
    store.createTable(tableDef());
    seed(store, 2000);
    addIndex(store, creating());
    assert.equal(store.getTable('Things')!.index('byG')!.status, 'CREATING');
    let writesDuringBackfill = 0;
    for (let i = 0; store.getTable('Things')!.index('byG')!.status === 'CREATING'; i++) {
      // writes ahead of and behind the cursor: new items, moved keys, removed keys, deletes
      const n = (i * 37) % 2200;
      const key = { pk: { S: `p${n % 97}` }, sk: { N: String(n) } };
      if (i % 4 === 0) remove(store, 'Things', key);
      else if (i % 4 === 1) put(store, 'Things', { ...key, data: { S: 'no index key' } });
      else put(store, 'Things', { ...key, g: { S: `moved${i % 5}` }, data: { S: `w${i}` } });
      writesDuringBackfill++;
      await tick();
    }
    await store.settled();
    const table = store.getTable('Things')!;
    const def = table.definition.GlobalSecondaryIndexes![0];
    assert.equal(def.IndexStatus, 'ACTIVE');
    assert.equal(def.Backfilling, undefined);
    assert.ok(writesDuringBackfill > 10, `only ${writesDuringBackfill} writes ran during the backfill`);
    assertIndexMatchesTable(table, 'byG');
  });

  test('a backfill interrupted by a restart resumes from the catalog', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqynamo-store-'));
    dirs.push(dir);
    const options = { dataDir: dir, inMemory: false, backfillChunkRows: 40 };
    const first = storage(options);
    const store = first.tenant(ACCOUNT, REGION);
    store.createTable(tableDef());
    seed(store, 1000);
    addIndex(store, creating());
    await tick();
    await tick();
    const partial = store.getTable('Things')!.index('byG')!.stats().itemCount;
    first.close();
    assert.ok(partial > 0 && partial < 600, `backfilled ${partial} entries before the restart`);

    const second = storage(options);
    const resumed = second.tenant(ACCOUNT, REGION);
    assert.equal(resumed.getTable('Things')!.index('byG')!.status, 'CREATING');
    await resumed.settled();
    const table = resumed.getTable('Things')!;
    assert.equal(table.index('byG')!.status, 'ACTIVE');
    assertIndexMatchesTable(table, 'byG');
    second.close();
  });

  test('a DELETING index is dropped in the background, pruning unused AttributeDefinitions', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    const byG = gsi('byG', [['g', 'HASH']]);
    const byN = gsi('byN', [['n', 'HASH']]);
    store.createTable(tableDef({ GlobalSecondaryIndexes: [byG, byN], AttributeDefinitions: tableDef().AttributeDefinitions.filter((d) => d.AttributeName !== 'l') }));
    put(store, 'Things', { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'x' }, n: { N: '1' } });
    const def = store.getTable('Things')!.definition;
    store.updateTableDefinition('Things', { ...def, GlobalSecondaryIndexes: [{ ...byG, IndexStatus: 'DELETING' }, byN] });
    const deleting = store.getTable('Things')!;
    assert.equal(deleting.index('byG'), undefined);
    // writes no longer maintain it
    put(store, 'Things', { pk: { S: 'b' }, sk: { N: '1' }, g: { S: 'y' } });
    await store.settled();
    const table = store.getTable('Things')!;
    assert.deepEqual(table.definition.GlobalSecondaryIndexes!.map((g) => g.IndexName), ['byN']);
    assert.deepEqual(
      table.definition.AttributeDefinitions.map((d) => d.AttributeName),
      ['pk', 'sk', 'n'],
    );
    assertIndexMatchesTable(table, 'byN');
  });

  test('dropping the table during a backfill stops it', async () => {
    const store = storage({ backfillChunkRows: 10 }).tenant(ACCOUNT, REGION);
    store.createTable(tableDef());
    seed(store, 300);
    addIndex(store, creating());
    await tick();
    store.dropTable('Things');
    await store.settled();
    assert.equal(store.getTable('Things'), undefined);
  });

  test('a failed transaction does not leave its definition cached', () => {
    const store = storage().tenant(ACCOUNT, REGION);
    store.createTable(tableDef());
    assert.throws(() =>
      store.transaction(() => {
        const def = store.getTable('Things')!.definition;
        store.updateTableDefinition('Things', { ...def, DeletionProtectionEnabled: true });
        assert.equal(store.getTable('Things')!.definition.DeletionProtectionEnabled, true);
        throw new Error('rolled back');
      }),
    );
    assert.equal(store.getTable('Things')!.definition.DeletionProtectionEnabled, false);
  });
});

describe('two connections on one data directory (worker processes)', () => {
  function pair(): { a: TenantStore; b: TenantStore; close(): void } {
    const dir = mkdtempSync(join(tmpdir(), 'sqynamo-shared-'));
    dirs.push(dir);
    const first = storage({ dataDir: dir, inMemory: false, shared: true });
    const second = storage({ dataDir: dir, inMemory: false, shared: true });
    return {
      a: first.tenant(ACCOUNT, REGION),
      b: second.tenant(ACCOUNT, REGION),
      close: () => {
        first.close();
        second.close();
      },
    };
  }

  test('a table created, redefined or dropped by the other connection is seen at once', async () => {
    const { a, b, close } = pair();
    try {
      assert.equal(b.getTable('Things'), undefined);
      a.createTable(tableDef());
      await a.pending();
      assert.ok(b.getTable('Things'), 'b sees the new table');
      put(b, 'Things', { pk: { S: 'x' }, sk: { N: '1' } });
      await b.pending();

      // b holds the table as loaded before a adds an index
      const stale = b.getTable('Things')!;
      const def = a.getTable('Things')!.definition;
      a.updateTableDefinition('Things', { ...def, GlobalSecondaryIndexes: [gsi('byG', [['g', 'HASH']])] });
      await a.pending();
      const item: Item = { pk: { S: 'y' }, sk: { N: '2' }, g: { S: 'G' } };
      assert.throws(() => b.transaction(() => stale.put(stale.encodeKey(item), item, itemSize(item))), StaleCatalogError);
      await b.pending();
      assert.equal(b.getTable('Things')!.get(stale.encodeKey(item)), undefined, 'the refused write left nothing');

      // looked up again, the table has the index and b's writes maintain it
      put(b, 'Things', item);
      await b.pending();
      const fresh = b.getTable('Things')!;
      assert.deepEqual(jsonItems(fresh.index('byG')!.query(fresh.index('byG')!.keyOf(item)!.h, {}, true)), [item]);
      assert.equal(a.getTable('Things')!.index('byG')!.stats().itemCount, 1);

      a.dropTable('Things');
      await a.pending();
      assert.equal(b.getTable('Things'), undefined);
      assert.deepEqual(b.listTableNames(), []);
      assert.throws(() => [...fresh.scanItems()], StaleCatalogError, 'a dropped table is never read');
    } finally {
      close();
    }
  });

  test('ClientRequestTokens written by one connection are recalled by the other', async () => {
    const { a, b, close } = pair();
    try {
      a.transaction(() => a.rememberToken('t1', 'print', '{"ok":1}', 2_000, 1_000));
      await a.pending();
      assert.deepEqual(b.transaction(() => b.recallToken('t1', 1_500)), { fingerprint: 'print', response: '{"ok":1}' });
      assert.equal(b.transaction(() => b.recallToken('t1', 2_000)), undefined, 'expired');
      await b.pending();
    } finally {
      close();
    }
  });

  test('a write while the other connection holds the write lock fails at once with WriteLockBusyError, then succeeds', async () => {
    const { a, b, close } = pair();
    try {
      a.createTable(tableDef());
      await a.pending();
      const item: Item = { pk: { S: 'k' }, sk: { N: '1' } };
      put(a, 'Things', item); // a's group stays open until its next event-loop turn
      const started = Date.now();
      assert.throws(() => put(b, 'Things', { ...item, sk: { N: '2' } }), WriteLockBusyError);
      assert.ok(Date.now() - started < 1000, 'no sleeping in SQLite busy handler');
      await a.pending();
      put(b, 'Things', { ...item, sk: { N: '2' } });
      await b.pending();
      assert.equal(a.getTable('Things')!.stats().itemCount, 2);
    } finally {
      close();
    }
  });
});
