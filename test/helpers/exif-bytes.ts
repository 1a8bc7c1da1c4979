// Hand-written TIFF/EXIF bytes for tests of hostile files (no library writes these on purpose).
import { pictureRaw } from './images.js';

/**
 * A little-endian TIFF whose IFD0 holds `entries` entries that all point back at the IFD itself:
 * the Exif and GPS pointers lead to IFD0 again, and every other entry claims a long array of SHORTs
 * stored at offset 8 (over the IFD's own bytes). exifr 7 read this in time proportional to entries
 * x bytes, once per block pointing at it (issue 14, finding 6: a 65 KB JPEG took 17 s of CPU).
 */
export function selfReferencingTiff(entries = 5000): Buffer {
  const t = Buffer.alloc(8 + 2 + entries * 12 + 4);
  t.write('II', 0, 'latin1');
  t.writeUInt16LE(42, 2);
  t.writeUInt32LE(8, 4);
  t.writeUInt16LE(entries, 8);
  for (let i = 0; i < entries; i++) {
    const at = 10 + i * 12;
    const pointer = i === 0 ? 0x8769 : i === 1 ? 0x8825 : 0;
    if (pointer) {
      t.writeUInt16LE(pointer, at);
      t.writeUInt16LE(4, at + 2); // LONG
      t.writeUInt32LE(1, at + 4);
    } else {
      // camera tags, the dates among them, so exifr wants them all
      t.writeUInt16LE([0x010f, 0x0110, 0x0132, 0x9003][i % 4]! + Math.floor(i / 4), at);
      t.writeUInt16LE(3, at + 2); // SHORT
      t.writeUInt32LE((t.length - 8) >> 1, at + 4);
    }
    t.writeUInt32LE(8, at + 8);
  }
  return t;
}

/** Wraps a TIFF in a JPEG APP1 "Exif" segment placed right after the SOI of a real JPEG. */
export function withApp1(jpeg: Buffer, tiff: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  if (body.length + 2 > 0xffff) throw new Error('an APP1 segment holds at most 65533 bytes');
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, body, jpeg.subarray(2)]);
}

/** A decodable JPEG carrying the self-referencing EXIF (about 65 KB of it). */
export async function hostileExifJpeg(seed = 1): Promise<Buffer> {
  const jpeg = await (await pictureRaw(320, 240, seed)).jpeg({ quality: 80 }).toBuffer();
  return withApp1(jpeg, selfReferencingTiff(5000));
}

