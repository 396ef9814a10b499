/**
 * Statements prepared once per WHERE shape (a handful of shapes per table or index), and
 * the page loop over them: rows until the page's limit or byte budget.
 */
import type Database from 'better-sqlite3';
import type { HashRange, Page, PageRow, SortRange } from '../types.js';

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

/** The WHERE terms of one partition (h) within a sort-key range, for tables and indexes alike. */
export function partitionRange(h: Buffer, range: SortRange | undefined): { where: string[]; params: Buffer[] } {
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
export function addHashSlice(slice: HashRange | undefined, where: string[], params: Buffer[]): void {
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
