/**
 * The credential chain: an access key id (and session token, if the request carried one)
 * resolves to the secret it is signed with and the account it acts in.
 */

/** What a resolver knows about an access key. */
export interface ResolvedCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** 12-digit account id: the tenant. */
  readonly accountId: string;
  /** e.g. `arn:aws:iam::123456789012:root`. */
  readonly principalArn: string;
  /** As `sts:GetCallerIdentity` shows it (the account id for a root user). */
  readonly userId: string;
  /**
   * The session token this credential is valid with. A request that carries an
   * `X-Amz-Security-Token` is accepted only if this equals it; long-term keys leave it unset.
   */
  readonly sessionToken?: string;
}

/**
 * Looks up an access key id. Returns undefined for a key it does not know (the verifier then
 * answers UnrecognizedClientException); may throw a `DynamoDBError` (e.g. ExpiredTokenException).
 */
export interface CredentialResolver {
  resolve(
    accessKeyId: string,
    sessionToken: string | undefined,
  ): ResolvedCredential | undefined | Promise<ResolvedCredential | undefined>;
}

/** The account every built-in test credential acts in. */
export const TEST_ACCOUNT_ID = '000000000000';

/**
 * Credentials that local tools and tutorials use against DynamoDB Local; all act in
 * {@link TEST_ACCOUNT_ID}. Off for shared deployments (`--no-test-credentials`).
 */
export const TEST_CREDENTIALS: readonly { readonly accessKeyId: string; readonly secretAccessKey: string }[] = Object.freeze([
  Object.freeze({ accessKeyId: 'fake', secretAccessKey: 'fake' }),
  Object.freeze({ accessKeyId: 'ACCESS', secretAccessKey: 'SECRET' }),
  // dynamodb-admin's defaults
  Object.freeze({ accessKeyId: 'key', secretAccessKey: 'secret' }),
  // @shelf/jest-dynamodb's defaults
  Object.freeze({ accessKeyId: 'fakeMyKeyId', secretAccessKey: 'fakeSecretAccessKey' }),
  Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' }),
  Object.freeze({ accessKeyId: 'dummy', secretAccessKey: 'dummy' }),
  // ORM test suites and LocalStack users
  Object.freeze({ accessKeyId: 'test', secretAccessKey: 'test' }),
  // the example key of AWS's documentation
  Object.freeze({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }),
]);

/** ARN of an account's root user. */
export const rootPrincipalArn = (accountId: string): string => `arn:aws:iam::${accountId}:root`;

/**
 * The credential of an account's root user (long-term key: no session token).
 */
export function rootCredential(accessKeyId: string, secretAccessKey: string, accountId: string): ResolvedCredential {
  return Object.freeze({
    accessKeyId,
    secretAccessKey,
    accountId,
    principalArn: rootPrincipalArn(accountId),
    userId: accountId,
  });
}

/**
 * Resolves {@link TEST_CREDENTIALS}. Like DynamoDB Local, it accepts whatever session token
 * comes with a test key (the token is echoed back, so the verifier's token check passes).
 */
export function testCredentialResolver(): CredentialResolver {
  const byKey = new Map(
    TEST_CREDENTIALS.map((c) => [c.accessKeyId, rootCredential(c.accessKeyId, c.secretAccessKey, TEST_ACCOUNT_ID)]),
  );
  return {
    resolve(accessKeyId, sessionToken) {
      const found = byKey.get(accessKeyId);
      if (found === undefined || sessionToken === undefined) return found;
      return { ...found, sessionToken };
    },
  };
}

/** A value, or a promise of it: what a lookup that is usually answered from memory returns. */
export type MaybePromise<T> = T | Promise<T>;

export const isPromise = <T>(value: MaybePromise<T>): value is Promise<T> => typeof (value as Promise<T> | undefined)?.then === 'function';

/** `fn(value)`, synchronously when `value` is at hand. */
export const thenMaybe = <T, R>(value: MaybePromise<T>, fn: (value: T) => MaybePromise<R>): MaybePromise<R> => (isPromise(value) ? value.then(fn) : fn(value));

/**
 * Asks each resolver in turn; the first that knows the key wins. Stays synchronous as long
 * as the resolvers asked are; a resolver's exception ends the search.
 */
export function chainResolvers(...resolvers: CredentialResolver[]): CredentialResolver {
  const from = (
    index: number,
    accessKeyId: string,
    sessionToken: string | undefined,
  ): ResolvedCredential | undefined | Promise<ResolvedCredential | undefined> => {
    for (let i = index; i < resolvers.length; i++) {
      const result = resolvers[i].resolve(accessKeyId, sessionToken);
      if (isPromise(result)) {
        return result.then((found) => found ?? from(i + 1, accessKeyId, sessionToken));
      }
      if (result !== undefined) return result;
    }
    return undefined;
  };
  return { resolve: (accessKeyId, sessionToken) => from(0, accessKeyId, sessionToken) };
}
