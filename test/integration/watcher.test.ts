import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import type { Outcome } from '../../electron/core/indexer/pipeline.js';
import { makeJpeg } from '../helpers/images.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

let lib: string;
let app: SmartAlbum;
const outcomes: (Outcome & { path?: string })[] = [];

async function until<T>(what: string, fn: () => T | undefined | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const rowAt = (p: string) => app.catalog.db.prepare('SELECT * FROM photos WHERE path = ?').get(p) as { id: number; status: string } | undefined;

for (const polling of [false, true]) {
  describe(`live watching (${polling ? 'polling, as for network drives' : 'native events'})`, () => {
    beforeAll(async () => {
      lib = tempDir('watch');
      await makeJpeg(path.join(lib, 'first.jpg'), { seed: 1 });
      app = openEngine(tempDir('watch-data'), { watch: { stabilityMs: 300, pollIntervalMs: 100, reconcileMs: 0 } });
      const root = await app.roots.add(lib, polling);
      expect(root.usePolling).toBe(polling);
      await app.scanAndIndex();
      outcomes.length = 0;
      app.indexer.on('photo', (o) => outcomes.push({ ...o, path: app.catalog.photos.get(o.photoId)?.path }));
      await app.watch((err) => {
        throw err;
      });
    });
    afterAll(() => app?.close());

    it('indexes a new photo', async () => {
      const p = await makeJpeg(path.join(lib, 'new/arrived.jpg'), { seed: 2 });
      await until('indexed', () => rowAt(p)?.status === 'indexed');
    });

    it('waits for a slow copy to finish instead of failing on a half-written file', async () => {
      const src = fs.readFileSync(await makeJpeg(path.join(tempDir('src'), 'big.jpg'), { width: 1600, height: 1200, seed: 3 }));
      const dest = path.join(lib, 'copying.jpg');
      const fd = fs.openSync(dest, 'w');
      const step = Math.ceil(src.length / 5);
      for (let off = 0; off < src.length; off += step) {
        fs.writeSync(fd, src.subarray(off, off + step));
        await new Promise((r) => setTimeout(r, 120));
      }
      fs.closeSync(fd);
      await until('indexed', () => rowAt(dest)?.status === 'indexed');
      const forThisFile = outcomes.filter((o) => o.path === dest);
      expect(forThisFile.map((o) => o.kind)).toEqual(['indexed']);
    });

    it('follows a rename (same id)', async () => {
      const from = path.join(lib, 'first.jpg');
      const to = path.join(lib, 'renamed-first.jpg');
      const id = rowAt(from)!.id;
      fs.renameSync(from, to);
      await until('relinked', () => rowAt(to)?.status === 'indexed');
      expect(rowAt(to)!.id).toBe(id);
      expect(rowAt(from)).toBeUndefined();
    });

    it('marks a deleted photo and a deleted folder missing', async () => {
      const p = path.join(lib, 'copying.jpg');
      fs.rmSync(p);
      await until('missing', () => rowAt(p)?.status === 'missing');
      const dir = path.join(lib, 'new');
      fs.rmSync(dir, { recursive: true });
      await until('folder missing', () => rowAt(path.join(dir, 'arrived.jpg'))?.status === 'missing');
    });

    it('ignores hidden folders and files that are not photos', async () => {
      const before = app.status().photos.total;
      const hidden = await makeJpeg(path.join(lib, '.cache/x.jpg'), { seed: 4 });
      fs.writeFileSync(path.join(lib, 'readme.txt'), 'hi');
      // a real photo written after them: once it is indexed and the queue is empty, the watcher has
      // seen the ignored files too (same folder tree, earlier writes), so their absence means something
      const marker = await makeJpeg(path.join(lib, 'after-ignored.jpg'), { seed: 6 });
      await until('marker indexed', () => rowAt(marker)?.status === 'indexed');
      await until('queue empty', () => app.status().queue.queued === 0);
      expect(rowAt(hidden)).toBeUndefined();
      expect(rowAt(path.join(lib, 'readme.txt'))).toBeUndefined();
      expect(outcomes.filter((o) => o.path?.includes(`${path.sep}.cache${path.sep}`) || o.path?.endsWith('.txt'))).toEqual([]);
      expect(app.status().photos.total).toBe(before + 1);
    });
  });
}

describe('reconcile scan', () => {
  it('catches changes that no watcher reported', async () => {
    const l = tempDir('rec');
    const a = openEngine(tempDir('rec-data'), { watch: { reconcileMs: 0 } });
    try {
      await indexFolder(a, l);
      const w = await a.watch();
      await w.stop(); // the watcher is deaf from here on
      const p = await makeJpeg(path.join(l, 'unseen.jpg'), { seed: 5 });
      await w.reconcile();
      await until('indexed by reconcile', () => (a.catalog.photos.byPath(p)?.status === 'indexed' ? true : (void a.indexer.run(), false)));
    } finally {
      await a.close();
    }
  });
});
