// What a person does to people, and what the API reads of them: every correction is a human decision, recorded as
// such (assigned_by 'user', rejections), and never undone by the machine. PeopleService (the clustering) extends
// this; after a correction its in-memory index is rebuilt from the catalog (invalidate).
import { AppError } from '../../shared/errors.js';
import type { Face, Person } from '../../shared/contract.js';
import type { Catalog } from '../catalog.js';
import { toFace, type FaceRow } from '../db/repos/face.repo.js';
import type { PersonRow } from '../db/repos/people.repo.js';

export abstract class PeopleEdits {
  constructor(protected readonly catalog: Catalog) {}

  /** Forget the in-memory index; it is rebuilt from the catalog on next use. */
  abstract invalidate(): void;

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
    const unnamed = face.person_id !== null && this.catalog.people.get(face.person_id)?.name === null ? face.person_id : null;
    if (same && unnamed !== null) {
      // an unnamed person given a name that exists: all its faces join that person, not just this one
      try {
        this.merge(same.id, unnamed);
        return same.id;
      } catch (err) {
        if (!(err instanceof AppError)) throw err; // seen together in a photo: only this face moves
      }
    }
    if (same) return this.moveFace(faceId, same.id);
    if (unnamed !== null) {
      this.rename(unnamed, wanted); // an unnamed person: naming one of its faces names it
      return unnamed;
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

  /** Undoes notAFace: the face is one again, back in `personId` when that person still exists, else waiting for one. */
  isAFace(faceId: number, personId: number | null): void {
    this.face(faceId);
    this.catalog.people.markIsAFace(faceId);
    this.invalidate();
    if (personId !== null && this.catalog.people.get(personId)) this.moveFace(faceId, personId);
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

export function toPerson(p: PersonRow): Person {
  return { id: p.id, name: p.name, hidden: p.hidden === 1, createdBy: p.created_by, faces: p.faces, photos: p.photos };
}
