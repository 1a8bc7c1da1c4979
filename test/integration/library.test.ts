// Places, albums, favourites, recycle bin, timeline, GIF maker, search by image and duplicates on a
// real indexed library: the GPS fixtures (Arezzo), the everyday photos, generated JPEGs with
// impossible GPS, an exact copy and a resized re-encode.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/api.js';
import { thumbnailPath } from '../../electron/core/media/thumbnails.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { indexFolder, openEngine, runCli } from '../helpers/engine.js';
import { makeJpeg } from '../helpers/images.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let api: ReturnType<typeof createHandlers>;
let data: string;
let lib: string;
const idOf = (name: string) => (app.catalog.db.prepare('SELECT id FROM photos WHERE file_name = ?').get(name) as { id: number }).id;
/** a handler's result as a promise (its synchronous throws become rejections) */
const call = <T,>(f: () => T | Promise<T>) => Promise.resolve().then(f);

beforeAll(async () => {
  data = tempDir('lib-data');
  lib = tempDir('lib');
  fs.cpSync(path.join(FIXTURES, 'exif/gps'), path.join(lib, 'gps'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'everyday'), path.join(lib, 'everyday'), { recursive: true });
  fs.mkdirSync(path.join(lib, 'burst'));
  fs.copyFileSync(path.join(lib, 'everyday/baboon.jpg'), path.join(lib, 'baboon-copy.jpg'));
  await sharp(path.join(lib, 'everyday/building.jpg')).resize(300).jpeg({ quality: 70 }).toFile(path.join(lib, 'building-small.jpg'));
  await makeJpeg(path.join(lib, 'odd/null-island.jpg'), { seed: 3, gps: { lat: 0, lon: 0 }, taken: '2021:06:01 10:00:00' });
  await makeJpeg(path.join(lib, 'odd/no-gps.jpg'), { seed: 4, taken: '2021:06:01 12:00:00' });
  await makeJpeg(path.join(lib, 'odd/sea.jpg'), { seed: 5, gps: { lat: 30, lon: -40 }, taken: '2021:07:15 09:00:00' });
  // a burst: the same scene a minute apart, mirrored (a different picture to pHash, the same to a CNN)
  const dogs = path.join(FIXTURES, 'faces/dlib-voc/dogs.jpg');
  await sharp(dogs).withExif({ IFD2: { DateTimeOriginal: '2022:05:01 10:00:00' } }).jpeg().toFile(path.join(lib, 'burst/dogs-1.jpg'));
  await sharp(dogs).flop().withExif({ IFD2: { DateTimeOriginal: '2022:05:01 10:01:00' } }).jpeg().toFile(path.join(lib, 'burst/dogs-2.jpg'));
  app = openEngine(data);
  api = createHandlers(app, undefined, { trustedLocalUser: true }); // as the CLI: the user typed the paths
  await indexFolder(app, lib);
}, 180_000);
afterAll(() => app?.close());

describe('places', () => {
  it('puts the Arezzo shots in Italy > Tuscany > Arezzo and says why others have no place', async () => {
    const tree = await call(() => api['places.tree']({}));
    // each place shows its newest photo (places.photos lists newest first), the country its biggest place's
    const newest = (await call(() => api['places.photos']({ country: 'Italy', region: 'Tuscany', city: 'Arezzo', limit: 1, offset: 0 }))).items[0]!.id;
    expect(tree.countries).toEqual([
      {
        country: 'Italy',
        countryCode: 'IT',
        count: 9,
        coverPhotoId: newest,
        regions: [{ region: 'Tuscany', count: 9, cities: [{ city: 'Arezzo', count: 9, coverPhotoId: newest }] }],
      },
    ]);
    expect(tree.invalidGps).toBe(1);
    expect(tree.unknown).toBe(1); // mid-Atlantic
    expect(tree.noGps).toBe(15);
    const invalid = await call(() => api['places.photos']({ state: 'invalid-gps', limit: 10, offset: 0 }));
    expect(invalid.items.map((p) => p.fileName)).toEqual(['null-island.jpg']);
    expect(invalid.items[0]!.gpsProblem).toMatch(/0, 0 \("null island"\)/);
    const arezzo = await call(() => api['places.photos']({ country: 'Italy', region: 'Tuscany', city: 'Arezzo', limit: 100, offset: 0 }));
    expect(arezzo.total).toBe(9);
    expect(arezzo.items.every((p) => p.path.includes(`${path.sep}gps${path.sep}`))).toBe(true);
  });

  it("a place the user sets wins over GPS, survives re-indexing, and can be cleared", async () => {
    const noGps = idOf('no-gps.jpg');
    const arezzoShot = idOf('DSCN0010.jpg');
    await call(() => api['places.set']({ photoIds: [noGps], country: 'Norway', city: 'Bergen' }));
    await call(() => api['places.set']({ photoIds: [arezzoShot], lat: 48.8584, lon: 2.2945 }));
    expect(await call(() => api['places.get']({ id: arezzoShot }))).toMatchObject({ state: 'located', country: 'France', city: 'Paris', source: 'user' });
    await expect(call(() => api['places.set']({ photoIds: [noGps], lat: 91, lon: 0 }))).rejects.toThrow(/latitude 91 is impossible/);
    // re-index everything (a new rules version would do the same): user places stay
    app.catalog.db.prepare(`UPDATE photo_places SET version = 'old'`).run();
    app.places.refresh();
    const tree = await call(() => api['places.tree']({}));
    // Italy's cover is still one of its own photos, Norway's the one photo there
    expect(tree.countries.find((c) => c.country === 'Norway')!.coverPhotoId).toBe(noGps);
    expect(tree.countries.find((c) => c.country === 'Italy')!.coverPhotoId).not.toBe(arezzoShot);
    expect(tree.countries.map((c) => [c.country, c.count])).toEqual([
      ['Italy', 8],
      ['France', 1],
      ['Norway', 1],
    ]);
    await call(() => api['places.clear']({ photoIds: [noGps, arezzoShot] }));
    expect(await call(() => api['places.get']({ id: arezzoShot }))).toMatchObject({ city: 'Arezzo', source: 'gps' });
    expect(await call(() => api['places.get']({ id: noGps }))).toMatchObject({ state: 'no-gps', source: 'gps' });
  });
});

describe('timeline', () => {
  it('groups by year, month and day with EXIF dates and says which dates come from the file', async () => {
    const years = await call(() => api['timeline.groups']({ level: 'year' }));
    const y2021 = years.find((y) => y.key === '2021')!;
    expect(y2021).toMatchObject({ count: 3, fromExif: 3, fromFile: 0 });
    expect(years.find((y) => y.key === '2008')).toMatchObject({ count: 9, fromExif: 9 });
    expect(years.find((y) => y.key === '2022')).toMatchObject({ count: 2, fromExif: 2 });
    expect(years.reduce((a, y) => a + y.fromFile, 0)).toBe(12); // everyday + the copy + the re-encode have no EXIF date
    expect((await call(() => api['timeline.groups']({ level: 'month', year: 2021 }))).map((m) => [m.key, m.count])).toEqual([
      ['2021-07', 1],
      ['2021-06', 2],
    ]);
    const day = await call(() => api['timeline.photos']({ year: 2021, month: 6, day: 1, limit: 10, offset: 0 }));
    expect(day.items.map((p) => p.fileName)).toEqual(['no-gps.jpg', 'null-island.jpg']); // newest first
  });
});

describe('albums and favourites', () => {
  it('creates, fills, orders, covers, renames and deletes an album without touching its photos', async () => {
    const [a, b, c] = ['apple.jpg', 'fruits.jpg', 'orange.jpg'].map(idOf) as [number, number, number];
    const album = await call(() => api['albums.create']({ name: '  Fruit  ', photoIds: [a, b] }));
    expect(album).toMatchObject({ name: 'Fruit', count: 2, coverPhotoId: a, coverChosen: false });
    await call(() => api['albums.add']({ id: album.id, photoIds: [c, a] })); // a is already there: stays in place
    await call(() => api['albums.reorder']({ id: album.id, photoIds: [c] }));
    const got = await call(() => api['albums.get']({ id: album.id, limit: 10, offset: 0 }));
    expect(got.photos.items.map((p) => p.id)).toEqual([c, a, b]);
    expect(await call(() => api['albums.setCover']({ id: album.id, photoId: b }))).toMatchObject({ coverPhotoId: b, coverChosen: true });
    await expect(call(() => api['albums.setCover']({ id: album.id, photoId: idOf('baboon.jpg') }))).rejects.toThrow(/not in album/);
    await call(() => api['albums.remove']({ id: album.id, photoIds: [b] }));
    expect(await call(() => api['albums.get']({ id: album.id, limit: 10, offset: 0 }))).toMatchObject({ album: { count: 2, coverPhotoId: c, coverChosen: false } });
    expect(await call(() => api['albums.rename']({ id: album.id, name: 'Fruit bowl' }))).toMatchObject({ name: 'Fruit bowl' });
    await expect(call(() => api['albums.rename']({ id: album.id, name: '   ' }))).rejects.toThrow(/needs a name/);
    const second = await call(() => api['albums.create']({ name: 'Zoo', photoIds: [idOf('baboon.jpg')] }));
    expect((await call(() => api['albums.move']({ albumIds: [second.id] }))).map((x) => x.name)).toEqual(['Zoo', 'Fruit bowl']);
    await call(() => api['albums.delete']({ id: album.id }));
    expect((await call(() => api['albums.list']({}))).map((x) => x.name)).toEqual(['Zoo']);
    expect(app.catalog.photos.get(a)!.status).toBe('indexed');
  });

  it('marks and unmarks favourites', async () => {
    const a = idOf('butterfly.jpg');
    expect(await call(() => api['favourites.set']({ photoIds: [a, idOf('aero1.jpg')], favourite: true }))).toEqual({ count: 2 });
    expect(await call(() => api['favourites.set']({ photoIds: [idOf('aero1.jpg')], favourite: false }))).toEqual({ count: 1 });
    expect((await call(() => api['favourites.list']({ limit: 10, offset: 0 }))).items.map((p) => p.id)).toEqual([a]);
    // every page of photos says which are favourites (the grid's heart)
    const page = (await call(() => api['photos.list']({ limit: 100, offset: 0 }))).items;
    expect(page.filter((p) => p.favourite).map((p) => p.id)).toEqual([a]);
    expect((await call(() => api['photos.get']({ id: a }))).favourite).toBe(true);
    expect((await call(() => api['photos.get']({ id: idOf('aero1.jpg') }))).favourite).toBe(false);
    await expect(call(() => api['favourites.set']({ photoIds: [999999], favourite: true }))).rejects.toThrow(/#999999 is not in the catalog/);
  });
});

describe('recycle bin', () => {
  it('hides a deleted photo everywhere, keeps the file, and restores it', async () => {
    const id = idOf('butterfly.jpg');
    const file = app.catalog.photos.get(id)!.path;
    const before = (await call(() => api['photos.list']({ limit: 100, offset: 0 }))).total;
    const zoo = (await call(() => api['albums.list']({})))[0]!;
    await call(() => api['albums.add']({ id: zoo.id, photoIds: [id] }));
    expect(await call(() => api['trash.add']({ photoIds: [id], deleteFiles: false }))).toEqual({ binned: 1, filesTrashed: 0, problems: [] });
    expect(fs.existsSync(file)).toBe(true);
    expect((await call(() => api['photos.list']({ limit: 100, offset: 0 }))).total).toBe(before - 1);
    expect((await call(() => api['favourites.list']({ limit: 10, offset: 0 }))).total).toBe(0);
    expect((await call(() => api['albums.get']({ id: zoo.id, limit: 10, offset: 0 }))).album.count).toBe(1);
    const bin = await call(() => api['trash.list']({ limit: 10, offset: 0 }));
    expect(bin).toMatchObject({ total: 1, retentionDays: 30, items: [{ photo: { id }, fileTrashed: false }] });
    expect(bin.items[0]!.purgesAt - bin.items[0]!.deletedAt).toBe(30 * 86_400_000);
    expect(await call(() => api['trash.restore']({ photoIds: [id] }))).toEqual({ restored: 1, fileInSystemTrash: [] });
    expect((await call(() => api['photos.list']({ limit: 100, offset: 0 }))).total).toBe(before);
    expect((await call(() => api['favourites.list']({ limit: 10, offset: 0 }))).total).toBe(1); // nothing was lost
    expect((await call(() => api['albums.get']({ id: zoo.id, limit: 10, offset: 0 }))).album.count).toBe(2);
  });

  it('purges items older than the retention (files untouched, not brought back by a rescan)', async () => {
    const id = idOf('aero1.jpg');
    const file = app.catalog.photos.get(id)!.path;
    await call(() => api['trash.add']({ photoIds: [id], deleteFiles: false }));
    await call(() => api['trash.retention.set']({ days: 2 }));
    await app.close();
    // three days later
    app = openEngine(data, { now: () => Date.now() + 3 * 86_400_000 });
    api = createHandlers(app, undefined, { trustedLocalUser: true }); // as the CLI: the user typed the paths
    const { scan } = await app.scanAndIndex();
    expect(scan.filesSeen).toBeGreaterThan(0);
    expect((await call(() => api['trash.list']({ limit: 10, offset: 0 }))).total).toBe(0);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(thumbnailPath(data, id, 'small'))).toBe(false);
    expect(app.catalog.db.prepare('SELECT COUNT(*) AS n FROM photo_labels WHERE photo_id = ?').get(id)).toEqual({ n: 0 });
    expect((await call(() => api['photos.list']({ limit: 1000, offset: 0 }))).items.some((p) => p.id === id)).toBe(false);
    await expect(call(() => api['trash.restore']({ photoIds: [id] }))).rejects.toThrow(/removed from the recycle bin for good/);
  });

  it('moves the original to the system trash only when asked (CLI, freedesktop trash)', async () => {
    const xdg = tempDir('xdg');
    const id = idOf('orange.jpg');
    const file = app.catalog.photos.get(id)!.path;
    await app.close();
    const size = fs.statSync(file).size;
    const r = await runCli(['--data-dir', data, 'trash', 'add', String(id), '--delete-file'], { env: { XDG_DATA_HOME: xdg } });
    app = openEngine(data);
    api = createHandlers(app, undefined, { trustedLocalUser: true }); // as the CLI: the user typed the paths
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/1 photo\(s\) in the recycle bin, 1 file\(s\) moved to the system trash/);
    expect(fs.existsSync(file)).toBe(false);
    const [trashed] = fs.readdirSync(path.join(xdg, 'Trash/files'));
    expect(fs.statSync(path.join(xdg, 'Trash/files', trashed!)).size).toBe(size);
    expect(fs.readFileSync(path.join(xdg, 'Trash/info', `${trashed}.trashinfo`), 'utf8')).toContain(`Path=${file}`);
    expect((await call(() => api['trash.list']({ limit: 10, offset: 0 }))).items).toMatchObject([{ photo: { id }, fileTrashed: true }]);
  });
});

describe('GIF maker', () => {
  it('makes an animated GIF in order with delay, loop and size, and can add it to the library', async () => {
    const photos = ['building.jpg', 'baboon.jpg', 'fruits.jpg'].map(idOf);
    const out = path.join(lib, 'made', 'trip.gif');
    fs.mkdirSync(path.dirname(out));
    await app.claimIndexing(); // as the app (watching) is: the GIF is indexed right away
    const r = await call(() => api['gif.make']({ photoIds: photos, out, delayMs: 250, loop: 2, size: 320, fit: 'cover', overwrite: false, addToLibrary: true }));
    expect(r).toMatchObject({ frames: 3, width: 320, photoId: expect.any(Number) });
    const meta = await sharp(out, { animated: true }).metadata();
    expect(meta).toMatchObject({ format: 'gif', pages: 3, loop: 2, delay: [250, 250, 250], width: 320 });
    expect(meta.pageHeight).toBe(r.height);
    // frame order: the second frame is the baboon (reddish nose, blue cheeks), not the building
    const frames = await sharp(out, { animated: true }).raw().toBuffer({ resolveWithObject: true });
    const frameStats = async (i: number) =>
      sharp(frames.data.subarray(i * r.width * r.height * frames.info.channels, (i + 1) * r.width * r.height * frames.info.channels), { raw: { width: r.width, height: r.height, channels: frames.info.channels } }).stats();
    const [f0, f1] = [await frameStats(0), await frameStats(1)];
    const baboon = await sharp(path.join(lib, 'everyday/baboon.jpg')).resize(320, r.height, { fit: 'cover' }).stats();
    expect(Math.abs(f1.channels[0]!.mean - baboon.channels[0]!.mean)).toBeLessThan(Math.abs(f0.channels[0]!.mean - baboon.channels[0]!.mean));
    await app.indexer.whenIdle(); // catalogued in the background: the answer does not wait for indexing
    expect(app.catalog.photos.get(r.photoId!)).toMatchObject({ status: 'indexed', format: 'gif' });
  });

  it('refuses bad requests with clear errors', async () => {
    const [a, b] = ['building.jpg', 'baboon.jpg'].map(idOf) as [number, number];
    const out = path.join(tempDir('gif'), 'x.gif');
    await expect(call(() => api['gif.make']({ photoIds: [a, b], out: path.join(lib, 'made', 'trip.gif'), delayMs: 500, loop: 0, size: 640, fit: 'contain', overwrite: false, addToLibrary: false }))).rejects.toThrow(/already exists/);
    await expect(call(() => api['gif.make']({ photoIds: [a, b], out: out.replace('.gif', '.png'), delayMs: 500, loop: 0, size: 640, fit: 'contain', overwrite: false, addToLibrary: false }))).rejects.toThrow(/must end in \.gif/);
    await expect(call(() => api['gif.make']({ photoIds: [a, b], out, delayMs: 500, loop: 0, size: 640, fit: 'contain', overwrite: false, addToLibrary: true }))).rejects.toThrow(/save it inside one of your library folders/);
    await expect(call(() => api['gif.make']({ photoIds: [a, 424242], out, delayMs: 500, loop: 0, size: 640, fit: 'contain', overwrite: false, addToLibrary: false }))).rejects.toThrow(/#424242 is not in the catalog/);
    const bad = path.join(lib, 'odd', 'broken.jpg');
    fs.writeFileSync(bad, Buffer.from('not really a jpeg'));
    const { makeGif } = await import('../../electron/core/media/gif.js');
    await expect(makeGif([app.catalog.photos.get(a)!.path, bad], out)).rejects.toThrow(/Photo 2 \(.*broken\.jpg\) cannot be used/);
    expect(fs.existsSync(out)).toBe(false);
    await expect(makeGif([app.catalog.photos.get(a)!.path], out)).rejects.toThrow(/2 to 50 photos; 1 were chosen/);
  });
});

describe('search by image and duplicates', () => {
  it('finds the near-duplicates and similar photos of a file outside the library', async () => {
    const probe = path.join(tempDir('probe'), 'probe.png');
    await sharp(path.join(FIXTURES, 'everyday/building.jpg')).resize(400).png().toFile(probe);
    const r = await call(() => api['search.similar']({ imagePath: probe, limit: 5 }));
    expect(r.nearDuplicates.map((d) => d.photo.fileName)).toEqual(expect.arrayContaining(['building.jpg', 'building-small.jpg']));
    expect(r.nearDuplicates[0]!.distance).toBeLessThanOrEqual(2);
    expect(r.query.model).toBe('mobilenet-v2-1.0-224-quant');
    expect(['building.jpg', 'building-small.jpg']).toContain(r.similar[0]!.photo.fileName);
    expect(r.similar[0]!.score).toBeGreaterThan(0.9);
    expect(r.narrowedTo).toBe(r.query.category);
    for (const s of r.similar) expect(app.catalog.categories.forPhoto(s.photo.id).find((c) => c.is_primary)?.category).toBe(r.narrowedTo);
    await expect(call(() => api['search.similar']({ imagePath: path.join(lib, 'odd/broken.jpg'), limit: 5 }))).rejects.toThrow(/cannot be used to search/);
  });

  it('groups exact copies and near-duplicates and suggests the copy to keep', async () => {
    const { groups } = await call(() => api['duplicates.list']({}));
    const exact = groups.find((g) => g.kind === 'exact')!;
    expect(exact.photos.map((p) => p.fileName).sort()).toEqual(['baboon-copy.jpg', 'baboon.jpg']);
    const near = groups.find((g) => g.kind === 'near' && g.photos.some((p) => p.fileName === 'building.jpg'))!;
    // the GIF made above starts with the building, but it is not a copy of it: never offered to keep instead of the photo
    expect(near.photos.map((p) => p.fileName).sort()).toEqual(['building-small.jpg', 'building.jpg']);
    expect(groups.some((g) => g.photos.some((p) => p.fileName === 'trip.gif'))).toBe(false);
    expect(near.best).toBe(idOf('building.jpg'));
    expect(near.why).toMatch(/highest resolution/);
    const similar = groups.filter((g) => g.kind === 'similar');
    expect(similar.map((g) => g.photos.map((p) => p.fileName).sort())).toEqual([['dogs-1.jpg', 'dogs-2.jpg']]);
  });
});
