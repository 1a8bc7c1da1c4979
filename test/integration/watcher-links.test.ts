// Issue 14, finding 8 (part) and finding 1: the live watcher follows the scanner's rule. A photo
// written through a link to a folder inside a library root is catalogued (by its real path); one
// written through a link to elsewhere, or a link to a file outside, is not, and a reconcile scan agrees.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { makeJpeg } from '../helpers/images.js';
import { openEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

let base: string;
let lib: string;
let other: string;
let outside: string;
let data: string;
let app: SmartAlbum;

async function until<T>(what: string, fn: () => T | undefined | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const rowAt = (p: string) => app.catalog.photos.byPath(p);
const allPaths = () => (app.catalog.db.prepare('SELECT path FROM photos ORDER BY path').all() as { path: string }[]).map((r) => r.path);

beforeAll(async () => {
  base = fs.realpathSync(tempDir('watch-links'));
  lib = path.join(base, 'lib');
  other = path.join(base, 'other-root');
  outside = path.join(base, 'outside');
  data = path.join(base, 'data');
  await makeJpeg(path.join(lib, 'first.jpg'), { seed: 1 });
  fs.mkdirSync(path.join(lib, 'real-sub'));
  fs.mkdirSync(path.join(other, 'trip'), { recursive: true });
  fs.mkdirSync(outside);
  fs.symlinkSync(path.join(lib, 'real-sub'), path.join(lib, 'linked-sub'));
  fs.symlinkSync(path.join(other, 'trip'), path.join(lib, 'linked-trip'));
  fs.symlinkSync(outside, path.join(lib, 'linked-outside'));
  fs.symlinkSync(data, path.join(lib, 'linked-data'));
  app = openEngine(data, { watch: { stabilityMs: 300, pollIntervalMs: 100, reconcileMs: 0 } });
  await app.roots.add(lib);
  await app.roots.add(other);
  await app.scanAndIndex();
  await app.watch((err) => {
    throw err;
  });
}, 60_000);
afterAll(() => app?.close());

describe('the watcher follows links the way the scanner does', () => {
  it('indexes a photo written through a link to a folder inside a library root, by its real path', async () => {
    await makeJpeg(path.join(lib, 'linked-sub', 'via-link.jpg'), { seed: 2 });
    await makeJpeg(path.join(lib, 'linked-trip', 'in-other-root.jpg'), { seed: 3 });
    await until('indexed', () => rowAt(path.join(lib, 'real-sub', 'via-link.jpg'))?.status === 'indexed');
    await until('indexed', () => rowAt(path.join(other, 'trip', 'in-other-root.jpg'))?.status === 'indexed');
    expect(rowAt(path.join(other, 'trip', 'in-other-root.jpg'))!.root_id).toBe(app.catalog.roots.byPath(other)!.id);
  });

  it('ignores a photo written through a link to outside, and a link to a photo outside', async () => {
    await makeJpeg(path.join(lib, 'linked-outside', 'not-mine.jpg'), { seed: 4 });
    await makeJpeg(path.join(outside, 'secret.jpg'), { seed: 5 });
    fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(lib, 'secret-link.jpg'));
    fs.symlinkSync('/etc/passwd', path.join(lib, 'passwd.jpg'));
    // a photo written after them, in the real folder: once it is indexed, the watcher has had its say
    await makeJpeg(path.join(lib, 'after.jpg'), { seed: 6 });
    await until('indexed', () => rowAt(path.join(lib, 'after.jpg'))?.status === 'indexed');
    await new Promise((r) => setTimeout(r, 800));
    const expected = [
      path.join(lib, 'after.jpg'),
      path.join(lib, 'first.jpg'),
      path.join(lib, 'real-sub', 'via-link.jpg'),
      path.join(other, 'trip', 'in-other-root.jpg'),
    ].sort();
    expect(allPaths()).toEqual(expected);
    // the full reconcile scan (what the watcher runs every 30 minutes) comes to the same catalog
    const scan = await app.scanner.scanAll();
    expect(scan.added).toBe(0);
    expect(allPaths()).toEqual(expected);
    expect(allPaths().some((p) => p.startsWith(data))).toBe(false);
  });
});
