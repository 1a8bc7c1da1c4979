// Indexing in two passes: pass 1 puts a photo in the grid (EXIF, hash, grid thumbnail from the EXIF
// thumbnail or a shrink-on-load decode, places); pass 2 follows (large image, pHash, models, people).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { INDEX_JOB } from '../../electron/core/library/scanner.service.js';
import { indexPhoto, type Outcome } from '../../electron/core/indexer/pipeline.js';
import { DETAIL_STAGE, UNDERSTAND_JOB } from '../../electron/core/indexer/understand.js';
import { mediaFor } from '../../electron/core/media/media-source.js';
import { thumbnailPath } from '../../electron/core/media/thumbnails.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { makeCameraJpeg } from '../helpers/camera-jpeg.js';
import { openEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

let app: SmartAlbum | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Adds the folder, scans it and runs pass 1 only, as the indexer would (its pass-2 jobs stay queued). */
async function passOneOnly(a: SmartAlbum, folder: string): Promise<Outcome[]> {
  await a.roots.add(folder);
  await a.claimIndexing();
  await a.scanner.scanAll();
  const { jobs, photos, now } = a.catalog;
  const outcomes: Outcome[] = [];
  for (let job = jobs.claim(INDEX_JOB, now()); job; job = jobs.claim(INDEX_JOB, now())) {
    outcomes.push(await indexPhoto(a.catalog, photos.get(job.photo_id)!, job.id, a.vision, a.indexer.followers));
  }
  return outcomes;
}

const idOf = (a: SmartAlbum, name: string) => a.catalog.photos.list({ limit: 100, offset: 0 }).rows.find((r) => r.file_name === name)!.id;

describe('two passes', () => {
  it('pass 1 makes the grid thumbnail from the EXIF thumbnail, turned the way the photo is, before pass 2 runs', async () => {
    const lib = tempDir('tp-lib');
    // the EXIF thumbnail is red, the photo is not: the grid image's colour says which one made it
    const red = { r: 220, g: 20, b: 20 };
    await makeCameraJpeg(path.join(lib, 'with-thumb.jpg'), { width: 1600, height: 1200, seed: 3, thumb: { width: 320, height: 240 }, orientation: 6, thumbColour: red });
    await makeCameraJpeg(path.join(lib, 'small-thumb.jpg'), { width: 1600, height: 1200, seed: 4, thumb: { width: 160, height: 120 }, thumbColour: red });
    await makeCameraJpeg(path.join(lib, 'no-thumb.jpg'), { width: 1600, height: 1200, seed: 5, thumb: null });
    app = openEngine(tempDir('tp-data'));
    const outcomes = await passOneOnly(app, lib);
    const byName = (n: string) => outcomes.find((o) => o.photoId === idOf(app!, n)) as Extract<Outcome, { kind: 'indexed' }>;
    expect(byName('with-thumb.jpg').source).toBe('embedded-thumbnail');
    expect(byName('small-thumb.jpg').source).toBe('shrink-on-load'); // 160 px is too small for the grid
    expect(byName('no-thumb.jpg').source).toBe('shrink-on-load');

    const id = idOf(app, 'with-thumb.jpg');
    const small = thumbnailPath(app.catalog.dataDir, id, 'small');
    const meta = await sharp(small).metadata();
    expect([meta.width, meta.height]).toEqual([240, 320]); // orientation 6: portrait, like the photo
    const { channels } = await sharp(small).stats();
    expect(channels[0]!.mean).toBeGreaterThan(180); // red: the embedded thumbnail, not a decode
    expect(channels[1]!.mean).toBeLessThan(60);
    const other = await sharp(thumbnailPath(app.catalog.dataDir, idOf(app, 'small-thumb.jpg'), 'small')).stats();
    expect(other.channels[0]!.mean).toBeLessThan(180); // decoded from the photo itself

    // in the grid, the timeline and places already; pass 2 has not run: no large image, no pHash yet
    const row = app.catalog.photos.get(id)!;
    expect(row).toMatchObject({ status: 'indexed', width: 1200, height: 1600, camera_model: 'Canon EOS 80D', phash: null });
    expect(row.taken_at).toMatch(/^2024-04-13/);
    expect(app.places.get(id)).toMatchObject({ state: 'located', country_code: 'FR' });
    expect(fs.existsSync(thumbnailPath(app.catalog.dataDir, id, 'large'))).toBe(false);
    expect(app.catalog.photos.stageVersion(id, DETAIL_STAGE)).toBeNull();
    expect(app.catalog.jobs.counts(UNDERSTAND_JOB).queued).toBe(3);

    // pass 2 then fills in the rest
    const summary = await app.indexer.run();
    expect(summary.understood).toBe(3);
    expect(app.catalog.photos.get(id)!.phash).toMatch(/^[0-9a-f]{16}$/);
    expect((await sharp(thumbnailPath(app.catalog.dataDir, id, 'large')).metadata()).height).toBe(1600);
  }, 120_000);

  it('a photo opened before pass 2 reached it gets its large image from the media route', async () => {
    const lib = tempDir('tp-open');
    await makeCameraJpeg(path.join(lib, 'a.jpg'), { width: 2400, height: 1800, seed: 7, thumb: { width: 320, height: 240 } });
    await makeCameraJpeg(path.join(lib, 'b.jpg'), { width: 2400, height: 1800, seed: 8, thumb: null });
    app = openEngine(tempDir('tp-open-data'));
    await passOneOnly(app, lib);
    const id = idOf(app, 'a.jpg');
    const large = thumbnailPath(app.catalog.dataDir, id, 'large');
    expect(fs.existsSync(large)).toBe(false);
    expect(app.catalog.jobs.counts(UNDERSTAND_JOB).queued).toBe(2); // pass 2 has not started

    const served = await mediaFor(app.catalog, `large/${id}`);
    expect(served).toMatchObject({ status: 200, contentType: 'image/jpeg', file: large });
    expect(await sharp(large).metadata()).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
    // the original falls back to it too when it cannot be sent; a face crop needs pass 2's faces
    expect(app.catalog.photos.stageVersion(id, DETAIL_STAGE)).toBeNull(); // made on request, not by pass 2

    // a photo that is not in the catalog, or whose file changed, is not rendered
    expect(await mediaFor(app.catalog, 'large/999')).toMatchObject({ status: 404 });
    const b = idOf(app, 'b.jpg');
    fs.appendFileSync(path.join(lib, 'b.jpg'), 'changed');
    expect(await mediaFor(app.catalog, `large/${b}`)).toMatchObject({ status: 404 });

    await app.indexer.run(); // pass 2 writes it again from its own decode, and the stage is recorded
    expect(app.catalog.photos.stageVersion(id, DETAIL_STAGE)).toBe('1');
    expect(fs.existsSync(large)).toBe(true);
  }, 120_000);
});
