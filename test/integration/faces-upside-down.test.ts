// Faces found upside down or on their side (a scanned print put in the wrong way, a camera that wrote
// no orientation). YuNet finds them and gives them upright landmarks, so the aligned face is upside down and its
// embedding is not of the person: different people's overturned faces matched each other (69% of
// pairs above 72% on the deepface portraits) and graded good, so a few such scans would found one
// "person" of strangers. They are graded low now (models/manifest.json "turned", fitted by
// npm run calibrate on the calibration photos turned over; deepface is fresh to it), and turning the
// photo in the viewer lets the models see them upright (rotation-models.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

const DEEPFACE = path.join(FIXTURES, 'faces/deepface');
// two portraits each of six people
const PEOPLE = ['df01', 'df02', 'df03', 'df04', 'df05', 'df06'];
let app: SmartAlbum;
let lib: string;

type Row = { file: string; quality_ok: number; person_id: number | null };
const faces = (dir: string) =>
  app.catalog.db
    .prepare('SELECT p.path AS file, f.quality_ok, f.person_id FROM faces f JOIN photos p ON p.id = f.photo_id WHERE p.path LIKE ?')
    .all(`${path.join(lib, dir)}%`) as Row[];

beforeAll(async () => {
  lib = tempDir('overturned');
  for (const dir of ['overturned', 'sideways', 'upright']) fs.mkdirSync(path.join(lib, dir));
  for (const who of PEOPLE) {
    const photos = fs.readdirSync(path.join(DEEPFACE, who)).filter((f) => f.endsWith('.jpg')).sort().slice(0, 2);
    for (const f of photos) {
      const src = path.join(DEEPFACE, who, f);
      await sharp(src).rotate(180).jpeg({ quality: 90 }).toFile(path.join(lib, 'overturned', `${who}-${f}`));
      // lying on one side or the other, as a portrait-format scan or an orientation-less camera stores it
      await sharp(src).rotate(f === photos[0] ? 90 : 270).jpeg({ quality: 90 }).toFile(path.join(lib, 'sideways', `${who}-${f}`));
      fs.copyFileSync(src, path.join(lib, 'upright', `${who}-${f}`));
    }
  }
  app = openEngine(tempDir('overturned-data'));
  await indexFolder(app, lib);
}, 180_000);
afterAll(() => app?.close());

describe('faces found upside down', () => {
  it('are found, but (all but the odd one) graded low: they found no person of strangers', () => {
    const over = faces('overturned');
    expect(over.length).toBeGreaterThanOrEqual(10); // the detector does see them
    // all but the odd one (deepface's overturned faces: 58 of 61 beyond the limit)
    expect(over.filter((f) => f.quality_ok === 1).length).toBeLessThanOrEqual(1);
    // none of them founded a person: any person an overturned face is in also holds upright faces
    const uprightPeople = new Set(faces('upright').map((f) => f.person_id));
    for (const f of over) if (f.person_id !== null) expect(uprightPeople).toContain(f.person_id);
  });

  it('faces found lying on their side: the same', () => {
    const side = faces('sideways');
    expect(side.filter((f) => f.quality_ok === 1).length).toBeLessThanOrEqual(1);
    const uprightPeople = new Set(faces('upright').map((f) => f.person_id));
    for (const f of side) if (f.person_id !== null) expect(uprightPeople).toContain(f.person_id);
  });

  it('the same portraits upright stay good and find their people', () => {
    const up = faces('upright');
    expect(up.filter((f) => f.quality_ok === 1).length).toBeGreaterThanOrEqual(11);
    const byPerson = new Map<number, Set<string>>();
    for (const f of up) {
      if (f.person_id === null) continue;
      const who = path.basename(f.file).slice(0, 4);
      byPerson.set(f.person_id, (byPerson.get(f.person_id) ?? new Set()).add(who));
    }
    expect(byPerson.size).toBeGreaterThanOrEqual(5);
    for (const who of byPerson.values()) expect(who.size).toBe(1);
  });
});
