// The user's display edits: rotation for display and the photo's date. Both live in the catalog
// only; the photo's file is never opened for writing. Each works on a whole selection in one write.
import { AppError } from '../../shared/errors.js';
import type { Catalog } from '../catalog.js';
import { PhotoEditsRepo } from '../db/repos/photo-edits.repo.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM' (or with seconds, as Undo gives back) -> its day and time 'HH:MM:SS', or a clear error. */
export function parseUserDate(text: string): { day: string; time: string | null } {
  const m = DATE.exec(text.trim());
  const bad = () =>
    new AppError(
      'INVALID_INPUT',
      `"${text}" is not a date. Write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM, for example 2019-06-14 or 2019-06-14T09:30.`,
    );
  if (!m) throw bad();
  const [, y, mo, d, hh, mm, ss] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const real = date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d);
  if (!real || Number(y) < 1800 || Number(y) > 2200) throw bad();
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59)) throw bad();
  return { day: `${y}-${mo}-${d}`, time: hh === undefined ? null : `${hh}:${mm}:${ss ?? '00'}` };
}

export class PhotoEditsService {
  private readonly repo: PhotoEditsRepo;

  constructor(private readonly catalog: Catalog) {
    this.repo = new PhotoEditsRepo(catalog.db);
  }

  /** A quarter turn left or right for display, added to what the photo had. */
  rotate(ids: number[], direction: 'left' | 'right'): { changed: number } {
    const unique = this.known(ids);
    return { changed: this.repo.rotate(unique, direction === 'right' ? 90 : 270) };
  }

  /**
   * The user's date (it wins over EXIF, survives rescans), or null: back to the photo's own date.
   * Says what each photo had before, grouped (null: its own date), so Undo can put exactly that back.
   */
  setDate(ids: number[], date: string | null): { changed: number; previous: { date: string | null; ids: number[] }[] } {
    const unique = this.known(ids);
    const parsed = date === null ? null : parseUserDate(date);
    return this.catalog.db.transaction(() => {
      const previous = this.repo.userDates(unique);
      const changed = parsed ? this.repo.setDate(unique, parsed.day, parsed.time) : this.repo.clearDate(unique);
      return { changed, previous };
    })();
  }

  private known(ids: number[]): number[] {
    const unique = [...new Set(ids)];
    if (this.repo.count(unique) !== unique.length) {
      const missing = unique.filter((id) => !this.catalog.photos.get(id)).slice(0, 5);
      throw new AppError('NOT_FOUND', `Photo ${missing.map((id) => `#${id}`).join(', ')} is not in the catalog. Nothing was changed.`);
    }
    return unique;
  }
}
