/**
 * TransactWriteItems: up to 100 Put/Update/Delete/ConditionCheck actions, all or nothing,
 * in one transaction (one write plan). Everything that can be validated without reading
 * items is validated first (a ValidationException for the whole request), except an item
 * or key that does not fit its table's schema, which cancels its action
 * (shared/schema-fit.ts); then every condition is checked against the current items, and
 * any failure cancels the whole transaction with CancellationReasons in request order.
 */
import { DynamoDBError, transactionCanceled, validation } from '../../errors.js';
import { idempotentWrite, requestFingerprint } from '../shared/idempotency.js';
import { prepareDelete } from '../delete-item/delete-item.js';
import { SchemaMismatchError } from '../shared/schema-fit.js';
import { preparePut } from '../put-item/put-item.js';
import { prepareUpdate } from '../update-item/update-item.js';
import { addCapacity, describeCapacity, scaleTableUnits, type CapacityUnits, type ReturnConsumedCapacity } from '../shared/capacity.js';
import { checkShape, type FieldSpec } from '../shared/shape.js';
import { appliedWriteCapacity, conditionHolds, itemCollectionMetricsPerTable, mutationOf, readsOf, type AppliedWrite, type PreparedWrite } from '../shared/write-operation.js';
import type { Mutation, StoredItem, WritePlan } from '../../storage/types.js';
import type { JsonObject, OperationContext } from '../context.js';
import { ExpressionAttributeNamesSpec, ExpressionAttributeValuesSpec, ItemSpec, KeySpec, ReturnConsumedCapacitySpec, ReturnItemCollectionMetricsSpec, ReturnValuesOnConditionCheckFailureSpec, TableNameSpec } from '../shared/specs.js';

const MAX_ACTIONS = 100;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/**
 * A transaction over 4 MB. AWS's wire text was not found; this is the sentence of AWS's
 * TransactWriteItems documentation ("The aggregate size of the items in the transaction
 * cannot exceed 4 MB").
 */
export const TRANSACTION_SIZE_EXCEEDED = 'The aggregate size of the items in the transaction cannot exceed 4 MB';

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
async function prepareConditionCheck(request: JsonObject, ctx: OperationContext): Promise<PreparedWrite> {
  return { ...(await prepareDelete(request, ctx)), apply: () => ({ writes: false }) };
}

const PREPARE: Record<ActionName, (request: JsonObject, ctx: OperationContext) => Promise<PreparedWrite>> = {
  ConditionCheck: prepareConditionCheck,
  Put: preparePut,
  Delete: prepareDelete,
  Update: prepareUpdate,
};

/** An action refused before the transaction runs: its item or key does not fit its table (see shared/schema-fit.ts). */
export interface RejectedAction {
  readonly rejection: { readonly Code: 'ValidationError'; readonly Message: string };
}

export type TransactionAction = PreparedWrite | RejectedAction;

const isRejected = (action: TransactionAction): action is RejectedAction => 'rejection' in action;

/** Prepares one action; an item or key that does not fit its table becomes the action's cancellation reason. */
async function prepareAction(
  prepare: (request: JsonObject, ctx: OperationContext) => Promise<PreparedWrite>,
  request: JsonObject,
  ctx: OperationContext,
): Promise<TransactionAction> {
  try {
    return await prepare(request, ctx);
  } catch (error) {
    if (error instanceof SchemaMismatchError) return { rejection: { Code: 'ValidationError', Message: error.message } };
    throw error;
  }
}

/** Validates and prepares every action; throws the request-level ValidationException. */
async function prepareTransaction(items: readonly JsonObject[], ctx: OperationContext): Promise<TransactionAction[]> {
  const writes: TransactionAction[] = [];
  const targets = new Set<string>();
  for (const entry of items) {
    const present = ACTIONS.filter((a) => entry[a] !== undefined && entry[a] !== null);
    if (present.length !== 1) throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
    const action = present[0];
    const write = await prepareAction(PREPARE[action], entry[action] as JsonObject, ctx);
    if (isRejected(write)) {
      writes.push(write);
      continue;
    }
    const target = `${write.table.definition.TableId}\u0000${write.encoded.h.toString('hex')}\u0000${write.encoded.r.toString('hex')}`;
    if (targets.has(target)) throw validation('Transaction request cannot include multiple operations on one item');
    targets.add(target);
    writes.push(write);
  }
  return writes;
}

/** What a transaction read and applied, write by write. */
export interface TransactionResult {
  readonly current: readonly (StoredItem | undefined)[];
  readonly applied: readonly AppliedWrite[];
}

/**
 * Prepared writes as one atomic plan: every condition is evaluated first; if any fails (or
 * an update cannot be applied to its item) nothing is written and the transaction is
 * cancelled.
 */
export function transactionPlan(actions: readonly TransactionAction[]): WritePlan<TransactionResult> {
  const writes = actions.filter((action): action is PreparedWrite => !isRejected(action));
  return {
    reads: readsOf(writes),
    apply({ items }) {
      // the items read, by action (a rejected action reads nothing)
      let read = 0;
      const current = actions.map((action) => (isRejected(action) ? undefined : items[read++]));
      const reasons: Record<string, unknown>[] = [];
    const applied: AppliedWrite[] = [];
    let failed = false;
    actions.forEach((write, i) => {
      if (isRejected(write)) {
        failed = true;
        reasons.push(write.rejection);
        return;
      }
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
      // none was rejected (it would have failed): actions and writes are the same list
      const mutations: Mutation[] = [];
      writes.forEach((_, i) => {
        const mutation = mutationOf(i, current[i], applied[i]);
        if (mutation) mutations.push(mutation);
      });
      return { result: { current, applied }, mutations };
    },
  };
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

export async function transactWriteItems(request: JsonObject, ctx: OperationContext): Promise<JsonObject> {
  checkShape(request, TransactWriteItemsSpec);
  const items = request.TransactItems as JsonObject[];
  const bytes = Buffer.byteLength(JSON.stringify(items));
  if (bytes > MAX_REQUEST_BYTES) throw validation(TRANSACTION_SIZE_EXCEEDED);

  const token = request.ClientRequestToken as string | undefined;
  const mode = request.ReturnConsumedCapacity as ReturnConsumedCapacity;
  let writes: TransactionAction[] = [];
  // What a token remembers: the response as first answered (its capacity), and which
  // actions wrote (whose item collections ItemCollectionMetrics measures, after the commit).
  const { result } = await idempotentWrite<{ response: JsonObject; wrote: number[] }>(ctx.store, token, () => requestFingerprint(items), ctx.now(), async () => {
    writes = await prepareTransaction(items, ctx);
    const plan = transactionPlan(writes);
    return {
      ...plan,
      apply: (input) => {
        const { result: done, mutations } = plan.apply(input);
        // the plan applied, so no action was rejected
        const capacity = transactCapacity(mode, writes as PreparedWrite[], done.current, done.applied);
        const wrote = done.applied.flatMap((applied, i) => (applied.writes ? [i] : []));
        return { result: { response: capacity ? { ConsumedCapacity: capacity } : {}, wrote }, mutations };
      },
    };
  });
  if (request.ReturnItemCollectionMetrics !== 'SIZE') return result.response;
  const metrics = await itemCollectionMetricsPerTable((writes as PreparedWrite[]).filter((_, i) => result.wrote.includes(i)));
  return { ...result.response, ...(Object.keys(metrics).length > 0 ? { ItemCollectionMetrics: metrics } : {}) };
}
