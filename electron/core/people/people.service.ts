// Incremental clustering of faces into people.
//
// A new good face is compared with each eligible person's representative faces (the faces a user
// placed first: corrections are exemplars). The best calibrated match probability at or above the
// threshold (72% by default) joins the face to that person. Otherwise the face waits, unassigned,
// and a new person is created only when MIN_FACES_FOR_PERSON faces are all pairwise above the
// threshold: a clique, not a chain, so one ambiguous face cannot glue two people together.
// Two faces of one photo never share a person, and a face removed from a person never returns to it.
// Only machine assignments are ever changed here; human ones are fixed points.
import { AppError } from '../../shared/errors.js';
import type { Catalog } from '../catalog.js';
import { embeddingOf, toFace, type FaceRow } from '../db/repos/face.repo.js';
import type { PersonRow } from '../db/repos/people.repo.js';
import type { Face, Person } from '../../shared/contract.js';
import { cosineFor, matchProbability, type Calibration } from './calibration.js';
import { CentroidIndex } from './centroid-index.js';
import type { ChangeTracker } from '../db/repos/generation.repo.js';
import { cosine } from '../vision/face-embedder.js';

export const DEFAULT_THRESHOLD = 0.72;
export const MIN_FACES_FOR_PERSON = 2;
/** Faces kept per person for matching: enough to cover poses, few enough to stay fast. */
export const MAX_REPRESENTATIVES = 16;
/** People compared face by face after the centroid pre-filter; keeps matching O(people), not O(faces). */
const CANDIDATES = 6;
/** Waiting faces a new face is compared with to found a person (the most recent ones). */
export const POOL_WINDOW = 5000;
const THRESHOLD_KEY = 'people.threshold';

interface PersonIndex {
  reps: Float32Array[];
  photos: Set<number>;
}

interface PoolFace {
  id: number;
  photoId: number;
  emb: Float32Array;
}


function newPerson(): PersonIndex {
  return { reps: [], photos: new Set() };
}

export class PeopleService {
  private index: Map<number, PersonIndex> | null = null;
  /** sums of each person's representatives: a cheap first look before comparing with each of them */
  private centroids = new CentroidIndex();
  private pool = new Map<number, PoolFace>();
  /** pool faces in arrival order (may hold faces that joined since; checked against pool) */
  private recent: PoolFace[] = [];
  private rejected = new Map<number, Set<number>>();
  /** corrections made by another process (the UI's, the CLI) reach this index through the catalog */
  private readonly changes: ChangeTracker;

  constructor(
    private readonly catalog: Catalog,
    readonly calibration: Calibration | null,
  ) {
    this.changes = catalog.generation.tracker();
  }

  threshold(): number {
    return this.catalog.settings.get<number>(THRESHOLD_KEY, DEFAULT_THRESHOLD);
  }

  /** A new threshold re-clusters every machine assignment; human ones stay. */
  setThreshold(t: number): void {
    if (!(t > 0.5 && t < 1)) throw new AppError('INVALID_INPUT', 'The match threshold must be between 50% and 100%.');
    this.catalog.settings.set(THRESHOLD_KEY, t);
    this.recluster();
  }


  /** Forget the in-memory index; it is rebuilt from the catalog on next use. */
  invalidate(): void {
    this.index = null;
  }

  /** Faces of a photo were re-detected: people left without faces go, and the index is rebuilt. */
  facesChanged(): void {
    this.catalog.people.dropEmptyMachinePeople();
    this.invalidate();
  }

  private build(): Map<number, PersonIndex> {
    const index = new Map<number, PersonIndex>();
    this.centroids = new CentroidIndex();
    this.pool.clear();
    this.recent = [];
    this.rejected.clear();
    for (const r of this.catalog.people.rejections()) {
      if (!this.rejected.has(r.face_id)) this.rejected.set(r.face_id, new Set());
      this.rejected.get(r.face_id)!.add(r.person_id);
    }
    for (const p of this.catalog.people.list()) index.set(p.id, newPerson());
    // faces a person placed come first, so corrections are each person's first representatives
    const faces = this.catalog.people.clusterable();
    faces.sort((x, y) => Number(y.assigned_by === 'user') - Number(x.assigned_by === 'user'));
    for (const f of faces) {
      if (f.person_id !== null) {
        const p = index.get(f.person_id);
        if (!p) continue;
        p.photos.add(f.photo_id);
        if (p.reps.length < MAX_REPRESENTATIVES && (f.assigned_by === 'user' || f.quality_ok === 1)) this.addRep(f.person_id, p, embeddingOf(f));
      } else if (f.quality_ok === 1) {
        this.addToPool({ id: f.id, photoId: f.photo_id, emb: embeddingOf(f) });
      }
    }
    this.index = index;
    return index;
  }

  private ensure(): Map<number, PersonIndex> {
    if (this.changes.changed()) this.index = null;
    return this.index ?? this.build();
  }

  /** Assigns the unassigned good faces of one photo (called after its faces are written). */
  assignPhoto(photoId: number): void {
    if (!this.calibration) return;
    const faces = this.catalog.faces.forPhoto(photoId).filter((f) => f.quality_ok === 1 && f.not_a_face === 0 && f.person_id === null);
    if (!faces.length) return;
    this.ensure();
    this.catalog.db.transaction(() => {
      for (const f of faces) this.assignFace({ id: f.id, photoId: f.photo_id, emb: embeddingOf(f) });
    })();
  }

  private assignFace(face: PoolFace): void {
    const index = this.ensure();
    const threshold = this.threshold();
    const rejected = this.rejected.get(face.id);
    // the closest people by centroid, then the best representative face of each of those
    const near = this.centroids.nearest(face.emb, CANDIDATES, (id) => {
      const person = index.get(id);
      return !person || person.photos.has(face.photoId) || !!rejected?.has(id) || !person.reps.length;
    });
    let best: { person: number; p: number } | null = null;
    for (const id of near) {
      const person = index.get(id)!;
      let top = -1;
      for (const r of person.reps) top = Math.max(top, cosine(face.emb, r));
      const p = matchProbability(this.calibration!, top);
      if (!best || p > best.p) best = { person: id, p };
    }
    if (best && best.p >= threshold) {
      this.join(face, best.person, best.p);
      return;
    }
    this.addToPool(face);
    this.tryFormPerson(face, threshold);
  }

  private addRep(personId: number, person: PersonIndex, e: Float32Array): void {
    person.reps.push(e);
    this.centroids.add(personId, e);
  }

  private addToPool(face: PoolFace): void {
    this.pool.set(face.id, face);
    this.recent.push(face);
    if (this.recent.length > 4 * POOL_WINDOW) this.recent = this.recent.slice(-POOL_WINDOW).filter((g) => this.pool.has(g.id));
  }

  private join(face: PoolFace, personId: number, p: number): void {
    const person = this.ensure().get(personId)!;
    this.catalog.people.assign(face.id, personId, 'machine', p);
    person.photos.add(face.photoId);
    if (person.reps.length < MAX_REPRESENTATIVES) this.addRep(personId, person, face.emb);
    this.pool.delete(face.id);
  }

  /** A person is born from a clique of waiting faces, all pairwise above the threshold. */
  private tryFormPerson(seed: PoolFace, threshold: number): void {
    // one pass over the recent waiting faces: only those above the threshold are kept
    const minCos = cosineFor(this.calibration!, threshold);
    const others: { g: PoolFace; p: number }[] = [];
    const from = Math.max(0, this.recent.length - POOL_WINDOW);
    for (let i = from; i < this.recent.length; i++) {
      const g = this.recent[i]!;
      if (g.id === seed.id || g.photoId === seed.photoId) continue;
      const c = cosine(seed.emb, g.emb);
      if (c >= minCos && this.pool.has(g.id)) others.push({ g, p: matchProbability(this.calibration!, c) });
    }
    others.sort((a, b) => b.p - a.p);
    const group: { g: PoolFace; p: number }[] = [{ g: seed, p: 1 }];
    for (const cand of others) {
      if (group.some((m) => m.g.photoId === cand.g.photoId)) continue;
      if (group.every((m) => matchProbability(this.calibration!, cosine(m.g.emb, cand.g.emb)) >= threshold)) group.push(cand);
    }
    if (group.length < MIN_FACES_FOR_PERSON) return;
    const id = this.catalog.people.create(null, 'machine', this.catalog.now());
    this.ensure().set(id, newPerson());
    for (const m of group) this.join(m.g, id, m.p === 1 ? Math.min(...group.slice(1).map((x) => x.p)) : m.p);
  }

  /**
   * Drops every machine assignment and clusters again from scratch around the human ones. A person
   * someone named (or hid) is a human decision too: its best faces stay as anchors, so the name is
   * never stripped and its other faces can come back to it instead of founding an unnamed copy.
   */
  recluster(): void {
    this.catalog.db.transaction(() => {
      const anchors = this.catalog.people
        .list()
        .filter((p) => p.name !== null || p.hidden === 1)
        .flatMap((p) => this.catalog.people.faces(p.id).filter((f) => f.assigned_by === 'machine').slice(0, MIN_FACES_FOR_PERSON));
      this.catalog.people.forgetMachineAssignments();
      for (const f of anchors) this.catalog.people.assign(f.id, f.person_id, 'machine', f.match_confidence);
      this.build();
      const waiting = [...this.pool.values()].sort((a, b) => a.photoId - b.photoId || a.id - b.id);
      this.pool.clear();
      this.recent = [];
      for (const f of waiting) this.assignFace(f);
    })();
  }

  // ---- corrections: each one is a human decision, recorded as such, and never undone by the machine

  rename(personId: number, name: string): void {
    this.person(personId);
    this.catalog.people.rename(personId, name.trim() || null);
  }

  hide(personId: number, hidden: boolean): void {
    this.person(personId);
    this.catalog.people.hide(personId, hidden);
  }

  merge(intoId: number, fromId: number): void {
    if (intoId === fromId) throw new AppError('INVALID_INPUT', 'Choose two different people to merge.');
    const into = this.catalog.people.faces(this.person(intoId).id);
    const from = this.catalog.people.faces(this.person(fromId).id);
    const shared = into.find((f) => from.some((g) => g.photo_id === f.photo_id));
    if (shared) throw new AppError('INVALID_INPUT', `These two people appear together in photo #${shared.photo_id}, so they cannot be the same person.`);
    const names = { into: this.person(intoId).name, from: this.person(fromId).name };
    this.catalog.db.transaction(() => {
      this.catalog.people.merge(intoId, fromId);
      // a name is never lost: the person kept takes the other's name when it has none
      if (!names.into && names.from) this.catalog.people.rename(intoId, names.from);
      for (const f of [...into, ...from]) this.catalog.people.assign(f.id, intoId, 'user', 1);
    })();
    this.invalidate();
  }

  /** Puts a face in a person (or in a new person when personId is null). */
  moveFace(faceId: number, personId: number | null): number {
    const face = this.face(faceId);
    const target = personId ?? this.catalog.people.create(null, 'user', this.catalog.now());
    if (personId !== null) {
      this.person(personId);
      const clash = this.catalog.people.faces(personId).find((f) => f.photo_id === face.photo_id && f.id !== faceId);
      if (clash) throw new AppError('INVALID_INPUT', `Person #${personId} is already in this photo (face #${clash.id}); two faces in one photo are never the same person.`);
    }
    this.catalog.db.transaction(() => {
      this.catalog.people.assign(faceId, target, 'user', 1);
      this.catalog.people.dropEmptyMachinePeople();
    })();
    this.invalidate();
    return target;
  }

  /** Names a face (the "Who is this?" view): joins the person of that name, or starts one. */
  nameFace(faceId: number, name: string): number {
    const wanted = name.trim();
    if (!wanted) throw new AppError('INVALID_INPUT', 'Type a name for this face.');
    const same = this.catalog.people.list().find((p) => p.name?.toLocaleLowerCase() === wanted.toLocaleLowerCase());
    const face = this.face(faceId);
    if (same && face.person_id === same.id) return same.id;
    if (same) return this.moveFace(faceId, same.id);
    if (face.person_id !== null && this.catalog.people.get(face.person_id)?.name === null) {
      this.rename(face.person_id, wanted); // an unnamed person: naming one of its faces names it
      return face.person_id;
    }
    const id = this.moveFace(faceId, null);
    this.rename(id, wanted);
    return id;
  }

  /** "This is not X": the face leaves the person and is never put back into it. */
  removeFace(faceId: number): void {
    const face = this.face(faceId);
    if (face.person_id === null) return;
    this.catalog.db.transaction(() => {
      this.catalog.people.reject(faceId, face.person_id!);
      this.catalog.people.assign(faceId, null, null, null);
      this.catalog.people.dropEmptyMachinePeople();
    })();
    this.invalidate();
  }

  notAFace(faceId: number): void {
    this.face(faceId);
    this.catalog.db.transaction(() => {
      this.catalog.people.markNotAFace(faceId);
      this.catalog.people.dropEmptyMachinePeople();
    })();
    this.invalidate();
  }

  // ---- reads, as the API shows them

  list(includeHidden: boolean): Person[] {
    return this.catalog.people.list().filter((p) => includeHidden || !p.hidden).map(toPerson);
  }

  get(id: number): Person {
    return toPerson(this.person(id));
  }

  details(id: number) {
    return {
      person: this.get(id),
      faces: this.catalog.people.faces(id).map(toFace),
      photos: this.catalog.people.photos(id).map((p) => ({ photoId: p.photo_id, confidence: p.confidence })),
    };
  }

  /** A face as the API shows it. */
  faceInfo(id: number): Face {
    return toFace(this.face(id));
  }

  person(id: number): PersonRow {
    const p = this.catalog.people.get(id);
    if (!p) throw new AppError('NOT_FOUND', `Person #${id} does not exist. Run "smart-album people" to list them.`);
    return p;
  }

  face(id: number): FaceRow {
    const f = this.catalog.people.face(id);
    if (!f) throw new AppError('NOT_FOUND', `Face #${id} does not exist.`);
    return f;
  }
}

function toPerson(p: PersonRow): Person {
  return { id: p.id, name: p.name, hidden: p.hidden === 1, createdBy: p.created_by, faces: p.faces, photos: p.photos };
}
