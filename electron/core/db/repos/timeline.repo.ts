import type { Db } from '../connection.js';
import { VISIBLE } from '../visibility.js';

export type TimelineLevel = 'year' | 'month' | 'day';
/** taken_at is 'YYYY-MM-DDTHH:MM:SS': a level is a prefix of it */
export const LEVEL_LENGTH: Record<TimelineLevel, number> = { year: 4, month: 7, day: 10 };

export interface TimelineGroup {
  key: string;
  count: number;
  fromExif: number;
  fromFile: number;
  coverPhotoId: number;
}

export class TimelineRepo {
  private readonly groupsAt;
  private readonly count;
  private readonly page;

  constructor(db: Db) {
    const where = `taken_at LIKE @prefix AND status = 'indexed' AND ${VISIBLE('photos')}`;
    this.groupsAt = Object.fromEntries(
      Object.entries(LEVEL_LENGTH).map(([level, len]) => [
        level,
        db.prepare<{ prefix: string }, TimelineGroup>(
          `SELECT substr(taken_at, 1, ${len}) AS key, COUNT(*) AS count,
             SUM(date_source = 'exif' AND user_date = 0) AS fromExif, SUM(date_source = 'file' AND user_date = 0) AS fromFile,
             MAX(id) AS coverPhotoId
           FROM photos WHERE ${where} GROUP BY key ORDER BY key DESC`,
        ),
      ]),
    ) as Record<TimelineLevel, ReturnType<typeof db.prepare<{ prefix: string }, TimelineGroup>>>;
    this.count = db.prepare<{ prefix: string }, { n: number }>(`SELECT COUNT(*) AS n FROM photos WHERE ${where}`);
    this.page = db.prepare<{ prefix: string; limit: number; offset: number }, { id: number }>(`SELECT id FROM photos WHERE ${where} ORDER BY taken_at DESC, id DESC LIMIT @limit OFFSET @offset`);
  }

  groups(level: TimelineLevel, prefix: string): TimelineGroup[] {
    return this.groupsAt[level].all({ prefix: `${prefix}%` });
  }
  photoIds(prefix: string, limit: number, offset: number): { total: number; ids: number[] } {
    return { total: this.count.get({ prefix: `${prefix}%` })!.n, ids: this.page.all({ prefix: `${prefix}%`, limit, offset }).map((r) => r.id) };
  }
}
