// The image types a query image may have, told by the file's first bytes (never its name), for
// uploads in web mode and in the desktop app.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { uploadsDir } from '../paths.js';

export const IMAGE_TYPE_NAMES = 'JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC';
export const MAX_UPLOAD_BYTES = 200 << 20;

/** The image type of a file by its first bytes (the ones sharp/libvips decode), as an extension. */
export function sniffImage(head: Uint8Array): string | null {
  const b = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 16));
  const ascii = (from: number, to: number) => b.subarray(from, to).toString('latin1');
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return '.jpg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return '.png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return '.gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return '.webp';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return '.tif';
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'avif' || brand === 'avis') return '.avif';
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return '.heic';
  }
  return null;
}

/**
 * The desktop app's upload: a dropped file's bytes (the renderer has no path since Electron 32) saved
 * in the uploads folder for the search that reads and then removes it.
 */
export function saveUpload(dataDir: string, bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new AppError('INVALID_INPUT', `The file is larger than ${MAX_UPLOAD_BYTES >> 20} MB. Search with a smaller image.`);
  const ext = sniffImage(bytes);
  if (!ext) throw new AppError('INVALID_INPUT', `This file is not an image Smart Album can search with (${IMAGE_TYPE_NAMES}).`);
  const dir = uploadsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${randomUUID()}${ext}`);
  fs.writeFileSync(file, bytes, { flag: 'wx' });
  return file;
}
