import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/api.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { pairwiseScores, writeBaldGuysCrops } from '../helpers/bald-crops.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let api: ReturnType<typeof createHandlers>;
let crops: Map<string, string>;
let lib: string;

const faceOf = (file: string) => app.catalog.faces.forPhoto(app.catalog.photos.byPath(file)!.id)[0]!;
const personOfFile = (file: string) => faceOf(file).person_id;

beforeAll(async () => {
  lib = tempDir('people');
  crops = await writeBaldGuysCrops(path.join(lib, 'bald'));
  fs.cpSync(path.join(FIXTURES, 'faces/people'), path.join(lib, 'people'), { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, 'faces/dlib-voc/bald_guys.jpg'), path.join(lib, 'collage.jpg'));
  app = openEngine(tempDir('people-data'));
  api = createHandlers(app, undefined, { trustedLocalUser: true }); // as the CLI: the user typed the paths
  await indexFolder(app, lib);
}, 180_000);
afterAll(() => app?.close());

describe('people', () => {
  it('clusters the 24 bald_guys faces into their 4 people', () => {
    const scores = pairwiseScores([...crops].map(([file, who]) => ({ truth: who, cluster: personOfFile(file) })));
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('groups the portrait folders by person; someone seen once waits unassigned', () => {
    const dir = path.join(lib, 'people');
    for (const who of ['biden', 'obama', 'kit_harington', 'rose_leslie']) {
      const files = fs.readdirSync(path.join(dir, who)).map((f) => path.join(dir, who, f));
      const ids = files.map(personOfFile);
      expect(ids[0], who).not.toBeNull();
      expect(new Set(ids).size, who).toBe(1);
    }
    expect(personOfFile(path.join(dir, 'alex_lacamoire/img1.jpg'))).toBeNull();
  });

  it('never puts two faces of one photo in the same person (the collage)', () => {
    const clash = app.catalog.db
      .prepare('SELECT photo_id, person_id, COUNT(*) AS n FROM faces WHERE person_id IS NOT NULL GROUP BY photo_id, person_id HAVING n > 1')
      .all();
    expect(clash).toEqual([]);
  });

  it('rename, split, merge and remove are human decisions that re-clustering respects', async () => {
    const files = [...crops].filter(([, who]) => who === 'D').map(([f]) => f);
    const person = personOfFile(files[0]!)!;
    const named = await api['people.rename']({ id: person, name: 'Dwayne' });
    expect(named.name).toBe('Dwayne');
    const photos = named.photos; // his 6 crops, and one face of the collage

    // split one face off into a new person, then merge it back
    const split = await api['faces.move']({ faceId: faceOf(files[1]!).id, personId: null });
    expect(split.faces).toBe(1);
    const merged = await api['people.merge']({ into: person, from: split.id });
    expect(merged).toMatchObject({ name: 'Dwayne', photos });
    await expect(Promise.resolve().then(() => api['people.get']({ id: split.id }))).rejects.toThrow(/does not exist/);

    // "this is not Dwayne": never re-added, even after re-clustering at a new threshold
    const removed = faceOf(files[2]!).id;
    await api['faces.remove']({ faceId: removed });
    await api['people.threshold.set']({ threshold: 0.7 });
    expect(app.catalog.people.face(removed)!.person_id).not.toBe(person);
    expect((await api['people.get']({ id: person })).person).toMatchObject({ name: 'Dwayne', photos: photos - 1 });
    expect((await api['people.threshold.get']({})).threshold).toBe(0.7);
  });

  it('refuses corrections that would put one photo\'s two faces in one person', async () => {
    const collage = app.catalog.photos.byPath(path.join(lib, 'collage.jpg'))!;
    const [a, b] = app.catalog.faces.forPhoto(collage.id);
    const p = await api['faces.move']({ faceId: a!.id, personId: null });
    await expect(Promise.resolve().then(() => api['faces.move']({ faceId: b!.id, personId: p.id }))).rejects.toThrow(/never the same person/);
  });

  it('finds every photo of a person from an outside image, or from a face of the catalog', async () => {
    const outside = path.join(tempDir('query'), 'kit.png');
    // not in the library: a smaller, re-encoded copy of one of Kit Harington's photos
    await (await import('sharp')).default(path.join(FIXTURES, 'faces/people/kit_harington/john2.jpeg')).resize(400).png().toFile(outside);
    const found = await api['faces.search']({ imagePath: outside, limit: 10 });
    const kit = fs.readdirSync(path.join(lib, 'people/kit_harington')).map((f) => path.join(lib, 'people/kit_harington', f)).sort();
    expect(found.slice(0, 2).map((m) => m.photo.path).sort()).toEqual(kit);
    expect(found[0]!.confidence).toBeGreaterThanOrEqual(0.72);
    expect(found.every((m) => m.confidence >= 0.72)).toBe(true);

    const byFace = await api['faces.search']({ faceId: faceOf(kit[0]!).id, limit: 10 });
    expect(byFace.map((m) => m.photo.path).sort()).toEqual(kit);
    await expect(api['faces.search']({ imagePath: path.join(FIXTURES, 'everyday/fruits.jpg'), limit: 5 })).rejects.toThrow(/No face found/);
  });

  it('not-a-face takes a detection out of people for good', async () => {
    const obama = path.join(lib, 'people/obama/obama.jpg');
    const face = faceOf(obama);
    const person = face.person_id!;
    await api['faces.notAFace']({ faceId: face.id });
    app.people.recluster();
    expect(app.catalog.people.face(face.id)).toMatchObject({ not_a_face: 1, person_id: null });
    // the other Obama photo alone no longer makes a person
    expect(app.catalog.people.get(person)).toBeUndefined();
    // Undo: a face again, waiting for a person (its person is gone), and found by the next assignment
    await api['faces.isAFace']({ faceId: face.id, personId: person });
    expect(app.catalog.people.face(face.id)).toMatchObject({ not_a_face: 0 });
    app.people.recluster();
    const back = app.catalog.people.face(face.id)!.person_id;
    expect(back).not.toBeNull();
    expect(back).toBe(faceOf(path.join(lib, 'people/obama/obama2.jpg')).person_id);
  });
});

describe('match calibration', () => {
  it('the calibration in models/manifest.json is what the labelled fixture pairs give, and 72% separates them', async () => {
    const { labelledFaces } = await import('../helpers/labelled-faces.js');
    const { fitCalibration, matchProbability } = await import('../../electron/core/people/calibration.js');
    const { cosine } = await import('../../electron/core/vision/face-embedder.js');
    const faces = await labelledFaces(app.vision);
    expect(faces.length).toBe(33);
    const pairs = faces.flatMap((a, i) => faces.slice(i + 1).map((b) => ({ cosine: cosine(a.face.embedding, b.face.embedding), same: a.who === b.who })));
    const fit = fitCalibration(pairs);
    const recorded = app.vision.calibration()!;
    // refit from scratch lands on the recorded values (within 2%: floating point, library versions)
    expect(Math.abs(fit.a / recorded.a - 1)).toBeLessThan(0.02);
    expect(Math.abs(fit.b / recorded.b - 1)).toBeLessThan(0.02);
    const wrong = pairs.filter((p) => (matchProbability(recorded, p.cosine) >= 0.72) !== p.same);
    expect(wrong.length / pairs.length).toBeLessThan(0.02);
  });
});
