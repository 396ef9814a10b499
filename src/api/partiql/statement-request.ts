/**
 * What ExecuteStatement, BatchExecuteStatement and ExecuteTransaction share for each
 * statement: the member specs, and turning `Statement` + `Parameters` into a translated
 * statement (parse, parameter count and values, table lookup, translation).
 */
import { validation } from '../../errors.js';
import type { AttributeValue } from '../../model/attribute-value.js';
import { validateAttributeValue } from '../../model/validate.js';
import { parse, PARTIQL_MESSAGES, translateStatement, type Statement, type StatementContext } from '../../partiql/index.js';
import type { Table } from '../../storage/types.js';
import { AttributeValueSpec, type FieldSpec } from '../shared/shape.js';
import { requireActiveTable } from '../shared/tables.js';
import type { JsonObject, OperationContext } from '../context.js';

/** Longest statement, in characters. */
export const MAX_STATEMENT_LENGTH = 8192;

export const StatementSpec: FieldSpec = Object.freeze({ type: 'String', notNull: true, minLength: 1, maxLength: MAX_STATEMENT_LENGTH });

/** `Parameters`: at least one value when present. */
export const ParametersSpec: FieldSpec = Object.freeze({ type: 'List', minLength: 1, of: AttributeValueSpec });

/** One statement of a request, as sent. */
export interface StatementInput {
  readonly Statement: string;
  readonly Parameters?: readonly unknown[];
}

/** Validated parameter values (the shape check has run already). */
function parameterValues(raw: readonly unknown[] | undefined): AttributeValue[] {
  return (raw ?? []).map((value) => validateAttributeValue(value));
}

/** The translation reached the table `name`, which is not looked up yet. */
class TableNeeded {
  constructor(readonly name: string) {}
}

/**
 * Parses and translates one statement against the caller's tables. Throws DynamoDB's
 * ValidationException (syntax, parameters, semantics) or ResourceNotFoundException.
 *
 * The translation is pure and synchronous, and names its table at the point where
 * DynamoDB checks it: it runs until it asks for a table, the table is looked up (which
 * may fail, in that order of checks), and it runs again with the table at hand.
 */
export async function compileStatement(input: StatementInput, ctx: OperationContext, context: StatementContext): Promise<Statement> {
  const parsed = parse(input.Statement);
  const provided = input.Parameters?.length ?? 0;
  if (parsed.parameterCount > provided) throw validation(PARTIQL_MESSAGES.parameterCount);
  const parameters = parameterValues(input.Parameters);
  const tables = new Map<string, Table>();
  const lookup = (name: string): Table => {
    const table = tables.get(name);
    if (table === undefined) throw new TableNeeded(name);
    return table;
  };
  for (;;) {
    try {
      return translateStatement(parsed, parameters, lookup, context);
    } catch (err) {
      if (!(err instanceof TableNeeded) || tables.has(err.name)) throw err;
      tables.set(err.name, await requireActiveTable(ctx, err.name));
    }
  }
}

/** The statement members of a request entry. */
export const statementInput = (entry: JsonObject): StatementInput => ({
  Statement: entry.Statement as string,
  ...(Array.isArray(entry.Parameters) ? { Parameters: entry.Parameters as unknown[] } : {}),
});
