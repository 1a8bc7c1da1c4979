import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thumbnailPath } from '../../electron/core/media/thumbnails.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { makeJpeg } from '../helpers/images.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

let lib: string;
let data: string;
let app: SmartAlbum;

const idOf = (p: string) => (app.catalog.db.prepare('SELECT id FROM photos WHERE path = ?').get(p) as { id: number } | undefined)?.id;

beforeAll(async () => {
  lib = tempDir('id');
  data = tempDir('id-data');
  for (let i = 0; i < 6; i++) await makeJpeg(path.join(lib, `a/p${i}.jpg`), { seed: i + 1, taken: `2020:01:0${i + 1} 10:00:00` });
  app = openEngine(data);
  await indexFolder(app, lib);
});
afterAll(() => app?.close());

describe('file identity', () => {
  it('a rescan of unchanged files reads nothing: same size and mtime means untouched', async () => {
    // swap the bytes of p0 for another picture of the same size, keeping its mtime: if the scanner
    // read files it would notice; it must not.
    const p0 = path.join(lib, 'a/p0.jpg');
    const st = fs.statSync(p0);
    const before = fs.readFileSync(p0);
    const scrambled = Buffer.from(before);
    scrambled[scrambled.length - 100]! ^= 0xff;
    fs.writeFileSync(p0, scrambled);
    fs.utimesSync(p0, st.atime, st.mtime);
    const r = await app.scanAndIndex();
    expect(r.scan).toMatchObject({ unchanged: 6, queued: 0, added: 0, changed: 0 });
    expect(r.index.processed).toBe(0);
    fs.writeFileSync(p0, before);
    fs.utimesSync(p0, st.atime, st.mtime);
  });

  it('a touched file is re-hashed but not re-decoded', async () => {
    const p1 = path.join(lib, 'a/p1.jpg');
    const id = idOf(p1)!;
    const thumbBefore = fs.statSync(thumbnailPath(data, id, 'small')).mtimeMs;
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(p1, later, later);
    const r = await app.scanAndIndex();
    expect(r.scan.changed).toBe(1);
    expect(r.index.indexed).toBe(1);
    expect(fs.statSync(thumbnailPath(data, id, 'small')).mtimeMs).toBe(thumbBefore);
    expect(app.catalog.photos.get(id)?.mtime_ms).toBe(later.getTime());
  });

  it('a renamed file keeps its id, and its thumbnails', async () => {
    const from = path.join(lib, 'a/p2.jpg');
    const to = path.join(lib, 'a/renamed.jpg');
    const id = idOf(from)!;
    fs.renameSync(from, to);
    const r = await app.scanAndIndex();
    expect(r.index.relinked).toBe(1);
    expect(idOf(to)).toBe(id);
    expect(idOf(from)).toBeUndefined();
    expect(app.catalog.photos.get(id)).toMatchObject({ status: 'indexed', file_name: 'renamed.jpg', taken_at: '2020-01-03T10:00:00' });
    expect(fs.existsSync(thumbnailPath(data, id, 'small'))).toBe(true);
  });

  it('a file moved to another folder keeps its id', async () => {
    const from = path.join(lib, 'a/p3.jpg');
    const to = path.join(lib, 'b/deeper/p3.jpg');
    const id = idOf(from)!;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.renameSync(from, to);
    await app.scanAndIndex();
    expect(idOf(to)).toBe(id);
  });

  it('a copy is a new photo with the same content hash (an exact duplicate)', async () => {
    const src = path.join(lib, 'a/p4.jpg');
    const copy = path.join(lib, 'copy-of-p4.jpg');
    fs.copyFileSync(src, copy);
    await app.scanAndIndex();
    expect(idOf(copy)).not.toBe(idOf(src));
    const hashes = app.catalog.db.prepare('SELECT content_hash FROM photos WHERE path IN (?, ?)').all(src, copy) as { content_hash: string }[];
    expect(hashes[0]!.content_hash).toBe(hashes[1]!.content_hash);
  });

  it('a deleted file stays catalogued as missing, and comes back with its id', async () => {
    const p5 = path.join(lib, 'a/p5.jpg');
    const id = idOf(p5)!;
    const saved = fs.readFileSync(p5);
    fs.rmSync(p5);
    const r = await app.scanAndIndex();
    expect(r.scan.missing).toBe(1);
    expect(app.catalog.photos.get(id)?.status).toBe('missing');
    fs.writeFileSync(path.join(lib, 'restored.jpg'), saved);
    await app.scanAndIndex();
    expect(idOf(path.join(lib, 'restored.jpg'))).toBe(id);
    expect(app.catalog.photos.get(id)?.status).toBe('indexed');
  });

  it('an edited file is re-indexed under the same id', async () => {
    const p = path.join(lib, 'a/p0.jpg');
    const id = idOf(p)!;
    const oldHash = app.catalog.photos.get(id)!.content_hash;
    await makeJpeg(p, { seed: 99, width: 300, height: 500 });
    await app.scanAndIndex();
    expect(app.catalog.photos.get(id)).toMatchObject({ width: 300, height: 500, status: 'indexed' });
    expect(app.catalog.photos.get(id)!.content_hash).not.toBe(oldHash);
  });

  it('removing a folder keeps its photos (as missing); adding it back restores the same ids', async () => {
    const before = app.catalog.db.prepare(`SELECT id, path FROM photos WHERE status = 'indexed' ORDER BY id`).all();
    const root = app.roots.list()[0]!;
    expect(app.roots.remove(root.id).photosDetached).toBe(before.length);
    expect(app.status().photos.indexed).toBe(0);
    const re = await indexFolder(app, lib);
    expect(re.index.relinked + re.index.indexed).toBe(before.length);
    expect(app.catalog.db.prepare(`SELECT id, path FROM photos WHERE status = 'indexed' ORDER BY id`).all()).toEqual(before);
  });

  it('refuses nested and duplicate folders, and absorbs a sub-folder added first', async () => {
    await expect(app.roots.add(path.join(lib, 'a'))).rejects.toThrow(/already part of your library/);
    await expect(app.roots.add(lib)).rejects.toThrow(/already in your library/);
    await expect(app.roots.add(path.join(lib, 'nope'))).rejects.toThrow(/does not exist/);
    await expect(app.roots.add(data)).rejects.toThrow(/own data folder/);
    const other = openEngine(tempDir('nest'));
    try {
      await indexFolder(other, path.join(lib, 'a'));
      const ids = other.catalog.db.prepare('SELECT id FROM photos ORDER BY id').all();
      const parent = await other.roots.add(lib);
      expect(other.roots.list().map((r) => r.path)).toEqual([parent.path]);
      await other.scanAndIndex();
      expect(other.catalog.db.prepare(`SELECT id FROM photos WHERE path LIKE ? ORDER BY id`).all(`${path.join(lib, 'a')}%`)).toEqual(ids);
    } finally {
      await other.close();
    }
  });
});
