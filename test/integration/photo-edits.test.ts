// Issue 10: rotate for display and the user's date, kept in the catalog only. The files' bytes
// never change; the user's date wins over EXIF through rescans and re-indexing, the timeline and
// the sort follow it, and "reset" brings the photo's own date back. Also the batch set-category.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceHandlers } from '../../electron/core/api.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { makeJpeg } from '../helpers/images.js';
import { indexFolder, openEngine, runCli } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let api: ReturnType<typeof serviceHandlers>;
let lib: string;
let rootId: number;
const ids: Record<string, number> = {};
const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(path.join(lib, f))).digest('hex');
const photo = (name: string) => app.photos.get(ids[name]!);

beforeAll(async () => {
  lib = tempDir('edits');
  await makeJpeg(path.join(lib, 'apple.jpg'), { seed: 1, taken: '2019:06:14 09:30:00' });
  await makeJpeg(path.join(lib, 'pear.jpg'), { seed: 2, taken: '2018:01:02 08:00:00' });
  await makeJpeg(path.join(lib, 'plum.jpg'), { seed: 3, taken: '2017:05:05 07:00:00' });
  app = openEngine(tempDir('edits-data'));
  rootId = (await indexFolder(app, lib)).root.id;
  api = serviceHandlers(app);
  for (const p of app.photos.list({ limit: 10, offset: 0 }).items) ids[p.fileName] = p.id;
}, 120_000);
afterAll(() => app?.close());

describe('rotate for display', () => {
  it('turns left and right in the catalog and never writes the file', async () => {
    const before = sha('apple.jpg');
    const mtime = fs.statSync(path.join(lib, 'apple.jpg')).mtimeMs;
    expect(photo('apple.jpg').rotation).toBe(0);
    await api['photos.rotate']({ ids: [ids['apple.jpg']!], direction: 'right' });
    expect(photo('apple.jpg').rotation).toBe(90);
    await api['photos.rotate']({ ids: [ids['apple.jpg']!], direction: 'left' });
    await api['photos.rotate']({ ids: [ids['apple.jpg']!], direction: 'left' });
    expect(photo('apple.jpg').rotation).toBe(270);
    await api['photos.rotate']({ ids: [ids['apple.jpg']!, ids['pear.jpg']!], direction: 'right' }); // a selection
    expect([photo('apple.jpg').rotation, photo('pear.jpg').rotation]).toEqual([0, 90]);
    expect(sha('apple.jpg')).toBe(before);
    expect(fs.statSync(path.join(lib, 'apple.jpg')).mtimeMs).toBe(mtime);
  });

  it('refuses unknown photos and changes nothing', async () => {
    await expect(async () => api['photos.rotate']({ ids: [ids['plum.jpg']!, 99_999], direction: 'right' })).rejects.toThrow(/#99999 is not in the catalog/);
    expect(photo('plum.jpg').rotation).toBe(0);
  });
});

describe('set date', () => {
  it("overrides EXIF, keeps each photo's time when only a day is given, and the sort and timeline follow", async () => {
    const before = sha('plum.jpg');
    await api['photos.setDate']({ ids: [ids['plum.jpg']!], date: '2020-02-29' });
    const plum = photo('plum.jpg');
    expect(plum).toMatchObject({ takenAt: '2020-02-29T07:00:00', dateSource: 'user', ownTakenAt: '2017-05-05T07:00:00' });
    expect(app.photos.list({ limit: 10, offset: 0 }).items.map((p) => p.fileName)).toEqual(['plum.jpg', 'apple.jpg', 'pear.jpg']);
    const years = (await api['timeline.groups']({ level: 'year' })).map((g) => g.key);
    expect(years).toContain('2020');
    expect(years).not.toContain('2017');
    await api['photos.setDate']({ ids: [ids['plum.jpg']!], date: '2020-03-01T18:45' });
    expect(photo('plum.jpg')).toMatchObject({ takenAt: '2020-03-01T18:45:00', ownTakenAt: '2017-05-05T07:00:00' });
    expect(sha('plum.jpg')).toBe(before);
  });

  it('survives a rescan that re-indexes the changed file, and reset brings the own date back', async () => {
    const file = path.join(lib, 'plum.jpg');
    const t = new Date('2024-01-01T00:00:00Z');
    fs.utimesSync(file, t, t); // the scanner sees a changed file and indexes it again
    const r = await app.scanAndIndex(rootId);
    expect(r.index.indexed).toBeGreaterThanOrEqual(1);
    expect(photo('plum.jpg')).toMatchObject({ takenAt: '2020-03-01T18:45:00', dateSource: 'user', ownTakenAt: '2017-05-05T07:00:00' });
    await api['photos.setDate']({ ids: [ids['plum.jpg']!], date: null });
    expect(photo('plum.jpg')).toMatchObject({ takenAt: '2017-05-05T07:00:00', dateSource: 'exif', ownTakenAt: '2017-05-05T07:00:00' });
  });

  it.each(['2019-02-30', '14/06/2019', '2019-06-14T25:00', ''])('refuses "%s" with how to write it', async (date) => {
    await expect(async () => api['photos.setDate']({ ids: [ids['pear.jpg']!], date })).rejects.toThrow(/Write it as YYYY-MM-DD/);
    expect(photo('pear.jpg').dateSource).toBe('exif');
  });
});

describe('undo of set date', () => {
  it('gets back exactly what each photo had: its own date, or the date the user had given it', async () => {
    const [apple, pear] = [ids['apple.jpg']!, ids['pear.jpg']!];
    await api['photos.setDate']({ ids: [pear], date: '2011-11-11T11:11:37' });
    const r = await api['photos.setDate']({ ids: [apple, pear], date: '2022-02-02' });
    expect(r.changed).toBe(2);
    expect(r.previous).toEqual([
      { date: null, ids: [apple] },
      { date: '2011-11-11T11:11:37', ids: [pear] },
    ]);
    expect([photo('apple.jpg').takenAt, photo('pear.jpg').takenAt]).toEqual(['2022-02-02T09:30:00', '2022-02-02T11:11:37']);
    // what the app's Undo does with it (renderer/src/lib/state/photo-edits.ts)
    for (const g of r.previous) await api['photos.setDate']({ ids: g.ids, date: g.date });
    expect(photo('apple.jpg')).toMatchObject({ takenAt: '2019-06-14T09:30:00', dateSource: 'exif', ownTakenAt: '2019-06-14T09:30:00' });
    expect(photo('pear.jpg')).toMatchObject({ takenAt: '2011-11-11T11:11:37', dateSource: 'user', ownTakenAt: '2018-01-02T08:00:00' });
    await api['photos.setDate']({ ids: [pear], date: null });
    expect(photo('pear.jpg')).toMatchObject({ takenAt: '2018-01-02T08:00:00', dateSource: 'exif' });
  });
});

describe('set category on a selection', () => {
  it('is one call for many photos, all in one transaction', async () => {
    const known = app.photos.knownCategories();
    const category = known[0] ?? 'people';
    const all = Object.values(ids);
    expect(await api['photos.setCategoriesMany']({ ids: all, categories: [category] })).toEqual({ changed: 3 });
    for (const id of all) expect(app.photos.classification(id).categories[0]).toMatchObject({ category, primary: true, assignedBy: 'user' });
    await expect(async () => api['photos.setCategoriesMany']({ ids: [99_999], categories: [category] })).rejects.toThrow(/not in the catalog/);
  });
});

describe('smart-album set-date', () => {
  it('sets and clears the date of several photos', async () => {
    const data = tempDir('edits-cli-data');
    const folder = tempDir('edits-cli');
    await makeJpeg(path.join(folder, 'a.jpg'), { seed: 4, taken: '2015:01:01 10:00:00' });
    await makeJpeg(path.join(folder, 'b.jpg'), { seed: 5, taken: '2016:01:01 11:00:00' });
    const cli = (...args: string[]) => runCli(args, { env: { SMART_ALBUM_DATA_DIR: data } });
    expect((await cli('add', folder)).code).toBe(0);
    const list = JSON.parse((await cli('--json', 'photos')).stdout) as { items: { id: number; takenAt: string }[] };
    const cliIds = list.items.map((p) => String(p.id));
    const set = await cli('set-date', ...cliIds, '2021-07-04T12:30');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/Date set to 2021-07-04T12:30: 2 photo\(s\)/);
    const after = JSON.parse((await cli('--json', 'photos')).stdout) as { items: { takenAt: string; dateSource: string }[] };
    expect(after.items.map((p) => [p.takenAt, p.dateSource])).toEqual([['2021-07-04T12:30:00', 'user'], ['2021-07-04T12:30:00', 'user']]);
    const bad = await cli('set-date', cliIds[0]!, 'yesterday');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Write it as YYYY-MM-DD/);
    const clear = await cli('set-date', '--clear', ...cliIds);
    expect(clear.stdout).toMatch(/Back to its own date: 2 photo\(s\)/);
    const own = JSON.parse((await cli('--json', 'photos')).stdout) as { items: { takenAt: string }[] };
    expect(own.items.map((p) => p.takenAt).sort()).toEqual(['2015-01-01T10:00:00', '2016-01-01T11:00:00']);
  }, 120_000);
});
