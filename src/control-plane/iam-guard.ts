/**
 * The IAM guard: the one place the DynamoDB API meets the IAM table. It wraps every operation
 * of the IAM account (other accounts pass straight through, at the cost of one comparison):
 *
 * - the IAM table is global: a request that names only it is served from the IAM region's
 *   namespace whatever region it was signed for;
 * - reads of it run as usual; item writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem,
 *   TransactWriteItems) run with a store whose write plans also read the whole IAM table and
 *   check, inside the write's transaction, every item they change (shape, and uniqueness of
 *   account ids and access key ids across the table, access_keys.csv and the test
 *   credentials), so a bad write writes nothing and answers a ValidationException; after
 *   the commit the key cache is invalidated and each account or key change is logged;
 * - anything else on it (DeleteTable, UpdateTable, PartiQL, tagging, ...) is refused.
 */
import { accessDenied, validation } from '../errors.js';
import type { JsonObject, Operation, OperationContext } from '../api/context.js';
import type { Mutation, StoredItem, Table, TenantStore, WriteInput, WritePlan } from '../storage/types.js';
import type { Item } from '../model/attribute-value.js';
import { IAM_REGION, IAM_TABLE_NAME, invalidAccountItem, parseAccountItem, type AccountRecord } from './accounts-table.js';

/** Runs an operation on behalf of the HTTP layer, possibly with extra rules. */
export type OperationGuard = (operation: string, request: JsonObject, ctx: OperationContext, run: Operation) => ReturnType<Operation>;

type Rows = Map<string, { json: string; item: Item }>;

/** Ids the IAM table may not use, each with what already holds it (for the message). */
export interface ReservedIds {
  readonly accountIds: ReadonlyMap<string, string>;
  readonly accessKeyIds: ReadonlyMap<string, string>;
}

/** The subset of a pino logger the guard uses. */
export interface ChangeLog {
  info(obj: object, msg: string): void;
}

/** Options of {@link createIamGuard}. */
export interface IamGuardOptions {
  readonly iamAccountId: string;
  /** The namespace of (account, region). */
  readonly tenant: (accountId: string, region: string) => TenantStore;
  /** Ids of access_keys.csv and the test credentials, read at each write (the file reloads). */
  readonly reserved: () => ReservedIds;
  /** Called after every committed write to the IAM table. */
  readonly onChange: () => void;
  readonly log: ChangeLog;
}

/** One account or key change, as logged. */
export interface AccountChange {
  readonly event:
    | 'account.created'
    | 'account.deleted'
    | 'account.renamed'
    | 'account.disabled'
    | 'account.enabled'
    | 'key.created'
    | 'key.deleted'
    | 'key.activated'
    | 'key.deactivated'
    | 'key.secret-replaced';
  readonly accountId: string;
  readonly accessKeyId?: string;
  readonly name?: string;
}

const READ_OPERATIONS: ReadonlySet<string> = new Set([
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'DescribeTable',
  'TransactGetItems',
  'DescribeTimeToLive',
  'DescribeContinuousBackups',
  'ListTagsOfResource',
]);
const WRITE_OPERATIONS: ReadonlySet<string> = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:(\d{12}):table\/([^/]+)(\/.*)?$/;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every table a request names (TableName, RequestItems, TransactItems, ResourceArn), as given. */
export function tablesNamed(request: JsonObject): string[] {
  const names: string[] = [];
  if (typeof request.TableName === 'string') names.push(request.TableName);
  if (typeof request.ResourceArn === 'string') names.push(request.ResourceArn);
  if (isObject(request.RequestItems)) names.push(...Object.keys(request.RequestItems));
  if (Array.isArray(request.TransactItems)) {
    for (const entry of request.TransactItems) {
      if (!isObject(entry)) continue;
      for (const action of Object.values(entry)) {
        if (isObject(action) && typeof action.TableName === 'string') names.push(action.TableName);
      }
    }
  }
  return names;
}

/** PartiQL statements of a request (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction). */
function statementsOf(request: JsonObject): string[] {
  const out: string[] = [];
  if (typeof request.Statement === 'string') out.push(request.Statement);
  for (const list of [request.Statements, request.TransactStatements]) {
    if (!Array.isArray(list)) continue;
    for (const s of list) if (isObject(s) && typeof s.Statement === 'string') out.push(s.Statement);
  }
  return out;
}

/** True when `name` (a name or a table ARN) is the IAM table of `iamAccountId`. */
export function isIamTable(name: string, iamAccountId: string): boolean {
  if (name === IAM_TABLE_NAME) return true;
  const m = TABLE_ARN.exec(name);
  return m !== null && m[1] === iamAccountId && m[2] === IAM_TABLE_NAME;
}

/** Creates the guard for the IAM account `options.iamAccountId`. */
export function createIamGuard(options: IamGuardOptions): OperationGuard {
  const { iamAccountId } = options;
  return function iamGuard(operation, request, ctx, run) {
    if (ctx.caller.accountId !== iamAccountId) return run(request, ctx);
    const named = tablesNamed(request);
    const touchesIam = named.some((n) => isIamTable(n, iamAccountId)) || statementsOf(request).some((s) => s.includes(IAM_TABLE_NAME));
    if (!touchesIam) return run(request, ctx);

    const readOnly = READ_OPERATIONS.has(operation);
    if (!readOnly && !WRITE_OPERATIONS.has(operation)) {
      throw accessDenied(
        `User: ${ctx.caller.principalArn} is not authorized to perform: dynamodb:${operation} on resource: ` +
          `arn:aws:dynamodb:${IAM_REGION}:${iamAccountId}:table/${IAM_TABLE_NAME} with an explicit deny in a resource-based policy`,
      );
    }
    let iamCtx = ctx;
    if (ctx.caller.region !== IAM_REGION) {
      if (named.some((n) => !isIamTable(n, iamAccountId))) {
        throw validation(
          `The IAM table ${IAM_TABLE_NAME} is in region ${IAM_REGION}: a request that also names other tables must be made in ${IAM_REGION}`,
        );
      }
      iamCtx = { ...ctx, caller: { ...ctx.caller, region: IAM_REGION }, store: options.tenant(iamAccountId, IAM_REGION) };
    }
    if (readOnly) return run(request, iamCtx);
    return guardedWrite(options, request, iamCtx, run);
  };
}

async function guardedWrite(options: IamGuardOptions, request: JsonObject, ctx: OperationContext, run: Operation): Promise<JsonObject> {
  const store = ctx.store;
  const iamTable = await store.getTable(IAM_TABLE_NAME);
  const reserved = options.reserved();
  let changes: AccountChange[] = [];
  const checked: TenantStore = {
    accountId: store.accountId,
    region: store.region,
    listTableNames: () => store.listTableNames(),
    getTable: (name) => store.getTable(name),
    createTable: (def) => store.createTable(def),
    updateTable: (name, change) => store.updateTable(name, change),
    dropTable: (name, check) => store.dropTable(name, check),
    read: (refs) => store.read(refs),
    settled: () => store.settled(),
    write: <T>(plan: WritePlan<T>) =>
      store.write<T>(
        iamTable === undefined
          ? plan
          : {
              ...plan,
              scans: [...(plan.scans ?? []), iamTable],
              apply(input) {
                const { scanned } = input;
                const own: WriteInput = { ...input, scanned: scanned.slice(0, -1) };
                const outcome = plan.apply(own);
                changes = checkWrite(rowsOf(scanned[scanned.length - 1]), rowsAfter(plan, input, outcome.mutations, iamTable), reserved);
                return outcome;
              },
            },
      ),
  };
  const result = (await run(request, { ...ctx, store: checked })) as JsonObject;
  options.onChange();
  for (const change of changes) {
    options.log.info({ ...change, by: ctx.caller.accessKeyId, byAccount: ctx.caller.accountId }, change.event.replace('.', ' '));
  }
  return result;
}

/** The account id an IAM table item is filed under (its stored text when it has none). */
const idOf = (item: Item, json: string): string => (item.AccountId !== undefined && 'S' in item.AccountId ? item.AccountId.S : json);

/** The IAM table's items by AccountId, with their stored JSON for change detection. */
function rowsOf(items: readonly StoredItem[]): Rows {
  const rows: Rows = new Map();
  for (const stored of items) rows.set(idOf(stored.item, stored.json), { json: stored.json, item: stored.item });
  return rows;
}

/** The IAM table as it is after a plan's mutations (the other tables' are not its business). */
function rowsAfter<T>(plan: WritePlan<T>, input: WriteInput, mutations: readonly Mutation[], iamTable: Table): Rows {
  const rows = rowsOf(input.scanned[input.scanned.length - 1]);
  for (const mutation of mutations) {
    const ref = plan.reads[mutation.target];
    if (ref.table.definition.TableId !== iamTable.definition.TableId) continue;
    const old = input.items[mutation.target];
    if (old) rows.delete(idOf(old.item, old.json));
    if (mutation.kind === 'put') {
      const json = JSON.stringify(mutation.item);
      rows.set(idOf(mutation.item, json), { json, item: mutation.item });
    }
  }
  return rows;
}

function tryParse(item: Item | undefined): AccountRecord | undefined {
  if (item === undefined) return undefined;
  try {
    return parseAccountItem(item);
  } catch {
    return undefined;
  }
}

/**
 * Checks the items a write changed and lists the changes.
 *
 * @throws ValidationException for a malformed item, a reserved account id, or an access key
 *   id already held elsewhere
 */
export function checkWrite(
  before: ReadonlyMap<string, { json: string; item: Item }>,
  after: ReadonlyMap<string, { json: string; item: Item }>,
  reserved: ReservedIds,
): AccountChange[] {
  const changed: AccountRecord[] = [];
  for (const [id, row] of after) {
    if (before.get(id)?.json === row.json) continue;
    const record = parseAccountItem(row.item);
    const holder = reserved.accountIds.get(record.accountId);
    if (holder !== undefined) throw invalidAccountItem(`AccountId ${record.accountId} is ${holder}`);
    changed.push(record);
  }
  if (changed.length > 0) checkKeyIdsUnique(changed, after, reserved);

  const changes: AccountChange[] = [];
  for (const record of changed) changes.push(...diffAccount(tryParse(before.get(record.accountId)?.item), record));
  for (const [id, row] of before) {
    if (!after.has(id)) {
      const old = tryParse(row.item);
      changes.push({ event: 'account.deleted', accountId: old?.accountId ?? id, ...(old ? { name: old.name } : {}) });
    }
  }
  return changes;
}

function checkKeyIdsUnique(changed: readonly AccountRecord[], after: ReadonlyMap<string, { json: string; item: Item }>, reserved: ReservedIds): void {
  const owners = new Map<string, string>();
  for (const row of after.values()) {
    const record = tryParse(row.item);
    if (record === undefined) continue;
    for (const key of record.keys) {
      const owner = owners.get(key.accessKeyId);
      if (owner !== undefined && owner !== record.accountId) {
        const [a, b] = changed.some((c) => c.accountId === record.accountId) ? [record.accountId, owner] : [owner, record.accountId];
        throw invalidAccountItem(`access key id ${key.accessKeyId} of account ${a} already belongs to account ${b}`);
      }
      owners.set(key.accessKeyId, record.accountId);
    }
  }
  for (const record of changed) {
    for (const key of record.keys) {
      const holder = reserved.accessKeyIds.get(key.accessKeyId);
      if (holder !== undefined) throw invalidAccountItem(`access key id ${key.accessKeyId} is ${holder}`);
    }
  }
}

function diffAccount(old: AccountRecord | undefined, next: AccountRecord): AccountChange[] {
  const { accountId } = next;
  if (old === undefined) {
    return [
      { event: 'account.created', accountId, name: next.name },
      ...(next.status === 'Disabled' ? [{ event: 'account.disabled' as const, accountId }] : []),
      ...next.keys.map((k) => ({ event: 'key.created' as const, accountId, accessKeyId: k.accessKeyId })),
    ];
  }
  const changes: AccountChange[] = [];
  if (old.name !== next.name) changes.push({ event: 'account.renamed', accountId, name: next.name });
  if (old.status !== next.status) changes.push({ event: next.status === 'Disabled' ? 'account.disabled' : 'account.enabled', accountId });
  const oldKeys = new Map(old.keys.map((k) => [k.accessKeyId, k]));
  for (const key of next.keys) {
    const was = oldKeys.get(key.accessKeyId);
    if (was === undefined) changes.push({ event: 'key.created', accountId, accessKeyId: key.accessKeyId });
    else {
      if (was.status !== key.status) changes.push({ event: key.status === 'Active' ? 'key.activated' : 'key.deactivated', accountId, accessKeyId: key.accessKeyId });
      if (was.secretAccessKey !== key.secretAccessKey) changes.push({ event: 'key.secret-replaced', accountId, accessKeyId: key.accessKeyId });
      oldKeys.delete(key.accessKeyId);
    }
  }
  for (const gone of oldKeys.keys()) changes.push({ event: 'key.deleted', accountId, accessKeyId: gone });
  return changes;
}
