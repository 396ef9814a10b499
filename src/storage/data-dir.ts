/**
 * The data directory and the modes of what is in it. Account files hold root users' secret
 * keys and every item, so only the service's user may read them: the directory is 0700 and
 * every file in it 0600, whatever the umask. New account files are created 0600 before
 * SQLite opens them (SQLite gives the -wal and -shm files the mode of the database file);
 * existing files and the directory are tightened at startup, and each change is reported.
 *
 * A directory that cannot be used (not creatable, not a directory, not writable, on a
 * read-only mount) stops startup at once with the path and the reason. (DynamoDB Local
 * mode gets the checks, not the modes: see PrepareOptions.)
 */
import { chmodSync, closeSync, fchmodSync, fstatSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Mode of the data directory. */
export const DATA_DIR_MODE = 0o700;
/** Mode of every file in it. */
export const DATA_FILE_MODE = 0o600;

/** A data directory that cannot be used; the message names the path and the reason. */
export class DataDirError extends Error {}

/** A mode changed at startup. */
export interface ModeChange {
  readonly path: string;
  /** Octal, e.g. '644'. */
  readonly from: string;
  readonly to: string;
}

const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(3, '0');
const reason = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code} (${describeCode(e.code)})` : String(err);
};

function describeCode(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EEXIST':
      return 'exists and is not a directory';
    default:
      return 'cannot be used';
  }
}

/**
 * Creates `dir` and its missing parents, one level at a time, with mode 0700. (Node's own
 * recursive mkdir never returns on some paths, e.g. under /proc.)
 *
 * @throws DataDirError when a level cannot be created or is not a directory
 */
export function ensureDataDir(dir: string): void {
  const path = resolve(dir);
  const missing: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(at).isDirectory();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) throw new DataDirError(`data directory ${dir} cannot be used: ${reason(err)}`);
      missing.push(at);
      continue;
    }
    if (!isDirectory) throw new DataDirError(at === path ? `data directory ${dir} is not a directory` : `data directory ${dir} cannot be created: ${at} is not a directory`);
    break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level, { mode: DATA_DIR_MODE });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statSync(level).isDirectory()) continue;
      throw new DataDirError(`data directory ${dir} cannot be created: ${reason(err)}`);
    }
  }
}

/** What {@link prepareDataDir} does besides the checks. */
export interface PrepareOptions {
  /**
   * Tighten the directory to 0700 and every file in it to 0600 (default true). DynamoDB
   * Local mode leaves modes alone: its directory is by default the current one (not
   * Sqynamo's to close), and it serves every item to any caller without authentication.
   */
  readonly tighten?: boolean;
}

/**
 * Makes the data directory ready: created if missing, proven writable (a probe file is
 * written and removed), itself 0700 and each file in it 0600 (unless `tighten` is false).
 *
 * @returns the modes changed (for the startup log)
 * @throws DataDirError naming the path and the reason when it cannot be used
 */
export function prepareDataDir(dir: string, options: PrepareOptions = {}): ModeChange[] {
  ensureDataDir(dir);
  const probe = join(dir, `.sqynamo-write-probe-${process.pid}`);
  try {
    const fd = openSync(probe, 'wx', DATA_FILE_MODE);
    try {
      writeSync(fd, 'probe');
    } finally {
      closeSync(fd);
      unlinkSync(probe);
    }
  } catch (err) {
    throw new DataDirError(`data directory ${dir} is not writable: ${reason(err)}`);
  }
  const changes: ModeChange[] = [];
  if (options.tighten === false) return changes;
  const tighten = (path: string, mode: number, wanted: number): void => {
    if ((mode & 0o777) === wanted) return;
    try {
      chmodSync(path, wanted);
      changes.push({ path, from: octal(mode), to: octal(wanted) });
    } catch (err) {
      throw new DataDirError(`data directory ${dir}: cannot set the mode of ${path} to ${octal(wanted)}: ${reason(err)}`);
    }
  };
  tighten(dir, statSync(dir).mode, DATA_DIR_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(dir, entry.name);
    tighten(path, statSync(path).mode, DATA_FILE_MODE);
  }
  return changes;
}

/** Logs each mode {@link prepareDataDir} tightened. */
export function logModeChanges(log: { warn(obj: object, msg: string): void }, changes: readonly ModeChange[]): void {
  for (const change of changes) log.warn(change, 'data directory permissions tightened');
}

/** Creates `file` (empty) with mode 0600 if it does not exist, whatever the umask; an existing file keeps its content. */
export function createPrivateFile(file: string): void {
  const fd = openSync(file, 'a', DATA_FILE_MODE);
  try {
    if ((fstatSync(fd).mode & 0o777) !== DATA_FILE_MODE) fchmodSync(fd, DATA_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}
