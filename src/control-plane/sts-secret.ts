/**
 * The operator's secret that session tokens are sealed under. Instances that must accept each
 * other's tokens share it (SQYNAMO_STS_SECRET or --sts-secret-file). Without either, a random
 * secret is generated once and kept in the data directory (mode 0600); in memory mode it lives
 * as long as the process. The secret is never logged.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File name of the generated secret inside the data directory. */
export const GENERATED_SECRET_FILE = 'sts-secret.key';

/** Where the secret comes from. */
export interface StsSecretSource {
  /** The secret itself (from the environment). */
  readonly secret?: string;
  /** A file holding the secret (trimmed). */
  readonly file?: string;
  /** The data directory for a generated secret; undefined in memory mode. */
  readonly dataDir?: string;
}

/** Where the secret in use came from (for the startup log; never the secret). */
export type StsSecretOrigin = 'environment' | 'file' | 'generated' | 'memory';

/**
 * Loads (or creates) the secret.
 *
 * @throws Error when the named file cannot be read or is empty
 */
export function loadStsSecret(source: StsSecretSource): { secret: string; origin: StsSecretOrigin; file?: string } {
  if (source.secret !== undefined && source.secret !== '') return { secret: source.secret, origin: 'environment' };
  if (source.file !== undefined) return { secret: readSecret(source.file), origin: 'file', file: source.file };
  if (source.dataDir === undefined) return { secret: randomBytes(32).toString('hex'), origin: 'memory' };
  const file = join(source.dataDir, GENERATED_SECRET_FILE);
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return { secret: readSecret(file), origin: 'generated', file };
}

function readSecret(file: string): string {
  const secret = readFileSync(file, 'utf8').trim();
  if (secret === '') throw new Error(`${file}: the STS secret file is empty`);
  return secret;
}
