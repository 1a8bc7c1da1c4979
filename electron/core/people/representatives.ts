// Each person's representative faces, kept for matching: at most MAX_REPRESENTATIVES per person, diverse (a newcomer
// replaces the most redundant machine representative when it adds more than that one does), user-placed ones never
// replaced. All of them live in one matrix (a face against one person is one SIMD call) and each person's sum in a
// centroid index (the people nearest a face in one pass, before comparing with each of their representatives).
import { CentroidIndex } from './centroid-index.js';
import { F32Matrix } from './f32-matrix.js';
import { MAX_REPRESENTATIVES } from './assign-rules.js';
import { cosine } from '../vision/face-embedder.js';

export interface PersonIndex {
  reps: Float32Array[];
  /** per representative: placed by a user (never replaced) */
  fixed: boolean[];
  /** per representative: its highest cosine with another representative (high = redundant) */
  redundancy: number[];
  photos: Set<number>;
  /** first row of this person's MAX_REPRESENTATIVES rows in the shared representatives matrix */
  slot: number;
  /** represented only by faces that joined narrowly (its founders), as rebuilt from the catalog */
  weakOnly?: boolean;
}

/** The people being assigned to, by id, with their representatives. */
export class Representatives extends Map<number, PersonIndex> {
  /** sums of each person's representatives: a cheap first look before comparing with each of them */
  private readonly centroids = new CentroidIndex();
  /** every person's representatives, MAX_REPRESENTATIVES rows each */
  private matrix: F32Matrix | null = null;
  private slots = 0;

  /** A new person with room for its representatives. */
  addPerson(id: number): PersonIndex {
    const person: PersonIndex = { reps: [], fixed: [], redundancy: [], photos: new Set(), slot: this.slots++ * MAX_REPRESENTATIVES };
    this.set(id, person);
    return person;
  }

  /** The highest cosine of a face with a person's representatives (-1 when it has none). */
  top(e: Float32Array, person: PersonIndex): number {
    if (!this.matrix || !person.reps.length) return -1;
    const dots = this.matrix.dots(e, person.reps.length, person.slot);
    let top = -1;
    for (let i = 0; i < dots.length; i++) if (dots[i]! > top) top = dots[i]!;
    return top;
  }

  /** The k people whose centroids are nearest a face, leaving out those `skip` says. */
  nearest(e: Float32Array, k: number, skip: (id: number) => boolean): number[] {
    return this.centroids.nearest(e, k, skip);
  }

  /**
   * A good (or user-placed) face offered as a representative: taken while there is room; when full,
   * it replaces the most redundant machine representative if it is itself less redundant.
   */
  offer(personId: number, person: PersonIndex, e: Float32Array, fixed: boolean): void {
    this.matrix ??= new F32Matrix(e.length, 1024);
    this.matrix.reserve(person.slot + MAX_REPRESENTATIVES);
    const dots = this.matrix.dots(e, person.reps.length, person.slot);
    let closest = -1;
    for (let i = 0; i < dots.length; i++) closest = Math.max(closest, dots[i]!);
    if (person.reps.length < MAX_REPRESENTATIVES) {
      for (let i = 0; i < dots.length; i++) person.redundancy[i] = Math.max(person.redundancy[i]!, dots[i]!);
      this.matrix.set(person.slot + person.reps.length, e);
      person.reps.push(e);
      person.fixed.push(fixed);
      person.redundancy.push(closest);
      this.centroids.add(personId, e);
      return;
    }
    let worst = -1;
    for (let i = 0; i < person.reps.length; i++) {
      if (!person.fixed[i] && (worst < 0 || person.redundancy[i]! > person.redundancy[worst]!)) worst = i;
    }
    if (worst < 0 || (!fixed && closest >= person.redundancy[worst]!)) return;
    this.centroids.add(personId, person.reps[worst]!, -1);
    person.reps[worst] = e;
    this.matrix!.set(person.slot + worst, e);
    person.fixed[worst] = fixed;
    this.centroids.add(personId, e);
    // redundancies are refreshed against the new set (16 x 16 dot products, only on a replacement)
    person.redundancy = person.reps.map((r, i) => Math.max(-1, ...person.reps.filter((_, j) => j !== i).map((o) => cosine(r, o))));
  }
}
