/**
 * The IAM entities of one account, and the asynchronous store they live in. The IAM API is
 * written against this interface only; the account's own storage implements it (entities
 * kept, and encrypted, with the account's data), and `memory-store.ts` implements it in memory.
 *
 * Entities are whole records, read and written as values: a user carries its inline policies,
 * attached policy ARNs and group names; a managed policy its versions and attachment count. Keys
 * are {@link iamKey}: names folded to lower case (IAM names are unique regardless of case),
 * access key ids as they are. `list` returns every entity of a kind ordered by key.
 */

/** A tag on a user, a role or a policy. */
export interface IamTag {
  readonly Key: string;
  readonly Value: string;
}

/** What users, groups and roles have in common: policies of their own and attached ones. */
export interface PolicyHolder {
  readonly path: string;
  readonly arn: string;
  /** Epoch milliseconds. */
  readonly createDate: number;
  /** Inline policies by name: the documents as given (URL-decoded). */
  readonly inlinePolicies: Readonly<Record<string, string>>;
  /** ARNs of the managed policies attached, in attachment order. */
  readonly attachedPolicies: readonly string[];
}

export interface IamUser extends PolicyHolder {
  readonly userName: string;
  /** `AIDA...` */
  readonly userId: string;
  readonly tags: readonly IamTag[];
  /** Names of the groups the user is in, in the order added. */
  readonly groups: readonly string[];
}

export interface IamGroup extends PolicyHolder {
  readonly groupName: string;
  /** `AGPA...` */
  readonly groupId: string;
}

export interface IamRole extends PolicyHolder {
  readonly roleName: string;
  /** `AROA...` */
  readonly roleId: string;
  /** The trust policy, as given. */
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  /** Seconds, 3600-43200. */
  readonly maxSessionDuration: number;
  readonly tags: readonly IamTag[];
}

export interface PolicyVersion {
  /** `v1`, `v2`, ... */
  readonly versionId: string;
  readonly document: string;
  readonly createDate: number;
}

export interface ManagedPolicy {
  readonly policyName: string;
  /** `ANPA...` */
  readonly policyId: string;
  readonly path: string;
  readonly arn: string;
  readonly description?: string;
  readonly createDate: number;
  readonly updateDate: number;
  readonly defaultVersionId: string;
  /** At most 5, oldest first. */
  readonly versions: readonly PolicyVersion[];
  /** The number the next version gets (versions are never renumbered). */
  readonly nextVersion: number;
  /** Users, groups and roles it is attached to. */
  readonly attachmentCount: number;
  readonly tags: readonly IamTag[];
}

export interface IamAccessKey {
  readonly accessKeyId: string;
  readonly userName: string;
  readonly secretAccessKey: string;
  readonly status: 'Active' | 'Inactive';
  readonly createDate: number;
  readonly lastUsed?: { readonly date: number; readonly serviceName: string; readonly region: string };
}

/** The entity of each kind. */
export interface IamEntities {
  user: IamUser;
  group: IamGroup;
  role: IamRole;
  policy: ManagedPolicy;
  accessKey: IamAccessKey;
}

export type IamKind = keyof IamEntities;

/** The store key of an entity named `name` (a name, or an access key id). */
export function iamKey(kind: IamKind, name: string): string {
  return kind === 'accessKey' ? name : name.toLowerCase();
}

/** The store key of an entity. */
export function keyOf<K extends IamKind>(kind: K, entity: IamEntities[K]): string {
  switch (kind) {
    case 'user':
      return iamKey(kind, (entity as IamUser).userName);
    case 'group':
      return iamKey(kind, (entity as IamGroup).groupName);
    case 'role':
      return iamKey(kind, (entity as IamRole).roleName);
    case 'policy':
      return iamKey(kind, (entity as ManagedPolicy).policyName);
    default:
      return (entity as IamAccessKey).accessKeyId;
  }
}

/** Reads. */
export interface IamReader {
  /** The entity of `kind` at `key` (see {@link iamKey}). */
  get<K extends IamKind>(kind: K, key: string): Promise<IamEntities[K] | undefined>;
  /** Every entity of `kind`, ordered by key. */
  list<K extends IamKind>(kind: K): Promise<IamEntities[K][]>;
}

/** Reads and writes inside a transaction: it sees its own writes. */
export interface IamWriter extends IamReader {
  /** Creates or replaces the entity at its key. */
  put<K extends IamKind>(kind: K, entity: IamEntities[K]): Promise<void>;
  delete(kind: IamKind, key: string): Promise<void>;
}

/** One account's IAM entities. */
export interface IamStore extends IamReader {
  /**
   * Runs `fn` in a serializable transaction: its reads see a consistent state, and its writes
   * are applied all together when it returns, or not at all when it throws (the error is
   * rethrown). Implementations may run `fn` again after a conflict, so it must not have other
   * side effects.
   */
  transaction<T>(fn: (tx: IamWriter) => Promise<T>): Promise<T>;
}
