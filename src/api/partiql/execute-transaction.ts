/**
 * ExecuteTransaction: up to 100 PartiQL statements, all reads or all writes, atomic.
 *
 * Writes (INSERT, UPDATE, DELETE, EXISTS condition checks) run as one transaction through
 * TransactWriteItems' transaction plan: every condition is checked first and any failure
 * cancels the whole transaction with CancellationReasons in statement order. Reads
 * (SELECTs by full key) read one consistent snapshot, as TransactGetItems. A statement
 * DynamoDB cannot translate fails the request: "Validation failed in
 * TransactStatements[i]: <why>". ClientRequestToken makes a transaction idempotent for
 * 10 minutes; a replay reports the capacity of reading the stored result.
 */
import { DynamoDBError, transactionCanceled, validation } from '../../errors.js';
import { MULTI_STATEMENT_MESSAGES, PARTIQL_MESSAGES, type GetStatement, type Statement } from '../../partiql/index.js';
import type { EncodedKey, Table, WritePlan } from '../../storage/types.js';
import { idempotentWrite, requestFingerprint, type ResultCodec } from '../shared/idempotency.js';
import { addCapacity, describeCapacity, readUnits, scaleTableUnits, tableCapacity, type CapacityUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { appliedWriteCapacity, readsOf, type PreparedWrite } from '../shared/write-operation.js';
import { checkShape, type RequestSpec } from '../shared/shape.js';
import { transactionPlan } from '../transact-write-items/transact-write-items.js';
import type { JsonObject, OperationContext } from '../context.js';
import { readItem } from './read.js';
import { compileStatement, ParametersSpec, statementInput, StatementSpec } from './statement-request.js';
import { isWriteStatement, prepareStatementWrite } from './write.js';
import { ReturnConsumedCapacitySpec, ReturnValuesOnConditionCheckFailureSpec } from '../shared/specs.js';

/** Most statements in one transaction. */
export const MAX_TRANSACTION_STATEMENTS = 100;

export const ExecuteTransactionSpec: RequestSpec = {
  TransactStatements: {
    type: 'List',
    notNull: true,
    minLength: 1,
    maxLength: MAX_TRANSACTION_STATEMENTS,
    of: {
      type: 'Structure',
      name: 'ParameterizedStatement',
      fields: { Statement: StatementSpec, Parameters: ParametersSpec, ReturnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailureSpec },
    },
  },
  ClientRequestToken: { type: 'String', minLength: 1, maxLength: 36 },
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
};

/** Translation failures DynamoDB reports as a cancelled transaction rather than a ValidationException. */
const CANCELLING_PREFIXES = ['Key attribute should be present in the item:', "Key attribute's data type should match its data type in table's schema:"];

/** Compiles statement `index`, with DynamoDB's transaction wording for its failures. */
async function compileMember(entry: JsonObject, index: number, count: number, ctx: OperationContext): Promise<Statement> {
  try {
    const statement = await compileStatement(statementInput(entry), ctx, 'transaction');
    if ((statement.kind === 'update' || statement.kind === 'delete') && statement.returning !== undefined) {
      throw validation(MULTI_STATEMENT_MESSAGES.returningInTransaction);
    }
    return statement;
  } catch (error) {
    if (!(error instanceof DynamoDBError) || error.code !== 'ValidationException') throw error;
    if (CANCELLING_PREFIXES.some((prefix) => error.message.startsWith(prefix))) {
      throw transactionCanceled(Array.from({ length: count }, (_, i) => (i === index ? { Code: 'ValidationError', Message: error.message } : { Code: 'None' })));
    }
    throw validation(MULTI_STATEMENT_MESSAGES.inTransaction(index, error.message));
  }
}

/** No two statements may address the same item. */
function checkDistinctItems(targets: readonly { readonly table: Table; readonly encoded: EncodedKey }[]): void {
  const seen = new Set<string>();
  for (const target of targets) {
    const id = `${target.table.definition.TableId}\u0000${target.encoded.h.toString('hex')}\u0000${target.encoded.r.toString('hex')}`;
    if (seen.has(id)) throw validation(MULTI_STATEMENT_MESSAGES.sameItem);
    seen.add(id);
  }
}

/** Capacity per table name, in the order first used. */
type Units = [string, CapacityUnits][];

function addUnits(units: Map<string, CapacityUnits>, table: string, capacity: CapacityUnits): void {
  const sum = units.get(table);
  units.set(table, sum ? addCapacity(sum, capacity) : capacity);
}

/** ConsumedCapacity of a transaction: one entry per table, as reads or as writes. */
function capacityOf(mode: ReturnConsumedCapacity, units: Units, kind: 'read' | 'write'): JsonObject[] | undefined {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
  return units.map(([table, capacity]) => describeCapacity(mode, table, capacity, kind)!);
}

/** Result of a transaction: the response without capacity, and the units it used. */
interface Outcome {
  readonly response: JsonObject;
  readonly units: Units;
  readonly kind: 'read' | 'write';
}

/** Outcomes as remembered under a ClientRequestToken: capacity maps as entry lists. */
const OUTCOME_CODEC: ResultCodec<Outcome> = {
  encode: (outcome) =>
    JSON.stringify({
      ...outcome,
      units: outcome.units.map(([table, c]) => [table, { table: c.table, globalIndexes: [...c.globalIndexes], localIndexes: [...c.localIndexes] }]),
    }),
  decode: (text) => {
    const stored = JSON.parse(text) as Omit<Outcome, 'units'> & { units: [string, { table: number; globalIndexes: [string, number][]; localIndexes: [string, number][] }][] };
    return {
      ...stored,
      units: stored.units.map(([table, c]) => [table, { table: c.table, globalIndexes: new Map(c.globalIndexes), localIndexes: new Map(c.localIndexes) }]),
    };
  },
};

/** The reads as one snapshot, inside the transaction (a ClientRequestToken remembers their outcome too). */
function readsPlan(statements: readonly GetStatement[]): WritePlan<Outcome> {
  const targets = statements.map((s) => ({ table: s.table, encoded: s.table.encodeKey(s.key) }));
  checkDistinctItems(targets);
  return {
    reads: targets.map((t) => ({ table: t.table, key: t.encoded })),
    apply({ items: stored }) {
      const units = new Map<string, CapacityUnits>();
      const responses = statements.map((statement, i) => {
        addUnits(units, statement.table.definition.TableName, tableCapacity(2 * readUnits(stored[i]?.size ?? 0, true)));
        const item = readItem(statement, stored[i]);
        return item ? { Item: item } : {};
      });
      return { result: { response: { Responses: responses }, units: [...units], kind: 'read' }, mutations: [] };
    },
  };
}

/** The writes as one transaction (TransactWriteItems' plan), with their capacity. */
function writesPlan(writes: readonly PreparedWrite[]): WritePlan<Outcome> {
  checkDistinctItems(writes);
  const plan = transactionPlan(writes);
  return {
    reads: readsOf(writes),
    apply(input) {
      const { result, mutations } = plan.apply(input);
      const units = new Map<string, CapacityUnits>();
      writes.forEach((write, i) => addUnits(units, write.table.definition.TableName, scaleTableUnits(appliedWriteCapacity(write, result.current[i], result.applied[i]), 2)));
      return { result: { response: {}, units: [...units], kind: 'write' }, mutations };
    },
  };
}

async function planOf(entries: readonly JsonObject[], ctx: OperationContext): Promise<WritePlan<Outcome>> {
  const statements: Statement[] = [];
  for (const [i, entry] of entries.entries()) statements.push(await compileMember(entry, i, entries.length, ctx));
  const reads = statements.filter((statement): statement is GetStatement => statement.kind === 'get');
  if (reads.length > 0 && reads.length < statements.length) throw validation(MULTI_STATEMENT_MESSAGES.readAndWrite);
  if (reads.length > 0) return readsPlan(reads);
  const writes = statements.map((statement, i) => {
    if (!isWriteStatement(statement)) throw validation(MULTI_STATEMENT_MESSAGES.inTransaction(i, PARTIQL_MESSAGES.unsupportedOperation(statement.kind)));
    return prepareStatementWrite(statement, entries[i].ReturnValuesOnConditionCheckFailure === 'ALL_OLD');
  });
  return writesPlan(writes);
}

/** The ExecuteTransaction operation. */
export async function executeTransaction(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, ExecuteTransactionSpec);
  const entries = request.TransactStatements as JsonObject[];
  const mode = request.ReturnConsumedCapacity as ReturnConsumedCapacity;
  const token = request.ClientRequestToken as string | undefined;
  const { result: outcome, replayed } = await idempotentWrite(ctx.store, token, () => requestFingerprint(entries), ctx.now(), () => planOf(entries, ctx), OUTCOME_CODEC);
  // a replay reads the remembered outcome: its capacity is reported as reads
  const capacity = capacityOf(mode, outcome.units, replayed ? 'read' : outcome.kind);
  return { ...outcome.response, ...(capacity ? { ConsumedCapacity: capacity } : {}) };
}
