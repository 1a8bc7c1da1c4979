// An image given to search with (a dropped file, any path): read and decoded like a photo, with
// the two ways it can fail said plainly. Used by search by face and search by image.
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { decodePhoto, type DecodedPhoto } from './decode.js';
import { needsEmbeddedPreview } from './formats.js';

export async function decodeQueryImage(file: string): Promise<DecodedPhoto> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (err) {
    throw new AppError('NOT_FOUND', `Cannot read "${file}" (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  return decodePhoto(buf, path.basename(file), needsEmbeddedPreview(file)).catch((err: Error) => {
    throw new AppError('INVALID_INPUT', `"${path.basename(file)}" cannot be used to search: ${err.message}`);
  });
}
