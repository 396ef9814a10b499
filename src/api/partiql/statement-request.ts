/**
 * What ExecuteStatement, BatchExecuteStatement and ExecuteTransaction share for each
 * statement: the member specs, and turning `Statement` + `Parameters` into a translated
 * statement (parse, parameter count and values, table lookup, translation).
 */
import { validation } from '../../errors.js';
import type { AttributeValue } from '../../model/attribute-value.js';
import { validateAttributeValue } from '../../model/validate.js';
import { parse, PARTIQL_MESSAGES, translateStatement, type Statement, type StatementContext } from '../../partiql/index.js';
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

/**
 * Parses and translates one statement against the caller's tables. Throws DynamoDB's
 * ValidationException (syntax, parameters, semantics) or ResourceNotFoundException.
 */
export function compileStatement(input: StatementInput, ctx: OperationContext, context: StatementContext): Statement {
  const parsed = parse(input.Statement);
  const provided = input.Parameters?.length ?? 0;
  if (parsed.parameterCount > provided) throw validation(PARTIQL_MESSAGES.parameterCount);
  const parameters = parameterValues(input.Parameters);
  return translateStatement(parsed, parameters, (name) => requireActiveTable(ctx, name), context);
}

/** The statement members of a request entry. */
export const statementInput = (entry: JsonObject): StatementInput => ({
  Statement: entry.Statement as string,
  ...(Array.isArray(entry.Parameters) ? { Parameters: entry.Parameters as unknown[] } : {}),
});
