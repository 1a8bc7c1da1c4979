// Search by image is face-aware (issue 11): a dropped face crop of a person with several photos
// returns that person's photos first, before near-duplicates and similar photos (which, for a face,
// are other people and apples). Real models on the fixtures.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/api.js';
import { uploadsDir } from '../../electron/core/paths.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let lib: string;
const idOf = (file: string) => app.catalog.db.prepare('SELECT id FROM photos WHERE file_name = ?').pluck().get(file) as number;

beforeAll(async () => {
  lib = tempDir('face-search-lib');
  fs.cpSync(path.join(FIXTURES, 'faces/people'), path.join(lib, 'people'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'everyday'), path.join(lib, 'everyday'), { recursive: true });
  app = openEngine(tempDir('face-search-data'));
  await indexFolder(app, lib);
}, 120_000);

describe('search by image with a face', () => {
  it('a dropped face crop of a named person: "Photos of <name>" first, then near-duplicates and similar photos', async () => {
    const face = app.photos.namedFaces(idOf('obama2.jpg')).find((f) => f.personId !== null)!;
    const obama = { ...face.box, personId: face.personId };
    app.people.rename(obama.personId!, 'Barack');
    // the face of obama2.jpg, cropped with a margin and saved outside the library (as a drop would)
    const src = path.join(FIXTURES, 'faces/people/obama/obama2.jpg');
    const meta = await sharp(src).rotate().metadata();
    const [W, H] = [meta.autoOrient?.width ?? meta.width!, meta.autoOrient?.height ?? meta.height!];
    const m = 0.25;
    const left = Math.max(0, Math.round((obama.x - obama.w * m) * W));
    const top = Math.max(0, Math.round((obama.y - obama.h * m) * H));
    // saved where a drop onto the window lands (the only files search by image may read besides the library)
    fs.mkdirSync(uploadsDir(app.catalog.dataDir), { recursive: true });
    const crop = path.join(uploadsDir(app.catalog.dataDir), 'dropped.png');
    await sharp(src)
      .rotate()
      .extract({ left, top, width: Math.min(W - left, Math.round(obama.w * (1 + 2 * m) * W)), height: Math.min(H - top, Math.round(obama.h * (1 + 2 * m) * H)) })
      .png()
      .toFile(crop);

    const api = createHandlers(app);
    const r = await api['search.similar']({ imagePath: crop, limit: 10 });
    expect(r.faces?.title).toBe('Photos of Barack');
    expect(r.faces!.personId).toBe(obama.personId);
    expect(r.faces!.items.map((i) => i.photo.fileName).sort()).toEqual(['obama.jpg', 'obama2.jpg']);
    expect(r.faces!.items[0]!.photo.fileName).toBe('obama2.jpg'); // the face itself matches best
    expect(r.faces!.items[0]!.confidence).toBeGreaterThanOrEqual(app.people.threshold());
    expect(r.similar.length).toBeGreaterThan(0); // the rest follows

    // a photo of the library, chosen in the viewer: its person, without the photo itself
    const fromPhoto = await api['search.similar']({ photoId: idOf('obama.jpg'), limit: 10 });
    expect(fromPhoto.faces).toMatchObject({ title: 'Photos of Barack' });
    expect(fromPhoto.faces!.items.map((i) => i.photo.fileName)).toEqual(['obama2.jpg']);
  });

  it('an image without a face is an ordinary similar search', async () => {
    const r = await createHandlers(app)['search.similar']({ imagePath: path.join(lib, 'everyday/apple.jpg'), limit: 5 });
    expect(r.faces).toBeNull();
    expect(r.nearDuplicates[0]!.photo.fileName).toBe('apple.jpg');
  });
});
