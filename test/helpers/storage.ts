/**
 * Storage as a test oracle: the tables and index entries a server holds, read through the
 * storage interface (never SQLite), and a few writes that bypass the API (seeding many
 * items quickly, or changing a definition as another process might).
 */
import assert from 'node:assert/strict';
import { TEST_ACCOUNT_ID } from '../../src/auth/credentials.js';
import type { Item } from '../../src/model/attribute-value.js';
import { itemSize } from '../../src/model/item-size.js';
import type { PageRow, ReadSource, Table, TableDefinition, TableIndex, TenantStore } from '../../src/storage/types.js';
import type { TestServer } from './server.js';

/** The store of a server's namespace (the test account in us-east-1 by default). */
export const tenantOf = (t: TestServer, accountId = TEST_ACCOUNT_ID, region = 'us-east-1'): TenantStore => t.server.storage.tenant(accountId, region);

/** A table as storage has it; fails the test when there is none. */
export async function storedTable(store: TenantStore, name: string): Promise<Table> {
  const table = await store.getTable(name);
  assert.ok(table, `table ${name} is in storage`);
  return table;
}

/** Every row of a table or index, with its key bytes, in storage order. */
export async function allRows(source: ReadSource): Promise<readonly PageRow[]> {
  return (await source.readPage({ keys: true })).rows;
}

/** Stores items straight into a table, in one transaction, as a write plan. */
export async function putStored(store: TenantStore, table: Table, items: readonly Item[]): Promise<void> {
  await store.write({
    reads: items.map((item) => ({ table, key: table.encodeKey(item) })),
    apply: () => ({ result: undefined, mutations: items.map((item, target) => ({ kind: 'put' as const, target, item, size: itemSize(item) })) }),
  });
}

/** Replaces a table's definition, bypassing the API's checks. */
export async function replaceDefinition(store: TenantStore, name: string, def: TableDefinition): Promise<void> {
  assert.ok(await store.updateTable(name, () => def), `table ${name} is in storage`);
}

const rowKey = (...parts: Buffer[]): string => parts.map((part) => part.toString('hex')).join('|');

/**
 * Asserts that an index holds exactly the entries the table's items imply (index key,
 * table key, projected item), and returns their count.
 */
export async function assertIndexMatchesTable(table: Table, index: TableIndex): Promise<number> {
  const expected = new Map<string, Item>();
  for (const row of await allRows(table)) {
    const item = JSON.parse(row.json) as Item;
    const key = index.keyOf(item);
    if (key) expected.set(rowKey(key.h, key.r, row.h!, row.r!), index.project(item));
  }
  const actual = new Map((await allRows(index)).map((r) => [rowKey(r.h!, r.r!, r.th!, r.tr!), JSON.parse(r.json) as Item]));
  assert.deepEqual(actual, expected, `index ${index.name}`);
  return actual.size;
}
