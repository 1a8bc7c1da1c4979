// Copies of one photo (the same picture saved twice: byte-identical under another name, re-encoded,
// resized) hold copies of one face that match each other at ~100%. They are one sighting, so they
// must not found a person between themselves; a real second photo of that person then founds it,
// and the copies join it.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { matchProbability } from '../../electron/core/people/calibration.js';
import { cosine } from '../../electron/core/vision/face-embedder.js';
import { embeddingOf } from '../../electron/core/db/repos/face.repo.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let lib: string;
const OBAMA = path.join(FIXTURES, 'faces/people/obama');
const COPIES = ['obama.jpg', 'IMG_0001 (copy).jpg', 'obama-reencoded.jpg', 'obama-small.jpg'];

const faceOf = (file: string) => {
  const photo = app.catalog.photos.byPath(file);
  if (!photo) throw new Error(`${file} is not catalogued`);
  return app.catalog.faces.forPhoto(photo.id)[0]!;
};

beforeAll(async () => {
  lib = tempDir('people-copies');
  const first = path.join(lib, 'first');
  fs.mkdirSync(first);
  fs.copyFileSync(path.join(OBAMA, 'obama.jpg'), path.join(first, COPIES[0]!));
  fs.copyFileSync(path.join(OBAMA, 'obama.jpg'), path.join(first, COPIES[1]!)); // same bytes, another name
  await sharp(path.join(OBAMA, 'obama.jpg')).jpeg({ quality: 70 }).toFile(path.join(first, COPIES[2]!)); // other bytes
  await sharp(path.join(OBAMA, 'obama.jpg')).resize(560).jpeg({ quality: 85 }).toFile(path.join(first, COPIES[3]!));
  app = openEngine(tempDir('people-copies-data'));
  await indexFolder(app, first);
}, 240_000);
afterAll(() => app?.close());

describe('copies of one photo', () => {
  it('are good faces that match each other at ~100%', () => {
    const faces = COPIES.map((f) => faceOf(path.join(lib, 'first', f)));
    for (const f of faces) expect(f.quality_ok, `face #${f.id}`).toBe(1);
    const calibration = app.people.calibration!;
    for (const f of faces.slice(1)) expect(matchProbability(calibration, cosine(embeddingOf(faces[0]!), embeddingOf(f)))).toBeGreaterThan(0.99);
  });

  it('found no person between themselves', () => {
    for (const f of COPIES) expect(faceOf(path.join(lib, 'first', f)).person_id, f).toBeNull();
    expect(app.people.list(true)).toEqual([]);
    // the periodic pass does not found one either
    expect(app.people.offerWaiting()).toBe(0);
    expect(app.people.list(true)).toEqual([]);
  });

  it('a real second photo of the person founds it, and the copies join it', async () => {
    const later = path.join(lib, 'later');
    fs.mkdirSync(later);
    fs.copyFileSync(path.join(OBAMA, 'obama2.jpg'), path.join(later, 'obama2.jpg'));
    await indexFolder(app, later);
    const person = faceOf(path.join(later, 'obama2.jpg')).person_id;
    expect(person).not.toBeNull();
    for (const f of COPIES) expect(faceOf(path.join(lib, 'first', f)).person_id, f).toBe(person);
    expect(app.people.list(true)).toHaveLength(1);
  });

  it('re-clustering (a threshold change) does not found a person from copies alone', async () => {
    fs.rmSync(path.join(lib, 'later', 'obama2.jpg'));
    await app.scanAndIndex(); // the second photo is gone (missing): only the copies are left
    expect(app.catalog.photos.byPath(path.join(lib, 'later', 'obama2.jpg'))?.status).toBe('missing');
    app.people.setThreshold(0.8);
    for (const f of COPIES) expect(faceOf(path.join(lib, 'first', f)).person_id, f).toBeNull();
    expect(app.people.list(true)).toEqual([]);
  });
});
