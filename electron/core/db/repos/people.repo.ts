import type { Db } from '../connection.js';
import type { FaceRow } from './face.repo.js';
import { VISIBLE } from '../visibility.js';

/** A face that takes part in people, with its photo's perceptual hash (copies of one photo found no person). */
export type ClusterableFace = FaceRow & { photo_phash: string | null };

export interface PersonRow {
  id: number;
  name: string | null;
  hidden: number;
  created_by: 'machine' | 'user';
  created_at: number;
  faces: number;
  photos: number;
}

/** People and who-is-in-which-face. All SQL for people and assignments lives here. */
export class PeopleRepo {
  private readonly insPerson;
  private readonly list_;
  private readonly one;
  private readonly setName;
  private readonly setHidden;
  private readonly delPerson;
  private readonly assign_;
  private readonly reject_;
  private readonly rejected_;
  private readonly notFace;
  private readonly candidates_;
  private readonly facesOf;
  private readonly faceOne;
  private readonly moveAll;
  private readonly moveRejections;
  private readonly resetMachine;
  private readonly dropEmptyMachine;
  private readonly photosOf;
  private readonly covers_;
  private readonly unnamedCount;
  private readonly isFace;
  private readonly unnamedPage;

  constructor(private readonly db: Db) {
    this.insPerson = db.prepare<[string | null, string, number]>('INSERT INTO people (name, created_by, created_at) VALUES (?, ?, ?)');
    const base = `SELECT p.*, COUNT(f.id) AS faces, COUNT(DISTINCT f.photo_id) AS photos FROM people p
      LEFT JOIN faces f ON f.person_id = p.id AND f.not_a_face = 0`;
    this.list_ = db.prepare<[], PersonRow>(`${base} GROUP BY p.id ORDER BY p.name IS NULL, faces DESC, p.id`);
    this.one = db.prepare<[number], PersonRow>(`${base} WHERE p.id = ? GROUP BY p.id`);
    this.setName = db.prepare<[string | null, number]>('UPDATE people SET name = ? WHERE id = ?');
    this.setHidden = db.prepare<[number, number]>('UPDATE people SET hidden = ? WHERE id = ?');
    this.delPerson = db.prepare<[number]>('DELETE FROM people WHERE id = ?');
    this.assign_ = db.prepare<[number | null, string | null, number | null, number]>(
      'UPDATE faces SET person_id = ?, assigned_by = ?, match_confidence = ? WHERE id = ?',
    );
    this.reject_ = db.prepare<[number, number]>('INSERT OR IGNORE INTO face_rejections (face_id, person_id) VALUES (?, ?)');
    this.rejected_ = db.prepare<[], { face_id: number; person_id: number }>('SELECT face_id, person_id FROM face_rejections');
    this.notFace = db.prepare<[number]>(`UPDATE faces SET not_a_face = 1, person_id = NULL, assigned_by = 'user', match_confidence = NULL WHERE id = ?`);
    this.isFace = db.prepare<[number]>(`UPDATE faces SET not_a_face = 0, person_id = NULL, assigned_by = NULL, match_confidence = NULL WHERE id = ?`);
    this.candidates_ = db.prepare<[], ClusterableFace>(
      `SELECT f.*, p.phash AS photo_phash FROM faces f JOIN photos p ON p.id = f.photo_id
       WHERE f.not_a_face = 0 AND (f.quality_ok >= 0 OR f.assigned_by = 'user') AND p.status != 'missing' ORDER BY f.photo_id, f.id`,
    );
    this.facesOf = db.prepare<[number], FaceRow>('SELECT * FROM faces WHERE person_id = ? AND not_a_face = 0 ORDER BY assigned_by = \'user\' DESC, match_confidence DESC, id');
    this.faceOne = db.prepare<[number], FaceRow>('SELECT * FROM faces WHERE id = ?');
    this.moveAll = db.prepare<[number, number]>('UPDATE faces SET person_id = ? WHERE person_id = ?');
    this.moveRejections = db.prepare<[number, number]>('UPDATE OR IGNORE face_rejections SET person_id = ? WHERE person_id = ?');
    this.resetMachine = db.prepare(`UPDATE faces SET person_id = NULL, assigned_by = NULL, match_confidence = NULL WHERE assigned_by = 'machine'`);
    this.dropEmptyMachine = db.prepare(
      `DELETE FROM people WHERE created_by = 'machine' AND name IS NULL AND hidden = 0
       AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = people.id)`,
    );
    this.photosOf = db.prepare<[number], { photo_id: number; confidence: number }>(
      `SELECT photo_id, MAX(COALESCE(match_confidence, 1)) AS confidence FROM faces WHERE person_id = ? AND not_a_face = 0
         AND photo_id NOT IN (SELECT photo_id FROM trash)
       GROUP BY photo_id ORDER BY confidence DESC, photo_id`,
    );
    // each person's best face: a user-placed one first, then the most confident
    this.covers_ = db.prepare<[], { person_id: number; face_id: number; crop_rev: number }>(
      `SELECT person_id, id AS face_id, crop_rev FROM (SELECT person_id, id, crop_rev, ROW_NUMBER() OVER (PARTITION BY person_id
         ORDER BY assigned_by = 'user' DESC, match_confidence DESC, id) AS n FROM faces WHERE person_id IS NOT NULL AND not_a_face = 0) WHERE n = 1`,
    );
    // faces nobody has named yet: waiting alone, or in a person without a name
    const unnamed = `FROM faces f JOIN photos p ON p.id = f.photo_id LEFT JOIN people pe ON pe.id = f.person_id
      WHERE f.not_a_face = 0 AND f.quality_ok = 1 AND p.status = 'indexed' AND ${VISIBLE('p')}
        AND (f.person_id IS NULL OR (pe.name IS NULL AND pe.hidden = 0))`;
    // one card per unnamed person (its surest face, and how many faces it stands for), then each face waiting alone
    const cards = `SELECT * FROM (SELECT f.*, ROW_NUMBER() OVER (PARTITION BY COALESCE(f.person_id, -f.id)
        ORDER BY f.assigned_by = 'user' DESC, f.match_confidence DESC, f.id) AS rn,
      COUNT(*) OVER (PARTITION BY COALESCE(f.person_id, -f.id)) AS group_faces ${unnamed}) WHERE rn = 1`;
    this.unnamedCount = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM (${cards})`);
    this.unnamedPage = db.prepare<[number, number], FaceRow & { group_faces: number }>(
      `${cards} ORDER BY person_id IS NULL, group_faces DESC, person_id, id LIMIT ? OFFSET ?`,
    );
  }

  /** person id -> the face shown for them, and its crop revision */
  covers(): Map<number, { faceId: number; cropRev: number }> {
    return new Map(this.covers_.all().map((r) => [r.person_id, { faceId: r.face_id, cropRev: r.crop_rev }]));
  }
  unnamedFaces(limit: number, offset: number): { total: number; rows: (FaceRow & { group_faces: number })[] } {
    return { total: this.unnamedCount.get()!.n, rows: this.unnamedPage.all(limit, offset) };
  }

  create(name: string | null, by: 'machine' | 'user', now: number): number {
    return Number(this.insPerson.run(name, by, now).lastInsertRowid);
  }
  list(): PersonRow[] {
    return this.list_.all();
  }
  get(id: number): PersonRow | undefined {
    return this.one.get(id);
  }
  rename(id: number, name: string | null): void {
    this.setName.run(name, id);
  }
  hide(id: number, hidden: boolean): void {
    this.setHidden.run(hidden ? 1 : 0, id);
  }
  assign(faceId: number, personId: number | null, by: 'machine' | 'user' | null, confidence: number | null): void {
    this.assign_.run(personId, by, confidence, faceId);
  }
  reject(faceId: number, personId: number): void {
    this.reject_.run(faceId, personId);
  }
  rejections(): { face_id: number; person_id: number }[] {
    return this.rejected_.all();
  }
  markNotAFace(faceId: number): void {
    this.notFace.run(faceId);
  }
  /** "not a face" taken back: the face waits for a person again */
  markIsAFace(faceId: number): void {
    this.isFace.run(faceId);
  }
  /** Faces that take part in people: good and low-grade ones (not 'not a person'), and any a person placed by hand. */
  clusterable(): ClusterableFace[] {
    return this.candidates_.all();
  }
  faces(personId: number): FaceRow[] {
    return this.facesOf.all(personId);
  }
  face(id: number): FaceRow | undefined {
    return this.faceOne.get(id);
  }
  photos(personId: number) {
    return this.photosOf.all(personId);
  }
  merge(into: number, from: number): void {
    this.moveAll.run(into, from);
    this.moveRejections.run(into, from);
    this.delPerson.run(from);
  }
  delete(id: number): void {
    this.delPerson.run(id);
  }
  /** Before re-clustering: forget every machine decision, keep every human one. */
  forgetMachineAssignments(): void {
    this.resetMachine.run();
    this.dropEmptyMachine.run();
  }
  dropEmptyMachinePeople(): void {
    this.dropEmptyMachine.run();
  }
}
