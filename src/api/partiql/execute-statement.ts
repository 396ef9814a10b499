/**
 * ExecuteStatement: one PartiQL statement. A SELECT reads a page (Limit, NextToken,
 * ConsistentRead) as a Query or a Scan; INSERT, UPDATE and DELETE write one item, with
 * RETURNING where DynamoDB allows it. The response always holds `Items` (empty for writes
 * without RETURNING).
 */
import { validation } from '../../errors.js';
import type { AttributeValue } from '../../model/attribute-value.js';
import { decodeNextToken, encodeNextToken, PARTIQL_MESSAGES, statementFingerprint, type SelectStatement, type Statement } from '../../partiql/index.js';
import { withCapacity, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { READ_MESSAGES } from '../read/messages.js';
import { appliedWriteCapacity } from '../shared/write-operation.js';
import { checkShape, type RequestSpec } from '../shared/shape.js';
import type { JsonObject, OperationContext } from '../context.js';
import { readSelectPage } from './read.js';
import { compileStatement, ParametersSpec, statementInput, StatementSpec } from './statement-request.js';
import { prepareStatementWrite, returnedItem, runStatementWrite, type WriteStatement } from './write.js';
import { ConsistentReadSpec, ReturnConsumedCapacitySpec, ReturnValuesOnConditionCheckFailureSpec } from '../shared/specs.js';

/** ExecuteStatement's members, in the order AWS lists their constraint failures. */
export const ExecuteStatementSpec: RequestSpec = {
  Statement: StatementSpec,
  Parameters: ParametersSpec,
  ConsistentRead: ConsistentReadSpec,
  NextToken: { type: 'String', minLength: 1, maxLength: 32768 },
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
  Limit: { type: 'Integer', min: 1 },
  ReturnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailureSpec,
};

async function executeSelect(statement: SelectStatement, request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  const consistent = request.ConsistentRead === true;
  if (consistent && statement.index?.kind === 'GLOBAL') throw validation(PARTIQL_MESSAGES.consistentReadOnGsi);
  if (statement.index?.status === 'CREATING') throw validation(READ_MESSAGES.backfillingIndex(statement.index.name));
  const fingerprint = statementFingerprint(request.Statement as string, request.Parameters as AttributeValue[] | undefined);
  const start = typeof request.NextToken === 'string' ? decodeNextToken(request.NextToken, fingerprint) : undefined;
  const page = await readSelectPage(ctx.store, statement, {
    ...(typeof request.Limit === 'number' ? { limit: Math.trunc(request.Limit) } : {}),
    ...(start ? { start } : {}),
    consistent,
  });
  const response: JsonObject = {
    Items: page.items,
    ...(page.next ? { NextToken: encodeNextToken(fingerprint, page.next) } : {}),
    ...(page.lastEvaluatedKey ? { LastEvaluatedKey: page.lastEvaluatedKey } : {}),
  };
  return withCapacity(response, request.ReturnConsumedCapacity as ReturnConsumedCapacity, statement.table.definition.TableName, page.capacity);
}

async function executeWriteStatement(statement: WriteStatement, request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  const write = prepareStatementWrite(statement, request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD');
  const result = await runStatementWrite(write, ctx);
  const item = returnedItem(statement, result);
  const capacity = appliedWriteCapacity(write, result.old, result.applied);
  return withCapacity({ Items: item ? [item] : [] }, request.ReturnConsumedCapacity as ReturnConsumedCapacity, statement.table.definition.TableName, capacity);
}

function execute(statement: Statement, request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  switch (statement.kind) {
    case 'select':
      return executeSelect(statement, request, ctx);
    case 'get':
    case 'exists':
      // only produced for batches and transactions
      throw validation(PARTIQL_MESSAGES.existsOutsideTransaction);
    default:
      return executeWriteStatement(statement, request, ctx);
  }
}

/** The ExecuteStatement operation. */
export async function executeStatement(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, ExecuteStatementSpec);
  const statement = await compileStatement(statementInput(request), ctx, 'statement');
  return execute(statement, request, ctx);
}
