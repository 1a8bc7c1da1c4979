import type { Db } from '../connection.js';

export interface RootRow {
  id: number;
  path: string;
  added_at: number;
  last_scan_at: number | null;
  last_error: string | null;
  use_polling: number;
  photo_count: number;
}

export class RootRepo {
  private readonly sel;
  private readonly selPlain;
  private readonly selOne;
  private readonly selByPath;
  private readonly ins;
  private readonly del;
  private readonly scanned;
  private readonly adopt;
  private readonly detach;
  private readonly dropJobs;

  constructor(private readonly db: Db) {
    const base = `SELECT r.*, (SELECT COUNT(*) FROM photos p WHERE p.root_id = r.id AND p.status != 'missing') AS photo_count FROM roots r`;
    this.sel = db.prepare<[], RootRow>(`${base} ORDER BY r.path`);
    this.selPlain = db.prepare<[], RootRow>('SELECT *, 0 AS photo_count FROM roots ORDER BY path');
    this.selOne = db.prepare<[number], RootRow>(`${base} WHERE r.id = ?`);
    this.selByPath = db.prepare<[string], RootRow>(`${base} WHERE r.path = ?`);
    this.ins = db.prepare<[string, number, number]>(
      'INSERT INTO roots (path, added_at, use_polling) VALUES (?, ?, ?)',
    );
    this.del = db.prepare<[number]>('DELETE FROM roots WHERE id = ?');
    this.scanned = db.prepare<[number, string | null, number]>(
      'UPDATE roots SET last_scan_at = ?, last_error = ? WHERE id = ?',
    );
    this.adopt = db.prepare<[number, number]>('UPDATE photos SET root_id = ? WHERE root_id = ?');
    this.dropJobs = db.prepare<[number]>('DELETE FROM jobs WHERE photo_id IN (SELECT id FROM photos WHERE root_id = ?)');
    this.detach = db.prepare<[number, number]>(
      `UPDATE photos SET root_id = NULL, status = 'missing', missing_since = COALESCE(missing_since, ?) WHERE root_id = ?`,
    );
  }

  list(): RootRow[] {
    return this.sel.all();
  }
  /** Without photo counts: cheap enough for every watcher event. */
  all(): RootRow[] {
    return this.selPlain.all();
  }
  get(id: number): RootRow | undefined {
    return this.selOne.get(id);
  }
  byPath(p: string): RootRow | undefined {
    return this.selByPath.get(p);
  }
  insert(p: string, now: number, usePolling: boolean): number {
    return Number(this.ins.run(p, now, usePolling ? 1 : 0).lastInsertRowid);
  }
  /** A new root that contains older roots takes over their photos. */
  absorb(parentId: number, childId: number): void {
    this.db.transaction(() => {
      this.adopt.run(parentId, childId);
      this.del.run(childId);
    })();
  }
  /** Removes the root; its photos stay in the catalog as missing (their albums and names survive). */
  remove(id: number, now: number): number {
    return this.db.transaction(() => {
      this.dropJobs.run(id);
      const detached = this.detach.run(now, id).changes;
      this.del.run(id);
      return detached;
    })();
  }
  markScanned(id: number, now: number, error: string | null): void {
    this.scanned.run(now, error, id);
  }
}
