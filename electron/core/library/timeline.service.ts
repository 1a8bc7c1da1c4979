// Browsing by date taken: years, months, days with counts, and the photos of one period. Dates
// come from EXIF, else from the file (each photo records which); photos in the bin are left out.
import type { Catalog } from '../catalog.js';
import { LEVEL_LENGTH, type TimelineGroup, type TimelineLevel } from '../db/repos/timeline.repo.js';
import { AppError } from '../../shared/errors.js';

export type { TimelineLevel };

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
  groups(level: TimelineLevel, within: Period = {}): TimelineGroup[] {
    const prefix = periodKey(within);
    if (prefix.length >= LEVEL_LENGTH[level]) throw new AppError('INVALID_INPUT', `Choose a ${level} level above the period ${prefix}.`);
    return this.catalog.timeline.groups(level, prefix);
  }

  photoIds(period: Period, limit: number, offset: number): { total: number; ids: number[] } {
    return this.catalog.timeline.photoIds(periodKey(period), limit, offset);
  }
}
