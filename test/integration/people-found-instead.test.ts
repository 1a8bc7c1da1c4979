// A good face that would join a person narrowly while it matches a waiting face far more closely (one
// that does not match that person) founds a person with the waiting face instead
// (PeopleService.foundsInstead). A dim copy of one of df11's photos resembles df12 (81%) but is plainly
// the same man as df11's other photo, waiting alone (100%).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingOf } from '../../electron/core/db/repos/face.repo.js';
import { matchProbability } from '../../electron/core/people/calibration.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { cosine } from '../../electron/core/vision/face-embedder.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let lib: string;
const DEEPFACE = path.join(FIXTURES, 'faces/deepface');
const faceOf = (file: string) => app.catalog.faces.forPhoto(app.catalog.photos.byPath(file)!.id)[0]!;
const p = (a: string, b: string) => matchProbability(app.people.calibration!, cosine(embeddingOf(faceOf(a)), embeddingOf(faceOf(b))));

beforeAll(async () => {
  lib = tempDir('people-found-instead');
  app = openEngine(tempDir('people-found-instead-data'));
  // first run: df12 becomes a person; one photo of df11 waits alone
  fs.cpSync(path.join(DEEPFACE, 'df12'), path.join(lib, 'first/df12'), { recursive: true });
  fs.mkdirSync(path.join(lib, 'first/df11'));
  fs.copyFileSync(path.join(DEEPFACE, 'df11/img29.jpg'), path.join(lib, 'first/df11/img29.jpg'));
  await indexFolder(app, path.join(lib, 'first'));
  // second run: another photo of df11, taken in dim light
  fs.mkdirSync(path.join(lib, 'second'));
  await sharp(path.join(DEEPFACE, 'df11/img33.jpg')).modulate({ brightness: 0.4 }).jpeg({ quality: 80 }).toFile(path.join(lib, 'second/dim.jpg'));
  await indexFolder(app, path.join(lib, 'second'));
}, 240_000);
afterAll(() => app?.close());

describe('a face that matches a waiting face far better than any person', () => {
  it('founds a person with that waiting face instead of joining the look-alike', () => {
    const dim = path.join(lib, 'second/dim.jpg');
    const waiting = path.join(lib, 'first/df11/img29.jpg');
    const df12 = fs.readdirSync(path.join(lib, 'first/df12')).map((f) => path.join(lib, 'first/df12', f));
    const df12Person = faceOf(df12[0]!).person_id;
    expect(df12Person).not.toBeNull();
    // the dim photo would have joined df12 (narrowly, over 72%); the waiting photo matches df12 under 72%
    const toDf12 = Math.max(...df12.map((f) => p(dim, f)));
    expect(toDf12).toBeGreaterThanOrEqual(0.72);
    expect(toDf12).toBeLessThan(0.86);
    expect(Math.max(...df12.map((f) => p(waiting, f)))).toBeLessThan(0.72);
    expect(p(dim, waiting)).toBeGreaterThanOrEqual(Math.min(toDf12 + 0.15, 0.99));
    // so the two df11 photos are one new person, and df12 keeps only his own
    const df11Person = faceOf(dim).person_id;
    expect(df11Person, `dim to df12 at ${toDf12.toFixed(3)}`).not.toBeNull();
    expect(df11Person).not.toBe(df12Person);
    expect(faceOf(waiting).person_id).toBe(df11Person);
    expect(app.catalog.people.faces(df12Person!).every((f) => df12.some((d) => faceOf(d).id === f.id))).toBe(true);
  });
});
