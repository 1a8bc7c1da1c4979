// Browsing by date taken: years, months, days with counts, and the photos of one period. Dates
// come from EXIF, else from the file (each photo records which); photos in the bin are left out.
import type { Catalog } from '../catalog.js';
import { VISIBLE } from '../db/visibility.js';
import { AppError } from '../../shared/errors.js';

export type TimelineLevel = 'year' | 'month' | 'day';
const LENGTH: Record<TimelineLevel, number> = { year: 4, month: 7, day: 10 };

export interface Period {
  year?: number;
  month?: number;
  day?: number;
}

/** "2024", "2024-05" or "2024-05-17" for the given parts; throws on an impossible period. */
export function periodKey(p: Period): string {
  if (p.year === undefined) return '';
  if (p.month !== undefined && (p.month < 1 || p.month > 12)) throw new AppError('INVALID_INPUT', `There is no month ${p.month}.`);
  if (p.day !== undefined && (p.month === undefined || p.day < 1 || p.day > 31)) throw new AppError('INVALID_INPUT', `There is no day ${p.day} here.`);
  const parts = [String(p.year).padStart(4, '0')];
  if (p.month !== undefined) parts.push(String(p.month).padStart(2, '0'));
  if (p.day !== undefined) parts.push(String(p.day).padStart(2, '0'));
  return parts.join('-');
}

export class TimelineService {
  constructor(private readonly catalog: Catalog) {}

  /** Groups at `level` inside `within` (e.g. the months of 2024), newest first. */
  groups(level: TimelineLevel, within: Period = {}): { key: string; count: number; fromExif: number; fromFile: number; coverPhotoId: number }[] {
    const prefix = periodKey(within);
    const len = LENGTH[level];
    if (prefix.length >= len) throw new AppError('INVALID_INPUT', `Choose a ${level} level above the period ${prefix}.`);
    return this.catalog.db
      .prepare(
        `SELECT substr(taken_at, 1, ${len}) AS key, COUNT(*) AS count, SUM(date_source = 'exif') AS fromExif, SUM(date_source = 'file') AS fromFile, MAX(id) AS coverPhotoId
         FROM photos WHERE taken_at IS NOT NULL AND status = 'indexed' AND taken_at LIKE @prefix AND ${VISIBLE('photos')}
         GROUP BY key ORDER BY key DESC`,
      )
      .all({ prefix: `${prefix}%` }) as { key: string; count: number; fromExif: number; fromFile: number; coverPhotoId: number }[];
  }

  photoIds(period: Period, limit: number, offset: number): { total: number; ids: number[] } {
    const prefix = `${periodKey(period)}%`;
    const from = `FROM photos WHERE taken_at LIKE @prefix AND status = 'indexed' AND ${VISIBLE('photos')}`;
    const { db } = this.catalog;
    return {
      total: (db.prepare(`SELECT COUNT(*) AS n ${from}`).get({ prefix }) as { n: number }).n,
      ids: (db.prepare(`SELECT id ${from} ORDER BY taken_at DESC, id DESC LIMIT @limit OFFSET @offset`).all({ prefix, limit, offset }) as { id: number }[]).map((r) => r.id),
    };
  }
}
