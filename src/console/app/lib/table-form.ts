/**
 * The Create table and Add index forms turned into CreateTable / UpdateTable requests: the
 * attribute definitions are derived from the keys of the table and its indexes (DynamoDB wants
 * each key attribute defined exactly once, and no other).
 */
import type { KeyType } from './query-builder.js';

export interface KeyField {
  readonly name: string;
  readonly type: KeyType;
}

export type Projection = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
export type BillingMode = 'PAY_PER_REQUEST' | 'PROVISIONED';

export interface Throughput {
  readonly read: number;
  readonly write: number;
}

export interface IndexForm {
  readonly name: string;
  /** Global indexes: their own partition key. Local indexes share the table's. */
  readonly partition?: KeyField;
  readonly sort?: KeyField;
  readonly projection: Projection;
  /** INCLUDE: comma-separated non-key attributes. */
  readonly include: string;
  /** Global indexes of provisioned tables. */
  readonly throughput?: Throughput;
}

export interface TableForm {
  readonly name: string;
  readonly partition: KeyField;
  readonly sort?: KeyField;
  readonly billing: BillingMode;
  readonly throughput?: Throughput;
  readonly globalIndexes: readonly IndexForm[];
  readonly localIndexes: readonly IndexForm[];
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  readonly deletionProtection: boolean;
}

export class TableFormError extends Error {}

/** Collects attribute definitions, refusing one name defined with two types. */
class Definitions {
  readonly #types = new Map<string, { type: KeyType; where: string }>();

  add(field: KeyField | undefined, where: string): void {
    if (field === undefined) return;
    const name = field.name.trim();
    if (name === '') throw new TableFormError(`${where}: the attribute name is required`);
    const seen = this.#types.get(name);
    if (seen !== undefined && seen.type !== field.type) {
      throw new TableFormError(`attribute ${name} is ${seen.type} in ${seen.where} but ${field.type} in ${where}: one attribute has one type`);
    }
    if (seen === undefined) this.#types.set(name, { type: field.type, where });
  }

  list(): { AttributeName: string; AttributeType: KeyType }[] {
    return [...this.#types].map(([AttributeName, { type }]) => ({ AttributeName, AttributeType: type }));
  }
}

function keySchema(partition: KeyField, sort: KeyField | undefined) {
  return [{ AttributeName: partition.name.trim(), KeyType: 'HASH' }, ...(sort !== undefined ? [{ AttributeName: sort.name.trim(), KeyType: 'RANGE' }] : [])];
}

function projection(index: IndexForm) {
  if (index.projection !== 'INCLUDE') return { ProjectionType: index.projection };
  const attributes = index.include
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (attributes.length === 0) throw new TableFormError(`index ${index.name}: INCLUDE needs the attributes to project`);
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: attributes };
}

function throughput(t: Throughput | undefined, where: string) {
  if (t === undefined || !Number.isInteger(t.read) || !Number.isInteger(t.write) || t.read < 1 || t.write < 1) {
    throw new TableFormError(`${where}: provisioned read and write capacity must be whole numbers of at least 1`);
  }
  return { ReadCapacityUnits: t.read, WriteCapacityUnits: t.write };
}

function globalIndex(index: IndexForm, billing: BillingMode, defs: Definitions) {
  const where = `index ${index.name.trim() || '(unnamed)'}`;
  if (index.name.trim() === '') throw new TableFormError('every index needs a name');
  if (index.partition === undefined) throw new TableFormError(`${where}: a global index needs a partition key`);
  defs.add(index.partition, `${where} (partition key)`);
  defs.add(index.sort, `${where} (sort key)`);
  return {
    IndexName: index.name.trim(),
    KeySchema: keySchema(index.partition, index.sort),
    Projection: projection(index),
    ...(billing === 'PROVISIONED' ? { ProvisionedThroughput: throughput(index.throughput, where) } : {}),
  };
}

/** The CreateTable request of the form. */
export function buildCreateTable(form: TableForm): Record<string, unknown> {
  const name = form.name.trim();
  if (name === '') throw new TableFormError('the table name is required');
  const defs = new Definitions();
  defs.add(form.partition, 'the table (partition key)');
  defs.add(form.sort, 'the table (sort key)');
  const request: Record<string, unknown> = { TableName: name, KeySchema: keySchema(form.partition, form.sort), BillingMode: form.billing };
  if (form.billing === 'PROVISIONED') request.ProvisionedThroughput = throughput(form.throughput, 'the table');
  if (form.globalIndexes.length > 0) request.GlobalSecondaryIndexes = form.globalIndexes.map((i) => globalIndex(i, form.billing, defs));
  if (form.localIndexes.length > 0) {
    if (form.sort === undefined) throw new TableFormError('local indexes need a table with a sort key');
    request.LocalSecondaryIndexes = form.localIndexes.map((index) => {
      const where = `index ${index.name.trim() || '(unnamed)'}`;
      if (index.name.trim() === '') throw new TableFormError('every index needs a name');
      if (index.sort === undefined) throw new TableFormError(`${where}: a local index needs a sort key`);
      defs.add(index.sort, `${where} (sort key)`);
      return { IndexName: index.name.trim(), KeySchema: keySchema(form.partition, index.sort), Projection: projection(index) };
    });
  }
  request.AttributeDefinitions = defs.list();
  const tags = form.tags.filter((t) => t.key.trim() !== '' || t.value !== '');
  if (tags.length > 0) request.Tags = tags.map((t) => ({ Key: t.key.trim(), Value: t.value }));
  if (form.deletionProtection) request.DeletionProtectionEnabled = true;
  return request;
}

/**
 * The UpdateTable request adding a global index to a table whose attribute definitions are
 * `existing` (each key attribute may be defined once: existing ones keep their type).
 */
export function buildAddIndex(table: string, index: IndexForm, billing: BillingMode, existing: readonly { AttributeName: string; AttributeType: string }[]): Record<string, unknown> {
  const defs = new Definitions();
  for (const d of existing) defs.add({ name: d.AttributeName, type: d.AttributeType as KeyType }, 'the table');
  const create = globalIndex(index, billing, defs);
  const used = new Set(create.KeySchema.map((k) => k.AttributeName));
  return {
    TableName: table,
    AttributeDefinitions: defs.list().filter((d) => used.has(d.AttributeName)),
    GlobalSecondaryIndexUpdates: [{ Create: create }],
  };
}
