/**
 * TransactWriteItems: up to 100 Put/Update/Delete/ConditionCheck actions, all or nothing,
 * in one SQLite transaction. Everything that can be validated without reading items is
 * validated first (a ValidationException for the whole request); then every condition is
 * checked against the current items, and any failure cancels the whole transaction with
 * CancellationReasons in request order.
 */
import { DynamoDBError, shareOfMessage, validation } from '../../errors.js';
import { requestFingerprint, withIdempotency } from '../shared/idempotency.js';
import { prepareDelete } from '../delete-item/delete-item.js';
import { preparePut } from '../put-item/put-item.js';
import { prepareUpdate } from '../update-item/update-item.js';
import { addCapacity, describeCapacity, scaleTableUnits, type CapacityUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import {
  checkShape,
  ExpressionAttributeNamesSpec,
  ExpressionAttributeValuesSpec,
  ItemSpec,
  KeySpec,
  ReturnConsumedCapacitySpec,
  ReturnItemCollectionMetricsSpec,
  ReturnValuesOnConditionCheckFailureSpec,
  TableNameSpec,
  type FieldSpec,
} from '../shared/shape.js';
import { appliedWriteCapacity, conditionHolds, itemCollectionMetricsPerTable, store, type AppliedWrite, type PreparedWrite } from '../shared/write-operation.js';
import type { StoredItem } from '../../storage/types.js';
import type { JsonObject, OperationContext } from '../context.js';

const MAX_ACTIONS = 100;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

const common = {
  TableName: TableNameSpec,
  ConditionExpression: { type: 'String' },
  ExpressionAttributeNames: ExpressionAttributeNamesSpec,
  ExpressionAttributeValues: ExpressionAttributeValuesSpec,
  ReturnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailureSpec,
} as const;

const TransactWriteItemSpec: FieldSpec = {
  type: 'Structure',
  name: 'TransactWriteItem',
  fields: {
    ConditionCheck: { type: 'Structure', name: 'ConditionCheck', fields: { ...common, Key: { ...KeySpec, notNull: true }, ConditionExpression: { type: 'String', notNull: true } } },
    Put: { type: 'Structure', name: 'Put', fields: { ...common, Item: { ...ItemSpec, notNull: true } } },
    Delete: { type: 'Structure', name: 'Delete', fields: { ...common, Key: { ...KeySpec, notNull: true } } },
    Update: { type: 'Structure', name: 'Update', fields: { ...common, Key: { ...KeySpec, notNull: true }, UpdateExpression: { type: 'String', notNull: true } } },
  },
};

export const TransactWriteItemsSpec = {
  TransactItems: { type: 'List', notNull: true, minLength: 1, maxLength: MAX_ACTIONS, of: TransactWriteItemSpec },
  ReturnConsumedCapacity: ReturnConsumedCapacitySpec,
  ReturnItemCollectionMetrics: ReturnItemCollectionMetricsSpec,
  ClientRequestToken: { type: 'String', minLength: 1, maxLength: 36 },
} as const;

type ActionName = 'ConditionCheck' | 'Put' | 'Delete' | 'Update';
const ACTIONS: readonly ActionName[] = ['ConditionCheck', 'Put', 'Delete', 'Update'];

/** A ConditionCheck: validated and addressed like a Delete of the item, but nothing is written. */
function prepareConditionCheck(request: JsonObject, ctx: OperationContext): PreparedWrite {
  return { ...prepareDelete(request, ctx), apply: () => ({ writes: false }) };
}

const PREPARE: Record<ActionName, (request: JsonObject, ctx: OperationContext) => PreparedWrite> = {
  ConditionCheck: prepareConditionCheck,
  Put: preparePut,
  Delete: prepareDelete,
  Update: prepareUpdate,
};

export function transactionCanceled(reasons: readonly Record<string, unknown>[]): DynamoDBError {
  const codes = reasons.map((r) => r.Code).join(', ');
  return new DynamoDBError(
    'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    400,
    { CancellationReasons: reasons.map((r) => (typeof r.Message === 'string' ? { ...r, Message: shareOfMessage(r.Message, reasons.length) } : r)) },
    'Message',
  );
}

/** Validates and prepares every action; throws the request-level ValidationException. */
export function prepareTransaction(items: readonly JsonObject[], ctx: OperationContext): PreparedWrite[] {
  const writes: PreparedWrite[] = [];
  const targets = new Set<string>();
  for (const entry of items) {
    const present = ACTIONS.filter((a) => entry[a] !== undefined && entry[a] !== null);
    if (present.length !== 1) throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
    const action = present[0];
    const write = PREPARE[action](entry[action] as JsonObject, ctx);
    const target = `${write.table.definition.TableId}\u0000${write.encoded.h.toString('hex')}\u0000${write.encoded.r.toString('hex')}`;
    if (targets.has(target)) throw validation('Transaction request cannot include multiple operations on one item');
    targets.add(target);
    writes.push(write);
  }
  return writes;
}

/**
 * Runs prepared writes atomically: every condition is evaluated first; if any fails (or an
 * update cannot be applied to its item) nothing is written and the transaction is cancelled.
 */
export function runTransaction(writes: readonly PreparedWrite[], ctx: OperationContext): { current: (StoredItem | undefined)[]; applied: AppliedWrite[] } {
  return ctx.store.transaction(() => {
    const current = writes.map((w) => w.table.get(w.encoded));
    const reasons: Record<string, unknown>[] = [];
    const applied: AppliedWrite[] = [];
    let failed = false;
    writes.forEach((write, i) => {
      if (!conditionHolds(write, current[i])) {
        failed = true;
        reasons.push({
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
          ...(write.returnOldOnFailure && current[i] ? { Item: current[i]!.item } : {}),
        });
        return;
      }
      try {
        applied.push(write.apply(current[i]));
        reasons.push({ Code: 'None' });
      } catch (err) {
        if (!(err instanceof DynamoDBError) || err.code !== 'ValidationException') throw err;
        failed = true;
        reasons.push({ Code: 'ValidationError', Message: err.message });
      }
    });
    if (failed) throw transactionCanceled(reasons);
    writes.forEach((write, i) => store(write, current[i], applied[i]));
    return { current, applied };
  });
}

/**
 * ConsumedCapacity entries, one per table: transactional writes cost the table twice;
 * the indexes whose entries they change cost what the same writes cost outside a
 * transaction.
 */
function transactCapacity(mode: ReturnConsumedCapacity, writes: readonly PreparedWrite[], current: readonly (StoredItem | undefined)[], applied: readonly AppliedWrite[]): JsonObject[] | undefined {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
  const perTable = new Map<string, CapacityUnits>();
  writes.forEach((w, i) => {
    const consumed = scaleTableUnits(appliedWriteCapacity(w, current[i], applied[i]), 2);
    const name = w.table.definition.TableName;
    const sum = perTable.get(name);
    perTable.set(name, sum ? addCapacity(sum, consumed) : consumed);
  });
  return [...perTable].map(([name, units]) => describeCapacity(mode, name, units, 'write')!);
}

export function transactWriteItems(request: JsonObject, ctx: OperationContext): JsonObject {
  checkShape(request, TransactWriteItemsSpec);
  const items = request.TransactItems as JsonObject[];
  const bytes = Buffer.byteLength(JSON.stringify(items));
  if (bytes > MAX_REQUEST_BYTES) throw validation('Transaction size has exceeded the maximum allowed size of 4 MB');

  const token = request.ClientRequestToken as string | undefined;
  return withIdempotency(ctx.store, token, () => requestFingerprint(items), ctx.now(), () => {
    const writes = prepareTransaction(items, ctx);
    const { current, applied } = runTransaction(writes, ctx);
    const capacity = transactCapacity(request.ReturnConsumedCapacity as ReturnConsumedCapacity, writes, current, applied);
    const metrics = request.ReturnItemCollectionMetrics === 'SIZE' ? itemCollectionMetricsPerTable(writes.filter((_, i) => applied[i].writes)) : {};
    const response: JsonObject = {
      ...(capacity ? { ConsumedCapacity: capacity } : {}),
      ...(Object.keys(metrics).length > 0 ? { ItemCollectionMetrics: metrics } : {}),
    };
    return response;
  });
}
