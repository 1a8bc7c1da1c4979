// Issue 14, finding 4: a photo that failed for a reason that was not its fault (the disk or the
// catalog full, a thumbnail that could not be written) is read again at the next scan although its
// size and time are unchanged; a photo that is itself broken stays failed until it changes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { Indexer } from '../../electron/core/indexer/indexer.service.js';
import { thumbnailPath } from '../../electron/core/media/thumbnails.js';
import { makeJpeg } from '../helpers/images.js';
import { openEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

let lib: string;
let app: SmartAlbum;
const row = (name: string) =>
  app.catalog.db.prepare('SELECT id, status, error, failure_kind FROM photos WHERE file_name = ?').get(name) as
    | { id: number; status: string; error: string | null; failure_kind: string | null }
    | undefined;

beforeAll(async () => {
  lib = tempDir('heal');
  await makeJpeg(path.join(lib, 'a.jpg'), { seed: 1 });
  await makeJpeg(path.join(lib, 'b.jpg'), { seed: 2 });
  fs.writeFileSync(path.join(lib, 'broken.jpg'), 'not a photo at all');
  app = openEngine(tempDir('heal-data'));
  await app.roots.add(lib);
}, 60_000);
afterAll(() => app?.close());

describe('failures that heal', () => {
  it('a thumbnail that cannot be written fails the photo as "not its fault"; the next scans retry it until it works', async () => {
    await app.scanner.scanAll();
    const a = row('a.jpg')!;
    // a real fault at the boundary: a file stands where a.jpg's thumbnail folder must be made
    const shard = path.dirname(thumbnailPath(app.catalog.dataDir, a.id, 'small'));
    fs.mkdirSync(path.dirname(shard), { recursive: true });
    fs.writeFileSync(shard, 'in the way');
    const first = await app.scanAndIndex();
    expect(row('a.jpg')).toMatchObject({ status: 'failed', failure_kind: 'transient', error: expect.stringMatching(/tried again at the next scan/) });
    expect(row('b.jpg')!.status).toBe('indexed');
    expect(row('broken.jpg')).toMatchObject({ status: 'failed', failure_kind: 'file', error: expect.stringMatching(/Not an image/) });
    expect(first.index.failed).toBe(2);

    // still in the way: retried (queued although unchanged), fails again, nothing else is re-read
    const second = await app.scanAndIndex();
    expect(second.scan.queued).toBe(1);
    expect(row('a.jpg')!.status).toBe('failed');

    fs.rmSync(shard);
    const third = await app.scanAndIndex();
    expect(third.scan.queued).toBe(1);
    expect(row('a.jpg')).toMatchObject({ status: 'indexed', error: null, failure_kind: null });
    expect(fs.existsSync(thumbnailPath(app.catalog.dataDir, a.id, 'small'))).toBe(true);
  });

  it('a broken file stays failed until it changes', async () => {
    const again = await app.scanAndIndex();
    expect(again.scan.queued).toBe(0);
    expect(row('broken.jpg')!.status).toBe('failed');
    await makeJpeg(path.join(lib, 'broken.jpg'), { seed: 3 });
    await app.scanAndIndex();
    expect(row('broken.jpg')).toMatchObject({ status: 'indexed', failure_kind: null });
  });

  it('"database or disk is full" (SQLITE_FULL while the photo is written) heals at the next scan', async () => {
    await makeJpeg(path.join(lib, 'c.jpg'), { seed: 4 });
    await app.scanner.scanAll();
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const faults = { beforeThumbnails: () => { throw full; } }; // a test hook at the thumbnail writer
    const run = await new Indexer(app.catalog, { vision: null, faults }).run();
    expect(run.failures).toEqual([{ path: path.join(lib, 'c.jpg'), reason: expect.stringMatching(/database or disk is full.*tried again at the next scan/) }]);
    expect(row('c.jpg')).toMatchObject({ status: 'failed', failure_kind: 'transient' });
    const healed = await app.scanAndIndex();
    expect(healed.scan.queued).toBe(1);
    expect(row('c.jpg')).toMatchObject({ status: 'indexed', error: null, failure_kind: null });
  });

  it('a photo whose failure could not even be recorded (the catalog refused every write) is indexed by the next run', async () => {
    await makeJpeg(path.join(lib, 'd.jpg'), { seed: 5 });
    await app.scanner.scanAll();
    const db = app.catalog.db;
    let failing = true;
    const indexer = new Indexer(app.catalog, {
      vision: null,
      concurrency: 1,
      faults: {
        beforeThumbnails: () => {
          if (!failing) return;
          db.pragma('query_only = ON'); // from here on every write fails (SQLITE_READONLY), as on a locked or full catalog
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        },
      },
    });
    await expect(indexer.run()).rejects.toThrow(/readonly/i); // the next claim cannot be written either
    db.pragma('query_only = OFF');
    failing = false;
    expect(row('d.jpg')!.status).toBe('pending');
    expect(app.catalog.jobs.counts('index')).toEqual({ queued: 0, running: 1 });
    await app.scanner.scanAll();
    const next = await indexer.run(); // the same indexer (no restart): it queues its stuck job again
    expect(next.indexed).toBe(1);
    expect(row('d.jpg')).toMatchObject({ status: 'indexed', error: null });
  });
});
