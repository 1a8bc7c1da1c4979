import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the catalog with WAL journaling: readers never block the indexer,
 * and a killed process leaves a consistent database (the WAL is replayed or discarded on open).
 */
export function openDatabase(file: string, options: { migrate?: boolean } = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    if (options.migrate !== false) migrate(db);
  } catch (err) {
    db.close(); // a damaged file must not stay open (Windows could not move it aside)
    throw err;
  }
  return db;
}

/** SQLite caps bound parameters; large IN lists go through this in slices. */
export function chunk<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
