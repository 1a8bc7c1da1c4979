import type { Db } from '../connection.js';

export class SettingsRepo {
  private readonly sel;
  private readonly put;
  constructor(db: Db) {
    this.sel = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.put = db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }
  get<T>(key: string, fallback: T): T {
    const row = this.sel.get(key);
    if (!row) return fallback;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      return fallback;
    }
  }
  set(key: string, value: unknown): void {
    this.put.run(key, JSON.stringify(value));
  }
}
