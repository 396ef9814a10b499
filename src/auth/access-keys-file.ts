/**
 * `access_keys.csv`: the bootstrap credentials (the "IAM account" admin and any other fixed
 * root keys), loaded at startup and reloaded without a restart.
 *
 * Format, one key per line:
 * ```
 * # Access Key,Secret key,Account Id,Existing encoded encryption key,New encoded encryption key
 * ADMINKEY0000001,s3cr3t,123456789012,<base64 of 32 bytes or empty>,<base64 of 32 bytes or empty>
 * ```
 * Lines starting with `#` are comments, blank lines are skipped, cells are trimmed, and a
 * first line whose first cell is `Access Key` (any case) is a header. The two encryption-key
 * columns may be left off.
 *
 * Access key ids: 1-128 characters of `A-Z a-z 0-9 _`. That is IAM's `[\w]+` pattern without
 * its 16-character minimum, so hand-picked ids like `admin` work; it excludes every character
 * that has a meaning in the Authorization header (`/ , = ;` and whitespace).
 */
import { readFileSync, stat, statSync, type Stats } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { rootCredential, type CredentialResolver, type ResolvedCredential } from './credentials.js';

/** One line of the file. */
export interface AccessKeyRecord {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  /** Current data key of the account (32 bytes), if given. */
  readonly encryptionKey?: Buffer;
  /** Data key to rotate to (32 bytes), if given. */
  readonly newEncryptionKey?: Buffer;
  /** 1-based line number in the file. */
  readonly line: number;
}

/** The subset of a pino logger the loader uses. */
export interface AccessKeysLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Tuning of {@link AccessKeysFile.watch}. */
export interface AccessKeysFileOptions {
  /** How often the file is polled for changes (default 2000 ms). */
  readonly pollIntervalMs?: number;
  /** Quiet time after a change before reloading, so multi-step writes settle (default 250 ms). */
  readonly debounceMs?: number;
}

const ACCESS_KEY_ID = /^\w{1,128}$/;
const ACCOUNT_ID = /^\d{12}$/;
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=?$/;
const MIN_COLUMNS = 3;
const MAX_COLUMNS = 5;

interface CsvRow {
  record: string[];
  info: { lines: number };
}

/**
 * Parses the file's text. Pure: validation problems throw an Error naming `fileName`, the
 * 1-based line and what is wrong (never a cell's value, so secrets stay out of logs).
 *
 * @throws Error on the first malformed line or duplicate access key id
 */
export function parseAccessKeysCsv(text: string, fileName: string): AccessKeyRecord[] {
  const rows = readRows(text, fileName);
  const records: AccessKeyRecord[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const line = row.info.lines;
    if (index === 0 && row.record[0]?.toLowerCase() === 'access key') return;
    const record = toRecord(row.record, line, (problem) => new Error(`${fileName}, line ${line}: ${problem}`));
    const earlier = seen.get(record.accessKeyId);
    if (earlier !== undefined) {
      throw new Error(`${fileName}, line ${line}: duplicate access key id (already defined on line ${earlier})`);
    }
    seen.set(record.accessKeyId, line);
    records.push(record);
  });
  return records;
}

function readRows(text: string, fileName: string): CsvRow[] {
  try {
    // csv-parse's types do not model `info: true` (records come as {record, info}).
    return parse(text, {
      bom: true,
      comment: '#',
      comment_no_infix: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    }) as unknown as CsvRow[];
  } catch (err) {
    // The parser's own message can quote file content (a secret); keep only its code.
    if (err instanceof CsvError) {
      const where = typeof err.lines === 'number' ? `line ${err.lines}` : 'unknown line';
      throw new Error(`${fileName}, ${where}: malformed CSV (${err.code})`);
    }
    throw err;
  }
}

function toRecord(cells: string[], line: number, fail: (problem: string) => Error): AccessKeyRecord {
  if (cells.length < MIN_COLUMNS) {
    throw fail(`expected at least ${MIN_COLUMNS} columns (access key, secret key, account id), found ${cells.length}`);
  }
  if (cells.length > MAX_COLUMNS) throw fail(`expected at most ${MAX_COLUMNS} columns, found ${cells.length}`);
  const [accessKeyId, secretAccessKey, accountId, encryptionKey = '', newEncryptionKey = ''] = cells as [
    string,
    string,
    string,
    string?,
    string?,
  ];
  if (accessKeyId === '') throw fail('access key id is empty');
  if (!ACCESS_KEY_ID.test(accessKeyId)) {
    throw fail('access key id must be 1 to 128 characters of A-Z, a-z, 0-9 or _');
  }
  if (secretAccessKey === '') throw fail('secret key is empty');
  if (!ACCOUNT_ID.test(accountId)) throw fail('account id must be exactly 12 digits');
  const key = decodeDataKey(encryptionKey);
  if (key === null) throw fail('existing encryption key must be empty or the base64 encoding of 32 bytes');
  const newKey = decodeDataKey(newEncryptionKey);
  if (newKey === null) throw fail('new encryption key must be empty or the base64 encoding of 32 bytes');
  return Object.freeze({
    accessKeyId,
    secretAccessKey,
    accountId,
    ...(key !== undefined ? { encryptionKey: key } : {}),
    ...(newKey !== undefined ? { newEncryptionKey: newKey } : {}),
    line,
  });
}

/** undefined for an empty cell, null for a malformed one. */
function decodeDataKey(cell: string): Buffer | undefined | null {
  if (cell === '') return undefined;
  if (!BASE64_32_BYTES.test(cell)) return null;
  const bytes = Buffer.from(cell, 'base64');
  return bytes.length === 32 ? bytes : null;
}

/** One consistent view of the file, swapped as a whole on reload. */
interface Snapshot {
  readonly records: readonly AccessKeyRecord[];
  readonly byKey: ReadonlyMap<string, ResolvedCredential>;
}

const EMPTY: Snapshot = { records: Object.freeze([]), byKey: new Map() };

/**
 * The file as a {@link CredentialResolver}: each key is its account's root user. A reload
 * replaces the whole key set at once, so a lookup sees either the old or the new file, never a mix.
 * Keys from the file are long-term keys: a request that also sends a session token is refused
 * by the verifier, as AWS refuses it.
 */
export class AccessKeysFile implements CredentialResolver {
  readonly #path: string;
  readonly #log: AccessKeysLog;
  readonly #pollIntervalMs: number;
  readonly #debounceMs: number;
  #snapshot: Snapshot = EMPTY;
  /** Version (see {@link fileVersion}) of the file last read, good or bad. */
  #readVersion: string | undefined;
  /** Version a pending debounced reload was scheduled for. */
  #pendingVersion: string | undefined;
  #poller: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;

  constructor(path: string, log: AccessKeysLog, options: AccessKeysFileOptions = {}) {
    this.#path = path;
    this.#log = log;
    this.#pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.#debounceMs = options.debounceMs ?? 250;
  }

  /**
   * Reads the file (startup).
   *
   * @throws Error when the file cannot be read or a line is malformed
   */
  load(): void {
    this.#snapshot = this.#read();
    this.#log.info({ path: this.#path, keys: this.#snapshot.records.length }, 'access keys loaded');
  }

  /**
   * Re-reads the file. On any problem the previous key set stays in force and the problem is
   * logged.
   *
   * @returns whether the new file was taken
   */
  reload(): boolean {
    try {
      this.#snapshot = this.#read();
    } catch (err) {
      this.#log.error(
        { path: this.#path, reason: err instanceof Error ? err.message : String(err) },
        'access keys not reloaded; keeping the previous set',
      );
      return false;
    }
    this.#log.info({ path: this.#path, keys: this.#snapshot.records.length }, 'access keys reloaded');
    return true;
  }

  /**
   * Polls the file (`pollIntervalMs`) and reloads it once it has stopped changing for
   * `debounceMs`. Polling (not inotify) also sees editors that replace the file by renaming.
   * A file that fails to load is not retried until it changes again. Safe to call twice.
   */
  watch(): void {
    if (this.#poller !== undefined) return;
    this.#poller = setInterval(() => this.#poll(), this.#pollIntervalMs);
    this.#poller.unref();
  }

  /** Stops watching; the loaded keys stay usable. */
  close(): void {
    clearInterval(this.#poller);
    clearTimeout(this.#debounce);
    this.#poller = undefined;
    this.#debounce = undefined;
    this.#pendingVersion = undefined;
  }

  /** The keys currently in force (they include secrets: do not log them). */
  records(): readonly AccessKeyRecord[] {
    return this.#snapshot.records;
  }

  /** The root-user credential of `accessKeyId` in the current key set (session tokens are not looked at). */
  resolve(accessKeyId: string): ResolvedCredential | undefined {
    return this.#snapshot.byKey.get(accessKeyId);
  }

  #poll(): void {
    stat(this.#path, (err, stats) => {
      if (this.#poller === undefined) return;
      const version = fileVersion(err ? undefined : stats);
      if (version === this.#readVersion || version === this.#pendingVersion) return;
      this.#pendingVersion = version;
      clearTimeout(this.#debounce);
      this.#debounce = setTimeout(() => {
        this.#debounce = undefined;
        this.#pendingVersion = undefined;
        this.reload();
      }, this.#debounceMs);
      this.#debounce.unref();
    });
  }

  #read(): Snapshot {
    this.#readVersion = fileVersion(statOrUndefined(this.#path));
    const records = Object.freeze(parseAccessKeysCsv(readFileSync(this.#path, 'utf8'), this.#path));
    const byKey = new Map(
      records.map((r) => [r.accessKeyId, rootCredential(r.accessKeyId, r.secretAccessKey, r.accountId)] as const),
    );
    return { records, byKey };
  }
}

/** Identifies a version of the file: changes when it is rewritten, replaced or removed. */
function fileVersion(stats: Stats | undefined): string {
  return stats === undefined ? 'missing' : `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
