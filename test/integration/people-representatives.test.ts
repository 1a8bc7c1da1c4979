// A face that joined a person narrowly (between the 72% threshold and 86%) does not represent it: on
// the harder face set one such wrong join (a small group face) made itself a representative and drew
// every later face of the other person after it. Real PeopleService on a real SQLite catalog, with
// embeddings placed at known calibrated confidences (the manifest's calibration).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog } from '../../electron/core/catalog.js';
import { cosineFor, matchProbability, type Calibration } from '../../electron/core/people/calibration.js';
import { PeopleService } from '../../electron/core/people/people.service.js';
import { cosine } from '../../electron/core/vision/face-embedder.js';
import { VisionService } from '../../electron/core/vision/vision.service.js';
import { REPO, tempDir } from '../helpers/temp.js';

let catalog: Catalog;
let people: PeopleService;
let calibration: Calibration;

/** A unit vector with the given coordinates on the first axes (the rest zero). */
const vec = (...xs: number[]) => {
  const v = new Float32Array(128);
  xs.forEach((x, i) => (v[i] = x));
  const n = Math.hypot(...xs);
  return v.map((x) => x / n);
};

function addFace(emb: Float32Array): number {
  const photo = Number(
    catalog.db.prepare(`INSERT INTO photos (path, file_name, size, mtime_ms, status, first_seen_at) VALUES (?, 'f.jpg', 1, 1, 'indexed', 1)`).run(`/p/${Math.random()}.jpg`).lastInsertRowid,
  );
  catalog.db
    .prepare(
      `INSERT INTO faces (photo_id, x, y, w, h, landmarks, score, sharpness, size_px, quality_ok, embedding, model) VALUES (?, 0.1, 0.1, 0.2, 0.2, '[]', 0.95, 500, 120, 1, ?, 'test')`,
    )
    .run(photo, Buffer.from(emb.buffer));
  people.assignPhoto(photo);
  return photo;
}
const personOf = (photo: number) => catalog.faces.forPhoto(photo)[0]!.person_id;

beforeAll(async () => {
  const vision = VisionService.open(path.join(REPO, 'models'));
  calibration = vision.calibration()!;
  await vision.close();
  catalog = openCatalog({ dataDir: tempDir('people-reps') });
  people = new PeopleService(catalog, calibration);
});
afterAll(() => catalog?.close());

describe('representatives', () => {
  it('a face that joined narrowly does not draw its own look-alikes into the person', () => {
    const narrow = cosineFor(calibration, 0.78); // above the 72% threshold, under 86%
    const a1 = vec(1, 0, 0, 0);
    const a2 = vec(0.8, 0.6, 0, 0);
    const x = vec(narrow, 0, Math.sqrt(1 - narrow * narrow), 0); // someone else, close enough to join A narrowly
    const y = vec(0.2, 0, 0.896, 0.396); // x's person again: like x, not like A
    expect(matchProbability(calibration, cosine(a1, x))).toBeCloseTo(0.78, 2);
    expect(matchProbability(calibration, cosine(x, y))).toBeGreaterThan(0.99);
    expect(matchProbability(calibration, cosine(a1, y))).toBeLessThan(0.05);

    const [pa1, pa2] = [addFace(a1), addFace(a2)];
    const a = personOf(pa1);
    expect(a).not.toBeNull();
    expect(personOf(pa2)).toBe(a);
    const px = addFace(x);
    expect(personOf(px)).toBe(a); // a good face at 78% joins, as before
    const py = addFace(y);
    expect(personOf(py)).not.toBe(a); // but it does not represent A, so y is not pulled in after it
    // and the same holds once the index is rebuilt from the catalog
    people.invalidate();
    expect(people.offerWaiting()).toBe(0);
    expect(personOf(py)).not.toBe(a);
  });
});
