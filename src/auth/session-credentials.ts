/**
 * The STS step of the credential chain: temporary access keys (`ASIA...`) whose secret,
 * account and expiry travel in the sealed session token (see session-token.ts). Nothing is
 * looked up except whether the long-term key that started the session still works, so
 * disabling a key or an account ends its sessions too.
 */
import { expiredToken, invalidSessionToken } from '../errors.js';
import { AuthenticationFailure } from './auth-failure.js';
import { thenMaybe, type CredentialResolver, type MaybePromise, type ResolvedCredential } from './credentials.js';
import { openSessionToken } from './session-token.js';

/** Prefix of temporary access key ids. */
export const TEMPORARY_KEY_PREFIX = 'ASIA';

/** Options of {@link sessionCredentialResolver}. */
export interface SessionResolverOptions {
  /** The token key (see `deriveTokenKey`). */
  readonly key: Buffer;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /**
   * The account a long-term access key acts in while it is usable (active key of an active
   * account), else undefined. Sessions started by a key that no longer resolves are refused.
   */
  readonly longTermAccount: (accessKeyId: string) => MaybePromise<string | undefined>;
}

/**
 * Resolves temporary credentials. A key that is not `ASIA...` is left to the next resolver; an
 * `ASIA` key without a token is unknown (UnrecognizedClientException, as AWS answers it).
 *
 * @throws UnrecognizedClientException ("...is invalid", no period) for a token that does not open
 *   under the server key, belongs to another access key, or whose issuing key is gone or disabled
 * @throws ExpiredTokenException once the token's expiry has passed
 */
export function sessionCredentialResolver(options: SessionResolverOptions): CredentialResolver {
  return {
    resolve(accessKeyId: string, sessionToken: string | undefined): MaybePromise<ResolvedCredential | undefined> {
      if (!accessKeyId.startsWith(TEMPORARY_KEY_PREFIX) || sessionToken === undefined) return undefined;
      const claims = openSessionToken(options.key, sessionToken);
      if (claims === undefined) {
        throw new AuthenticationFailure(invalidSessionToken(), 'session token does not open under the server key (tampered, truncated or sealed under another key)');
      }
      if (claims.accessKeyId !== accessKeyId) {
        throw new AuthenticationFailure(invalidSessionToken(), `session token belongs to access key ${claims.accessKeyId}`);
      }
      if (options.now() >= claims.expiresAt) {
        throw new AuthenticationFailure(expiredToken(), `session token expired at ${new Date(claims.expiresAt).toISOString()}`);
      }
      return thenMaybe(options.longTermAccount(claims.sourceAccessKeyId), (account) => {
        if (account !== claims.accountId) {
          throw new AuthenticationFailure(
            invalidSessionToken(),
            `the key that started this session (${claims.sourceAccessKeyId}) is no longer active`,
          );
        }
        return Object.freeze({
          accessKeyId,
          secretAccessKey: claims.secretAccessKey,
          accountId: claims.accountId,
          principalArn: claims.principalArn,
          userId: claims.userId,
          sessionToken,
        });
      });
    },
  };
}
