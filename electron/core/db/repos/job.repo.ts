import type { Db } from '../connection.js';

export interface JobRow {
  id: number;
  kind: string;
  photo_id: number;
  state: 'queued' | 'running';
  attempts: number;
}

export class JobRepo {
  private readonly ins;
  private readonly claimOne;
  private readonly done;
  private readonly again;
  private readonly reset;
  private readonly resetOne;
  private readonly count;

  constructor(private readonly db: Db) {
    this.ins = db.prepare<[string, number, number]>(
      `INSERT INTO jobs (kind, photo_id, state, enqueued_at) VALUES (?, ?, 'queued', ?)
       ON CONFLICT(kind, photo_id) DO UPDATE SET rerun = CASE WHEN state = 'running' THEN 1 ELSE rerun END`,
    );
    this.claimOne = db.prepare<[number, string], JobRow>(
      `UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = ?
       WHERE id = (SELECT id FROM jobs WHERE kind = ? AND state = 'queued' ORDER BY id LIMIT 1)
       RETURNING id, kind, photo_id, state, attempts`,
    );
    this.done = db.prepare<[number]>(`DELETE FROM jobs WHERE id = ? AND rerun = 0`);
    this.again = db.prepare<[number]>(
      `UPDATE jobs SET state = 'queued', rerun = 0, attempts = 0 WHERE id = ? AND rerun = 1`,
    );
    this.reset = db.prepare(`UPDATE jobs SET state = 'queued' WHERE state = 'running'`);
    this.resetOne = db.prepare<[number]>(`UPDATE jobs SET state = 'queued', rerun = 0 WHERE id = ? AND state = 'running'`);
    this.count = db.prepare<[string], { queued: number; running: number }>(
      `SELECT COALESCE(SUM(state = 'queued'), 0) AS queued, COALESCE(SUM(state = 'running'), 0) AS running
       FROM jobs WHERE kind = ?`,
    );
  }

  enqueue(kind: string, photoId: number, now: number): void {
    this.ins.run(kind, photoId, now);
  }
  claim(kind: string, now: number): JobRow | undefined {
    return this.claimOne.get(now, kind);
  }
  /** Must run inside the transaction that writes the job's result. */
  finish(id: number): void {
    if (this.done.run(id).changes === 0) this.again.run(id);
  }
  /** At start-up: whatever a killed process was doing is queued again. */
  resetRunning(): number {
    return this.reset.run().changes;
  }
  /** A job whose result could not be written (a full catalog): queued again for the next run. */
  release(id: number): void {
    this.resetOne.run(id);
  }
  counts(kind: string): { queued: number; running: number } {
    return this.count.get(kind) ?? { queued: 0, running: 0 };
  }
}
