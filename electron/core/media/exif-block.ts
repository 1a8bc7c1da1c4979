// Finds a file's EXIF (a TIFF structure) and checks its shape before exifr reads it. exifr trusts
// the file: an IFD with thousands of entries whose values all point back at the same bytes, read
// once per block that points at it, costs time in proportion to entries x bytes (a 65 KB JPEG took
// 17 s of CPU). Here the blocks exifr will read (IFD0, Exif, GPS) are walked first, reading only the
// 12-byte entries: a hostile or impossible shape is refused with a reason, and exifr is given only
// the TIFF bytes, never the whole file, and only the tags we use (exif.ts), so its work stays linear.

/** More than any camera writes (tens to a few hundred per IFD); 5,000 means a crafted file. */
export const MAX_IFD_ENTRIES = 1000;
/** The largest value count we accept for a tag we read: a date, a name, three GPS rationals. */
const MAX_PICKED_COUNT = 4096;
const SIZES = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];
const EXIF_POINTER = 0x8769;
const GPS_POINTER = 0x8825;
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

export type ExifBlock = { tiff: Buffer } | { none: true } | { problem: string };

const NONE: ExifBlock = { none: true };

function isTiffHeader(b: Buffer, at: number): boolean {
  return at + 8 <= b.length && ((b[at] === 0x49 && b[at + 1] === 0x49) || (b[at] === 0x4d && b[at + 1] === 0x4d));
}

/** JPEG: the first APP1 segment that starts with "Exif\0\0", before the image data. */
function fromJpeg(b: Buffer): ExifBlock {
  let i = 2;
  for (let segments = 0; i + 4 <= b.length && segments < 1000; segments++) {
    if (b[i] !== 0xff) return NONE;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return NONE; // end of image, start of scan: no EXIF before the pixels
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    if (marker === 0xe1 && b.subarray(i + 4, i + 10).equals(EXIF_HEADER)) {
      const tiff = b.subarray(i + 10, Math.min(b.length, i + 2 + len));
      return isTiffHeader(tiff, 0) ? { tiff } : { problem: 'the EXIF segment does not hold a TIFF header' };
    }
    i += 2 + len;
  }
  return NONE;
}

/** PNG: the eXIf chunk. */
function fromPng(b: Buffer): ExifBlock {
  for (let i = 8; i + 8 <= b.length; ) {
    const len = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    if (type === 'eXIf') return isTiffHeader(b, i + 8) ? { tiff: b.subarray(i + 8, Math.min(b.length, i + 8 + len)) } : NONE;
    if (type === 'IEND') return NONE;
    i += 12 + len;
  }
  return NONE;
}

/** WebP: the RIFF "EXIF" chunk (some writers keep the JPEG "Exif\0\0" prefix in it). */
function fromWebp(b: Buffer): ExifBlock {
  for (let i = 12; i + 8 <= b.length; ) {
    const len = b.readUInt32LE(i + 4);
    if (b.toString('latin1', i, i + 4) === 'EXIF') {
      let start = i + 8;
      if (b.subarray(start, start + 6).equals(EXIF_HEADER)) start += 6;
      return isTiffHeader(b, start) ? { tiff: b.subarray(start, Math.min(b.length, i + 8 + len)) } : NONE;
    }
    i += 8 + len + (len % 2);
  }
  return NONE;
}

/** TIFF headers whose first IFD follows at once, the layout every camera and phone writes. */
const PLAIN_TIFF_HEADERS = [Buffer.from('4d4d002a00000008', 'hex'), Buffer.from('49492a0008000000', 'hex')];
const MAX_ITEM_BYTES = 1024 * 1024;

/**
 * HEIF/AVIF (ISO boxes): the Exif item's TIFF usually follows an "Exif\0\0" header; without one,
 * the first plain TIFF header. Found by search rather than by walking the boxes: the shape of what
 * is found is checked like any other (checkTiff).
 */
function fromIsoBmff(b: Buffer): ExifBlock {
  for (let at = b.indexOf(EXIF_HEADER); at >= 0; at = b.indexOf(EXIF_HEADER, at + 1)) {
    if (isTiffHeader(b, at + 6)) return { tiff: b.subarray(at + 6, Math.min(b.length, at + 6 + MAX_ITEM_BYTES)) };
  }
  const starts = PLAIN_TIFF_HEADERS.map((h) => b.indexOf(h)).filter((at) => at >= 0);
  if (!starts.length) return NONE;
  const at = Math.min(...starts);
  return { tiff: b.subarray(at, Math.min(b.length, at + MAX_ITEM_BYTES)) };
}

/** The TIFF structure holding this file's EXIF, by the file's content (not its name). */
export function findExif(b: Buffer): ExifBlock {
  if (b.length < 12) return NONE;
  if (b[0] === 0xff && b[1] === 0xd8) return fromJpeg(b);
  if (isTiffHeader(b, 0)) return { tiff: b }; // TIFF and the TIFF-based RAW formats (DNG, NEF, CR2, ARW...)
  if (b.readUInt32BE(0) === 0x89504e47) return fromPng(b);
  if (b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return fromWebp(b);
  if (b.toString('latin1', 4, 8) === 'ftyp') return fromIsoBmff(b);
  return NONE; // GIF and anything else: no EXIF to read
}

/**
 * Checks the IFDs exifr will read. Returns why the structure is refused, or null when it is sound
 * enough to read. Only what makes reading costly or impossible is refused; a damaged value inside an
 * otherwise sound block is left to exifr, which skips it.
 */
export function checkTiff(tiff: Buffer, picked: ReadonlySet<number>): string | null {
  const le = tiff[0] === 0x49;
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const visited = new Set<number>();
  const walk = (name: string, offset: number): string | null => {
    if (visited.has(offset)) return `the ${name} block points back to a block already read (a loop)`;
    visited.add(offset);
    if (offset < 8 || offset + 2 > tiff.length) return `the ${name} block lies outside the EXIF data`;
    const entries = u16(offset);
    if (entries > MAX_IFD_ENTRIES) return `the ${name} block claims ${entries} entries (at most ${MAX_IFD_ENTRIES} are read)`;
    if (offset + 2 + entries * 12 > tiff.length) return `the ${name} block runs past the end of the EXIF data`;
    const pointers: [string, number][] = [];
    for (let i = 0; i < entries; i++) {
      const at = offset + 2 + i * 12;
      const tag = u16(at);
      if (name === 'IFD0' && (tag === EXIF_POINTER || tag === GPS_POINTER)) {
        pointers.push([tag === EXIF_POINTER ? 'Exif' : 'GPS', u32(at + 8)]);
      } else if (picked.has(tag)) {
        const type = u16(at + 2);
        const count = u32(at + 4);
        if (type >= 1 && type <= 13 && count > MAX_PICKED_COUNT) return `tag 0x${tag.toString(16)} claims ${count} values`;
        if (type >= 1 && type <= 13 && SIZES[type]! * count > 4 && u32(at + 8) + SIZES[type]! * count > tiff.length) {
          return `tag 0x${tag.toString(16)} points past the end of the EXIF data`;
        }
      }
    }
    for (const [sub, at] of pointers) {
      const problem = walk(sub, at);
      if (problem) return problem;
    }
    return null;
  };
  return walk('IFD0', u32(4));
}
