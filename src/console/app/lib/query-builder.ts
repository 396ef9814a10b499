/**
 * The Scan and Query builders' forms turned into DynamoDB requests: every attribute name goes
 * through an `#n` placeholder (so reserved words and odd characters just work) and every
 * value through a typed `:v` placeholder.
 */
import type { AttributeValue } from '../../../model/attribute-value.js';

export type KeyType = 'S' | 'N' | 'B';
export type SortOperator = '=' | '<' | '<=' | '>' | '>=' | 'between' | 'begins_with';
export type FilterOperator = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'begins_with' | 'contains' | 'attribute_exists' | 'attribute_not_exists';
/** Types a filter value can be written as. */
export type FilterType = 'S' | 'N' | 'BOOL' | 'NULL';

export const SORT_OPERATORS: readonly SortOperator[] = ['=', '<', '<=', '>', '>=', 'between', 'begins_with'];
export const FILTER_OPERATORS: readonly FilterOperator[] = ['=', '<>', '<', '<=', '>', '>=', 'begins_with', 'contains', 'attribute_exists', 'attribute_not_exists'];

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

export interface FilterCondition {
  /** A document path: `price`, `address.city`, `tags[0]`. */
  readonly path: string;
  readonly op: FilterOperator;
  readonly type: FilterType;
  readonly value: string;
}

export interface ReadForm {
  readonly mode: 'scan' | 'query';
  readonly table: string;
  /** An index name, or undefined for the table itself. */
  readonly index?: string;
  /** Query: the partition key of the table or index, and its value. */
  readonly partition?: { readonly attribute: KeyAttribute; readonly value: string };
  /** Query: an optional sort key condition (op '' = none). */
  readonly sort?: { readonly attribute: KeyAttribute; readonly op: SortOperator | ''; readonly value: string; readonly value2?: string };
  readonly filters: readonly FilterCondition[];
  /** Comma-separated paths to return ('' = every attribute). */
  readonly projection: string;
  /** Query: ascending sort key order (ScanIndexForward). */
  readonly forward: boolean;
  /** Page size (Limit); undefined = as many as fit in 1 MB. */
  readonly limit?: number;
  readonly consistent: boolean;
}

export interface ReadRequest {
  readonly operation: 'Query' | 'Scan';
  readonly request: Record<string, unknown>;
}

export class QueryFormError extends Error {}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SEGMENT = /^([^.[\]]+)((?:\[\d+\])*)$/;

/** A typed value from the text of a form field; `what` names the field in errors. */
export function typedValue(type: KeyType | FilterType, text: string, what: string): AttributeValue {
  switch (type) {
    case 'S':
      return { S: text };
    case 'N': {
      const t = text.trim();
      if (!NUMBER.test(t)) throw new QueryFormError(`${what} must be a number, got '${text}'`);
      return { N: t };
    }
    case 'B': {
      const t = text.trim();
      if (!BASE64.test(t)) throw new QueryFormError(`${what} must be base64, got '${text}'`);
      return { B: t };
    }
    case 'BOOL': {
      const t = text.trim().toLowerCase();
      if (t !== 'true' && t !== 'false') throw new QueryFormError(`${what} must be true or false, got '${text}'`);
      return { BOOL: t === 'true' };
    }
    case 'NULL':
      return { NULL: true };
  }
}

/** Collects placeholders for one request. */
class Placeholders {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  readonly #byName = new Map<string, string>();

  name(name: string): string {
    let ph = this.#byName.get(name);
    if (ph === undefined) {
      ph = `#n${this.#byName.size}`;
      this.#byName.set(name, ph);
      this.names[ph] = name;
    }
    return ph;
  }

  /** A path with each name segment replaced by its placeholder (`a.b[2]` -> `#n0.#n1[2]`). */
  path(path: string, what: string): string {
    const trimmed = path.trim();
    if (trimmed === '') throw new QueryFormError(`${what}: an attribute name is required`);
    return trimmed
      .split('.')
      .map((segment) => {
        const m = SEGMENT.exec(segment.trim());
        if (m === null) throw new QueryFormError(`${what}: '${trimmed}' is not a document path (names separated by dots, list indexes as [n])`);
        return this.name(m[1]) + m[2];
      })
      .join('.');
  }

  value(value: AttributeValue): string {
    const ph = `:v${Object.keys(this.values).length}`;
    this.values[ph] = value;
    return ph;
  }
}

function sortCondition(p: Placeholders, sort: NonNullable<ReadForm['sort']>): string | undefined {
  if (sort.op === '') return undefined;
  const name = p.name(sort.attribute.name);
  const what = `sort key ${sort.attribute.name}`;
  const value = p.value(typedValue(sort.attribute.type, sort.value, what));
  if (sort.op === 'between') return `${name} BETWEEN ${value} AND ${p.value(typedValue(sort.attribute.type, sort.value2 ?? '', `${what} (upper bound)`))}`;
  if (sort.op === 'begins_with') return `begins_with(${name}, ${value})`;
  return `${name} ${sort.op} ${value}`;
}

function filterCondition(p: Placeholders, f: FilterCondition, n: number): string {
  const path = p.path(f.path, `filter ${n}`);
  if (f.op === 'attribute_exists' || f.op === 'attribute_not_exists') return `${f.op}(${path})`;
  const value = p.value(typedValue(f.type, f.value, `filter ${n} (${f.path.trim()})`));
  if (f.op === 'begins_with' || f.op === 'contains') return `${f.op}(${path}, ${value})`;
  return `${path} ${f.op} ${value}`;
}

/** The Query or Scan request of a builder form; throws QueryFormError for a form that cannot be sent. */
export function buildRead(form: ReadForm): ReadRequest {
  const p = new Placeholders();
  const request: Record<string, unknown> = { TableName: form.table, ReturnConsumedCapacity: 'TOTAL' };
  if (form.index !== undefined && form.index !== '') request.IndexName = form.index;
  if (form.mode === 'query') {
    if (form.partition === undefined) throw new QueryFormError('a query needs the partition key');
    const pk = `${p.name(form.partition.attribute.name)} = ${p.value(typedValue(form.partition.attribute.type, form.partition.value, `partition key ${form.partition.attribute.name}`))}`;
    const sk = form.sort !== undefined ? sortCondition(p, form.sort) : undefined;
    request.KeyConditionExpression = sk === undefined ? pk : `${pk} AND ${sk}`;
    if (!form.forward) request.ScanIndexForward = false;
  }
  const filters = form.filters.filter((f) => f.path.trim() !== '' || f.value !== '');
  if (filters.length > 0) request.FilterExpression = filters.map((f, i) => filterCondition(p, f, i + 1)).join(' AND ');
  const projection = form.projection
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (projection.length > 0) request.ProjectionExpression = projection.map((path) => p.path(path, 'projection')).join(', ');
  if (form.limit !== undefined) {
    if (!Number.isInteger(form.limit) || form.limit < 1) throw new QueryFormError(`page size must be a whole number of at least 1, got ${form.limit}`);
    request.Limit = form.limit;
  }
  if (form.consistent) request.ConsistentRead = true;
  if (Object.keys(p.names).length > 0) request.ExpressionAttributeNames = p.names;
  if (Object.keys(p.values).length > 0) request.ExpressionAttributeValues = p.values;
  return { operation: form.mode === 'query' ? 'Query' : 'Scan', request };
}

/**
 * Next/Previous over pages: the start key of every page seen so far. Page 0 starts at the
 * beginning; `next` records where the following page starts.
 */
export interface PageCursor {
  /** ExclusiveStartKey of each page visited, index = page number (page 0: undefined). */
  readonly starts: readonly (Record<string, AttributeValue> | undefined)[];
  readonly page: number;
}

export const FIRST_PAGE: PageCursor = { starts: [undefined], page: 0 };

/** The cursor after moving to the page that starts at `lastEvaluatedKey`. */
export function nextPage(cursor: PageCursor, lastEvaluatedKey: Record<string, AttributeValue>): PageCursor {
  return { starts: [...cursor.starts.slice(0, cursor.page + 1), lastEvaluatedKey], page: cursor.page + 1 };
}

export function previousPage(cursor: PageCursor): PageCursor {
  return { starts: cursor.starts, page: Math.max(0, cursor.page - 1) };
}
