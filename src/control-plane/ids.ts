/**
 * Identifiers shaped as AWS shapes them (see key-ids.ts, the portable part shared with the
 * web console), and role ids (`AROA...`), which need Node's synchronous hashing.
 */
import { createHash } from 'node:crypto';
import { base32Encode } from './key-ids.js';

export * from './key-ids.js';

/**
 * The role id (`AROA` + 17 characters) of a role, derived from its account and name so the
 * same role always has the same id (roles are implicit: any role name in the caller's account).
 */
export function roleId(accountId: string, roleName: string): string {
  const digest = createHash('sha256').update(`${accountId}:role/${roleName}`).digest();
  return 'AROA' + base32Encode(digest).slice(0, 17);
}
