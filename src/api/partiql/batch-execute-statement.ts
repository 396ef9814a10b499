/**
 * BatchExecuteStatement: up to 25 PartiQL statements, each run on its own (not a
 * transaction) with its own result: `Responses[i]` holds the table name and the item (a
 * read by full key, or a write's RETURNING), or an `Error` with a short Code and the
 * message. A batch holds reads only or writes only. The call itself fails only for
 * request-level problems.
 */
import { DynamoDBError, validation } from '../../errors.js';
import type { Item } from '../../model/attribute-value.js';
import { isRead, MULTI_STATEMENT_MESSAGES, type GetStatement, type Statement } from '../../partiql/index.js';
import { addCapacity, describeCapacity, readUnits, tableCapacity, type CapacityUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { appliedWriteCapacity } from '../shared/write-operation.js';
import { checkShape, type RequestSpec } from '../shared/shape.js';
import type { JsonObject, OperationContext } from '../context.js';
import { readItem } from './read.js';
import { compileStatement, ParametersSpec, statementInput, StatementSpec } from './statement-request.js';
import { isWriteStatement, prepareStatementWrite, returnedItem, runStatementWrite, type WriteStatement } from './write.js';
import { ConsistentReadSpec, ReturnConsumedCapacitySpec, ReturnValuesOnConditionCheckFailureSpec } from '../shared/specs.js';

/** Most statements in one batch. */
export const MAX_BATCH_STATEMENTS = 25;

export const BatchExecuteStatementSpec: RequestSpec = {
  Statements: {
    type: 'List',
    notNull: true,
    minLength: 1,
    maxLength: MAX_BATCH_STATEMENTS,
    of: {
      type: 'Structure',
      name: 'BatchStatementRequest',
      fields: {
        Statement: StatementSpec,
        Parameters: ParametersSpec,
        ConsistentRead: ConsistentReadSpec,
        ReturnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailureSpec,
      },
    },
  },
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
};

/** BatchStatementError codes: the exception name without "Exception" (ValidationException -> ValidationError). */
const ERROR_CODES: Readonly<Record<string, string>> = {
  ValidationException: 'ValidationError',
  ConditionalCheckFailedException: 'ConditionalCheckFailed',
  ResourceNotFoundException: 'ResourceNotFound',
  DuplicateItemException: 'DuplicateItem',
  AccessDeniedException: 'AccessDenied',
  ProvisionedThroughputExceededException: 'ProvisionedThroughputExceeded',
  TransactionConflictException: 'TransactionConflict',
  ItemCollectionSizeLimitExceededException: 'ItemCollectionSizeLimitExceeded',
  RequestLimitExceeded: 'RequestLimitExceeded',
  ThrottlingException: 'ThrottlingError',
};

/** The `Error` member for a statement's failure; anything unexpected propagates. */
function statementError(error: unknown): JsonObject {
  if (!(error instanceof DynamoDBError)) throw error;
  const code = ERROR_CODES[error.code];
  if (code === undefined) throw error;
  const item = error.extra?.Item as Item | undefined;
  return { Code: code, Message: error.message, ...(item ? { Item: item } : {}) };
}

/** One statement's outcome: its response entry and the capacity units it used. */
interface Outcome {
  readonly response: JsonObject;
  readonly table?: string;
  readonly capacity?: CapacityUnits;
}

async function runRead(statement: GetStatement, entry: JsonObject): Promise<Outcome> {
  const table = statement.table;
  const stored = await table.get(table.encodeKey(statement.key));
  const item = readItem(statement, stored);
  const name = table.definition.TableName;
  return { response: { TableName: name, ...(item ? { Item: item } : {}) }, table: name, capacity: tableCapacity(readUnits(stored?.size ?? 0, entry.ConsistentRead === true)) };
}

async function runWrite(statement: WriteStatement, entry: JsonObject, ctx: OperationContext): Promise<Outcome> {
  const name = statement.table.definition.TableName;
  try {
    const write = prepareStatementWrite(statement, entry.ReturnValuesOnConditionCheckFailure === 'ALL_OLD');
    const result = await runStatementWrite(write, ctx);
    const item = returnedItem(statement, result);
    return { response: { TableName: name, ...(item ? { Item: item } : {}) }, table: name, capacity: appliedWriteCapacity(write, result.old, result.applied) };
  } catch (error) {
    return { response: { TableName: name, Error: statementError(error) } };
  }
}

/** Compiles every statement; a failure becomes that statement's error. */
async function compileAll(entries: readonly JsonObject[], ctx: OperationContext): Promise<(Statement | { error: JsonObject })[]> {
  const out: (Statement | { error: JsonObject })[] = [];
  for (const entry of entries) {
    try {
      out.push(await compileStatement(statementInput(entry), ctx, 'batch'));
    } catch (error) {
      out.push({ error: statementError(error) });
    }
  }
  return out;
}

/** ConsumedCapacity: one entry per table the statements used. */
function capacityOf(mode: ReturnConsumedCapacity, outcomes: readonly Outcome[]): JsonObject[] | undefined {
  const perTable = new Map<string, CapacityUnits>();
  for (const { table, capacity } of outcomes) {
    if (table === undefined || capacity === undefined) continue;
    const sum = perTable.get(table);
    perTable.set(table, sum ? addCapacity(sum, capacity) : capacity);
  }
  const capacity = [...perTable].map(([table, units]) => describeCapacity(mode, table, units)).filter((c) => c !== undefined);
  return capacity.length > 0 ? capacity : undefined;
}

/** The BatchExecuteStatement operation. */
export async function batchExecuteStatement(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, BatchExecuteStatementSpec);
  const entries = request.Statements as JsonObject[];
  const compiled = await compileAll(entries, ctx);
  const statements = compiled.filter((c): c is Statement => !('error' in c));
  if (statements.some(isRead) && !statements.every(isRead)) throw validation(MULTI_STATEMENT_MESSAGES.batchReadAndWrite);
  const outcomes: Outcome[] = [];
  for (const [i, c] of compiled.entries()) {
    if ('error' in c) outcomes.push({ response: { Error: c.error } });
    else if (c.kind === 'get') outcomes.push(await runRead(c, entries[i]));
    else if (isWriteStatement(c)) outcomes.push(await runWrite(c, entries[i], ctx));
    else throw new Error(`a batch cannot run a ${c.kind} statement`);
  }
  const capacity = capacityOf(request.ReturnConsumedCapacity as ReturnConsumedCapacity, outcomes);
  return { Responses: outcomes.map((o) => o.response), ...(capacity ? { ConsumedCapacity: capacity } : {}) };
}
