import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Item } from '../../model/attribute-value.js';
import { itemSize } from '../../model/item-size.js';
import { RetryableStorageError, TableExistsError, type GlobalSecondaryIndexDefinition, type PageRow, type PageRequest, type ReadSource, type Table, type TenantStore } from '../types.js';
import { StaleCatalogError } from './account-database.js';
import { SqliteStorage, type SqliteStorageOptions } from './sqlite-storage.js';
import { gsiDefinition, lsiDefinition, tableDefinition } from '../../../test/helpers/definitions.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function storage(options: Partial<SqliteStorageOptions> = {}): SqliteStorage {
  return new SqliteStorage({ dataDir: '', inMemory: true, sync: 'normal', backfillChunkRows: 16, ...options });
}

const gsi = gsiDefinition;
const tableDef = tableDefinition;

async function put(store: TenantStore, name: string, ...items: Item[]): Promise<void> {
  const table = (await store.getTable(name))!;
  await store.write({
    reads: items.map((item) => ({ table, key: table.encodeKey(item) })),
    apply: () => ({ result: undefined, mutations: items.map((item, target) => ({ kind: 'put' as const, target, item, size: itemSize(item) })) }),
  });
}

async function remove(store: TenantStore, name: string, key: Item): Promise<void> {
  const table = (await store.getTable(name))!;
  await store.write({ reads: [{ table, key: table.encodeKey(key) }], apply: () => ({ result: undefined, mutations: [{ kind: 'delete', target: 0 }] }) });
}

const table = async (store: TenantStore, name = 'Things'): Promise<Table> => (await store.getTable(name))!;
const rows = async (source: ReadSource, request: PageRequest = {}): Promise<readonly PageRow[]> => (await source.readPage({ keys: true, ...request })).rows;
const rowKey = (row: PageRow): string => [row.h!, row.r!, row.th!, row.tr!].map((b) => b.toString('hex')).join('|');
const jsonItems = (list: readonly PageRow[]): Item[] => list.map((r) => JSON.parse(r.json) as Item);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Asserts the index holds exactly the entries the table's content implies. */
async function assertIndexMatchesTable(t: Table, name: string): Promise<void> {
  const index = t.index(name)!;
  const actual = new Map((await rows(index)).map((row) => [rowKey(row), JSON.parse(row.json) as Item]));
  const expected = new Map<string, Item>();
  for (const row of await rows(t)) {
    const item = JSON.parse(row.json) as Item;
    const key = index.keyOf(item);
    if (key) expected.set(rowKey({ ...key, th: row.h, tr: row.r, json: '', size: 0 }), index.project(item));
  }
  assert.deepEqual(actual, expected, name);
}

describe('secondary index maintenance', () => {
  test('put and delete keep ALL, KEYS_ONLY and INCLUDE indexes in step; sparse items stay out', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    await store.createTable(
      tableDef({
        LocalSecondaryIndexes: [lsiDefinition('byL', [['pk', 'HASH'], ['l', 'RANGE']], { ProjectionType: 'KEYS_ONLY' })],
        GlobalSecondaryIndexes: [
          gsi('all', [['g', 'HASH'], ['n', 'RANGE']]),
          gsi('keys', [['g', 'HASH']], { ProjectionType: 'KEYS_ONLY' }),
          gsi('some', [['n', 'HASH']], { ProjectionType: 'INCLUDE', NonKeyAttributes: ['extra'] }),
        ],
      }),
    );
    await put(store, 'Things', { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'x' }, n: { N: '10' }, l: { S: 'm' }, extra: { S: 'e' }, other: { S: 'o' } });
    await put(store, 'Things', { pk: { S: 'b' }, sk: { N: '1' }, g: { S: 'x' } }); // only in 'keys'
    await put(store, 'Things', { pk: { S: 'c' }, sk: { N: '1' }, other: { S: 'none' } }); // in no index
    const t = await table(store);
    assert.deepEqual(
      t.indexes.map((i) => [i.name, i.kind, i.status]),
      [
        ['byL', 'LOCAL', 'ACTIVE'],
        ['all', 'GLOBAL', 'ACTIVE'],
        ['keys', 'GLOBAL', 'ACTIVE'],
        ['some', 'GLOBAL', 'ACTIVE'],
      ],
    );
    const counts = async () => Promise.all(t.indexes.map(async (i) => [i.name, (await i.stats()).itemCount]));
    assert.deepEqual(await counts(), [
      ['byL', 1],
      ['all', 1],
      ['keys', 2],
      ['some', 1],
    ]);
    assert.deepEqual(jsonItems(await rows(t.index('some')!)), [{ pk: { S: 'a' }, sk: { N: '1' }, n: { N: '10' }, extra: { S: 'e' } }]);
    assert.deepEqual(jsonItems(await rows(t.index('byL')!)), [{ pk: { S: 'a' }, sk: { N: '1' }, l: { S: 'm' } }]);
    const [all] = await rows(t.index('all')!);
    assert.equal(all.size, itemSize(JSON.parse(all.json) as Item));
    assert.equal((await t.index('keys')!.stats()).sizeBytes, (await rows(t.index('keys')!)).reduce((n, r) => n + r.size, 0));
    for (const index of t.indexes) await assertIndexMatchesTable(t, index.name);

    // moving 'a' to another index key, dropping an index attribute, deleting 'b'
    await put(store, 'Things', { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'y' }, n: { N: '11' } });
    await remove(store, 'Things', { pk: { S: 'b' }, sk: { N: '1' } });
    for (const index of t.indexes) await assertIndexMatchesTable(t, index.name);
    assert.deepEqual(await counts(), [
      ['byL', 0],
      ['all', 1],
      ['keys', 1],
      ['some', 1],
    ]);
    assert.deepEqual(jsonItems(await rows(t.index('keys')!)), [{ pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'y' } }]);
  });

  test('query orders entries by index sort key, then table key, both ways, with an exclusive start', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    await store.createTable(tableDef({ GlobalSecondaryIndexes: [gsi('byG', [['g', 'HASH'], ['n', 'RANGE']])] }));
    const entries: [string, number, number][] = [
      ['p2', 1, 5],
      ['p1', 1, 5],
      ['p1', 2, 3],
      ['p3', 1, -1],
      ['p1', 3, 5],
    ];
    for (const [pk, sk, n] of entries) await put(store, 'Things', { pk: { S: pk }, sk: { N: String(sk) }, g: { S: 'same' }, n: { N: String(n) } });
    await put(store, 'Things', { pk: { S: 'p9' }, sk: { N: '1' }, g: { S: 'other' }, n: { N: '0' } });
    const index = (await table(store)).index('byG')!;
    const partition = index.keyOf({ g: { S: 'same' }, n: { N: '0' } })!.h;
    const forward = await rows(index, { partition });
    const label = (r: PageRow) => {
      const item = JSON.parse(r.json) as Item;
      return `${(item.n as { N: string }).N}:${(item.pk as { S: string }).S}:${(item.sk as { N: string }).N}`;
    };
    assert.equal(forward.length, 5);
    assert.equal(label(forward[0]), '-1:p3:1');
    assert.equal(label(forward[1]), '3:p1:2');
    // n=5 ties are ordered by table key (partition hash, partition key, sort key)
    const ties = forward.slice(2);
    for (let i = 1; i < ties.length; i++) assert.ok(Buffer.compare(Buffer.concat([ties[i - 1].th!, ties[i - 1].tr!]), Buffer.concat([ties[i].th!, ties[i].tr!])) < 0);
    const position = (r: PageRow) => ({ h: r.h!, r: r.r!, th: r.th!, tr: r.tr! });
    const backward = await rows(index, { partition, forward: false });
    assert.deepEqual(backward.map(label), forward.map(label).reverse());
    assert.deepEqual((await rows(index, { partition, exclusiveStart: position(forward[2]) })).map(label), forward.slice(3).map(label));
    assert.deepEqual((await rows(index, { partition, forward: false, exclusiveStart: position(forward[3]) })).map(label), forward.slice(0, 3).map(label).reverse());
    assert.deepEqual((await rows(index, { partition, range: { lower: { value: forward[1].r!, inclusive: false } } })).map(label), forward.slice(2).map(label));
    const scanned = await rows(index);
    assert.equal(scanned.length, 6);
    assert.deepEqual((await rows(index, { exclusiveStart: position(scanned[2]) })).map(label), scanned.slice(3).map(label));
  });

  test('indexKeyProblem reports the first unusable index key attribute, LSIs first', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    const t = await store.createTable(
      tableDef({
        LocalSecondaryIndexes: [lsiDefinition('byL', [['pk', 'HASH'], ['l', 'RANGE']])],
        GlobalSecondaryIndexes: [gsi('byG', [['g', 'HASH']])],
      }),
    );
    assert.equal(t.indexKeyProblem({ pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'x' } }), undefined);
    assert.deepEqual(t.indexKeyProblem({ pk: { S: 'a' }, sk: { N: '1' }, g: { N: '1' }, l: { N: '1' } }), { kind: 'type', index: 'byL', attribute: 'l', expected: 'S', actual: 'N' });
    assert.deepEqual(t.indexKeyProblem({ pk: { S: 'a' }, sk: { N: '1' }, g: { BOOL: true } }), { kind: 'type', index: 'byG', attribute: 'g', expected: 'S', actual: 'BOOL' });
  });

  test('multi-attribute GSI keys: items need every key attribute', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    await store.createTable(tableDef({ GlobalSecondaryIndexes: [gsi('multi', [['g', 'HASH'], ['l', 'HASH'], ['n', 'RANGE'], ['sk', 'RANGE']])] }));
    await put(store, 'Things', { pk: { S: 'a' }, sk: { N: '2' }, g: { S: 'x' }, l: { S: 'y' }, n: { N: '1' } });
    await put(store, 'Things', { pk: { S: 'b' }, sk: { N: '1' }, g: { S: 'x' }, l: { S: 'y' }, n: { N: '1' } });
    await put(store, 'Things', { pk: { S: 'c' }, sk: { N: '1' }, g: { S: 'x' }, n: { N: '1' } });
    const t = await table(store);
    const index = t.index('multi')!;
    const partition = index.encodePartition([{ S: 'x' }, { S: 'y' }]);
    assert.deepEqual(index.keyOf({ g: { S: 'x' }, l: { S: 'y' }, n: { N: '0' }, sk: { N: '0' } })!.h, partition);
    assert.deepEqual(
      jsonItems(await rows(index, { partition })).map((i) => (i.pk as { S: string }).S),
      ['b', 'a'],
    );
    await assertIndexMatchesTable(t, 'multi');
  });
});

describe('pages', () => {
  const sized = (i: number, bytes: number): Item => ({ pk: { S: 'p' }, sk: { N: String(i) }, pad: { S: 'x'.repeat(bytes) } });

  test('a page stops at its limit, or after the row that brings it to its byte budget, and says so', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    const t = await store.createTable(tableDef());
    await put(store, 'Things', ...[1, 2, 3, 4].map((i) => sized(i, 100)));
    const size = itemSize(sized(1, 100));
    const partition = t.encodePartition([{ S: 'p' }]);
    const page = (request: PageRequest) => t.readPage({ partition, ...request });
    assert.deepEqual([(await page({})).rows.length, (await page({})).stopped], [4, false]);
    assert.deepEqual([(await page({ limit: 2 })).rows.length, (await page({ limit: 2 })).stopped], [2, true]);
    assert.deepEqual([(await page({ limit: 4 })).rows.length, (await page({ limit: 4 })).stopped], [4, true], 'a limit reached on the last row still stopped');
    assert.deepEqual([(await page({ maxBytes: 2 * size })).rows.length, (await page({ maxBytes: 2 * size })).stopped], [2, true], 'exactly the budget ends it');
    assert.deepEqual([(await page({ maxBytes: 2 * size + 1 })).rows.length, (await page({ maxBytes: 2 * size + 1 })).stopped], [3, true], 'the row past the budget is included');
    assert.deepEqual((await page({ forward: false, limit: 1 })).rows.map((r) => (JSON.parse(r.json) as Item).sk), [{ N: '4' }]);
    assert.deepEqual(Object.keys((await page({ limit: 1 })).rows[0]).sort(), ['json', 'size'], 'no key columns unless asked');
    const slice = await t.readPage({ slice: { from: Buffer.alloc(4) }, keys: true });
    assert.equal(slice.rows.length, 4);
    assert.deepEqual(Object.keys(slice.rows[0]).sort(), ['h', 'json', 'r', 'size']);
  });
});

describe('write plans', () => {
  const item = (sk: number, extra: Item = {}): Item => ({ pk: { S: 'k' }, sk: { N: String(sk) }, ...extra });

  test('apply sees the items it reads; what it returns is written with the indexes, and a token remembered', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    const t = await store.createTable(tableDef({ GlobalSecondaryIndexes: [gsi('byG', [['g', 'HASH']])] }));
    await put(store, 'Things', item(1, { g: { S: 'old' } }));
    const reads = [1, 2].map((sk) => ({ table: t, key: t.encodeKey(item(sk)) }));
    const result = await store.write({
      reads,
      token: { value: 'tok', now: 1_000 },
      apply({ items, remembered }) {
        assert.equal(remembered, undefined);
        assert.deepEqual(items[0]?.item, item(1, { g: { S: 'old' } }));
        assert.equal(items[1], undefined);
        const next = item(2, { g: { S: 'new' } });
        return {
          result: 'done',
          mutations: [{ kind: 'delete', target: 0 }, { kind: 'put', target: 1, item: next, size: itemSize(next) }],
          remember: { token: 'tok', fingerprint: 'f', response: '"first"', expires: 2_000 },
        };
      },
    });
    assert.equal(result, 'done');
    assert.equal(await t.get(reads[0].key), undefined);
    assert.deepEqual((await t.get(reads[1].key))?.item, item(2, { g: { S: 'new' } }));
    await assertIndexMatchesTable(t, 'byG');
    const recall = (now: number) => store.write({ reads: [], token: { value: 'tok', now }, apply: ({ remembered }) => ({ result: remembered, mutations: [] }) });
    assert.deepEqual(await recall(1_500), { fingerprint: 'f', response: '"first"' });
    assert.equal(await recall(2_000), undefined, 'expired');
  });

  test('an apply that throws writes nothing, and the write rejects with its error', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    const t = await store.createTable(tableDef());
    const key = t.encodeKey(item(1));
    const failure = new Error('refused');
    await assert.rejects(
      store.write({
        reads: [{ table: t, key }],
        apply: () => {
          throw failure;
        },
      }),
      (err) => err === failure,
    );
    assert.equal((await t.stats()).itemCount, 0);
  });

  test('a delete of an absent item changes nothing; a plan may only name its own namespace', async () => {
    const engine = storage();
    const store = engine.tenant(ACCOUNT, REGION);
    const t = await store.createTable(tableDef());
    await remove(store, 'Things', item(9));
    assert.equal((await t.stats()).itemCount, 0);
    const other = engine.tenant(ACCOUNT, 'eu-west-1');
    await assert.rejects(other.write({ reads: [{ table: t, key: t.encodeKey(item(1)) }], apply: () => ({ result: 0, mutations: [] }) }), /not a table of this namespace/);
    await assert.rejects(other.read([{ table: t, key: t.encodeKey(item(1)) }]), /not a table of this namespace/);
  });

  test('scans give apply every item of a table, in storage order', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    const t = await store.createTable(tableDef());
    await put(store, 'Things', item(1), item(2));
    const seen = await store.write({ reads: [], scans: [t], apply: ({ scanned }) => ({ result: scanned[0].map((s) => s.item), mutations: [] }) });
    assert.deepEqual(seen, [item(1), item(2)]);
  });
});

describe('durability and freshness', () => {
  const item: Item = { pk: { S: 'k' }, sk: { N: '1' } };

  test('a read of a table the open group wrote answers only after the commit; a read of another table at once', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    const written = await store.createTable(tableDef());
    const other = await store.createTable(tableDef({ TableName: 'Other', TableId: randomUUID() }));
    const writing = put(store, 'Things', item);
    await Promise.resolve(); // the write runs in the microtask after getTable: the group is open now
    await Promise.resolve();
    let readWritten = false;
    let readOther = false;
    const pending = written.get(written.encodeKey(item)).then((stored) => {
      readWritten = true;
      return stored;
    });
    void other.get(other.encodeKey(item)).then(() => (readOther = true));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    assert.equal(readOther, true, 'a read of another table is not held back');
    assert.equal(readWritten, false, 'the read waits for the commit of what it saw');
    await writing;
    assert.deepEqual((await pending)?.item, item);
  });

  test('a table changed or dropped by this process is stale: holders of it run again', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    const held = await store.createTable(tableDef());
    const changed = await store.updateTable('Things', (def) => ({ ...def, DeletionProtectionEnabled: true }));
    assert.equal(changed?.definition.DeletionProtectionEnabled, true);
    await assert.rejects(held.get(held.encodeKey(item)), StaleCatalogError);
    await assert.rejects(store.write({ reads: [{ table: held, key: held.encodeKey(item) }], apply: () => ({ result: 0, mutations: [] }) }), RetryableStorageError);
    assert.ok(await store.dropTable('Things'));
    await assert.rejects(changed!.readPage({}), StaleCatalogError, 'a dropped table is never read');
    assert.equal(await store.getTable('Things'), undefined);
  });

  test('a refused change leaves the catalog as it was; a name taken is TableExistsError', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    await store.createTable(tableDef());
    await assert.rejects(
      store.updateTable('Things', () => {
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal((await table(store)).definition.DeletionProtectionEnabled, false);
    await assert.rejects(store.dropTable('Things', () => {
      throw new Error('protected');
    }), /protected/);
    assert.ok(await store.getTable('Things'));
    await assert.rejects(store.createTable(tableDef({ TableId: randomUUID() })), TableExistsError);
    assert.equal(await store.updateTable('Nothing', (def) => def), undefined);
    assert.equal(await store.dropTable('Nothing'), false);
  });
});

describe('adding and dropping a GSI', () => {
  /** Seeds `count` items, about a third of them without the index attribute. */
  async function seed(store: TenantStore, count: number): Promise<void> {
    const items: Item[] = [];
    for (let i = 0; i < count; i++) {
      const item: Item = { pk: { S: `p${i % 97}` }, sk: { N: String(i) }, data: { S: `d${i}` } };
      if (i % 3 !== 0) item.g = { S: `g${i % 7}` };
      items.push(item);
    }
    await put(store, 'Things', ...items);
  }

  async function addIndex(store: TenantStore, index: GlobalSecondaryIndexDefinition): Promise<void> {
    await store.updateTable('Things', (def) => ({ ...def, GlobalSecondaryIndexes: [...(def.GlobalSecondaryIndexes ?? []), index] }));
  }

  const creating = (): GlobalSecondaryIndexDefinition =>
    gsi('byG', [['g', 'HASH']], { ProjectionType: 'INCLUDE', NonKeyAttributes: ['data'] }, { IndexStatus: 'CREATING', Backfilling: true });

  test('backfill converges to exactly the table content while writes continue', async () => {
    const store = storage({ backfillChunkRows: 50 }).tenant(ACCOUNT, REGION);
    await store.createTable(tableDef());
    await seed(store, 2000);
    await addIndex(store, creating());
    assert.equal((await table(store)).index('byG')!.status, 'CREATING');
    let writesDuringBackfill = 0;
    for (let i = 0; (await table(store)).index('byG')!.status === 'CREATING'; i++) {
      // writes ahead of and behind the cursor: new items, moved keys, removed keys, deletes
      const n = (i * 37) % 2200;
      const key = { pk: { S: `p${n % 97}` }, sk: { N: String(n) } };
      if (i % 4 === 0) await remove(store, 'Things', key);
      else if (i % 4 === 1) await put(store, 'Things', { ...key, data: { S: 'no index key' } });
      else await put(store, 'Things', { ...key, g: { S: `moved${i % 5}` }, data: { S: `w${i}` } });
      writesDuringBackfill++;
      await tick();
    }
    await store.settled();
    const t = await table(store);
    const def = t.definition.GlobalSecondaryIndexes![0];
    assert.equal(def.IndexStatus, 'ACTIVE');
    assert.equal(def.Backfilling, undefined);
    assert.ok(writesDuringBackfill > 10, `only ${writesDuringBackfill} writes ran during the backfill`);
    await assertIndexMatchesTable(t, 'byG');
  });

  test('a backfill interrupted by a restart resumes from the catalog', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqynamo-store-'));
    dirs.push(dir);
    const options = { dataDir: dir, inMemory: false, backfillChunkRows: 40 };
    const first = storage(options);
    const store = first.tenant(ACCOUNT, REGION);
    await store.createTable(tableDef());
    await seed(store, 1000);
    await addIndex(store, creating());
    await tick();
    await tick();
    const partial = (await (await table(store)).index('byG')!.stats()).itemCount;
    await first.close();
    assert.ok(partial > 0 && partial < 600, `backfilled ${partial} entries before the restart`);

    const second = storage(options);
    const resumed = second.tenant(ACCOUNT, REGION);
    assert.equal((await table(resumed)).index('byG')!.status, 'CREATING');
    await resumed.settled();
    const t = await table(resumed);
    assert.equal(t.index('byG')!.status, 'ACTIVE');
    await assertIndexMatchesTable(t, 'byG');
    await second.close();
  });

  test('a DELETING index is dropped in the background, pruning unused AttributeDefinitions', async () => {
    const store = storage().tenant(ACCOUNT, REGION);
    const byG = gsi('byG', [['g', 'HASH']]);
    const byN = gsi('byN', [['n', 'HASH']]);
    await store.createTable(tableDef({ GlobalSecondaryIndexes: [byG, byN], AttributeDefinitions: tableDef().AttributeDefinitions.filter((d) => d.AttributeName !== 'l') }));
    await put(store, 'Things', { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'x' }, n: { N: '1' } });
    const deleting = await store.updateTable('Things', (def) => ({ ...def, GlobalSecondaryIndexes: [{ ...byG, IndexStatus: 'DELETING' }, byN] }));
    assert.equal(deleting!.index('byG'), undefined);
    // writes no longer maintain it
    await put(store, 'Things', { pk: { S: 'b' }, sk: { N: '1' }, g: { S: 'y' } });
    await store.settled();
    const t = await table(store);
    assert.deepEqual(t.definition.GlobalSecondaryIndexes!.map((g) => g.IndexName), ['byN']);
    assert.deepEqual(
      t.definition.AttributeDefinitions.map((d) => d.AttributeName),
      ['pk', 'sk', 'n'],
    );
    await assertIndexMatchesTable(t, 'byN');
  });

  test('dropping the table during a backfill stops it', async () => {
    const store = storage({ backfillChunkRows: 10 }).tenant(ACCOUNT, REGION);
    await store.createTable(tableDef());
    await seed(store, 300);
    await addIndex(store, creating());
    await tick();
    await store.dropTable('Things');
    await store.settled();
    assert.equal(await store.getTable('Things'), undefined);
  });
});

describe('two connections on one data directory (worker processes)', () => {
  function pair(): { a: TenantStore; b: TenantStore; close(): Promise<void> } {
    const dir = mkdtempSync(join(tmpdir(), 'sqynamo-shared-'));
    dirs.push(dir);
    const first = storage({ dataDir: dir, inMemory: false, shared: true });
    const second = storage({ dataDir: dir, inMemory: false, shared: true });
    return {
      a: first.tenant(ACCOUNT, REGION),
      b: second.tenant(ACCOUNT, REGION),
      close: async () => {
        await first.close();
        await second.close();
      },
    };
  }

  test('a table created, redefined or dropped by the other connection is seen at once', async () => {
    const { a, b, close } = pair();
    try {
      assert.equal(await b.getTable('Things'), undefined);
      await a.createTable(tableDef());
      assert.ok(await b.getTable('Things'), 'b sees the new table');
      await put(b, 'Things', { pk: { S: 'x' }, sk: { N: '1' } });

      // b holds the table as loaded before a adds an index
      const stale = await table(b);
      await a.updateTable('Things', (def) => ({ ...def, GlobalSecondaryIndexes: [gsi('byG', [['g', 'HASH']])] }));
      const item: Item = { pk: { S: 'y' }, sk: { N: '2' }, g: { S: 'G' } };
      await assert.rejects(
        b.write({ reads: [{ table: stale, key: stale.encodeKey(item) }], apply: () => ({ result: 0, mutations: [{ kind: 'put', target: 0, item, size: itemSize(item) }] }) }),
        StaleCatalogError,
      );
      assert.equal(await (await table(b)).get(stale.encodeKey(item)), undefined, 'the refused write left nothing');

      // looked up again, the table has the index and b's writes maintain it
      await put(b, 'Things', item);
      const fresh = await table(b);
      assert.deepEqual(jsonItems(await rows(fresh.index('byG')!, { partition: fresh.index('byG')!.keyOf(item)!.h })), [item]);
      assert.equal((await (await table(a)).index('byG')!.stats()).itemCount, 1);

      await a.dropTable('Things');
      assert.equal(await b.getTable('Things'), undefined);
      assert.deepEqual(await b.listTableNames(), []);
      await assert.rejects(fresh.readPage({}), StaleCatalogError, 'a dropped table is never read');
    } finally {
      await close();
    }
  });

  test('ClientRequestTokens written by one connection are recalled by the other', async () => {
    const { a, b, close } = pair();
    try {
      await a.write({ reads: [], token: { value: 't1', now: 1_000 }, apply: () => ({ result: 0, mutations: [], remember: { token: 't1', fingerprint: 'print', response: '{"ok":1}', expires: 2_000 } }) });
      const recall = (now: number) => b.write({ reads: [], token: { value: 't1', now }, apply: ({ remembered }) => ({ result: remembered, mutations: [] }) });
      assert.deepEqual(await recall(1_500), { fingerprint: 'print', response: '{"ok":1}' });
      assert.equal(await recall(2_000), undefined, 'expired');
    } finally {
      await close();
    }
  });

  test('a write while the other connection holds the write lock waits without blocking, then succeeds', async () => {
    const { a, b, close } = pair();
    try {
      await a.createTable(tableDef());
      const item: Item = { pk: { S: 'k' }, sk: { N: '1' } };
      const t = await table(a);
      // a's write runs now; its group holds the write lock until its next event-loop turn
      const first = a.write({ reads: [{ table: t, key: t.encodeKey(item) }], apply: () => ({ result: 0, mutations: [{ kind: 'put', target: 0, item, size: itemSize(item) }] }) });
      const started = Date.now();
      const order: string[] = [];
      await Promise.all([first.then(() => order.push('a')), put(b, 'Things', { ...item, sk: { N: '2' } }).then(() => order.push('b'))]);
      assert.deepEqual(order, ['a', 'b'], 'b committed once a released the lock');
      assert.ok(Date.now() - started < 1000, 'no sleeping in SQLite busy handler');
      assert.equal((await (await table(a)).stats()).itemCount, 2);
    } finally {
      await close();
    }
  });
});
