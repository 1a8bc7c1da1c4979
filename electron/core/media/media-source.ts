// What the UI may load as an image, for both hosts (Electron's photo:// protocol and web mode's
// GET /media/...): a catalogued photo's thumbnails or original, or a face crop. Requests name a
// kind and a numeric id, never a path, so nothing outside the catalog can be reached.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Catalog } from '../catalog.js';
import { thumbnailPath } from './thumbnails.js';

export const MEDIA_KINDS = ['small', 'large', 'original', 'face'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export type MediaResult = { status: 200; contentType: string; file?: string; body?: Buffer } | { status: 400 | 404; message: string };

const BROWSER_TYPES: Record<string, string> = { jpeg: 'image/jpeg', jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif' };

/** "/small/12", "face/7", ... -> what to send. */
export async function mediaFor(catalog: Catalog, kindAndId: string): Promise<MediaResult> {
  const m = /^\/?(small|large|original|face)\/(\d{1,12})$/.exec(kindAndId);
  if (!m) return { status: 400, message: 'Ask for /small/<id>, /large/<id>, /original/<id> or /face/<id>.' };
  const kind = m[1] as MediaKind;
  const id = Number(m[2]);
  if (kind === 'face') {
    const face = catalog.people.face(id);
    const large = face && thumbnailPath(catalog.dataDir, face.photo_id, 'large');
    if (!face || !large || !fs.existsSync(large)) return { status: 404, message: `No face #${id}.` };
    const meta = await sharp(large).metadata();
    const W = meta.width!;
    const H = meta.height!;
    // the face box with a margin, square
    const side = Math.min(W, H, Math.round(Math.max(face.w * W, face.h * H) * 1.6));
    const left = Math.max(0, Math.min(W - side, Math.round((face.x + face.w / 2) * W - side / 2)));
    const top = Math.max(0, Math.min(H - side, Math.round((face.y + face.h / 2) * H - side / 2)));
    const body = await sharp(large).extract({ left, top, width: Math.max(1, side), height: Math.max(1, side) }).resize(160, 160).jpeg({ quality: 85 }).toBuffer();
    return { status: 200, contentType: 'image/jpeg', body };
  }
  const photo = catalog.photos.get(id);
  if (!photo) return { status: 404, message: `Photo #${id} is not in the catalog.` };
  if (kind === 'original') {
    const type = BROWSER_TYPES[(photo.format ?? path.extname(photo.path).slice(1)).toLowerCase()];
    if (type && photo.status !== 'missing' && fs.existsSync(photo.path)) return { status: 200, contentType: type, file: photo.path };
    // HEIC, RAW, TIFF, a missing original: the large thumbnail is what can be shown
  }
  const thumb = thumbnailPath(catalog.dataDir, id, kind === 'small' ? 'small' : 'large');
  if (!fs.existsSync(thumb)) return { status: 404, message: `Photo #${id} has no thumbnail yet.` };
  return { status: 200, contentType: 'image/jpeg', file: thumb };
}
