import type { Db } from '../connection.js';

/** One detector box as stored (vision/object-detector.ts produces these; a repository knows no services). */
export interface DetectedObject {
  classId: number;
  label: string;
  score: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ObjectRow {
  class_id: number;
  label: string;
  score: number;
  x: number;
  y: number;
  w: number;
  h: number;
  model: string;
}

/** The objects stage's output: boxes per photo (fractions of the displayed photo). */
export class ObjectRepo {
  private readonly del;
  private readonly ins;
  private readonly ofPhoto;

  constructor(db: Db) {
    this.del = db.prepare<[number]>('DELETE FROM photo_objects WHERE photo_id = ?');
    this.ins = db.prepare<[number, number, number, string, number, number, number, number, number, string]>(
      'INSERT INTO photo_objects (photo_id, rank, class_id, label, score, x, y, w, h, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.ofPhoto = db.prepare<[number], ObjectRow>(
      'SELECT class_id, label, score, x, y, w, h, model FROM photo_objects WHERE photo_id = ? ORDER BY rank',
    );
  }

  /** Replaces the photo's objects (call inside the photo's transaction). */
  replace(photoId: number, model: string, objects: DetectedObject[]): void {
    this.del.run(photoId);
    const best = [...objects].sort((a, b) => b.score - a.score);
    best.forEach((o, rank) => this.ins.run(photoId, rank, o.classId, o.label, o.score, o.x, o.y, o.w, o.h, model));
  }

  forPhoto(photoId: number): ObjectRow[] {
    return this.ofPhoto.all(photoId);
  }
}
