// Kills the real indexer process (SIGKILL, no chance to clean up) at random points of a scan,
// several times, then shows the catalog is intact and the work completes on restart.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { thumbnailPath } from '../../electron/core/media/thumbnails.js';
import { makeJpeg } from '../helpers/images.js';
import { cliProcess, peek, runCli } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

const PHOTOS = 300;
const KILLS = 6;

const indexedCount = (data: string) => peek<{ n: number }>(data, `SELECT COUNT(*) AS n FROM photos WHERE status != 'pending'`)[0]?.n ?? 0;

async function killAtRandomPoint(data: string, args: string[], seed: number): Promise<'killed' | 'finished'> {
  const child = cliProcess(['--data-dir', data, ...args]);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const before = indexedCount(data);
  const started = Date.now();
  // even rounds: a random time after start (may land in start-up or the scan);
  // odd rounds: a random time after indexing visibly progressed (lands mid-pipeline or mid-transaction)
  const delay = 50 + ((seed * 7919) % 400);
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    await new Promise((r) => setTimeout(r, 20));
    const ready = seed % 2 === 0 ? Date.now() - started > 300 + delay : indexedCount(data) > before;
    if (ready) {
      if (seed % 2 === 1) await new Promise((r) => setTimeout(r, delay));
      if (done) break;
      child.kill('SIGKILL');
      await exited;
      return 'killed';
    }
  }
  return 'finished';
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs at random points and completes on restart`, async () => {
    const lib = tempDir('crash');
    const data = tempDir('crash-data');
    // 20 distinct pictures; each file gets unique bytes after the JPEG's end marker (decoders ignore
    // them), so every file is its own photo with its own content hash, at a fraction of the set-up time
    const bases = await Promise.all(Array.from({ length: 20 }, (_, i) => makeJpeg(path.join(tempDir('base'), `b${i}.jpg`), { width: 2000, height: 1500, seed: i + 1 })));
    for (let i = 0; i < PHOTOS; i++) {
      fs.mkdirSync(path.join(lib, `d${i % 4}`), { recursive: true });
      fs.writeFileSync(path.join(lib, `d${i % 4}`, `p${i}.jpg`), Buffer.concat([fs.readFileSync(bases[i % 20]!), Buffer.from(`#${i}`)]));
    }
    fs.writeFileSync(path.join(lib, 'broken.jpg'), 'not a photo');
    const files = PHOTOS + 1;

    const outcomes: string[] = [];
    outcomes.push(await killAtRandomPoint(data, ['add', lib], 0));
    // the add may have been killed before the folder was saved: adding it again is harmless
    if (!peek(data, 'SELECT id FROM roots').length) expect((await runCli(['--data-dir', data, 'add', '--no-scan', lib])).code).toBe(0);
    for (let k = 1; k < KILLS; k++) {
      outcomes.push(await killAtRandomPoint(data, ['scan'], k));
      // between crashes the catalog is already consistent, as any reader sees it
      expect(peek<{ integrity_check: string }>(data, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    }
    expect(outcomes.filter((o) => o === 'killed').length).toBeGreaterThanOrEqual(KILLS - 1);
    const doneBeforeRestart = indexedCount(data);
    expect(doneBeforeRestart).toBeLessThan(files); // the kills really interrupted the work

    const last = await runCli(['--data-dir', data, '--json', 'scan']);
    expect(last.code, last.stderr).toBe(0);
    const summary = JSON.parse(last.stdout) as { index: { processed: number } };
    expect(summary.index.processed).toBe(files - doneBeforeRestart); // resumed, not restarted

    expect(peek(data, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(peek(data, 'PRAGMA foreign_key_check')).toEqual([]);
    const rows = peek<{ id: number; path: string; status: string }>(data, 'SELECT id, path, status FROM photos');
    expect(rows.length).toBe(files); // no lost rows, no duplicates
    expect(new Set(rows.map((r) => r.path)).size).toBe(files);
    expect(rows.filter((r) => r.status === 'indexed').length).toBe(PHOTOS);
    expect(rows.find((r) => r.path.endsWith('broken.jpg'))?.status).toBe('failed');
    expect(peek(data, 'SELECT * FROM jobs')).toEqual([]);
    for (const r of rows.filter((x) => x.status === 'indexed')) {
      expect(fs.existsSync(thumbnailPath(data, r.id, 'small')), r.path).toBe(true);
      expect(fs.existsSync(thumbnailPath(data, r.id, 'large')), r.path).toBe(true);
    }
    // every stage of every photo done exactly once: pass 1 (media) and pass 2 (detail, faces, objects, classify)
    expect(peek(data, `SELECT stage, COUNT(DISTINCT photo_id) AS n FROM photo_stages GROUP BY stage ORDER BY stage`)).toEqual(
      ['classify', 'detail', 'faces', 'media', 'objects'].map((stage) => ({ stage, n: PHOTOS })),
    );
    // half-written thumbnails of the killed runs were cleaned up
    const shards = fs.readdirSync(path.join(data, 'thumbs'));
    expect(shards.flatMap((s) => fs.readdirSync(path.join(data, 'thumbs', s))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 300_000);
});
