import { VISIBLE } from '../visibility.js';
import type { Db } from '../connection.js';

/** One classifier label as stored (vision/classifier.ts produces these; a repository knows no services). */
export interface Prediction {
  index: number;
  label: string;
  confidence: number;
}

/** One category of a photo as stored (vision/categories.ts produces these). */
export interface CategoryScore {
  category: string;
  confidence: number;
  primary: boolean;
}

export interface CategoryCount {
  category: string;
  photos: number;
  byUser: number;
  /** the photo that stands for the category: one whose main category it is, the surest first */
  coverPhotoId: number | null;
}

export class CategoryRepo {
  private readonly delLabels;
  private readonly insLabel;
  private readonly hasUser;
  private readonly delMachine;
  private readonly delAll;
  private readonly insCat;
  private readonly counts;
  private readonly ofPhoto;
  private readonly labelsOf;
  private readonly photosIn;

  constructor(private readonly db: Db) {
    this.delLabels = db.prepare<[number]>('DELETE FROM photo_labels WHERE photo_id = ?');
    this.insLabel = db.prepare<[number, number, number, string, number, string]>(
      'INSERT INTO photo_labels (photo_id, rank, label, name, confidence, model) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.hasUser = db.prepare<[number], { n: number }>(`SELECT COUNT(*) AS n FROM photo_categories WHERE photo_id = ? AND assigned_by = 'user'`);
    this.delMachine = db.prepare<[number]>(`DELETE FROM photo_categories WHERE photo_id = ? AND assigned_by = 'machine'`);
    this.delAll = db.prepare<[number]>('DELETE FROM photo_categories WHERE photo_id = ?');
    this.insCat = db.prepare<[number, string, number, number, string]>(
      'INSERT INTO photo_categories (photo_id, category, confidence, is_primary, assigned_by) VALUES (?, ?, ?, ?, ?)',
    );
    this.counts = db.prepare<[], CategoryCount & { coverScore: number }>(
      // SQLite takes the bare photo_id from the row that gives MAX(): main category first, then confidence
      `SELECT c.category, COUNT(*) AS photos, SUM(c.assigned_by = 'user') AS byUser,
              c.photo_id AS coverPhotoId, MAX(c.is_primary + c.confidence) AS coverScore
       FROM photo_categories c JOIN photos p ON p.id = c.photo_id
       WHERE p.status = 'indexed' AND ${VISIBLE('p')} GROUP BY c.category ORDER BY photos DESC, c.category`,
    );
    this.ofPhoto = db.prepare<[number], { category: string; confidence: number; is_primary: number; assigned_by: 'machine' | 'user' }>(
      'SELECT category, confidence, is_primary, assigned_by FROM photo_categories WHERE photo_id = ? ORDER BY is_primary DESC, confidence DESC',
    );
    this.labelsOf = db.prepare<[number], { label: number; name: string; confidence: number; model: string }>(
      'SELECT label, name, confidence, model FROM photo_labels WHERE photo_id = ? ORDER BY rank',
    );
    this.photosIn = db.prepare<[string, number, number], { photo_id: number; confidence: number; assigned_by: string }>(
      `SELECT c.photo_id, c.confidence, c.assigned_by FROM photo_categories c JOIN photos p ON p.id = c.photo_id
       WHERE c.category = ? AND p.status = 'indexed' AND ${VISIBLE('p')} ORDER BY c.confidence DESC, c.photo_id LIMIT ? OFFSET ?`,
    );
  }

  /** Machine output: labels always; categories only where the user has not decided. */
  writeMachine(photoId: number, model: string, top: Prediction[], cats: CategoryScore[]): void {
    this.delLabels.run(photoId);
    top.forEach((p, rank) => this.insLabel.run(photoId, rank, p.index, p.label, p.confidence, model));
    if (this.hasUser.get(photoId)!.n > 0) return;
    this.delMachine.run(photoId);
    for (const c of cats) this.insCat.run(photoId, c.category, c.confidence, c.primary ? 1 : 0, 'machine');
  }

  /** A person's decision replaces every machine category of the photo and is never overwritten. */
  setByUser(photoId: number, categories: string[]): void {
    this.db.transaction(() => {
      this.delAll.run(photoId);
      categories.forEach((c, i) => this.insCat.run(photoId, c, 1, i === 0 ? 1 : 0, 'user'));
    })();
  }

  categoryCounts(): CategoryCount[] {
    return this.counts.all().map(({ category, photos, byUser, coverPhotoId }) => ({ category, photos, byUser, coverPhotoId }));
  }
  forPhoto(photoId: number) {
    return this.ofPhoto.all(photoId);
  }
  labels(photoId: number) {
    return this.labelsOf.all(photoId);
  }
  photos(category: string, limit: number, offset: number) {
    return this.photosIn.all(category, limit, offset);
  }
}
