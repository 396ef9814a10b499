/**
 * The IAM table: root users (accounts) and their access keys, kept as items of a DynamoDB
 * table in the IAM account ("IAM in DynamoDB"). One item per account:
 *
 * ```json
 * {
 *   "AccountId":  {"S": "123456789012"},
 *   "Name":       {"S": "team-a"},
 *   "Status":     {"S": "Active"},
 *   "CreateDate": {"S": "2026-01-01T00:00:00Z"},
 *   "AccessKeys": {"M": {
 *     "AKIAEXAMPLEEXAMPLE01": {"M": {
 *       "SecretAccessKey": {"S": "...40 characters..."},
 *       "Status":          {"S": "Active"},
 *       "CreateDate":      {"S": "2026-01-01T00:00:00Z"}
 *     }}
 *   }}
 * }
 * ```
 * `AccountId` (the partition key) and `Name` are required; `Status` defaults to `Active`
 * (`Disabled` refuses every key of the account), a key's `Status` to `Active` (`Inactive`
 * refuses that key), `CreateDate`s are optional and `AccessKeys` may be absent or empty. An
 * account holds at most 2 keys, as an IAM user does. Anything else is refused with a
 * ValidationException saying what is wrong.
 *
 * Portable (no Node.js types): the web console reads and writes this table too.
 */
import { validation, type DynamoDBError } from '../errors.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';

/** Name of the reserved table in the IAM account. */
export const IAM_TABLE_NAME = 'sqynamo-accounts';
/** The region whose namespace holds the IAM table (IAM is global; AWS homes it in us-east-1). */
export const IAM_REGION = 'us-east-1';
/** Most access keys one account may hold (IAM's AccessKeysPerUser quota). */
export const MAX_KEYS_PER_ACCOUNT = 2;

/** An account's Status: `Disabled` refuses all its keys and sessions. */
export type AccountStatus = 'Active' | 'Disabled';
/** A key's Status, in IAM's words. */
export type KeyStatus = 'Active' | 'Inactive';

/** One access key of a root user. */
export interface AccountKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly status: KeyStatus;
  readonly createDate?: string;
}

/** One root user (account), as parsed from its item. */
export interface AccountRecord {
  readonly accountId: string;
  readonly name: string;
  readonly status: AccountStatus;
  readonly createDate?: string;
  readonly keys: readonly AccountKey[];
}

const ACCOUNT_ATTRIBUTES = ['AccountId', 'Name', 'Status', 'CreateDate', 'AccessKeys'];
const KEY_ATTRIBUTES = ['SecretAccessKey', 'Status', 'CreateDate'];
const ACCOUNT_ID = /^\d{12}$/;
const NAME = /^[\w+=,.@-]{1,64}$/;
/** IAM's accessKeyIdType: `[\w]+`, 16 to 128 characters. */
const ACCESS_KEY_ID = /^\w{16,128}$/;
/** Printable ASCII without spaces. */
const SECRET = /^[\x21-\x7e]{16,128}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** The ValidationException for a malformed account item. */
export function invalidAccountItem(problem: string): DynamoDBError {
  return validation(`Invalid item for the IAM table ${IAM_TABLE_NAME}: ${problem}`);
}

function stringOf(value: AttributeValue | undefined): string | undefined {
  return value !== undefined && 'S' in value ? value.S : undefined;
}

function requireString(value: AttributeValue | undefined, name: string, rule: RegExp, expected: string): string {
  if (value === undefined) throw invalidAccountItem(`${name} is required (${expected})`);
  const text = stringOf(value);
  if (text === undefined) throw invalidAccountItem(`${name} must be a string (S): ${expected}`);
  if (!rule.test(text)) throw invalidAccountItem(`${name} must be ${expected}`);
  return text;
}

function optionalDate(value: AttributeValue | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const text = stringOf(value);
  if (text === undefined || !ISO_DATE_TIME.test(text) || Number.isNaN(Date.parse(text))) {
    throw invalidAccountItem(`${name} must be an ISO 8601 date-time string (S), e.g. 2026-01-31T12:00:00Z`);
  }
  return text;
}

function optionalStatus<T extends string>(value: AttributeValue | undefined, name: string, allowed: readonly [T, T]): T {
  if (value === undefined) return allowed[0];
  const text = stringOf(value);
  if (text === undefined || !(allowed as readonly string[]).includes(text)) {
    throw invalidAccountItem(`${name} must be the string "${allowed[0]}" or "${allowed[1]}"`);
  }
  return text as T;
}

function rejectUnknown(item: Item, allowed: readonly string[], where: string): void {
  for (const name of Object.keys(item)) {
    if (!allowed.includes(name)) {
      throw invalidAccountItem(`unknown attribute '${name}'${where} (allowed: ${allowed.join(', ')})`);
    }
  }
}

function parseKey(accessKeyId: string, value: AttributeValue): AccountKey {
  const where = `AccessKeys.${accessKeyId}`;
  if (!ACCESS_KEY_ID.test(accessKeyId)) {
    throw invalidAccountItem(`access key id '${accessKeyId}' must be 16 to 128 characters of A-Z, a-z, 0-9 or _`);
  }
  if (accessKeyId.startsWith('ASIA')) {
    throw invalidAccountItem(`access key id '${accessKeyId}' must not start with ASIA (reserved for temporary credentials)`);
  }
  if (!('M' in value)) throw invalidAccountItem(`${where} must be a map (M) with SecretAccessKey, Status and CreateDate`);
  const key = value.M;
  rejectUnknown(key, KEY_ATTRIBUTES, ` in ${where}`);
  const secretAccessKey = requireString(key.SecretAccessKey, `${where}.SecretAccessKey`, SECRET, 'a string of 16 to 128 printable ASCII characters without spaces');
  const status = optionalStatus<KeyStatus>(key.Status, `${where}.Status`, ['Active', 'Inactive']);
  const createDate = optionalDate(key.CreateDate, `${where}.CreateDate`);
  return Object.freeze({ accessKeyId, secretAccessKey, status, ...(createDate !== undefined ? { createDate } : {}) });
}

/**
 * Parses and checks one item of the IAM table (the rules of this module's header).
 *
 * @throws ValidationException naming the first problem found
 */
export function parseAccountItem(item: Item): AccountRecord {
  rejectUnknown(item, ACCOUNT_ATTRIBUTES, '');
  const accountId = requireString(item.AccountId, 'AccountId', ACCOUNT_ID, 'exactly 12 digits');
  const name = requireString(item.Name, 'Name', NAME, '1 to 64 characters of letters, digits and +=,.@_-');
  const status = optionalStatus<AccountStatus>(item.Status, 'Status', ['Active', 'Disabled']);
  const createDate = optionalDate(item.CreateDate, 'CreateDate');
  const keys: AccountKey[] = [];
  if (item.AccessKeys !== undefined) {
    if (!('M' in item.AccessKeys)) throw invalidAccountItem('AccessKeys must be a map (M) from access key id to {SecretAccessKey, Status, CreateDate}');
    const entries = Object.entries(item.AccessKeys.M);
    if (entries.length > MAX_KEYS_PER_ACCOUNT) {
      throw invalidAccountItem(`AccessKeys holds ${entries.length} keys; an account may have at most ${MAX_KEYS_PER_ACCOUNT}`);
    }
    for (const [accessKeyId, value] of entries) keys.push(parseKey(accessKeyId, value));
  }
  return Object.freeze({ accountId, name, status, ...(createDate !== undefined ? { createDate } : {}), keys: Object.freeze(keys) });
}

/** The item of an account record (the inverse of {@link parseAccountItem}). */
export function accountItem(record: AccountRecord): Item {
  const keys: Item = {};
  for (const key of record.keys) {
    keys[key.accessKeyId] = {
      M: {
        SecretAccessKey: { S: key.secretAccessKey },
        Status: { S: key.status },
        ...(key.createDate !== undefined ? { CreateDate: { S: key.createDate } } : {}),
      },
    };
  }
  return {
    AccountId: { S: record.accountId },
    Name: { S: record.name },
    Status: { S: record.status },
    ...(record.createDate !== undefined ? { CreateDate: { S: record.createDate } } : {}),
    AccessKeys: { M: keys },
  };
}

/** An ISO 8601 timestamp without milliseconds, as IAM shows CreateDate. */
export function isoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
