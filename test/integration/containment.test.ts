// Finding 1 of issue 14: a library is the set of real files under its real root. Links back to the
// data folder, to "..", or to anywhere outside every root must not make indexing feed on itself.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { DATA_MARKER } from '../../electron/core/paths.js';
import { makeJpeg } from '../helpers/images.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

const paths = (app: SmartAlbum) => (app.catalog.db.prepare('SELECT path FROM photos ORDER BY path').all() as { path: string }[]).map((r) => r.path);
const count = (app: SmartAlbum) => app.status().photos.total;

describe('links out of a library are not followed; the data folder is never catalogued', () => {
  let base: string;
  let lib: string;
  let data: string;
  let outside: string;
  let app: SmartAlbum;
  let first: Awaited<ReturnType<typeof indexFolder>>;

  beforeAll(async () => {
    base = fs.realpathSync(tempDir('contain'));
    lib = path.join(base, 'lib');
    data = path.join(base, 'data');
    outside = path.join(base, 'outside');
    await makeJpeg(path.join(lib, 'a.jpg'), { seed: 1 });
    await makeJpeg(path.join(lib, 'sub', 'b.jpg'), { seed: 2 });
    await makeJpeg(path.join(outside, 'o.jpg'), { seed: 3 });
    fs.symlinkSync(data, path.join(lib, 'to-data')); // straight into the app's own thumbnails
    fs.symlinkSync('..', path.join(lib, 'up')); // the parent holds lib, data and outside
    fs.symlinkSync(base, path.join(lib, 'sub', 'ancestor'));
    fs.symlinkSync(outside, path.join(lib, 'to-outside'));
    fs.symlinkSync(path.join(outside, 'o.jpg'), path.join(lib, 'outside-photo.jpg'));
    fs.symlinkSync('/etc/passwd', path.join(lib, 'passwd.jpg'));
    fs.symlinkSync(path.join(lib, 'sub'), path.join(lib, 'sub-again')); // inside the root: b.jpg once
    fs.symlinkSync(path.join(lib, 'a.jpg'), path.join(lib, 'a-again.jpg'));
    // another Smart Album's data folder kept inside the photos (a backup, say): its thumbnails are not photos
    await makeJpeg(path.join(lib, 'backup', 'old-album-data', 'thumbs', '001', '1-s.jpg'), { seed: 4 });
    fs.writeFileSync(path.join(lib, 'backup', 'old-album-data', DATA_MARKER), '');
    app = openEngine(data);
    first = await indexFolder(app, lib);
  }, 120_000);
  afterAll(() => app?.close());

  it('catalogues exactly the real photos, by their real paths', () => {
    expect(paths(app)).toEqual([path.join(lib, 'a.jpg'), path.join(lib, 'sub', 'b.jpg')]);
    expect(first.index.indexed).toBe(2);
  });

  it('says why each link out of the library was skipped', () => {
    const problems = new Map(first.scan.problems.map((p) => [path.relative(lib, p.path), p.reason]));
    expect(problems.get('to-data')).toMatch(/Smart Album's own data folder/);
    for (const l of ['up', 'sub/ancestor', 'to-outside', 'outside-photo.jpg', 'passwd.jpg']) {
      expect(problems.get(l), l).toMatch(/points outside your library folders .*add ".*" as a library folder/);
    }
    expect(problems.has('sub-again')).toBe(false);
    expect(problems.has('a-again.jpg')).toBe(false);
  });

  it('rescanning twice does not grow the catalog (no thumbnails of thumbnails)', async () => {
    for (let i = 0; i < 2; i++) {
      const again = await app.scanAndIndex();
      expect(again.scan.added).toBe(0);
      expect(count(app)).toBe(2);
    }
    expect(fs.readdirSync(path.join(data, 'thumbs'), { recursive: true }).filter((f) => String(f).endsWith('.jpg'))).toHaveLength(4);
  });

  it('refuses to add a Smart Album data folder as a library folder, whatever path leads to it', async () => {
    await expect(app.roots.add(path.join(lib, 'to-data'))).rejects.toThrow(/own data folder/);
    await expect(app.roots.add(path.join(lib, 'backup', 'old-album-data'))).rejects.toThrow(/is a Smart Album data folder/);
  });
});

describe('a data folder inside a library, opened through a link, is still not catalogued', () => {
  it('compares real paths, not the spelling of the data folder', async () => {
    const base = fs.realpathSync(tempDir('contain-in'));
    const lib = path.join(base, 'photos');
    await makeJpeg(path.join(lib, 'one.jpg'), { seed: 5 });
    fs.mkdirSync(path.join(lib, 'album-data'));
    fs.symlinkSync(path.join(lib, 'album-data'), path.join(base, 'data-link'));
    const app = openEngine(path.join(base, 'data-link'));
    try {
      await indexFolder(app, lib);
      await app.scanAndIndex();
      const again = await app.scanAndIndex();
      expect(again.scan.added).toBe(0);
      expect(paths(app)).toEqual([path.join(lib, 'one.jpg')]);
    } finally {
      await app.close();
    }
  }, 120_000);
});
