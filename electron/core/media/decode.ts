// Decode once: every later stage (thumbnails, perceptual hash, and later the classifier and the
// face detector) works from the one oriented, sRGB, 8-bit working image made here.
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import exifr from 'exifr';
import { MAX_PIXELS, MediaError, explainDecodeError } from './media-error.js';

/** Longest side of the working image; also the large (viewer) thumbnail size. */
export const WORKING_SIZE = 1600;

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3;
}

export interface DecodedPhoto {
  format: string;
  /** Size of the photo as displayed (after EXIF orientation). */
  width: number;
  height: number;
  orientation: number | null;
  working: RawImage;
  previewSource: 'image' | 'embedded';
}

sharp.cache(false); // every file is decoded once; libvips' operation cache would only hold memory

/** sharp's options for every decode of a photo: bounded in pixels, strict about damage (a decoder warning fails). */
export const DECODE_OPTIONS = { limitInputPixels: MAX_PIXELS, failOn: 'warning' as const };
/** The second try (decodeLeniently): only a file cut short or a decoder error fails. */
const LENIENT_OPTIONS = { limitInputPixels: MAX_PIXELS, failOn: 'truncated' as const };

/**
 * Decodes strictly first; when that fails for anything but a file too large, empty or of no known format, once more
 * leniently (a file cut short fails that too), so a JPEG it merely warns about (a few extraneous bytes before a marker, a damaged restart marker)
 * is shown as every other viewer shows it: in a real library a camera-trap photo and a scanned drawing with such
 * warnings had been refused as damaged. When the lenient decode fails too, the strict error is thrown: its words
 * name the damage (with several decodes at once the lenient one may only say "Unknown error").
 */
export async function decodeLeniently<T>(run: (opts: SharpOptions) => Promise<T>): Promise<T> {
  try {
    return await run(DECODE_OPTIONS);
  } catch (strict) {
    const msg = strict instanceof Error ? strict.message : String(strict);
    // not "premature end" / "truncated": libvips keeps one error log for the whole process, so a file cut short that
    // is decoded at the same moment lends its words to this one (22 of 200 concurrent decodes of a JPEG with
    // extraneous bytes read "premature end of data segment"); the lenient decode refuses a file really cut short itself
    if (/exceeds pixel limit|Input (Buffer|file) is empty|unsupported image format/i.test(msg)) throw strict;
    try {
      return await run(LENIENT_OPTIONS);
    } catch {
      throw strict;
    }
  }
}

/** The image's header, refused with a clear reason when it is damaged, sizeless or too large to decode. */
export async function readImageHeader(input: Buffer, fileName: string): Promise<Metadata & { width: number; height: number }> {
  let meta: Metadata;
  try {
    meta = await sharp(input, DECODE_OPTIONS).metadata();
  } catch (err) {
    throw explainDecodeError(err, fileName);
  }
  if (!meta.width || !meta.height) throw new MediaError('failed', 'The image has no size in its header: the file is damaged.');
  if (meta.width * meta.height > MAX_PIXELS) throw explainDecodeError(new Error('exceeds pixel limit'), fileName);
  return meta as Metadata & { width: number; height: number };
}

async function decodeImage(input: Buffer, fileName: string): Promise<DecodedPhoto> {
  const meta = await readImageHeader(input, fileName);
  try {
    const { data, info } = await decodeLeniently((opts) =>
      sharp(input, opts)
        .rotate()
        .resize(WORKING_SIZE, WORKING_SIZE, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true }),
    );
    if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels after flatten`);
    const swap = (meta.orientation ?? 1) >= 5;
    return {
      format: meta.format ?? 'unknown',
      width: swap ? meta.height : meta.width,
      height: swap ? meta.width : meta.height,
      orientation: meta.orientation ?? null,
      working: { data, width: info.width, height: info.height, channels: 3 },
      previewSource: 'image',
    };
  } catch (err) {
    throw explainDecodeError(err, fileName);
  }
}

/** Offsets of JPEG start-of-image markers (FF D8 FF), where camera files keep their previews. */
function jpegStarts(buf: Buffer, max: number): number[] {
  const out: number[] = [];
  let i = buf.indexOf(0xff);
  while (i >= 0 && i < buf.length - 2 && out.length < max) {
    if (buf[i + 1] === 0xd8 && buf[i + 2] === 0xff) out.push(i);
    i = buf.indexOf(0xff, i + 1);
  }
  return out;
}

/** HEIC and RAW: the largest JPEG preview embedded in the file (exifr's IFD1 thumbnail or a full-size one). */
async function decodeEmbeddedPreview(input: Buffer, fileName: string): Promise<DecodedPhoto | null> {
  const candidates: Buffer[] = [];
  try {
    const thumb = await exifr.thumbnail(input);
    if (thumb) candidates.push(Buffer.from(thumb));
  } catch {
    /* no readable IFD1: fall through to scanning for embedded JPEGs */
  }
  for (const off of jpegStarts(input, 32)) candidates.push(input.subarray(off));
  let best: { buf: Buffer; pixels: number } | null = null;
  for (const c of candidates) {
    try {
      const m = await sharp(c, { failOn: 'none' }).metadata();
      if (m.format === 'jpeg' && m.width && m.height && (!best || m.width * m.height > best.pixels)) {
        best = { buf: c, pixels: m.width * m.height };
      }
    } catch {
      /* not a decodable JPEG at this offset */
    }
  }
  if (!best) return null;
  const decoded = await decodeImage(best.buf, fileName);
  return { ...decoded, previewSource: 'embedded' };
}

export async function decodePhoto(input: Buffer, fileName: string, embeddedOnly: boolean): Promise<DecodedPhoto> {
  if (input.length === 0) throw explainDecodeError(new Error('Input Buffer is empty'), fileName);
  if (!embeddedOnly) return decodeImage(input, fileName);
  // AVIF-coded .heif files do decode with sharp; try that first, then the embedded preview
  try {
    return await decodeImage(input, fileName);
  } catch {
    const preview = await decodeEmbeddedPreview(input, fileName);
    if (preview) return preview;
    throw new MediaError(
      'unsupported',
      'This HEIC/RAW file has no embedded preview Smart Album can read, and its format cannot be decoded here. Export a JPEG copy to see it.',
    );
  }
}
