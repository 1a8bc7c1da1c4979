// Incremental clustering of faces into people.
//
// Faces are graded (vision/face-quality.ts). A new good face is compared with each eligible person's representative faces (the faces a user
// placed first: corrections are exemplars). The best calibrated match probability at or above the
// threshold (72% by default) joins the face to that person. Otherwise the face waits, unassigned,
// and a new person is created only when MIN_FACES_FOR_PERSON faces are all pairwise above the
// founders' bar (86% by default, as for representatives): a clique, not a chain, so one ambiguous face cannot glue
// two people together. Copies of one photo (saved twice, re-encoded) are one face there, however well they match
// (face-copies.ts).
// Two faces of one photo never share a person, and a face removed from a person never returns to it.
// A good face that would join a person narrowly but matches a waiting face far more closely, one that
// does not match that person, founds a person with it instead (foundsInstead).
// A low-grade face (small, blurred, dark, turned) joins an existing person only at LOW_STRICTNESS of
// the way from the threshold to certainty (74.8% by default) and with a clear margin over the next person; it never
// founds or represents one: almost every risky pair of different people involves such a face.
// Representatives are the user's faces first, then good faces that founded the person or joined it
// clearly (at REPRESENT_STRICTNESS, 86% by default: a wrong narrow join must not draw the other
// person's faces after it), kept diverse (representatives.ts), so a person's later looks keep matching as the
// person grows. The rules' constants and their reasons: assign-rules.ts.
// Only machine assignments are ever changed here; human ones are fixed points (the corrections: people-edits.ts).
import { AppError } from '../../shared/errors.js';
import type { Catalog } from '../catalog.js';
import { embeddingOf } from '../db/repos/face.repo.js';
import type { ChangeTracker } from '../db/repos/generation.repo.js';
import type { Box } from '../vision/box.js';
import { cosine } from '../vision/face-embedder.js';
import {
  CANDIDATES,
  DEFAULT_THRESHOLD,
  LOW_MARGIN,
  LOW_MIN_SCORE,
  MIN_FACES_FOR_PERSON,
  POOL_WINDOW,
  REPRESENT_STRICTNESS,
  lowThreshold,
  stricter,
} from './assign-rules.js';
import { cosineFor, matchProbability, type Calibration } from './calibration.js';
import { distinctFaces } from './face-copies.js';
import { PeopleEdits } from './people-edits.js';
import { PoolRing } from './pool-ring.js';
import { Representatives } from './representatives.js';

// where other modules have always found them
export * from './assign-rules.js';
export { toPerson } from './people-edits.js';

const THRESHOLD_KEY = 'people.threshold';

interface PoolFace {
  id: number;
  photoId: number;
  emb: Float32Array;
  /** a good face may found and represent people; a low one only joins */
  good: boolean;
  /** its photo's perceptual hash: faces of copies of one photo found no person together */
  phash: string | null;
  /** where it is in its photo (fractions): in copies of one photo, the same place is the same face */
  box: Box;
  /** the detector's score */
  score: number;
}


/** the box alone: a pool face must not keep its whole catalog row (embedding bytes, landmarks) alive */
const boxOf = (f: Box): Box => ({ x: f.x, y: f.y, w: f.w, h: f.h });

export class PeopleService extends PeopleEdits {
  private index: Representatives | null = null;
  private pool = new Map<number, PoolFace>();
  /** pool faces in arrival order (may hold faces that joined since; checked against pool) */
  private recent = new PoolRing<PoolFace>(POOL_WINDOW);
  private rejected = new Map<number, Set<number>>();
  /** low-grade faces that matched nobody clearly enough yet (offered again by offerWaiting) */
  private waitingLow = new Map<number, PoolFace>();
  /** corrections made by another process (the UI's, the CLI) reach this index through the catalog */
  private readonly changes: ChangeTracker;

  constructor(
    catalog: Catalog,
    readonly calibration: Calibration | null,
  ) {
    super(catalog);
    this.changes = catalog.generation.tracker();
  }

  threshold(): number {
    return this.catalog.settings.get<number>(THRESHOLD_KEY, DEFAULT_THRESHOLD);
  }
  /** The threshold inside assignment: read once per index generation (another process changing it commits, so ensure() resets it). */
  private limit(): number {
    return (this.cachedThreshold ??= this.threshold());
  }
  private cachedThreshold: number | null = null;

  /** A new threshold re-clusters every machine assignment; human ones stay. */
  setThreshold(t: number): void {
    if (!(t > 0.5 && t < 1)) throw new AppError('INVALID_INPUT', 'The match threshold must be between 50% and 100%.');
    this.catalog.settings.set(THRESHOLD_KEY, t);
    this.cachedThreshold = t;
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

  private build(): Representatives {
    const index = new Representatives();
    this.pool.clear();
    this.recent = new PoolRing<PoolFace>(POOL_WINDOW);
    this.waitingLow.clear();
    this.rejected.clear();
    for (const r of this.catalog.people.rejections()) {
      if (!this.rejected.has(r.face_id)) this.rejected.set(r.face_id, new Set());
      this.rejected.get(r.face_id)!.add(r.person_id);
    }
    for (const p of this.catalog.people.list()) index.addPerson(p.id);
    // faces a person placed come first, so corrections are each person's first representatives
    const faces = this.catalog.people.clusterable();
    faces.sort((x, y) => Number(y.assigned_by === 'user') - Number(x.assigned_by === 'user'));
    const weak: typeof faces = [];
    for (const f of faces) {
      if (f.person_id !== null) {
        const p = index.get(f.person_id);
        if (!p) continue;
        p.photos.add(f.photo_id);
        if (f.assigned_by === 'user' || (f.quality_ok === 1 && this.represents(f.match_confidence))) {
          index.offer(f.person_id, p, embeddingOf(f), f.assigned_by === 'user');
        } else if (f.quality_ok === 1) weak.push(f);
      } else if (f.quality_ok === 1) {
        this.addToPool({ id: f.id, photoId: f.photo_id, emb: embeddingOf(f), good: true, phash: f.photo_phash, box: boxOf(f), score: f.score });
      } else if (f.quality_ok === 0) {
        this.waitingLow.set(f.id, { id: f.id, photoId: f.photo_id, emb: embeddingOf(f), good: false, phash: f.photo_phash, box: boxOf(f), score: f.score });
      }
    }
    // a person all of whose faces joined narrowly (its founders can) is still represented by them
    for (const f of weak) {
      const p = index.get(f.person_id!);
      if (p && (!p.reps.length || p.weakOnly)) {
        p.weakOnly = true;
        index.offer(f.person_id!, p, embeddingOf(f), false);
      }
    }
    this.index = index;
    return index;
  }

  /** A face that joined its person narrowly does not represent it: one wrong narrow join would draw in the other person's faces. */
  private represents(confidence: number | null): boolean {
    return confidence === null || confidence >= stricter(this.limit(), REPRESENT_STRICTNESS);
  }

  /** The index inside one call: the public entry points already checked for others' changes (one PRAGMA each). */
  private current(): Representatives {
    return this.index ?? this.ensure();
  }

  private ensure(): Representatives {
    if (this.changes.changed()) {
      this.index = null;
      this.cachedThreshold = null;
    }
    return this.index ?? this.build();
  }

  /** Assigns the unassigned faces of one photo, good ones first (called after its faces are written). */
  assignPhoto(photoId: number): void {
    if (!this.calibration) return;
    const faces = this.catalog.faces
      .forPhoto(photoId)
      .filter((f) => f.quality_ok >= 0 && f.not_a_face === 0 && f.person_id === null)
      .sort((a, b) => b.quality_ok - a.quality_ok);
    if (!faces.length) return;
    this.ensure();
    const phash = this.catalog.photos.get(photoId)?.phash ?? null;
    this.catalog.db.transaction(() => {
      for (const f of faces) this.assignFace({ id: f.id, photoId: f.photo_id, emb: embeddingOf(f), good: f.quality_ok === 1, phash, box: boxOf(f), score: f.score });
    })();
  }

  /**
   * The periodic pass: every waiting face (good or low) is offered again to the person it now best
   * matches, under the same rules as a new face. Returns how many joined a person.
   */
  offerWaiting(): number {
    if (!this.calibration) return 0;
    this.ensure();
    const waiting = [...this.pool.values(), ...this.waitingLow.values()];
    let joined = 0;
    this.catalog.db.transaction(() => {
      for (const f of waiting) {
        if (!this.pool.has(f.id) && !this.waitingLow.has(f.id)) continue; // founded a person earlier in this pass
        const best = this.bestPerson(f);
        if (best && this.accepts(f, best)) {
          if (this.foundsInstead(f, best)) {
            this.tryFormPerson(f, this.limit());
            if (!this.pool.has(f.id)) continue;
          }
          this.join(f, best.person, best.p, this.represents(best.p));
          joined++;
        }
      }
    })();
    return joined;
  }

  private assignFace(face: PoolFace): void {
    const best = this.bestPerson(face);
    if (best && this.accepts(face, best)) {
      if (this.foundsInstead(face, best)) {
        this.addToPool(face);
        this.tryFormPerson(face, this.limit());
        if (!this.pool.has(face.id)) return; // it founded a person with that waiting face
      }
      this.join(face, best.person, best.p, this.represents(best.p));
      return;
    }
    if (!face.good) {
      this.waitingLow.set(face.id, face);
      return;
    }
    this.addToPool(face);
    this.tryFormPerson(face, this.limit());
  }

  private accepts(face: PoolFace, best: { p: number; runnerUp: number }): boolean {
    const threshold = this.limit();
    if (face.good) return best.p >= threshold;
    return face.score >= LOW_MIN_SCORE && best.p >= lowThreshold(threshold) && best.p - best.runnerUp >= LOW_MARGIN;
  }

  /**
   * A good face about to join a person narrowly (under REPRESENT_STRICTNESS) that matches a waiting face
   * more closely by LOW_MARGIN (or at 99%), a waiting face that does not match that person itself, belongs with the
   * waiting face: they found a person together instead (tryFormPerson, under its usual rules). On the
   * tuning half of the harder face set a man's group photo joined another man at 85% while his own
   * portrait, waiting for a second face, matched it at 99.99%.
   */
  private foundsInstead(face: PoolFace, best: { person: number; p: number }): boolean {
    const threshold = this.limit();
    if (!face.good || best.p >= stricter(threshold, REPRESENT_STRICTNESS)) return false;
    const index = this.current();
    const person = index.get(best.person)!;
    let found = false;
    this.recent.each(face.emb, cosineFor(this.calibration!, Math.min(best.p + LOW_MARGIN, 0.99)), (g) => {
      if (found || g.id === face.id || g.photoId === face.photoId || !this.pool.has(g.id) || person.photos.has(g.photoId)) return;
      if (matchProbability(this.calibration!, index.top(g.emb, person)) < threshold) found = true;
    });
    return found;
  }

  /** The best person for a face and the runner-up's confidence (0 when there is none). */
  private bestPerson(face: PoolFace): { person: number; p: number; runnerUp: number } | null {
    const index = this.current();
    const rejected = this.rejected.get(face.id);
    // the closest people by centroid, then the best representative face of each of those
    const near = index.nearest(face.emb, CANDIDATES, (id) => {
      const person = index.get(id);
      return !person || person.photos.has(face.photoId) || !!rejected?.has(id) || !person.reps.length;
    });
    let best: { person: number; p: number; runnerUp: number } | null = null;
    for (const id of near) {
      const person = index.get(id)!;
      const p = matchProbability(this.calibration!, index.top(face.emb, person));
      if (!best) best = { person: id, p, runnerUp: 0 };
      else if (p > best.p) best = { person: id, p, runnerUp: best.p };
      else if (p > best.runnerUp) best.runnerUp = p;
    }
    return best;
  }

  private addToPool(face: PoolFace): void {
    this.pool.set(face.id, face);
    this.recent.push(face);
  }

  private join(face: PoolFace, personId: number, p: number, represent: boolean): void {
    const index = this.current();
    const person = index.get(personId)!;
    this.catalog.people.assign(face.id, personId, 'machine', p);
    person.photos.add(face.photoId);
    if (face.good && represent) index.offer(personId, person, face.emb, false);
    this.pool.delete(face.id);
    this.waitingLow.delete(face.id);
  }

  /**
   * A person is born from a clique of waiting faces, all pairwise at the representatives' bar (REPRESENT_STRICTNESS
   * of the way from the threshold to certainty: founders represent their person), holding MIN_FACES_FOR_PERSON
   * different faces: copies of one face (one photo saved twice) count once. In a real library two different children,
   * both looking down, matched at 76% and founded a person; faces between the threshold and that bar still join a
   * person once one exists.
   */
  private tryFormPerson(seed: PoolFace, limit: number): void {
    const threshold = stricter(limit, REPRESENT_STRICTNESS);
    // one SIMD pass over the recent waiting faces: only those above the bar are kept
    const minCos = cosineFor(this.calibration!, threshold);
    const others: { g: PoolFace; p: number }[] = [];
    this.recent.each(seed.emb, minCos, (g, c) => {
      if (g.id === seed.id || g.photoId === seed.photoId) return;
      if (this.pool.has(g.id)) others.push({ g, p: matchProbability(this.calibration!, c) });
    });
    others.sort((a, b) => b.p - a.p);
    const group: { g: PoolFace; p: number }[] = [{ g: seed, p: 1 }];
    for (const cand of others) {
      if (group.some((m) => m.g.photoId === cand.g.photoId)) continue;
      if (group.every((m) => matchProbability(this.calibration!, cosine(m.g.emb, cand.g.emb)) >= threshold)) group.push(cand);
    }
    if (group.length < MIN_FACES_FOR_PERSON || distinctFaces(group.map((m) => m.g)) < MIN_FACES_FOR_PERSON) return;
    const id = this.catalog.people.create(null, 'machine', this.catalog.now());
    this.current().addPerson(id);
    // founders represent the person they found (they matched each other at the representatives' bar)
    for (const m of group) this.join(m.g, id, m.p === 1 ? Math.min(...group.slice(1).map((x) => x.p)) : m.p, true);
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
        .flatMap((p) =>
          this.catalog.people
            .faces(p.id)
            .filter((f) => f.assigned_by === 'machine' && f.quality_ok === 1)
            .slice(0, MIN_FACES_FOR_PERSON),
        );
      this.catalog.people.forgetMachineAssignments();
      for (const f of anchors) this.catalog.people.assign(f.id, f.person_id, 'machine', f.match_confidence);
      this.build();
      // good faces first, so low ones are judged against the people the good ones make
      const waiting = [...this.pool.values(), ...this.waitingLow.values()].sort(
        (a, b) => Number(b.good) - Number(a.good) || a.photoId - b.photoId || a.id - b.id,
      );
      this.pool.clear();
      this.waitingLow.clear();
      this.recent = new PoolRing<PoolFace>(POOL_WINDOW);
      for (const f of waiting) this.assignFace(f);
    })();
  }

  /**
   * People who look like one person: pairs whose representatives match at the threshold and who never
   * appear in one photo, best first. Proposed to the user (people.suggestions), never applied here.
   * Two people both named (differently) by the user are not proposed.
   */
  mergeSuggestions(): { personId: number; otherId: number; confidence: number }[] {
    if (!this.calibration) return [];
    const index = this.ensure();
    const threshold = this.limit();
    const names = new Map(this.catalog.people.list().map((p) => [p.id, p.name]));
    const seen = new Set<string>();
    const out: { personId: number; otherId: number; confidence: number }[] = [];
    for (const [id, person] of index) {
      if (!person.reps.length) continue;
      const mean = new Float32Array(person.reps[0]!.length);
      for (const r of person.reps) for (let k = 0; k < mean.length; k++) mean[k]! += r[k]!;
      const near = index.nearest(mean, CANDIDATES + 1, (other) => {
        const o = index.get(other);
        return other === id || !o || !o.reps.length || [...person.photos].some((ph) => o.photos.has(ph));
      });
      for (const other of near) {
        const key = id < other ? `${id}:${other}` : `${other}:${id}`;
        if (seen.has(key) || (names.get(id) && names.get(other))) continue;
        seen.add(key);
        let top = -1;
        for (const a of person.reps) for (const b of index.get(other)!.reps) top = Math.max(top, cosine(a, b));
        const confidence = matchProbability(this.calibration, top);
        if (confidence >= threshold) out.push({ personId: Math.min(id, other), otherId: Math.max(id, other), confidence });
      }
    }
    return out.sort((a, b) => b.confidence - a.confidence);
  }
}
