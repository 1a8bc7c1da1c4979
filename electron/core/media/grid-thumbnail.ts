// Pass 1's picture: the grid thumbnail without decoding the photo at full size. A camera JPEG
// usually carries a small JPEG of itself in its EXIF (IFD1); when it is big enough for the grid and
// has the photo's shape, it is used as is (turned the way the photo's orientation says, since it
// is stored as the sensor saw it). Otherwise libvips' shrink-on-load decodes the JPEG at 1/8 scale.
// HEIC and RAW go through the full decode (their own embedded previews, see decode.ts).
import exifr from 'exifr';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { decodeLeniently, decodePhoto, readImageHeader, type DecodedPhoto } from './decode.js';
import { explainDecodeError } from './media-error.js';
import { SMALL_JPEG, SMALL_SIZE, writeThumbnailFile } from './thumbnails.js';

/** An embedded thumbnail is used when its longest side is at least this (the grid shows 320 px at 2x). */
export const MIN_EMBEDDED_SIDE = SMALL_SIZE;

export type GridSource = 'embedded-thumbnail' | 'shrink-on-load' | 'working-image';

export interface GridPicture {
  format: string;
  /** size of the photo as displayed (after EXIF orientation) */
  width: number;
  height: number;
  orientation: number | null;
  previewSource: DecodedPhoto['previewSource'];
  source: GridSource;
}

/** Sharp operations that turn a stored image the way EXIF orientation 1-8 says. */
function orient(img: Sharp, orientation: number): Sharp {
  switch (orientation) {
    case 2:
      return img.flop();
    case 3:
      return img.rotate(180);
    case 4:
      return img.flip();
    case 5:
      return img.rotate(90).flop();
    case 6:
      return img.rotate(90);
    case 7:
      return img.rotate(270).flop();
    case 8:
      return img.rotate(270);
    default:
      return img;
  }
}

/** The EXIF thumbnail when it can stand for the photo in the grid: a JPEG, big enough, the same shape. */
async function usableEmbedded(input: Buffer, meta: Metadata): Promise<Buffer | null> {
  let thumb: Uint8Array | undefined;
  try {
    thumb = await exifr.thumbnail(input);
  } catch {
    return null; // no readable IFD1
  }
  // an IFD1 may declare a thumbnail of 0 bytes (a Canon EOS D60, a Nikon D70s): no thumbnail, not a damaged photo
  if (!thumb?.byteLength || !meta.width || !meta.height) return null;
  const buf = Buffer.from(thumb.buffer, thumb.byteOffset, thumb.byteLength);
  const t = await Promise.resolve()
    .then(() => sharp(buf, { failOn: 'none' }).metadata())
    .catch(() => null);
  if (t?.format !== 'jpeg' || !t.width || !t.height) return null;
  if (Math.max(t.width, t.height) < MIN_EMBEDDED_SIDE) return null;
  // stored the way the sensor saw it, like the photo: the same aspect (a letterboxed 4:3 thumbnail
  // of a 16:9 photo, or one already turned by the camera, is not the photo's picture)
  if (Math.abs(t.width / t.height - meta.width / meta.height) > 0.02 * (meta.width / meta.height)) return null;
  return buf;
}

/** Writes the small thumbnail of one photo; says where it came from and the photo's size. */
export async function writeGridThumbnail(
  dataDir: string,
  photoId: number,
  input: Buffer,
  fileName: string,
  embeddedOnly: boolean,
): Promise<GridPicture> {
  if (input.length === 0) throw explainDecodeError(new Error('Input Buffer is empty'), fileName);
  if (embeddedOnly) {
    const decoded = await decodePhoto(input, fileName, true);
    const jpeg = await sharp(decoded.working.data, { raw: decoded.working })
      .resize(SMALL_SIZE, SMALL_SIZE, { fit: 'inside', withoutEnlargement: true, kernel: 'linear' })
      .jpeg(SMALL_JPEG)
      .toBuffer();
    await writeThumbnailFile(dataDir, photoId, 'small', jpeg);
    return { ...describe(decoded), source: 'working-image' };
  }
  const meta = await readImageHeader(input, fileName);
  const swap = (meta.orientation ?? 1) >= 5;
  const picture = {
    format: meta.format ?? 'unknown',
    width: swap ? meta.height : meta.width,
    height: swap ? meta.width : meta.height,
    orientation: meta.orientation ?? null,
    previewSource: 'image' as const,
  };
  const embedded = meta.format === 'jpeg' ? await usableEmbedded(input, meta) : null;
  let jpeg: Buffer;
  try {
    const small = (img: Sharp) => img.resize(SMALL_SIZE, SMALL_SIZE, { fit: 'inside', withoutEnlargement: true }).jpeg(SMALL_JPEG).toBuffer();
    jpeg = embedded
      ? await small(orient(sharp(embedded, { failOn: 'none' }), meta.orientation ?? 1))
      : // resized straight from the file: libvips picks the JPEG's shrink-on-load (1/2, 1/4, 1/8)
        await decodeLeniently((opts) => small(sharp(input, opts).rotate().flatten({ background: '#ffffff' }).toColourspace('srgb')));
  } catch (err) {
    throw explainDecodeError(err, fileName);
  }
  // outside the try: a thumbnail that cannot be written (a full disk) is not the photo's fault
  await writeThumbnailFile(dataDir, photoId, 'small', jpeg);
  return { ...picture, source: embedded ? 'embedded-thumbnail' : 'shrink-on-load' };
}

function describe(d: DecodedPhoto): Omit<GridPicture, 'source'> {
  return { format: d.format, width: d.width, height: d.height, orientation: d.orientation, previewSource: d.previewSource };
}
