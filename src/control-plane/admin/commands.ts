/**
 * The admin commands, written against the DynamoDB API of the IAM table: the server enforces
 * the same rules for them as for a hand-written `aws dynamodb put-item`. Account and key ids
 * are generated here, in AWS's shapes; conditional writes keep concurrent admins from
 * overwriting each other.
 */
import type { Item } from '../../model/attribute-value.js';
import { accountItem, IAM_TABLE_NAME, isoSeconds, MAX_KEYS_PER_ACCOUNT, parseAccountItem, type AccountRecord } from '../accounts-table.js';
import { generateAccessKeyId, generateAccountId, generateSecretAccessKey, LONG_TERM_PREFIX, type RandomBytes } from '../key-ids.js';
import type { AdminInvocation } from './args.js';
import { DynamoDBCallError, type DynamoDBCall } from './signed-call.js';

/** What commands need besides the invocation. */
export interface AdminDeps {
  readonly call: DynamoDBCall;
  /** Epoch milliseconds. */
  readonly now: () => number;
  readonly random?: RandomBytes;
  /** Draws an integer in [0, max) (account ids). */
  readonly randomInt?: (max: number) => number;
}

/** A failure to report to the operator (exit status 1). */
export class AdminError extends Error {}

/** Tries a new account id this many times when the drawn one exists. */
const CREATE_ATTEMPTS = 5;

/** An account as the CLI shows it: never a secret. */
export interface AccountSummary {
  AccountId: string;
  Name: string;
  Status: string;
  CreateDate?: string;
  AccessKeys: { AccessKeyId: string; Status: string; CreateDate?: string }[];
}

/** The summary of an account record. */
export function summarize(record: AccountRecord): AccountSummary {
  return {
    AccountId: record.accountId,
    Name: record.name,
    Status: record.status,
    ...(record.createDate !== undefined ? { CreateDate: record.createDate } : {}),
    AccessKeys: record.keys.map((k) => ({ AccessKeyId: k.accessKeyId, Status: k.status, ...(k.createDate !== undefined ? { CreateDate: k.createDate } : {}) })),
  };
}

const key = (accountId: string) => ({ AccountId: { S: accountId } });

/** Turns the server's answers into messages an operator can act on. */
async function callIam(deps: AdminDeps, operation: string, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return await deps.call(operation, { TableName: IAM_TABLE_NAME, ...request });
  } catch (err) {
    if (err instanceof DynamoDBCallError && err.code === 'ResourceNotFoundException') {
      throw new AdminError(
        `${err.code}: ${err.message} (the IAM table ${IAM_TABLE_NAME} was not found: are these the IAM account's credentials, the first account of access_keys.csv?)`,
      );
    }
    if (err instanceof DynamoDBCallError) throw new AdminError(`${err.code}: ${err.message}`);
    throw err;
  }
}

function isConditionFailure(err: unknown): boolean {
  return err instanceof AdminError && err.message.startsWith('ConditionalCheckFailedException');
}

async function readAccount(deps: AdminDeps, accountId: string): Promise<AccountRecord> {
  const answer = await callIam(deps, 'GetItem', { Key: key(accountId), ConsistentRead: true });
  if (answer.Item === undefined) throw new AdminError(`no account ${accountId}`);
  return parseAccountItem(answer.Item as Item);
}

function newKey(deps: AdminDeps, accountId: string) {
  return {
    accessKeyId: generateAccessKeyId(LONG_TERM_PREFIX, accountId, deps.random),
    secretAccessKey: generateSecretAccessKey(deps.random),
    status: 'Active' as const,
    createDate: isoSeconds(deps.now()),
  };
}

function keyValue(k: ReturnType<typeof newKey>) {
  return { M: { SecretAccessKey: { S: k.secretAccessKey }, Status: { S: k.status }, CreateDate: { S: k.createDate } } };
}

/** `accounts create`: a new root user with one access key. */
export async function createAccount(deps: AdminDeps, name: string, accountId?: string): Promise<Record<string, string>> {
  for (let attempt = 1; ; attempt++) {
    const id = accountId ?? generateAccountId(() => false, deps.randomInt);
    const first = newKey(deps, id);
    const record: AccountRecord = { accountId: id, name, status: 'Active', createDate: isoSeconds(deps.now()), keys: [first] };
    try {
      await callIam(deps, 'PutItem', { Item: accountItem(record), ConditionExpression: 'attribute_not_exists(AccountId)' });
      return { AccountId: id, Name: name, AccessKeyId: first.accessKeyId, SecretAccessKey: first.secretAccessKey };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      if (accountId !== undefined) throw new AdminError(`account ${accountId} already exists`);
      if (attempt >= CREATE_ATTEMPTS) throw new AdminError('could not draw an unused account id');
    }
  }
}

/** `accounts list`: every account, by name. */
export async function listAccounts(deps: AdminDeps): Promise<{ Accounts: AccountSummary[] }> {
  const accounts: AccountSummary[] = [];
  let start: unknown;
  do {
    const page = await callIam(deps, 'Scan', { ConsistentRead: true, ...(start !== undefined ? { ExclusiveStartKey: start } : {}) });
    for (const item of (page.Items as Item[] | undefined) ?? []) {
      try {
        accounts.push(summarize(parseAccountItem(item)));
      } catch {
        const id = item.AccountId !== undefined && 'S' in item.AccountId ? item.AccountId.S : '?';
        accounts.push({ AccountId: id, Name: '', Status: 'Invalid', AccessKeys: [] });
      }
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  accounts.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : a.AccountId < b.AccountId ? -1 : 1));
  return { Accounts: accounts };
}

async function update(deps: AdminDeps, accountId: string, request: Record<string, unknown>, missing: string): Promise<AccountSummary> {
  try {
    const answer = await callIam(deps, 'UpdateItem', { Key: key(accountId), ReturnValues: 'ALL_NEW', ...request });
    return summarize(parseAccountItem(answer.Attributes as Item));
  } catch (err) {
    if (isConditionFailure(err)) throw new AdminError(missing);
    throw err;
  }
}

/** `accounts disable` / `accounts enable`. */
export function setAccountStatus(deps: AdminDeps, accountId: string, status: 'Active' | 'Disabled'): Promise<AccountSummary> {
  return update(
    deps,
    accountId,
    {
      UpdateExpression: 'SET #status = :status',
      ConditionExpression: 'attribute_exists(AccountId)',
      ExpressionAttributeNames: { '#status': 'Status' },
      ExpressionAttributeValues: { ':status': { S: status } },
    },
    `no account ${accountId}`,
  );
}

/** `keys create`: a further access key (at most {@link MAX_KEYS_PER_ACCOUNT}). */
export async function createKey(deps: AdminDeps, accountId: string): Promise<Record<string, string>> {
  const account = await readAccount(deps, accountId);
  if (account.keys.length >= MAX_KEYS_PER_ACCOUNT) {
    throw new AdminError(`account ${accountId} already has ${account.keys.length} access keys, the most an account may have: rotate or delete one`);
  }
  const k = newKey(deps, accountId);
  // A missing AccessKeys map is created whole; an existing one gets one more entry.
  const request =
    account.keys.length === 0
      ? {
          UpdateExpression: 'SET AccessKeys = :keys',
          ConditionExpression: 'attribute_exists(AccountId) AND (attribute_not_exists(AccessKeys) OR size(AccessKeys) = :zero)',
          ExpressionAttributeValues: { ':keys': { M: { [k.accessKeyId]: keyValue(k) } }, ':zero': { N: '0' } },
        }
      : {
          UpdateExpression: 'SET AccessKeys.#new = :key',
          ConditionExpression: 'attribute_exists(AccessKeys) AND attribute_not_exists(AccessKeys.#new)',
          ExpressionAttributeNames: { '#new': k.accessKeyId },
          ExpressionAttributeValues: { ':key': keyValue(k) },
        };
  await update(deps, accountId, request, `account ${accountId} changed meanwhile; try again`);
  return { AccountId: accountId, AccessKeyId: k.accessKeyId, SecretAccessKey: k.secretAccessKey };
}

/** `keys rotate`: replaces a key (the only one, when not named) by a new one, in one write. */
export async function rotateKey(deps: AdminDeps, accountId: string, oldKeyId?: string): Promise<Record<string, string>> {
  const account = await readAccount(deps, accountId);
  let old = oldKeyId;
  if (old === undefined) {
    if (account.keys.length !== 1) {
      throw new AdminError(`account ${accountId} has ${account.keys.length} access keys: name the one to rotate with --access-key-id`);
    }
    old = account.keys[0].accessKeyId;
  } else if (!account.keys.some((k) => k.accessKeyId === old)) {
    throw new AdminError(`account ${accountId} has no access key ${old}`);
  }
  const k = newKey(deps, accountId);
  await update(
    deps,
    accountId,
    {
      UpdateExpression: 'SET AccessKeys.#new = :key REMOVE AccessKeys.#old',
      ConditionExpression: 'attribute_exists(AccessKeys.#old)',
      ExpressionAttributeNames: { '#new': k.accessKeyId, '#old': old },
      ExpressionAttributeValues: { ':key': keyValue(k) },
    },
    `account ${accountId} has no access key ${old}`,
  );
  return { AccountId: accountId, AccessKeyId: k.accessKeyId, SecretAccessKey: k.secretAccessKey, ReplacedAccessKeyId: old };
}

/** `keys delete`. */
export function deleteKey(deps: AdminDeps, accountId: string, accessKeyId: string): Promise<AccountSummary> {
  return update(
    deps,
    accountId,
    {
      UpdateExpression: 'REMOVE AccessKeys.#key',
      ConditionExpression: 'attribute_exists(AccessKeys.#key)',
      ExpressionAttributeNames: { '#key': accessKeyId },
    },
    `account ${accountId} has no access key ${accessKeyId}`,
  );
}

/** `keys disable` / `keys enable`. */
export function setKeyStatus(deps: AdminDeps, accountId: string, accessKeyId: string, status: 'Active' | 'Inactive'): Promise<AccountSummary> {
  return update(
    deps,
    accountId,
    {
      UpdateExpression: 'SET AccessKeys.#key.#status = :status',
      ConditionExpression: 'attribute_exists(AccessKeys.#key)',
      ExpressionAttributeNames: { '#key': accessKeyId, '#status': 'Status' },
      ExpressionAttributeValues: { ':status': { S: status } },
    },
    `account ${accountId} has no access key ${accessKeyId}`,
  );
}

/** Runs a parsed invocation; resolves to what to print (as JSON). */
export function runAdminCommand(deps: AdminDeps, invocation: AdminInvocation): Promise<unknown> {
  const accountId = invocation.accountId as string;
  const accessKeyId = invocation.accessKeyId as string;
  switch (invocation.command) {
    case 'accounts create':
      return createAccount(deps, invocation.name as string, invocation.accountId);
    case 'accounts list':
      return listAccounts(deps);
    case 'accounts disable':
      return setAccountStatus(deps, accountId, 'Disabled');
    case 'accounts enable':
      return setAccountStatus(deps, accountId, 'Active');
    case 'keys create':
      return createKey(deps, accountId);
    case 'keys rotate':
      return rotateKey(deps, accountId, invocation.accessKeyId);
    case 'keys delete':
      return deleteKey(deps, accountId, accessKeyId);
    case 'keys disable':
      return setKeyStatus(deps, accountId, accessKeyId, 'Inactive');
    case 'keys enable':
      return setKeyStatus(deps, accountId, accessKeyId, 'Active');
  }
}
