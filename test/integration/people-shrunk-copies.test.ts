// A photo and a much smaller copy of it (an export, a copy sent by mail) hold one face twice, and copies of
// one face must not found a person (people/face-copies.ts). Shrinking moves the face's embedding far (in a
// real library, cosine 0.61-0.88 between a 229 px face and its 80 px copy), so in one picture (equal
// pHashes) the same place counts as the same face.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingOf } from '../../electron/core/db/repos/face.repo.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { cosine } from '../../electron/core/vision/face-embedder.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

// a camera's original (test/fixtures/copies) and the 800 px copy of it in the category evaluation set
const ORIGINAL = path.join(FIXTURES, 'copies/Nikon_E900_1-original.jpg');
const COPY = path.join(FIXTURES, 'categories-eval/images/metadata-extractor-images--jpg--Nikon_E900__1.jpg');
let app: SmartAlbum;

beforeAll(async () => {
  const lib = tempDir('shrunk');
  fs.copyFileSync(ORIGINAL, path.join(lib, 'original.jpg'));
  fs.copyFileSync(COPY, path.join(lib, 'copy.jpg'));
  app = openEngine(tempDir('shrunk-data'));
  await indexFolder(app, lib);
}, 120_000);
afterAll(() => app?.close());

describe('a photo and a much smaller copy of it', () => {
  it('its face and the copy\'s face are good faces that match, not closely enough to be called copies by the embedding', () => {
    const faces = app.catalog.people.clusterable().filter((f) => f.quality_ok === 1);
    const of = (name: string) => faces.filter((f) => app.catalog.photos.get(f.photo_id)!.file_name === name);
    const [original, copy] = [of('original.jpg'), of('copy.jpg')];
    expect(original.length).toBeGreaterThanOrEqual(1);
    expect(copy.length).toBeGreaterThanOrEqual(1);
    const best = Math.max(...original.flatMap((a) => copy.map((b) => cosine(embeddingOf(a), embeddingOf(b)))));
    expect(best).toBeGreaterThan(0.5); // the same face ...
    expect(best).toBeLessThan(0.9); // ... which the embedding alone would not call a copy
  });

  it('found no person', () => {
    expect(app.catalog.db.prepare('SELECT COUNT(*) AS n FROM faces WHERE person_id IS NOT NULL').get()).toEqual({ n: 0 });
  });
});
