/**
 * Keeps the two modes' data apart. DynamoDB Local mode does not authenticate, so it must
 * never open the accounts of an AWS-mode data directory, and AWS mode must never serve tables
 * that were written without authentication as if they were an account's.
 *
 * A data directory used in DynamoDB Local mode carries a marker file; AWS mode refuses a
 * directory with the marker, and DynamoDB Local mode refuses one that holds AWS-mode data
 * (account files or the STS secret) without it.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompatMode } from '../config.js';

/** The marker file: its text is the mode that owns the directory. */
export const MODE_FILE = '.sqynamo-mode';
const LOCAL = 'dynamodb-local';

function readMarker(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, MODE_FILE), 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** True when the directory holds files AWS mode writes (account databases, the STS secret). */
function holdsAwsData(dataDir: string): boolean {
  return readdirSync(dataDir).some((f) => /^account-\d{12}\.sqlite3$/.test(f) || f === 'sts-secret.key');
}

/**
 * Checks that `dataDir` may be opened in `mode`, and marks it when DynamoDB Local mode takes
 * a new directory.
 *
 * @throws Error naming the directory and what to do instead
 */
export function claimDataDir(dataDir: string, mode: CompatMode): void {
  mkdirSync(dataDir, { recursive: true });
  const marker = readMarker(dataDir);
  if (mode === 'aws') {
    if (marker === LOCAL) {
      throw new Error(
        `the data directory ${dataDir} was written in DynamoDB Local mode, which does not authenticate; AWS mode will not serve it (start with --compat dynamodb-local, or use another --data-dir)`,
      );
    }
    return;
  }
  if (marker === LOCAL) return;
  if (marker !== undefined || holdsAwsData(dataDir)) {
    throw new Error(
      `the data directory ${dataDir} holds AWS-mode accounts; DynamoDB Local mode does not authenticate and never opens them (give -dbPath or --data-dir another directory)`,
    );
  }
  try {
    writeFileSync(join(dataDir, MODE_FILE), `${LOCAL}\n`, { flag: 'wx', mode: 0o644 });
  } catch (err) {
    // another worker process marked it first
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || readMarker(dataDir) !== LOCAL) throw err;
  }
}
