/**
 * PartiQL for DynamoDB: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction
 * statements.
 *
 * Pipeline: lex + parse (lexer.ts, parser.ts; a PartiQL syntax tree, cached by text) ->
 * translation against the tables (translate.ts): WHERE and SET/REMOVE clauses compile to
 * the expression ASTs of src/expressions (expressions.ts), literals to attribute values
 * (values.ts), SELECTs to a query-or-scan read plan (plan.ts). The API layer executes
 * the result with the same storage paths as the item operations.
 */
import { validation } from '../errors.js';
import { BoundedCache } from '../expressions/cache.js';
import type { ParsedStatement } from './ast.js';
import { PartiQLSyntaxError } from './lexer.js';
import { NOT_WELL_FORMED } from './messages.js';
import { parseStatement } from './parser.js';

export type { ParsedStatement } from './ast.js';
export { PARTIQL_MESSAGES, MULTI_STATEMENT_MESSAGES, NOT_WELL_FORMED } from './messages.js';
export { projectSelect } from './projection.js';
export { decodeNextToken, encodeNextToken, statementFingerprint, type ReadPosition } from './next-token.js';
export type { ReadPlan, SortOperator } from './plan.js';
export {
  isRead,
  translateStatement,
  type DeleteStatement,
  type ExistsStatement,
  type GetStatement,
  type InsertStatement,
  type ProjectedPath,
  type Returning,
  type SelectStatement,
  type Statement,
  type StatementContext,
  type TableLookup,
  type UpdateStatement,
} from './translate.js';

const parseCache = new BoundedCache<ParsedStatement>(1000);

/**
 * Parses a statement (cached by its text), reporting a syntax error as DynamoDB does:
 * ValidationException "Statement wasn't well formed, can't be processed: <detail>".
 */
export function parse(statement: string): ParsedStatement {
  try {
    return parseCache.get(statement, () => parseStatement(statement));
  } catch (error) {
    if (error instanceof PartiQLSyntaxError) throw validation(NOT_WELL_FORMED + error.detail);
    throw error;
  }
}
