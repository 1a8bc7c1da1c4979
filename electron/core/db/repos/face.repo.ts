import type { Face } from '../../../shared/contract.js';
import type { Db } from '../connection.js';
import { iou, type Box } from '../../vision/box.js';
import { GRADE, type Grade } from '../../vision/face-grade.js';

/** A detected face as the faces stage writes it: box and landmarks as fractions of the photo. */
export interface FaceInput extends Box {
  landmarks: [number, number][];
  score: number;
  sharpness: number;
  sizePx: number;
  qualityOk: boolean;
  /** face-quality.ts; without it, qualityOk decides between good and low */
  grade?: Grade;
  embedding: Float32Array;
  model: string;
}

export interface FaceRow {
  id: number;
  photo_id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  landmarks: string;
  score: number;
  sharpness: number;
  size_px: number;
  quality_ok: number;
  embedding: Buffer;
  model: string;
  person_id: number | null;
  assigned_by: 'machine' | 'user' | null;
  match_confidence: number | null;
  not_a_face: number;
  /** bumped when the face's crop changes under its id (detected again, photo turned) */
  crop_rev: number;
}

export const embeddingOf = (row: { embedding: Buffer }) =>
  new Float32Array(row.embedding.buffer.slice(row.embedding.byteOffset, row.embedding.byteOffset + row.embedding.byteLength));

export function toFace(r: FaceRow): Face {
  return {
    id: r.id,
    photoId: r.photo_id,
    box: { x: r.x, y: r.y, w: r.w, h: r.h },
    score: r.score,
    sharpness: r.sharpness,
    sizePx: r.size_px,
    qualityOk: r.quality_ok === 1,
    personId: r.person_id,
    assignedBy: r.assigned_by,
    matchConfidence: r.match_confidence,
    notAFace: r.not_a_face === 1,
    cropRev: r.crop_rev,
  };
}

export class FaceRepo {
  private readonly ofPhoto;
  private readonly ins;
  private readonly upd;
  private readonly del;

  constructor(db: Db) {
    this.ofPhoto = db.prepare<[number], FaceRow>('SELECT * FROM faces WHERE photo_id = ? ORDER BY id');
    this.ins = db.prepare(
      `INSERT INTO faces (photo_id, x, y, w, h, landmarks, score, sharpness, size_px, quality_ok, embedding, model)
       VALUES (@photo_id, @x, @y, @w, @h, @landmarks, @score, @sharpness, @size_px, @quality_ok, @embedding, @model)`,
    );
    this.upd = db.prepare(
      `UPDATE faces SET x = @x, y = @y, w = @w, h = @h, landmarks = @landmarks, score = @score, sharpness = @sharpness,
         size_px = @size_px, quality_ok = @quality_ok, embedding = @embedding, model = @model, crop_rev = crop_rev + 1 WHERE id = @id`,
    );
    this.del = db.prepare<[number]>('DELETE FROM faces WHERE id = ?');
  }

  forPhoto(photoId: number): FaceRow[] {
    return this.ofPhoto.all(photoId);
  }

  /**
   * Writes a fresh detection of a photo's faces. A new face overlapping an old one (IoU > 0.5)
   * takes over the old row, so ids, people and corrections survive re-detection. Old faces not
   * found again go, unless a person decided something about them.
   */
  replaceDetections(photoId: number, faces: FaceInput[]): number[] {
    const old = this.forPhoto(photoId);
    const taken = new Set<number>();
    const ids: number[] = [];
    for (const f of faces) {
      const params = {
        photo_id: photoId, x: f.x, y: f.y, w: f.w, h: f.h, landmarks: JSON.stringify(f.landmarks), score: f.score,
        sharpness: f.sharpness, size_px: f.sizePx, quality_ok: GRADE[f.grade ?? (f.qualityOk ? 'good' : 'low')],
        embedding: Buffer.from(f.embedding.buffer, f.embedding.byteOffset, f.embedding.byteLength), model: f.model,
      };
      const match = old
        .filter((o) => !taken.has(o.id))
        .map((o) => ({ o, v: iou(o, f) }))
        .sort((a, b) => b.v - a.v)[0];
      if (match && match.v > 0.5) {
        taken.add(match.o.id);
        this.upd.run({ ...params, id: match.o.id });
        ids.push(match.o.id);
      } else ids.push(Number(this.ins.run(params).lastInsertRowid));
    }
    for (const o of old) {
      if (!taken.has(o.id) && o.assigned_by !== 'user' && o.not_a_face === 0) this.del.run(o.id);
    }
    return ids;
  }
}
