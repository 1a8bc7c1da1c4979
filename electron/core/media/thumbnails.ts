import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { RawImage } from './decode.js';

/** Grid thumbnails: longest side in pixels (2x a ~160 px cell for high-DPI screens). */
export const SMALL_SIZE = 320;

export type ThumbSize = 'small' | 'large';

/** Thumbnails are keyed by photo id, so a moved file keeps its thumbnails without re-decoding. */
export function thumbnailPath(dataDir: string, photoId: number, size: ThumbSize): string {
  const shard = String(photoId % 256).padStart(3, '0');
  return path.join(dataDir, 'thumbs', shard, `${photoId}-${size === 'small' ? 's' : 'l'}.jpg`);
}

async function writeAtomically(target: string, pipeline: Sharp): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  await pipeline.toFile(tmp);
  await fs.rename(tmp, target);
}

/** Both sizes from the one working image. */
export async function writeThumbnails(dataDir: string, photoId: number, img: RawImage): Promise<void> {
  const raw = { raw: { width: img.width, height: img.height, channels: img.channels } };
  await Promise.all([
    writeAtomically(thumbnailPath(dataDir, photoId, 'large'), sharp(img.data, raw).jpeg({ quality: 82 })),
    writeAtomically(
      thumbnailPath(dataDir, photoId, 'small'),
      sharp(img.data, raw).resize(SMALL_SIZE, SMALL_SIZE, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 78 }),
    ),
  ]);
}
