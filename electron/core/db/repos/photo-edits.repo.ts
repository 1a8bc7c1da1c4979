import type { Db } from '../connection.js';

// The user's display edits (rotation, date) on many photos at once: one statement over a JSON
// array of ids, so a selection of 100,000 photos is one write, not 100,000.
const IDS = 'id IN (SELECT value FROM json_each(@ids))';

export class PhotoEditsRepo {
  private readonly rot;
  private readonly rotFaces;
  private readonly db: Db;
  private readonly date;
  private readonly clear;
  private readonly known;
  private readonly dates;

  constructor(db: Db) {
    this.db = db;
    this.rot = db.prepare<{ ids: string; turn: number }>(
      `UPDATE photos SET display_rotation = (display_rotation + @turn) % 360 WHERE ${IDS}`,
    );
    // their faces' pictures turn with them (media-source.ts): new addresses for the browser
    this.rotFaces = db.prepare<{ ids: string }>(`UPDATE faces SET crop_rev = crop_rev + 1 WHERE photo_id IN (SELECT value FROM json_each(@ids))`);
    // the photo's own date moves to own_* the first time; a date without a time keeps each photo's time of day
    this.date = db.prepare<{ ids: string; day: string; time: string | null }>(
      `UPDATE photos SET
         own_taken_at = CASE WHEN user_date = 1 THEN own_taken_at ELSE taken_at END,
         own_tz_offset_min = CASE WHEN user_date = 1 THEN own_tz_offset_min ELSE tz_offset_min END,
         taken_at = @day || COALESCE('T' || @time, substr(taken_at, 11, 9), 'T00:00:00'),
         tz_offset_min = NULL,
         user_date = 1
       WHERE ${IDS}`,
    );
    this.clear = db.prepare<{ ids: string }>(
      `UPDATE photos SET taken_at = own_taken_at, tz_offset_min = own_tz_offset_min,
         own_taken_at = NULL, own_tz_offset_min = NULL, user_date = 0
       WHERE user_date = 1 AND ${IDS}`,
    );
    this.known = db.prepare<{ ids: string }, { n: number }>(`SELECT COUNT(*) AS n FROM photos WHERE ${IDS}`);
    this.dates = db.prepare<{ ids: string }, { id: number; date: string | null }>(
      `SELECT id, CASE WHEN user_date = 1 THEN taken_at END AS date FROM photos WHERE ${IDS} ORDER BY id`,
    );
  }

  /** How many of these ids are catalogued photos. */
  count(ids: readonly number[]): number {
    return this.known.get({ ids: JSON.stringify(ids) })?.n ?? 0;
  }
  /** turn: 90 (right) or 270 (left), added to the current rotation */
  rotate(ids: readonly number[], turn: 90 | 270): number {
    return this.db.transaction(() => {
      this.rotFaces.run({ ids: JSON.stringify(ids) });
      return this.rot.run({ ids: JSON.stringify(ids), turn }).changes;
    })();
  }
  /** Each photo's date as the user set it (null: its own date), grouped by that date. */
  userDates(ids: readonly number[]): { date: string | null; ids: number[] }[] {
    const groups = new Map<string | null, number[]>();
    for (const r of this.dates.all({ ids: JSON.stringify(ids) })) {
      const g = groups.get(r.date);
      if (g) g.push(r.id);
      else groups.set(r.date, [r.id]);
    }
    return [...groups].map(([date, ids]) => ({ date, ids }));
  }
  /** day 'YYYY-MM-DD', time 'HH:MM:SS' or null to keep each photo's time of day */
  setDate(ids: readonly number[], day: string, time: string | null): number {
    return this.date.run({ ids: JSON.stringify(ids), day, time }).changes;
  }
  clearDate(ids: readonly number[]): number {
    return this.clear.run({ ids: JSON.stringify(ids) }).changes;
  }
}
