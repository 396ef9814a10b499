/**
 * The benchmark's data: one table (pk S HASH, sk N RANGE) whose item `i` lives in partition
 * `i % partitions` with sort key `floor(i / partitions)`; every item is about 200 bytes
 * (DynamoDB's item-size arithmetic). Everything is a pure function of the index, so every
 * server gets the same data and the same key sequences.
 */

export const TABLE_NAME = 'bench';
export const DEFAULT_PARTITIONS = 1000;
/** Target DynamoDB item size in bytes. */
export const ITEM_BYTES = 200;

/** DynamoDB JSON attribute values the benchmark uses. */
export type Value = { S: string } | { N: string } | { BOOL: boolean };
export type Item = Record<string, Value>;
export type Key = { pk: { S: string }; sk: { N: string } };

/** A seeded PRNG (mulberry32) returning floats in [0, 1): the one the property tests use. */
export { mulberry32 } from '../src/model/mulberry32.js';

/** A seed mixed from several integers (FNV-1a over their decimal text). */
export function mixSeed(...parts: readonly (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('/')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Integer in [0, n). */
export function randomInt(rng: () => number, n: number): number {
  return Math.floor(rng() * n);
}

/** Partition key text of a partition number. */
export function partitionKey(partition: number): string {
  return `p${String(partition).padStart(4, '0')}`;
}

/** The key of a (partition, sort) pair. */
export function keyOf(partition: number, sort: number): Key {
  return { pk: { S: partitionKey(partition) }, sk: { N: String(sort) } };
}

/** The key of item `i` of the loaded table. */
export function keyAt(i: number, partitions = DEFAULT_PARTITIONS): Key {
  return keyOf(i % partitions, Math.floor(i / partitions));
}

const FILLER = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * DynamoDB's size of an item of S/N/BOOL values: attribute-name bytes plus value bytes
 * (S: UTF-8 bytes; N: 1 byte per two significant digits plus 1; BOOL: 1).
 */
export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += Buffer.byteLength(name);
    if ('S' in value) size += Buffer.byteLength(value.S);
    else if ('N' in value) size += Math.ceil(value.N.replace(/^-|\.|^0+/g, '').length / 2) + 1;
    else size += 1;
  }
  return size;
}

/** An item of about {@link ITEM_BYTES} bytes with the given key; `seq` varies its contents. */
export function itemWithKey(key: Key, seq: number): Item {
  const item: Item = {
    pk: key.pk,
    sk: key.sk,
    name: { S: `user-${seq}` },
    email: { S: `user${seq}@example.com` },
    age: { N: String(18 + (seq % 60)) },
    active: { BOOL: seq % 2 === 0 },
    payload: { S: '' },
  };
  const missing = Math.max(0, ITEM_BYTES - itemSize(item));
  const offset = seq % FILLER.length;
  item.payload = { S: (FILLER.slice(offset) + FILLER.repeat(Math.ceil(missing / FILLER.length) + 1)).slice(0, missing) };
  return item;
}

/** Item `i` of the loaded table. */
export function itemAt(i: number, partitions = DEFAULT_PARTITIONS): Item {
  return itemWithKey(keyAt(i, partitions), i);
}

/** The CreateTable request of the benchmark table. */
export function createTableRequest(): Record<string, unknown> {
  return {
    TableName: TABLE_NAME,
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** BatchWriteItem request putting items `[from, to)` of the loaded table. */
export function loadBatchRequest(from: number, to: number, partitions = DEFAULT_PARTITIONS): Record<string, unknown> {
  const requests = [];
  for (let i = from; i < to; i += 1) requests.push({ PutRequest: { Item: itemAt(i, partitions) } });
  return { RequestItems: { [TABLE_NAME]: requests } };
}
