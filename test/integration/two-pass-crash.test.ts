// SIGKILLs the real CLI while pass 2 runs (every photo already in the grid), then shows the restart
// finishes pass 2 without redoing pass 1: no photo is hashed, read for EXIF or thumbnailed again.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { thumbnailPath } from '../../electron/core/media/thumbnails.js';
import { makeJpeg } from '../helpers/images.js';
import { cliProcess, peek, runCli } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

const PHOTOS = 40;
const count = (data: string, sql: string) => peek<{ n: number }>(data, sql)[0]?.n ?? 0;

describe('pass 2 after a crash', () => {
  it('a killed pass 2 resumes where it stopped, without redoing pass 1', async () => {
    const lib = tempDir('p2-lib');
    const data = tempDir('p2-data');
    const bases = await Promise.all(Array.from({ length: 8 }, (_, i) => makeJpeg(path.join(tempDir('p2-base'), `b${i}.jpg`), { width: 2000, height: 1500, seed: i + 1 })));
    for (let i = 0; i < PHOTOS; i++) fs.writeFileSync(path.join(lib, `p${i}.jpg`), Buffer.concat([fs.readFileSync(bases[i % 8]!), Buffer.from(`#${i}`)]));

    const child = cliProcess(['--data-dir', data, 'add', lib]);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let finished = false;
    void exited.then(() => (finished = true));
    // wait until pass 1 has every photo and pass 2 has done a few of them, then kill
    const detailDone = () => count(data, `SELECT COUNT(*) AS n FROM photo_stages WHERE stage = 'detail'`);
    while (!finished && !(count(data, `SELECT COUNT(*) AS n FROM photos WHERE status = 'indexed'`) === PHOTOS && detailDone() >= 3)) {
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(finished, 'the CLI finished before it could be killed during pass 2').toBe(false);
    child.kill('SIGKILL');
    await exited;

    const understoodBefore = detailDone();
    expect(understoodBefore).toBeLessThan(PHOTOS); // really interrupted
    const pass1 = peek<{ photo_id: number; done_at: number }>(data, `SELECT photo_id, done_at FROM photo_stages WHERE stage = 'media' ORDER BY photo_id`);
    expect(pass1).toHaveLength(PHOTOS);
    const rows = peek<{ id: number; indexed_at: number }>(data, `SELECT id, indexed_at FROM photos ORDER BY id`);
    const smallTimes = rows.map((r) => fs.statSync(thumbnailPath(data, r.id, 'small')).mtimeMs);
    expect(count(data, `SELECT COUNT(*) AS n FROM jobs WHERE kind = 'index'`)).toBe(0);
    expect(count(data, `SELECT COUNT(*) AS n FROM jobs WHERE kind = 'understand'`)).toBe(PHOTOS - understoodBefore);

    const again = await runCli(['--data-dir', data, '--json', 'scan']);
    expect(again.code, again.stderr).toBe(0);
    const { index } = JSON.parse(again.stdout) as { index: { processed: number; understood: number } };
    expect(index.processed).toBe(0); // pass 1: nothing to do
    expect(index.understood).toBe(PHOTOS - understoodBefore); // pass 2: exactly what was left

    // pass 1's work untouched: same stage times, same rows, same grid thumbnails
    expect(peek(data, `SELECT photo_id, done_at FROM photo_stages WHERE stage = 'media' ORDER BY photo_id`)).toEqual(pass1);
    expect(peek(data, `SELECT id, indexed_at FROM photos ORDER BY id`)).toEqual(rows);
    expect(rows.map((r) => fs.statSync(thumbnailPath(data, r.id, 'small')).mtimeMs)).toEqual(smallTimes);
    // and pass 2 complete for every photo, once
    expect(peek(data, `SELECT stage, COUNT(DISTINCT photo_id) AS n FROM photo_stages GROUP BY stage ORDER BY stage`)).toEqual(
      ['classify', 'detail', 'faces', 'media', 'objects'].map((stage) => ({ stage, n: PHOTOS })),
    );
    expect(count(data, `SELECT COUNT(*) AS n FROM photos WHERE phash IS NULL`)).toBe(0);
    for (const r of rows) expect(fs.existsSync(thumbnailPath(data, r.id, 'large'))).toBe(true);
    expect(peek(data, 'SELECT * FROM jobs')).toEqual([]);
    expect(peek(data, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  }, 300_000);
});
