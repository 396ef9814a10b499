/**
 * Statements prepared once per WHERE shape (a handful of shapes per table or index), and
 * the page loop over them: rows until the page's limit or byte budget.
 */
import type Database from 'better-sqlite3';
import type { HashRange, Page, PageRequest, PageRow, SortRange } from '../types.js';

export type Db = Database.Database;
export type Statement = Database.Statement;

export class StatementCache {
  readonly #db: Db;
  readonly #statements = new Map<string, Statement>();

  constructor(db: Db) {
    this.#db = db;
  }

  get(shape: string, sql: () => string): Statement {
    let stmt = this.#statements.get(shape);
    if (!stmt) {
      stmt = this.#db.prepare(sql());
      this.#statements.set(shape, stmt);
    }
    return stmt;
  }
}

/** How the rows of a table or an index are ordered and selected (its SQL, built once). */
export interface RowLayout {
  /** Columns that order rows within a partition: `r` for a table; `r, th, tr` for an index. */
  readonly within: readonly ('r' | 'th' | 'tr')[];
  /** The columns of a page with keys, then the item's. */
  readonly keyed: string;
  readonly after: string;
  readonly before: string;
  readonly ascending: string;
  readonly descending: string;
  readonly scanAfter: string;
  readonly scanOrder: string;
}

/** The layout of rows ordered by `within` inside a partition (and by `h` across partitions). */
export function rowLayout(within: RowLayout['within']): RowLayout {
  const list = (names: readonly string[]) => names.join(', ');
  const marks = (names: readonly string[]) => names.map(() => '?').join(', ');
  const all = ['h', ...within];
  return {
    within,
    keyed: `${list(all)}, item AS json, size`,
    after: `(${list(within)}) > (${marks(within)})`,
    before: `(${list(within)}) < (${marks(within)})`,
    ascending: within.map((c) => `${c} ASC`).join(', '),
    descending: within.map((c) => `${c} DESC`).join(', '),
    scanAfter: `(${list(all)}) > (${marks(all)})`,
    scanOrder: list(all),
  };
}

/** The statement and parameters of one page of a table or index (see PageRequest). */
export function pageStatement(cache: StatementCache, table: string, layout: RowLayout, request: PageRequest): { stmt: Statement; params: Buffer[] } {
  const columns = request.keys ? layout.keyed : 'item AS json, size';
  const start = request.exclusiveStart;
  let where: string[];
  let params: Buffer[];
  let order: string;
  let shape: string;
  if (request.partition !== undefined) {
    ({ where, params } = partitionRange(request.partition, request.range));
    const forward = request.forward !== false;
    if (start) {
      where.push(forward ? layout.after : layout.before);
      for (const column of layout.within) params.push(start[column] ?? EMPTY);
    }
    order = forward ? layout.ascending : layout.descending;
    shape = `q|${columns}|${where.join(' AND ')}|${forward}`;
  } else {
    where = [];
    params = [];
    addHashSlice(request.slice, where, params);
    if (start) {
      where.push(layout.scanAfter);
      params.push(start.h);
      for (const column of layout.within) params.push(start[column] ?? EMPTY);
    }
    order = layout.scanOrder;
    shape = `s|${columns}|${where.join(' AND ')}`;
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return { stmt: cache.get(shape, () => `SELECT ${columns} FROM ${table} ${clause} ORDER BY ${order}`), params };
}

const EMPTY = Buffer.alloc(0);

/** The WHERE terms of one partition (h) within a sort-key range, for tables and indexes alike. */
function partitionRange(h: Buffer, range: SortRange | undefined): { where: string[]; params: Buffer[] } {
  const where = ['h = ?'];
  const params: Buffer[] = [h];
  if (range?.lower) {
    where.push(range.lower.inclusive ? 'r >= ?' : 'r > ?');
    params.push(range.lower.value);
  }
  if (range?.upper) {
    where.push(range.upper.inclusive ? 'r <= ?' : 'r < ?');
    params.push(range.upper.value);
  }
  return { where, params };
}

/** Adds the bounds of a Scan segment's slice of the partition-hash space to a WHERE clause. */
function addHashSlice(slice: HashRange | undefined, where: string[], params: Buffer[]): void {
  if (!slice) return;
  where.push('h >= ?');
  params.push(slice.from);
  if (slice.to) {
    where.push('h < ?');
    params.push(slice.to);
  }
}

/**
 * Steps a statement until `limit` rows are read, or the row that brings their sizes to
 * `maxBytes` (included); `stopped` says it ended there rather than at the last row.
 */
export function collectPage(stmt: Statement, params: readonly unknown[], limit: number | undefined, maxBytes: number | undefined): Page {
  const rows: PageRow[] = [];
  let bytes = 0;
  let stopped = false;
  for (const row of stmt.iterate(...params) as IterableIterator<PageRow>) {
    rows.push(row);
    bytes += row.size;
    if ((limit !== undefined && rows.length >= limit) || (maxBytes !== undefined && bytes >= maxBytes)) {
      stopped = true;
      break;
    }
  }
  return { rows, stopped };
}
