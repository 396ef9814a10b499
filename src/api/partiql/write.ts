/**
 * PartiQL writes as prepared single-item writes (shared/write-operation.ts), so that
 * ExecuteStatement, BatchExecuteStatement and ExecuteTransaction run them exactly like
 * PutItem / UpdateItem / DeleteItem / ConditionCheck:
 *
 *   INSERT  a put that must not replace an item ("Duplicate primary key exists in table")
 *   UPDATE  an update of an item that must exist, under the rest of the WHERE clause
 *   DELETE  a delete under the rest of the WHERE clause (a missing item is no error)
 *   EXISTS  a condition check: the item exists and satisfies the rest of the WHERE clause
 */
import { DynamoDBError, duplicateItem, validation } from '../../errors.js';
import { applyUpdate, updatedAttributes, type Condition, type ConditionNode } from '../../expressions/index.js';
import { node, type DocumentPath, type FunctionCall } from '../../expressions/ast.js';
import type { Item } from '../../model/attribute-value.js';
import { itemSize, ITEM_SIZE_MESSAGE, MAX_ITEM_SIZE } from '../../model/item-size.js';
import type { DeleteStatement, ExistsStatement, InsertStatement, Statement, UpdateStatement } from '../../partiql/index.js';
import { PARTIQL_MESSAGES } from '../../partiql/index.js';
import type { PrimaryKey } from '../../storage/types.js';
import { UPDATE_SIZE_EXCEEDED } from '../update-item/update-item.js';
import { checkIndexKeys } from '../shared/keys.js';
import { executeWrite, type PreparedWrite, type WriteResult } from '../shared/write-operation.js';
import { keyAttributeNames } from '../../model/keys.js';
import type { OperationContext } from '../context.js';

export type WriteStatement = InsertStatement | UpdateStatement | DeleteStatement | ExistsStatement;

/** True for the statements that write (or condition-check) one item. */
export const isWriteStatement = (statement: Statement): statement is WriteStatement =>
  statement.kind === 'insert' || statement.kind === 'update' || statement.kind === 'delete' || statement.kind === 'exists';

/**
 * INSERT reports an existing item from inside the write (as a ValidationException, which
 * is how a transaction's cancellation reason carries it); a lone statement answers
 * DuplicateItemException instead.
 */
export function asDuplicateItem(error: unknown): unknown {
  return error instanceof DynamoDBError && error.code === 'ValidationException' && error.message === PARTIQL_MESSAGES.duplicateItem ? duplicateItem(PARTIQL_MESSAGES.duplicateItem) : error;
}

/** attribute_exists(<partition key>), AND the rest of the WHERE clause when there is one. */
function itemExistsAnd(key: PrimaryKey, rest: ConditionNode | undefined): ConditionNode {
  const path: DocumentPath = node({ kind: 'path', elements: [key.partition.name] });
  const exists: FunctionCall = node({ kind: 'function', name: 'attribute_exists', args: [path] });
  return rest ? node({ kind: 'and', left: exists, right: rest }) : exists;
}

const asCondition = (root: ConditionNode | undefined): Condition | undefined => (root ? node<Condition>({ kind: 'Condition', root }) : undefined);

/** The prepared write of a PartiQL write statement. */
export function prepareStatementWrite(statement: WriteStatement, returnOldOnFailure: boolean): PreparedWrite {
  const table = statement.table;
  switch (statement.kind) {
    case 'insert': {
      const item = statement.item;
      const size = itemSize(item);
      if (size > MAX_ITEM_SIZE) throw validation(ITEM_SIZE_MESSAGE);
      checkIndexKeys(table, item);
      return {
        table,
        encoded: table.encodeKey(item),
        returnOldOnFailure,
        apply(current) {
          if (current) throw validation(PARTIQL_MESSAGES.duplicateItem);
          return { next: { item, size }, writes: true };
        },
      };
    }
    case 'update': {
      const { update, key } = statement;
      const names = keyAttributeNames(table.key);
      const condition = asCondition(itemExistsAnd(table.key, statement.condition));
      return {
        table,
        encoded: table.encodeKey(key),
        ...(condition ? { condition } : {}),
        returnOldOnFailure,
        apply(current) {
          const result = applyUpdate(update, current?.item ?? { ...key }, names);
          checkIndexKeys(table, result.item);
          const size = itemSize(result.item);
          if (size > MAX_ITEM_SIZE) throw validation(UPDATE_SIZE_EXCEEDED);
          return { next: { item: result.item, size }, writes: true };
        },
      };
    }
    case 'delete': {
      const condition = asCondition(statement.condition);
      return { table, encoded: table.encodeKey(statement.key), ...(condition ? { condition } : {}), returnOldOnFailure, apply: () => ({ writes: true }) };
    }
    case 'exists': {
      const condition = asCondition(itemExistsAnd(table.key, statement.condition));
      return { table, encoded: table.encodeKey(statement.key), ...(condition ? { condition } : {}), returnOldOnFailure, apply: () => ({ writes: false }) };
    }
  }
}

/** The item a write's RETURNING clause returns, if any. */
export function returnedItem(statement: WriteStatement, result: WriteResult): Item | undefined {
  const old = result.old?.item;
  const next = result.applied.next?.item;
  if (statement.kind === 'delete') return statement.returning ? old : undefined;
  if (statement.kind !== 'update') return undefined;
  switch (statement.returning) {
    case 'ALL_OLD':
      return old;
    case 'ALL_NEW':
      return next;
    case 'UPDATED_OLD':
      return updatedAttributes(statement.update, old);
    case 'UPDATED_NEW':
      return updatedAttributes(statement.update, next);
    default:
      return undefined;
  }
}

/** Runs one prepared statement write in its own transaction; an existing item for INSERT is DuplicateItemException. */
export async function runStatementWrite(write: PreparedWrite, ctx: OperationContext): Promise<WriteResult> {
  try {
    return await executeWrite(ctx.store, write);
  } catch (error) {
    throw asDuplicateItem(error);
  }
}
