// Issue 14, findings 6 and 8 (part): EXIF parsing is bounded (a self-referencing EXIF gets a warning,
// not 17 s of CPU), and ordinary WebP and GIF files get no false "EXIF data is damaged" warning.
import { describe, expect, it } from 'vitest';
import { readExif } from '../../electron/core/media/exif.js';
import { checkTiff, findExif } from '../../electron/core/media/exif-block.js';
import { hostileExifJpeg, selfReferencingTiff, withApp1 } from '../helpers/exif-bytes.js';
import { pictureRaw } from '../helpers/images.js';

const withExif = { IFD0: { Make: 'Canon', Model: 'EOS R6' }, IFD2: { DateTimeOriginal: '2022:07:14 09:30:05', OffsetTimeOriginal: '+02:00' } };

describe('hostile EXIF', () => {
  it('a 65 KB JPEG whose EXIF points back into itself 5,000 times: a warning, no EXIF, and it ends', async () => {
    const file = await hostileExifJpeg();
    expect(file.length).toBeGreaterThan(60_000);
    const started = performance.now();
    const e = await readExif(file);
    // a regression guard only (the benchmark of record is the fixed cost per photo): exifr alone took 7-17 s here
    expect(performance.now() - started).toBeLessThan(2000);
    expect(e.warning).toMatch(/EXIF data is damaged and was ignored \(the IFD0 block claims 5000 entries/);
    expect(e).toMatchObject({ takenAt: null, make: null, lat: null });
  });

  it('refuses an IFD that points back to itself even with few entries, and an oversized tag', async () => {
    const jpeg = await (await pictureRaw(64, 48, 1)).jpeg().toBuffer();
    expect((await readExif(withApp1(jpeg, selfReferencingTiff(200)))).warning).toMatch(/points back to a block already read \(a loop\)/);
    const tiff = selfReferencingTiff(3);
    tiff.writeUInt16LE(0x010f, 10 + 2 * 12); // Make, claiming 10,000 SHORTs
    tiff.writeUInt32LE(10_000, 10 + 2 * 12 + 4);
    expect(checkTiff(tiff, new Set([0x010f]))).toMatch(/claims 10000 values/);
  });

  it('gives exifr only the EXIF bytes of a JPEG, never the whole file', async () => {
    const jpeg = await (await pictureRaw(640, 480, 2)).withExif(withExif).jpeg().toBuffer();
    const found = findExif(jpeg);
    expect('tiff' in found && found.tiff.length < 1000 && found.tiff.subarray(0, 2).toString()).toMatch(/^(II|MM)$/);
  });
});

describe('formats without a damaged-EXIF false alarm', () => {
  it.each(['webp', 'gif', 'png', 'tiff', 'avif'] as const)('an ordinary %s made by sharp has no warning', async (format) => {
    const file = await (await pictureRaw(320, 240, 3)).toFormat(format).toBuffer();
    const e = await readExif(file);
    expect(e.warning).toBeNull();
    expect(e.takenAt).toBeNull();
  });

  // (libvips writes no EXIF into TIFF, so TIFF is not in this list)
  it.each(['webp', 'jpeg', 'avif'] as const)('a %s with real EXIF still yields its date and camera', async (format) => {
    const file = await (await pictureRaw(320, 240, 4)).withExif(withExif).toFormat(format).toBuffer();
    expect(await readExif(file)).toMatchObject({ takenAt: '2022-07-14T09:30:05', tzOffsetMin: 120, make: 'Canon', model: 'EOS R6', warning: null });
  });
});
