// The pipeline's promise: a photo's stages and what follows from them (its people, its place) are
// written in the photo's one transaction, so no reader (and no crash) sees a photo indexed but not
// yet clustered or placed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
afterAll(() => app?.close());

describe("a photo's one transaction", () => {
  it('assigns faces to people and places the photo inside the transaction that indexes it', async () => {
    const lib = tempDir('tx-lib');
    for (const who of ['biden', 'obama']) fs.cpSync(path.join(FIXTURES, 'faces/people', who), path.join(lib, who), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'exif'), path.join(lib, 'exif'), { recursive: true });
    app = openEngine(tempDir('tx-data'));
    const seen = { people: [] as boolean[], places: [] as boolean[] };
    // watch where the engine calls them from (the real services run)
    const assign = app.people.assignPhoto.bind(app.people);
    app.people.assignPhoto = (id) => (seen.people.push(app.catalog.db.inTransaction), assign(id));
    const refresh = app.places.refresh.bind(app.places);
    app.places.refresh = (ids) => (ids && seen.places.push(app.catalog.db.inTransaction), refresh(ids));
    const { index } = await indexFolder(app, lib);
    expect(index.indexed).toBeGreaterThan(4);
    expect(seen.people.length).toBe(index.indexed);
    expect(seen.places.length).toBe(index.indexed);
    expect(seen.people.every(Boolean) && seen.places.every(Boolean)).toBe(true);
    // and their results are there: people formed, every indexed photo placed (or told why not)
    expect(app.catalog.people.list().length).toBeGreaterThanOrEqual(2);
    const unplaced = app.catalog.db.prepare("SELECT COUNT(*) FROM photos p LEFT JOIN photo_places l ON l.photo_id = p.id WHERE p.status = 'indexed' AND l.photo_id IS NULL").pluck().get();
    expect(unplaced).toBe(0);
  }, 180_000);
});
