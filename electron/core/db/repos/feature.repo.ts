import type { Db } from '../connection.js';

/**
 * CNN feature vectors for "similar photos", stored as int8 (vector ≈ q · scale) next to the model
 * that made them: a quarter of float32's size, and cosine ranking is unchanged to ~1%.
 */
export function quantize(v: Float32Array): { q: Int8Array; scale: number } {
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  const scale = max / 127 || 1;
  const q = new Int8Array(v.length);
  for (let i = 0; i < v.length; i++) q[i] = Math.round(v[i]! / scale);
  return { q, scale };
}

export class FeatureRepo {
  /** bumped on every write: in-memory indexes reload when it moves */
  generation = 0;
  private readonly put;
  private readonly del;
  constructor(private readonly db: Db) {
    this.put = db.prepare<[number, string, number, Buffer]>(
      `INSERT INTO photo_features (photo_id, model, scale, vector) VALUES (?, ?, ?, ?)
       ON CONFLICT (photo_id) DO UPDATE SET model = excluded.model, scale = excluded.scale, vector = excluded.vector`,
    );
    this.del = db.prepare<[number]>('DELETE FROM photo_features WHERE photo_id = ?');
  }

  write(photoId: number, model: string, v: Float32Array | null): void {
    this.generation++;
    if (!v) return void this.del.run(photoId);
    const { q, scale } = quantize(v);
    this.put.run(photoId, model, scale, Buffer.from(q.buffer, q.byteOffset, q.byteLength));
  }

  private selAll: import('better-sqlite3').Statement<[string], FeatureRow> | null = null;
  private selCategory: import('better-sqlite3').Statement<[string, string], FeatureRow> | null = null;

  /** Every stored vector of one model, with the photo's primary category (visible photos only), grouped by category. */
  all(model: string): FeatureRow[] {
    this.selAll ??= this.db.prepare(
      `SELECT f.photo_id, f.scale, f.vector, (SELECT c.category FROM photo_categories c WHERE c.photo_id = f.photo_id AND c.is_primary = 1) AS category
       FROM photo_features f JOIN photos p ON p.id = f.photo_id
       WHERE f.model = ? AND p.status = 'indexed' AND p.id NOT IN (SELECT photo_id FROM trash)
       ORDER BY category IS NULL, category, f.photo_id`,
    );
    return this.selAll.all(model);
  }

  /** The vectors of one primary category only: a similar search can start answering before all are loaded. */
  inCategory(model: string, category: string): FeatureRow[] {
    this.selCategory ??= this.db.prepare(
      `SELECT f.photo_id, f.scale, f.vector, c.category FROM photo_categories c JOIN photo_features f ON f.photo_id = c.photo_id
       JOIN photos p ON p.id = f.photo_id
       WHERE f.model = ? AND c.category = ? AND c.is_primary = 1 AND p.status = 'indexed' AND p.id NOT IN (SELECT photo_id FROM trash)
       ORDER BY f.photo_id`,
    );
    return this.selCategory.all(model, category);
  }
}

export interface FeatureRow {
  photo_id: number;
  scale: number;
  vector: Buffer;
  category: string | null;
}
