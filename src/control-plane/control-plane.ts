/**
 * Assembles the multi-tenant control plane from the configuration:
 *
 * - the IAM account: the first access_keys.csv row's account, or `--iam-account`;
 * - its IAM table (created at startup) and the {@link AccountDirectory} reading it;
 * - the credential chain: bootstrap resolvers (test credentials, access_keys.csv) ->
 *   STS session tokens -> root-user keys from the IAM table;
 * - the IAM guard for DynamoDB operations, and the STS endpoint.
 */
import { randomUUID } from 'node:crypto';
import { chainResolvers, TEST_ACCOUNT_ID, TEST_CREDENTIALS, thenMaybe, type CredentialResolver, type MaybePromise } from '../auth/credentials.js';
import type { AccessKeyRecord } from '../auth/access-keys-file.js';
import { sessionCredentialResolver } from '../auth/session-credentials.js';
import { deriveTokenKey } from '../auth/session-token.js';
import type { Logger } from '../log.js';
import type { Item } from '../model/attribute-value.js';
import type { TableDefinition, TenantStore } from '../storage/types.js';
import { AccountDirectory } from './account-directory.js';
import { IAM_REGION, IAM_TABLE_NAME } from './accounts-table.js';
import { createIamGuard, type OperationGuard, type ReservedIds } from './iam-guard.js';
import { createStsHandler, type StsHandler } from './sts/sts-handler.js';

/** What the control plane is built from. */
/** The definition the IAM table is created with (on demand, deletion-protected). */
export function iamTableDefinition(tableId: string, now: number): TableDefinition {
  return {
    TableName: IAM_TABLE_NAME,
    TableId: tableId,
    KeySchema: [{ AttributeName: 'AccountId', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'AccountId', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    CreationDateTime: now,
    LastUpdateToPayPerRequestDateTime: now,
    DeletionProtectionEnabled: true,
    Tags: [],
    TableClass: 'STANDARD',
  };
}

export interface ControlPlaneOptions {
  /** `--iam-account`, when given. */
  readonly iamAccount: string | undefined;
  /** The operator's STS secret (see sts-secret.ts). */
  readonly stsSecret: string;
  /** The namespaces. */
  readonly tenant: (accountId: string, region: string) => TenantStore;
  /** Bootstrap resolvers, in order (test credentials, access_keys.csv). */
  readonly bootstrap: readonly CredentialResolver[];
  /** The access_keys.csv records in force (empty without a file). */
  readonly accessKeyRecords: () => readonly AccessKeyRecord[];
  readonly log: Logger;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** Longest a root-user key lookup is cached (default 2000 ms). */
  readonly keyCacheMs?: number;
}

/** The assembled control plane. */
export interface ControlPlane {
  /** The whole credential chain. */
  readonly credentials: CredentialResolver;
  /** The IAM guard; undefined without an IAM account. */
  readonly guard: OperationGuard | undefined;
  readonly sts: StsHandler;
  readonly iamAccountId: string | undefined;
  /** Root users' keys; undefined without an IAM account. */
  readonly directory: AccountDirectory | undefined;
}

/**
 * The IAM account: `--iam-account` (which must be an account of access_keys.csv), else the
 * first row's account; undefined without access keys.
 *
 * @throws Error when `--iam-account` names no account of the file
 */
export function chooseIamAccount(iamAccount: string | undefined, records: readonly AccessKeyRecord[]): string | undefined {
  if (iamAccount === undefined) return records[0]?.accountId;
  if (!records.some((r) => r.accountId === iamAccount)) {
    throw new Error(`--iam-account ${iamAccount} is not an account of access_keys.csv`);
  }
  return iamAccount;
}

/**
 * The account of a long-term key the first of `resolvers` that knows it resolves to (a
 * resolver that refuses the key, e.g. for an inactive key, counts as not knowing it).
 */
function accountOf(resolvers: readonly CredentialResolver[], accessKeyId: string, from = 0): MaybePromise<string | undefined> {
  for (let i = from; i < resolvers.length; i++) {
    let found;
    try {
      found = resolvers[i].resolve(accessKeyId, undefined);
    } catch {
      continue;
    }
    if (found instanceof Promise) {
      return found.then(
        (credential) => credential?.accountId ?? accountOf(resolvers, accessKeyId, i + 1),
        () => accountOf(resolvers, accessKeyId, i + 1),
      );
    }
    if (found !== undefined) return found.accountId;
  }
  return undefined;
}

/** Builds the control plane; creates the IAM table when it does not exist yet. */
export async function createControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const { log, now, tenant } = options;
  const iamAccountId = chooseIamAccount(options.iamAccount, options.accessKeyRecords());
  let directory: AccountDirectory | undefined;
  let guard: OperationGuard | undefined;

  if (iamAccountId !== undefined) {
    const iamStore = () => tenant(iamAccountId, IAM_REGION);
    if ((await iamStore().getTable(IAM_TABLE_NAME)) === undefined) {
      await iamStore().createTable(iamTableDefinition(randomUUID(), now()));
      log.info({ iamAccountId, table: IAM_TABLE_NAME, region: IAM_REGION }, 'IAM table created');
    }
    log.info({ iamAccountId, table: IAM_TABLE_NAME, region: IAM_REGION }, 'IAM account');
    const dir = new AccountDirectory({
      readItems: async () => {
        const table = await iamStore().getTable(IAM_TABLE_NAME);
        if (table === undefined) return undefined;
        const page = await table.readPage({});
        return page.rows.map((row) => JSON.parse(row.json) as Item);
      },
      now,
      ttlMs: options.keyCacheMs,
      log,
    });
    directory = dir;
    guard = createIamGuard({
      iamAccountId,
      tenant,
      reserved: () => reservedIds(iamAccountId, options.accessKeyRecords()),
      onChange: () => dir.invalidate(),
      log,
    });
  }

  const longTerm = [...options.bootstrap, ...(directory ? [directory] : [])];
  const tokenKey = deriveTokenKey(options.stsSecret);
  const sessions = sessionCredentialResolver({
    key: tokenKey,
    now,
    longTermAccount: (accessKeyId) => accountOf(longTerm, accessKeyId),
  });
  const credentials = chainResolvers(...options.bootstrap, sessions, ...(directory ? [directory] : []));
  const sts = createStsHandler({
    credentials,
    tokenKey,
    now,
    log,
    accountOfKey: (accessKeyId) => thenMaybe(accountOf(options.bootstrap, accessKeyId), (found) => found ?? directory?.ownerOf(accessKeyId)),
  });
  return { credentials, guard, sts, iamAccountId, directory };
}

/** Account ids and key ids the IAM table may not take. */
export function reservedIds(iamAccountId: string, records: readonly AccessKeyRecord[]): ReservedIds {
  const accountIds = new Map<string, string>([[TEST_ACCOUNT_ID, "the built-in test credentials' account"]]);
  const accessKeyIds = new Map<string, string>();
  for (const c of TEST_CREDENTIALS) accessKeyIds.set(c.accessKeyId, 'a built-in test credential');
  for (const r of records) {
    accountIds.set(r.accountId, 'an account of access_keys.csv');
    accessKeyIds.set(r.accessKeyId, 'a key of access_keys.csv');
  }
  accountIds.set(iamAccountId, 'the IAM account');
  return { accountIds, accessKeyIds };
}
