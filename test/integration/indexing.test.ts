import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thumbnailPath } from '../../electron/core/media/thumbnails.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { makeImage, makeJpeg } from '../helpers/images.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let lib: string;
let data: string;
let app: SmartAlbum;
let result: Awaited<ReturnType<typeof indexFolder>>;

const byName = (name: string) => {
  const row = app.catalog.db.prepare('SELECT * FROM photos WHERE file_name = ?').get(name) as Record<string, unknown> | undefined;
  if (!row) throw new Error(`${name} not catalogued`);
  return row;
};

beforeAll(async () => {
  lib = tempDir('lib');
  data = tempDir('data');
  await makeJpeg(path.join(lib, '2021/holiday.jpg'), {
    width: 1200, height: 800, seed: 1, taken: '2021:05:04 13:14:15', offset: '+02:00', make: 'Canon', model: 'EOS 5D', gps: { lat: 43.4674, lon: 11.8851 },
  });
  await makeJpeg(path.join(lib, '2021/no-exif.jpeg'), { seed: 2 });
  for (const [i, fmt] of (['png', 'webp', 'tiff', 'gif', 'avif'] as const).entries()) await makeImage(path.join(lib, `formats/pic.${fmt}`), fmt, 10 + i);
  // alpha: flattened onto white, not black
  await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toFile(path.join(lib, 'formats/transparent.png'));
  fs.mkdirSync(path.join(lib, 'orient'));
  fs.copyFileSync(path.join(FIXTURES, 'exif/orientation/portrait_6.jpg'), path.join(lib, 'orient/portrait_6.jpg'));
  fs.copyFileSync(path.join(FIXTURES, 'exif/orientation/landscape_8.jpg'), path.join(lib, 'orient/landscape_8.jpg'));
  // HEIC/RAW stand-ins: unknown container bytes around a real JPEG preview, and one with none
  const preview = await makeJpeg(path.join(tempDir('prev'), 'p.jpg'), { width: 800, height: 600, seed: 3 });
  fs.mkdirSync(path.join(lib, 'camera'));
  const junk = Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic'.padEnd(400, '\x01'), 'latin1');
  fs.writeFileSync(path.join(lib, 'camera/IMG_0001.HEIC'), Buffer.concat([junk, fs.readFileSync(preview), junk]));
  fs.writeFileSync(path.join(lib, 'camera/DSC_0002.NEF'), Buffer.concat([Buffer.from('II*\x00', 'latin1'), junk, fs.readFileSync(preview)]));
  fs.writeFileSync(path.join(lib, 'camera/IMG_0003.heic'), junk);
  // not photos, hidden and system folders: ignored
  fs.writeFileSync(path.join(lib, 'notes.txt'), 'hello');
  await makeJpeg(path.join(lib, '.hidden/secret.jpg'), { seed: 4 });
  await makeJpeg(path.join(lib, '@eaDir/thumb.jpg'), { seed: 5 });
  app = openEngine(data);
  result = await indexFolder(app, lib);
}, 120_000);

afterAll(() => app?.close());

describe('indexing a generated library', () => {
  it('catalogues every photo file and nothing else', () => {
    expect(result.scan.filesSeen).toBe(13);
    expect(result.scan.excluded).toBe(2); // .hidden and @eaDir
    expect(result.index.processed).toBe(13);
    expect(app.status().photos).toMatchObject({ total: 13, indexed: 12, unsupported: 1, failed: 0, pending: 0 });
    expect(app.status().queue).toEqual({ queued: 0, running: 0 });
  });

  it('records EXIF date with its zone, camera and GPS', () => {
    expect(byName('holiday.jpg')).toMatchObject({
      status: 'indexed', format: 'jpeg', width: 1200, height: 800, taken_at: '2021-05-04T13:14:15', tz_offset_min: 120, date_source: 'exif', camera_make: 'Canon', camera_model: 'EOS 5D',
    });
    expect(byName('holiday.jpg').gps_lat as number).toBeCloseTo(43.4674, 3);
  });

  it('falls back to the file date and says so', () => {
    const r = byName('no-exif.jpeg');
    expect(r.date_source).toBe('file');
    expect(r.taken_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('decodes every supported format', () => {
    for (const [name, fmt] of [['pic.png', 'png'], ['pic.webp', 'webp'], ['pic.tiff', 'tiff'], ['pic.gif', 'gif'], ['pic.avif', 'heif']]) {
      expect(byName(name!)).toMatchObject({ status: 'indexed', format: fmt, width: 320, height: 240 });
      expect(byName(name!).phash).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('writes both thumbnail sizes, honouring EXIF orientation', async () => {
    for (const name of ['portrait_6.jpg', 'landscape_8.jpg', 'holiday.jpg']) {
      const r = byName(name);
      const small = await sharp(thumbnailPath(data, r.id as number, 'small')).metadata();
      const large = await sharp(thumbnailPath(data, r.id as number, 'large')).metadata();
      expect(Math.max(small.width, small.height)).toBeLessThanOrEqual(320);
      expect(small.width > small.height).toBe((r.width as number) > (r.height as number));
      expect(large.width / large.height).toBeCloseTo((r.width as number) / (r.height as number), 1);
    }
    expect(byName('portrait_6.jpg')).toMatchObject({ orientation: 6, width: 450, height: 600 });
  });

  it('shows the upright picture: the oriented fixtures look alike after orientation', async () => {
    // every orientation fixture is the same scene; once upright, their thumbnails match
    const a = byName('portrait_6.jpg').phash as string;
    const same = await sharp(path.join(FIXTURES, 'exif/orientation/portrait_1.jpg')).metadata();
    expect(same.orientation ?? 1).toBe(1);
    const { hammingDistance } = await import('../../electron/core/media/phash.js');
    const lib2 = tempDir('o');
    fs.copyFileSync(path.join(FIXTURES, 'exif/orientation/portrait_1.jpg'), path.join(lib2, 'portrait_1.jpg'));
    const other = openEngine(tempDir('od'));
    await indexFolder(other, lib2);
    const b = (other.catalog.db.prepare('SELECT phash FROM photos').get() as { phash: string }).phash;
    await other.close();
    expect(hammingDistance(a, b)).toBeLessThanOrEqual(6);
  });

  it('flattens transparency onto white', async () => {
    const r = byName('transparent.png');
    const { data: px } = await sharp(thumbnailPath(data, r.id as number, 'small')).raw().toBuffer({ resolveWithObject: true });
    expect(px[0]).toBeGreaterThan(240);
  });

  it('uses the embedded preview of HEIC/RAW files, and records those without one as unsupported', () => {
    expect(byName('IMG_0001.HEIC')).toMatchObject({ status: 'indexed', preview_source: 'embedded', width: 800, height: 600 });
    expect(byName('DSC_0002.NEF')).toMatchObject({ status: 'indexed', preview_source: 'embedded' });
    expect(byName('IMG_0003.heic')).toMatchObject({ status: 'unsupported' });
    expect(byName('IMG_0003.heic').error).toMatch(/no embedded preview/);
  });

  it('records the media stage version for every indexed photo', () => {
    const n = app.catalog.db.prepare(`SELECT COUNT(*) AS n FROM photo_stages WHERE stage = 'media' AND version = '1'`).get() as { n: number };
    expect(n.n).toBe(12);
  });
});
