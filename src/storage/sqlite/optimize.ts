/**
 * `-optimizeDbBeforeStartup` (DynamoDB Local mode), the SQLite engine's part: before serving,
 * each account database of the data directory is checkpointed, vacuumed (rewritten without
 * free pages) and analysed (`PRAGMA optimize`).
 */
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Optimizes every SQLite file of `dataDir`; returns the files it optimized. */
export function optimizeDatabases(dataDir: string): string[] {
  const done: string[] = [];
  for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.sqlite3')).sort()) {
    const db = new Database(join(dataDir, file));
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.exec('VACUUM');
      db.pragma('optimize');
    } finally {
      db.close();
    }
    done.push(file);
  }
  return done;
}
