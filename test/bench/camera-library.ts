// The benchmarks' library: 12 MP camera JPEGs made from the real photos in test/fixtures/everyday
// (upscaled, sensor-like noise so they are as big and as slow to decode as real photos, camera EXIF
// with date and GPS), with or without the IFD1 thumbnail cameras and phones write (exiftool), each
// file with its own bytes. Used by the catalog and the two-pass benchmarks.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { embedThumbnails } from '../helpers/camera-jpeg.js';
import { FIXTURES } from '../helpers/paths.js';

/** phones write 320x240 (or bigger) IFD1 thumbnails; many cameras 160x120, which is too small for the grid */
export const THUMB = { width: 320, height: 240 };

/** One 12 MP camera JPEG per photo in test/fixtures/everyday, written into dir. */
export async function makeBases(dir: string, withThumbs: boolean): Promise<string[]> {
  const sources = fs.readdirSync(path.join(FIXTURES, 'everyday')).filter((f) => f.endsWith('.jpg')).sort();
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const [i, f] of sources.entries()) {
    const file = path.join(dir, `base${i}.jpg`);
    const noise = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).png().toBuffer();
    await sharp(path.join(FIXTURES, 'everyday', f))
      .resize(4000, 3000, { fit: 'cover' })
      .composite([{ input: noise, blend: 'soft-light' }])
      .withExif({
        IFD0: { Make: 'Canon', Model: 'EOS 90D' },
        IFD2: { DateTimeOriginal: `2024:0${(i % 9) + 1}:15 10:20:30`, OffsetTimeOriginal: '+01:00' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '43/1 28/1 2814/1000', GPSLongitudeRef: 'E', GPSLongitude: '11/1 53/1 610/100' },
      })
      .jpeg({ quality: 90 })
      .toFile(file);
    out.push(file);
  }
  if (withThumbs) {
    const pairs: [string, string][] = [];
    for (const file of out) {
      const thumb = `${file}.thumb.jpg`;
      await sharp(file).resize(THUMB.width, THUMB.height, { fit: 'fill' }).jpeg({ quality: 80 }).toFile(thumb);
      pairs.push([file, thumb]);
    }
    embedThumbnails(pairs);
  }
  return out;
}

/** count photos in folders of 100, cycling through the bases; returns the average file size. */
export function makeLibrary(dir: string, bases: string[], count: number): number {
  const bufs = bases.map((b) => fs.readFileSync(b));
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, `2024-${String(Math.floor(i / 100)).padStart(3, '0')}`);
    fs.mkdirSync(sub, { recursive: true });
    // unique bytes after the end marker: every file is its own photo, same decode cost
    const buf = Buffer.concat([bufs[i % bufs.length]!, Buffer.from(`#${i}`)]);
    fs.writeFileSync(path.join(sub, `IMG_${String(i).padStart(5, '0')}.jpg`), buf);
    bytes += buf.length;
  }
  return bytes / count;
}
