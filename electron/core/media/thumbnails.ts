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
  // unique per write: the media route may render a large thumbnail while pass 2 writes the same one
  const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  await pipeline.toFile(tmp);
  await fs.rename(tmp, target);
}

/** The small thumbnail's encoding (Huffman optimisation off: half the encode time for a few percent of size). */
export const SMALL_JPEG = { quality: 80, optimiseCoding: false } as const;
export const LARGE_JPEG = { quality: 82, optimiseCoding: false } as const;

/** An encoded thumbnail, written so that a reader never sees half of it. */
export async function writeThumbnailFile(dataDir: string, photoId: number, size: ThumbSize, jpeg: Buffer): Promise<void> {
  const target = thumbnailPath(dataDir, photoId, size);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  await fs.writeFile(tmp, jpeg);
  await fs.rename(tmp, target);
}

/** Pass 2 (and a viewer that cannot wait for it): the large thumbnail from the working image. */
export async function writeLargeThumbnail(dataDir: string, photoId: number, img: RawImage): Promise<void> {
  await writeAtomically(thumbnailPath(dataDir, photoId, 'large'), sharp(img.data, rawOf(img)).jpeg(LARGE_JPEG));
}

const rawOf = (img: RawImage) => ({ raw: { width: img.width, height: img.height, channels: img.channels } });

/** The small thumbnail's pixels (what the perceptual hash is computed from). */
export async function smallImage(img: RawImage): Promise<RawImage> {
  const { data, info } = await sharp(img.data, rawOf(img))
    .resize(SMALL_SIZE, SMALL_SIZE, { fit: 'inside', withoutEnlargement: true, kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/**
 * Both sizes from the one working image. Returns the small image's pixels, which later stages
 * that need only a small picture (the perceptual hash) use instead of resizing the large one again.
 * Huffman optimisation is off: it halves the encode time for a few percent of file size.
 */
export async function writeThumbnails(dataDir: string, photoId: number, img: RawImage): Promise<RawImage> {
  const small = await smallImage(img);
  await Promise.all([
    writeAtomically(thumbnailPath(dataDir, photoId, 'large'), sharp(img.data, rawOf(img)).jpeg({ quality: 82, optimiseCoding: false })),
    writeAtomically(thumbnailPath(dataDir, photoId, 'small'), sharp(small.data, rawOf(small)).jpeg({ quality: 80, optimiseCoding: false })),
  ]);
  return small;
}

/** Half-written thumbnails of a killed indexer (their rows were never committed, so they are redone). */
export async function removeStaleTemporaries(dataDir: string): Promise<number> {
  const root = path.join(dataDir, 'thumbs');
  let removed = 0;
  let shards: string[];
  try {
    shards = await fs.readdir(root);
  } catch {
    return 0;
  }
  for (const shard of shards) {
    const dir = path.join(root, shard);
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      if (!name.endsWith('.tmp')) continue;
      await fs.rm(path.join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}
