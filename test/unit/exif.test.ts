import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileDate, parseExifDate, parseOffset, readExif } from '../../electron/core/media/exif.js';
import { makeJpeg } from '../helpers/images.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

describe('EXIF dates', () => {
  it('parses camera date formats and rejects impossible ones', () => {
    expect(parseExifDate('2008:10:22 16:28:39')).toBe('2008-10-22T16:28:39');
    expect(parseExifDate('2008-10-22T16:28')).toBe('2008-10-22T16:28:00');
    expect(parseExifDate('0000:00:00 00:00:00')).toBeNull();
    expect(parseExifDate('2021:02:30 10:00:00')).toBeNull();
    expect(parseExifDate('2021:13:01 10:00:00')).toBeNull();
    expect(parseExifDate('    ')).toBeNull();
    expect(parseExifDate(42)).toBeNull();
  });

  it('parses time-zone offsets', () => {
    expect(parseOffset('+02:00')).toBe(120);
    expect(parseOffset('-05:30')).toBe(-330);
    expect(parseOffset('+99:00')).toBeNull();
    expect(parseOffset('junk')).toBeNull();
  });

  it('falls back to the file time in local wall-clock form', () => {
    const t = Date.UTC(2020, 0, 2, 3, 4, 5);
    const d = fileDate(t);
    expect(d.takenAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(Date.parse(`${d.takenAt}Z`) - d.tzOffsetMin * 60_000).toBe(t);
  });
});

describe('readExif', () => {
  it('reads date with zone, camera and GPS from a generated photo', async () => {
    const f = await makeJpeg(path.join(tempDir('exif'), 'a.jpg'), {
      taken: '2021:05:04 13:14:15', offset: '+02:00', make: 'Canon', model: 'EOS 5D', gps: { lat: -33.8568, lon: 151.2153 },
    });
    const e = await readExif(fs.readFileSync(f));
    expect(e).toMatchObject({ takenAt: '2021-05-04T13:14:15', tzOffsetMin: 120, make: 'Canon', model: 'EOS 5D', warning: null });
    expect(e.lat).toBeCloseTo(-33.8568, 3);
    expect(e.lon).toBeCloseTo(151.2153, 3);
  });

  it('reads the real Arezzo GPS photo (values from exiftool)', async () => {
    const e = await readExif(fs.readFileSync(path.join(FIXTURES, 'exif/gps/DSCN0010.jpg')));
    expect(e.takenAt).toBe('2008-10-22T16:28:39');
    expect(e.make).toBe('NIKON');
    expect(e.lat).toBeCloseTo(43.467448, 5);
    expect(e.lon).toBeCloseTo(11.885127, 5);
  });

  it('never throws on the broken-EXIF fixtures', async () => {
    const dir = path.join(FIXTURES, 'exif/invalid');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jpg'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of [...files.map((x) => path.join(dir, x)), path.join(FIXTURES, 'exif/corrupted.jpg')]) {
      const e = await readExif(fs.readFileSync(f));
      expect(e.takenAt === null || /^\d{4}-/.test(e.takenAt)).toBe(true);
    }
    expect((await readExif(Buffer.from('not an image at all'))).takenAt).toBeNull();
    expect((await readExif(Buffer.alloc(0))).takenAt).toBeNull();
  });
});
