// Whether the catalog changed under an in-memory cache. SQLite's data_version changes when another
// connection (the indexer worker, the CLI, the API process) commits; this connection's own writes
// do not change it, so caches also keep their own invalidation for writes made through them.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../connection.js';

export class GenerationRepo {
  private readonly dataVersion: Statement;

  constructor(db: Db) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  /** A number that differs from the last one read whenever another connection has committed since. */
  external(): number {
    return this.dataVersion.get() as number;
  }

  /** A tracker for one cache: each cache asks on its own, so one cache's look does not hide a change from another. */
  tracker(): ChangeTracker {
    return new ChangeTracker(this);
  }
}

export class ChangeTracker {
  private seen: number | null = null;

  constructor(private readonly generation: GenerationRepo) {}

  /** True the first time, then whenever another connection committed since the last call. */
  changed(): boolean {
    const now = this.generation.external();
    const changed = now !== this.seen;
    this.seen = now;
    return changed;
  }
}
