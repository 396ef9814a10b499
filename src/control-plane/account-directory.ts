/**
 * The root-user step of the credential chain: access keys of the accounts in the IAM table,
 * read into an in-memory snapshot. The snapshot is rebuilt when a write to the IAM table
 * invalidates it (the IAM guard does that after each commit) and at the latest `ttlMs` after it
 * was built, so a disabled key or account stops working at once, and within `ttlMs` whatever
 * the path of the change. Lookups are answered synchronously from the snapshot; one that
 * has to rebuild it answers once the table is read.
 */
import { unrecognizedClient } from '../errors.js';
import { AuthenticationFailure } from '../auth/auth-failure.js';
import { rootCredential, thenMaybe, type CredentialResolver, type MaybePromise, type ResolvedCredential } from '../auth/credentials.js';
import type { Item } from '../model/attribute-value.js';
import { parseAccountItem, type AccountKey, type AccountRecord } from './accounts-table.js';

/** The subset of a pino logger the directory uses. */
export interface DirectoryLog {
  warn(obj: object, msg: string): void;
}

/** Options of {@link AccountDirectory}. */
export interface AccountDirectoryOptions {
  /** Every item of the IAM table (undefined while the table does not exist). */
  readonly readItems: () => MaybePromise<Iterable<Item> | undefined>;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** Longest time a snapshot is used (default 2000 ms; the acceptance bound is 5 s). */
  readonly ttlMs?: number;
  readonly log: DirectoryLog;
}

interface KeyEntry {
  readonly account: AccountRecord;
  readonly key: AccountKey;
  readonly credential: ResolvedCredential;
}

interface Snapshot {
  readonly builtAt: number;
  readonly accounts: ReadonlyMap<string, AccountRecord>;
  readonly keys: ReadonlyMap<string, KeyEntry>;
}

/** Root users' keys from the IAM table, as a {@link CredentialResolver}. */
export class AccountDirectory implements CredentialResolver {
  readonly #options: AccountDirectoryOptions;
  readonly #ttlMs: number;
  #snapshot: Snapshot | undefined;
  /** A rebuild in progress (readItems answered with a promise), shared by the lookups waiting for it. */
  #building: Promise<Snapshot> | undefined;
  /** Bumped by invalidate(): a rebuild that started before it is not kept. */
  #epoch = 0;

  constructor(options: AccountDirectoryOptions) {
    this.#options = options;
    this.#ttlMs = options.ttlMs ?? 2000;
  }

  /** Drops the snapshot; the next lookup reads the table again. */
  invalidate(): void {
    this.#snapshot = undefined;
    this.#building = undefined;
    this.#epoch++;
  }

  /**
   * The credential of an active key of an active account; undefined for a key the table does
   * not hold (the next resolver, or UnrecognizedClientException).
   *
   * @throws UnrecognizedClientException (with the reason for the log) for an inactive key or a disabled account
   */
  resolve(accessKeyId: string): MaybePromise<ResolvedCredential | undefined> {
    return thenMaybe(this.#current(), (snapshot) => this.#resolveIn(snapshot, accessKeyId));
  }

  #resolveIn(snapshot: Snapshot, accessKeyId: string): ResolvedCredential | undefined {
    const entry = snapshot.keys.get(accessKeyId);
    if (entry === undefined) return undefined;
    if (entry.account.status !== 'Active') {
      throw new AuthenticationFailure(unrecognizedClient(), `account ${entry.account.accountId} is disabled`);
    }
    if (entry.key.status !== 'Active') {
      throw new AuthenticationFailure(unrecognizedClient(), `access key of account ${entry.account.accountId} is inactive`);
    }
    return entry.credential;
  }

  /** The account a key belongs to, whatever its status; undefined when the table does not hold it. */
  ownerOf(accessKeyId: string): MaybePromise<string | undefined> {
    return thenMaybe(this.#current(), (snapshot) => snapshot.keys.get(accessKeyId)?.account.accountId);
  }

  /** One account, whatever its status. */
  account(accountId: string): MaybePromise<AccountRecord | undefined> {
    return thenMaybe(this.#current(), (snapshot) => snapshot.accounts.get(accountId));
  }

  #current(): MaybePromise<Snapshot> {
    const now = this.#options.now();
    const snapshot = this.#snapshot;
    if (snapshot !== undefined && now >= snapshot.builtAt && now - snapshot.builtAt < this.#ttlMs) return snapshot;
    if (this.#building) return this.#building;
    const epoch = this.#epoch;
    const built = thenMaybe(this.#options.readItems(), (items) => this.#build(now, items));
    if (!(built instanceof Promise)) {
      this.#snapshot = built;
      return built;
    }
    const building = built.then(
      (next) => {
        if (this.#epoch === epoch) {
          this.#snapshot = next;
          this.#building = undefined;
        }
        return next;
      },
      (err: unknown) => {
        if (this.#building === building) this.#building = undefined;
        throw err;
      },
    );
    this.#building = building;
    return building;
  }

  #build(now: number, items: Iterable<Item> | undefined): Snapshot {
    const accounts = new Map<string, AccountRecord>();
    const keys = new Map<string, KeyEntry>();
    for (const item of items ?? []) {
      let account: AccountRecord;
      try {
        account = parseAccountItem(item);
      } catch (err) {
        // Written before a rule existed, or by hand: skipped, never half-trusted.
        const accountId = item.AccountId !== undefined && 'S' in item.AccountId ? item.AccountId.S : null;
        this.#options.log.warn({ accountId, reason: err instanceof Error ? err.message : String(err) }, 'IAM table item ignored');
        continue;
      }
      accounts.set(account.accountId, account);
      for (const key of account.keys) {
        if (keys.has(key.accessKeyId)) {
          this.#options.log.warn({ accessKeyId: key.accessKeyId, accountId: account.accountId }, 'access key id held by two accounts; keeping the first');
          continue;
        }
        keys.set(key.accessKeyId, { account, key, credential: rootCredential(key.accessKeyId, key.secretAccessKey, account.accountId) });
      }
    }
    return { builtAt: now, accounts, keys };
  }
}
