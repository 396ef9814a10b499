import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { AccessKeysFile, parseAccessKeysCsv, type AccessKeysLog } from './access-keys-file.js';

const KEY32 = Buffer.alloc(32, 7).toString('base64'); // 44 chars, one '='
const KEY32B = Buffer.alloc(32, 9).toString('base64');

describe('parseAccessKeysCsv', () => {
  test('reads comments, a header, blank lines and trimmed cells', () => {
    const text = [
      '# bootstrap keys', //                                                  1
      'Access Key,Secret key,Account Id,Existing encoded encryption key,New encoded encryption key', // 2
      '', //                                                                  3
      '  ADMIN_KEY_0001 , s3cr#t/+= ,123456789012, ' + KEY32 + ' , ' + KEY32B, // 4
      '   ', //                                                               5
      '# another comment', //                                                 6
      'admin,secret,000000000001', //                                         7
      'other,secret,000000000002,,', //                                       8
    ].join('\n');
    const records = parseAccessKeysCsv(text, 'access_keys.csv');
    assert.equal(records.length, 3);
    assert.deepEqual(
      records.map((r) => [r.accessKeyId, r.secretAccessKey, r.accountId, r.line]),
      [
        ['ADMIN_KEY_0001', 's3cr#t/+=', '123456789012', 4],
        ['admin', 'secret', '000000000001', 7],
        ['other', 'secret', '000000000002', 8],
      ],
    );
    assert.deepEqual(records[0]?.encryptionKey, Buffer.alloc(32, 7));
    assert.deepEqual(records[0]?.newEncryptionKey, Buffer.alloc(32, 9));
    assert.equal(records[1]?.encryptionKey, undefined);
    assert.equal(records[2]?.newEncryptionKey, undefined);
  });

  test('the header is recognised in any case, only on the first line', () => {
    assert.equal(parseAccessKeysCsv('ACCESS KEY,secret key,account id\nk,s,123456789012\n', 'f').length, 1);
    assert.throws(() => parseAccessKeysCsv('k,s,123456789012\nAccess Key,Secret key,Account Id\n', 'f'), {
      message: 'f, line 2: access key id must be 1 to 128 characters of A-Z, a-z, 0-9 or _',
    });
  });

  test('CRLF line endings, a BOM and quoted cells', () => {
    const records = parseAccessKeysCsv('\uFEFF# c\r\n"k1","a,b",123456789012\r\nk2,s,123456789013\r\n', 'f');
    assert.deepEqual(
      records.map((r) => [r.accessKeyId, r.secretAccessKey, r.line]),
      [
        ['k1', 'a,b', 2],
        ['k2', 's', 3],
      ],
    );
  });

  test('an empty file or only comments gives no keys', () => {
    assert.deepEqual(parseAccessKeysCsv('', 'f'), []);
    assert.deepEqual(parseAccessKeysCsv('# Access Key,Secret key,Account Id\n\n', 'f'), []);
  });

  const malformed: [string, string, string][] = [
    ['too few columns', '# c\nk,s\n', 'keys.csv, line 2: expected at least 3 columns (access key, secret key, account id), found 2'],
    ['too many columns', 'k,s,123456789012,,,x\n', 'keys.csv, line 1: expected at most 5 columns, found 6'],
    ['empty access key', '\n,s,123456789012\n', 'keys.csv, line 2: access key id is empty'],
    ['access key with a slash', 'a/b,s,123456789012\n', 'keys.csv, line 1: access key id must be 1 to 128 characters of A-Z, a-z, 0-9 or _'],
    ['access key with a space', 'a b,s,123456789012\n', 'keys.csv, line 1: access key id must be 1 to 128 characters of A-Z, a-z, 0-9 or _'],
    ['access key too long', `${'A'.repeat(129)},s,123456789012\n`, 'keys.csv, line 1: access key id must be 1 to 128 characters of A-Z, a-z, 0-9 or _'],
    ['empty secret', 'ok,s,123456789012\nk, ,123456789012\n', 'keys.csv, line 2: secret key is empty'],
    ['short account id', 'k,s,12345678901\n', 'keys.csv, line 1: account id must be exactly 12 digits'],
    ['account id with letters', 'k,s,12345678901a\n', 'keys.csv, line 1: account id must be exactly 12 digits'],
    ['empty account id', 'k,s,\n', 'keys.csv, line 1: account id must be exactly 12 digits'],
    [
      'encryption key not base64',
      `k,s,123456789012,${'!'.repeat(44)}\n`,
      'keys.csv, line 1: existing encryption key must be empty or the base64 encoding of 32 bytes',
    ],
    [
      'encryption key of 16 bytes',
      `k,s,123456789012,${Buffer.alloc(16).toString('base64')}\n`,
      'keys.csv, line 1: existing encryption key must be empty or the base64 encoding of 32 bytes',
    ],
    [
      'new encryption key of 33 bytes',
      `k,s,123456789012,${KEY32},${Buffer.alloc(33).toString('base64')}\n`,
      'keys.csv, line 1: new encryption key must be empty or the base64 encoding of 32 bytes',
    ],
    ['duplicate access key', 'k,s,123456789012\n# x\nk,t,123456789013\n', 'keys.csv, line 3: duplicate access key id (already defined on line 1)'],
    ['unclosed quote', 'k,s,123456789012\nk2,"secret,123456789012\n', 'keys.csv, line 2: malformed CSV (CSV_QUOTE_NOT_CLOSED)'],
  ];
  for (const [name, text, message] of malformed) {
    test(`${name} -> error naming file and line`, () => {
      assert.throws(() => parseAccessKeysCsv(text, 'keys.csv'), { message });
    });
  }

  test('error messages never contain the secret', () => {
    for (const text of ['k,TOPSECRETVALUE,1234\n', 'k,"TOPSECRETVALUE\n', `k,TOPSECRETVALUE,123456789012,TOPSECRETVALUE\n`]) {
      assert.throws(
        () => parseAccessKeysCsv(text, 'f'),
        (err: Error) => !err.message.includes('TOPSECRETVALUE'),
      );
    }
  });
});

interface Logged {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}
function recordingLog(): AccessKeysLog & { entries: Logged[] } {
  const entries: Logged[] = [];
  return {
    entries,
    info: (obj, msg) => entries.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => entries.push({ level: 'error', obj, msg }),
  };
}

describe('AccessKeysFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqynamo-keys-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const newFile = (text: string): string => {
    const path = join(dir, `keys-${++n}.csv`);
    writeFileSync(path, text);
    return path;
  };

  test('accepts a pino logger', () => {
    const log: AccessKeysLog = pino({ enabled: false });
    const file = new AccessKeysFile(newFile('k,s,123456789012\n'), log);
    file.load();
    assert.equal(file.records().length, 1);
  });

  test('load() resolves keys as root users of their accounts', () => {
    const file = new AccessKeysFile(newFile('admin,adminsecret,123456789012\n'), recordingLog());
    file.load();
    assert.deepEqual(file.resolve('admin'), {
      accessKeyId: 'admin',
      secretAccessKey: 'adminsecret',
      accountId: '123456789012',
      principalArn: 'arn:aws:iam::123456789012:root',
      userId: '123456789012',
    });
    assert.equal(file.resolve('nobody'), undefined);
  });

  test('load() throws on a malformed file and on a missing one', () => {
    const bad = newFile('k,s,1\n');
    assert.throws(() => new AccessKeysFile(bad, recordingLog()).load(), { message: `${bad}, line 1: account id must be exactly 12 digits` });
    assert.throws(() => new AccessKeysFile(join(dir, 'absent.csv'), recordingLog()).load(), /ENOENT/);
  });

  test('reload() swaps in a good file and keeps the last good set on a bad one', () => {
    const path = newFile('a,sa,111111111111\n');
    const log = recordingLog();
    const file = new AccessKeysFile(path, log);
    file.load();
    const before = file.records();

    writeFileSync(path, 'a,sa2,111111111111\nb,sb,222222222222\n');
    assert.equal(file.reload(), true);
    assert.equal(file.resolve('a')?.secretAccessKey, 'sa2');
    assert.equal(file.resolve('b')?.accountId, '222222222222');
    assert.equal(before.length, 1, 'an earlier snapshot is never mutated');

    writeFileSync(path, 'a,sa3,111111111111\nc,sc,33\n');
    assert.equal(file.reload(), false);
    assert.equal(file.resolve('a')?.secretAccessKey, 'sa2');
    assert.equal(file.resolve('c'), undefined);
    const last = log.entries.at(-1);
    assert.equal(last?.level, 'error');
    assert.deepEqual(last?.obj, { path, reason: `${path}, line 2: account id must be exactly 12 digits` });

    rmSync(path);
    assert.equal(file.reload(), false);
    assert.equal(file.resolve('b')?.secretAccessKey, 'sb');
  });

  test('watch() reloads after the file changes, and close() stops it', async () => {
    const path = newFile('a,sa,111111111111\n');
    const log = recordingLog();
    const file = new AccessKeysFile(path, log, { pollIntervalMs: 20, debounceMs: 20 });
    file.load();
    file.watch();
    file.watch();
    const errors = () => log.entries.filter((e) => e.level === 'error').length;
    try {
      writeFileSync(path, 'a,sa,111111111111\nb,sb,222222222222\n');
      await until(() => file.resolve('b') !== undefined);
      assert.equal(file.records().length, 2);

      // an editor that writes a temp file and renames it over the original
      const temp = `${path}.tmp`;
      writeFileSync(temp, 'a,sa,111111111111\nb,sb,222222222222\nc,sc,333333333333\n');
      renameSync(temp, path);
      await until(() => file.resolve('c') !== undefined);

      writeFileSync(path, 'garbage line\n');
      await until(() => errors() === 1);
      assert.equal(file.resolve('b')?.secretAccessKey, 'sb');
      await sleep(150);
      assert.equal(errors(), 1, 'a bad file is reported once, not on every poll');
    } finally {
      file.close();
    }
    writeFileSync(path, 'z,sz,999999999999\n');
    await sleep(150);
    assert.equal(file.resolve('z'), undefined);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await sleep(10);
  }
}
