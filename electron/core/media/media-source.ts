// What the UI may load as an image, for both hosts (Electron's photo:// protocol and web mode's
// GET /media/...): a catalogued photo's thumbnails or original, or a face crop. Requests name a
// kind and a numeric id, never a path; an original is served only while it is still the decoded
// image inside a library root that the catalog knows (originalFile below).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { normRotation, turnBox } from '../../shared/turn.js';
import type { Catalog } from '../catalog.js';
import type { PhotoRow } from '../db/repos/photo.repo.js';
import { Containment, realpathOrNull } from '../library/containment.js';
import { mtimeOf } from '../library/walk.js';
import { renderLargeOnDemand } from './large-on-demand.js';
import { thumbnailPath } from './thumbnails.js';

export const MEDIA_KINDS = ['small', 'large', 'original', 'face'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** The file an original was checked as: what is opened must still be it (see openMedia). */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export type MediaResult =
  /** etag: the content changes under the same address (a face crop follows its box and the photo's turn), so hosts revalidate it */
  | { status: 200; contentType: string; file?: string; body?: Buffer; identity?: FileIdentity; etag?: string }
  | { status: 304; etag: string }
  | { status: 400 | 403 | 404; message: string };
export type MediaFound = Extract<MediaResult, { status: 200 }>;

/** Said when the checked file was swapped or changed between the check and the open. */
export const CHANGED_WHILE_SERVED = 'The file changed while it was being opened; reload to try again.';

/**
 * Opens the file mediaFor named, for the host to send. The path was checked when mediaFor ran; a link
 * or another file put in its place since then (a swap between the check and the open) is refused: the
 * last component is opened without following a link, and the opened file must be the very file that
 * was checked (same device and inode, size and time); otherwise it throws, saying CHANGED_WHILE_SERVED.
 */
export async function openMedia(m: MediaFound): Promise<fs.promises.FileHandle> {
  if (!m.file) throw new Error('Nothing to open: the media is in memory.');
  const noFollow = m.identity ? (fs.constants.O_NOFOLLOW ?? 0) : 0;
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(m.file, fs.constants.O_RDONLY | noFollow);
  } catch {
    throw new Error(CHANGED_WHILE_SERVED);
  }
  if (m.identity) {
    const st = await fh.stat();
    const id = m.identity;
    if (!st.isFile() || st.dev !== id.dev || st.ino !== id.ino || st.size !== id.size || mtimeOf(st) !== id.mtimeMs) {
      await fh.close();
      throw new Error(CHANGED_WHILE_SERVED);
    }
  }
  return fh;
}

/** The whole of what mediaFor found, read through openMedia (the desktop protocol answers with bytes). */
export async function readMedia(m: MediaFound): Promise<Buffer> {
  if (m.body) return m.body;
  const fh = await openMedia(m);
  try {
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

const BROWSER_TYPES: Record<string, string> = { jpeg: 'image/jpeg', jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif' };

/** "/small/12", "face/7", ... -> what to send; ifNoneMatch: the etag the client holds (304 when it is still right). */
export async function mediaFor(catalog: Catalog, kindAndId: string, ifNoneMatch?: string | null): Promise<MediaResult> {
  const m = /^\/?(small|large|original|face)\/(\d{1,12})$/.exec(kindAndId);
  if (!m) return { status: 400, message: 'Ask for /small/<id>, /large/<id>, /original/<id> or /face/<id>.' };
  const kind = m[1] as MediaKind;
  const id = Number(m[2]);
  if (kind === 'face') {
    const face = catalog.people.face(id);
    const large = face && thumbnailPath(catalog.dataDir, face.photo_id, 'large');
    if (!face || !large || !fs.existsSync(large)) return { status: 404, message: `No face #${id}.` };
    // turned as the user turned the photo, so a face from a sideways scan is upright in People
    // (sharp turns before it cuts: the box is turned with the image)
    const turn = normRotation(catalog.photos.get(face.photo_id)?.display_rotation);
    // the same face id shows another crop once the photo is turned or the face detected again
    const etag = `"${[face.x, face.y, face.w, face.h].map((v) => v.toFixed(5)).join(',')},${turn},${Math.round(fs.statSync(large).mtimeMs)}"`;
    if (ifNoneMatch === etag) return { status: 304, etag };
    const meta = await sharp(large).metadata();
    const box = turnBox(face, turn);
    const [W, H] = turn % 180 ? [meta.height!, meta.width!] : [meta.width!, meta.height!];
    // the face box with a margin, square
    const side = Math.min(W, H, Math.round(Math.max(box.w * W, box.h * H) * 1.6));
    const left = Math.max(0, Math.min(W - side, Math.round((box.x + box.w / 2) * W - side / 2)));
    const top = Math.max(0, Math.min(H - side, Math.round((box.y + box.h / 2) * H - side / 2)));
    const body = await sharp(large)
      .rotate(turn)
      .extract({ left, top, width: Math.max(1, side), height: Math.max(1, side) })
      .resize(160, 160)
      .jpeg({ quality: 85 })
      .toBuffer();
    return { status: 200, contentType: 'image/jpeg', body, etag };
  }
  const photo = catalog.photos.get(id);
  if (!photo) return { status: 404, message: `Photo #${id} is not in the catalog.` };
  if (kind === 'original') {
    const original = await originalFile(catalog, photo);
    if (original) return original;
    // HEIC, RAW, TIFF, a missing original, a file changed since it was read: the large thumbnail is what can be shown
  }
  const thumb = thumbnailPath(catalog.dataDir, id, kind === 'small' ? 'small' : 'large');
  // pass 1 made only the grid thumbnail: the viewer's image is made now, ahead of pass 2
  if (kind !== 'small' && !fs.existsSync(thumb) && (await renderLargeOnDemand(catalog, photo))) {
    return { status: 200, contentType: 'image/jpeg', file: thumb };
  }
  if (!fs.existsSync(thumb)) return { status: 404, message: `Photo #${id} has no thumbnail yet.` };
  return { status: 200, contentType: 'image/jpeg', file: thumb };
}

/**
 * The original, checked now rather than trusted from the catalog (a file can be swapped for a link
 * after it was indexed): only a photo the catalog decoded, whose real path is still inside a library
 * root (see library/containment.ts), with the size and time it had when it was decoded, so the bytes
 * sent are the image the catalog knows. The real path is what the host opens, through openMedia, which
 * checks that it is still this file. null: show the thumbnail.
 */
async function originalFile(catalog: Catalog, photo: PhotoRow): Promise<MediaResult | null> {
  if (photo.status === 'missing') return null;
  if (photo.status === 'pending') return { status: 404, message: `Photo #${photo.id} is not indexed yet.` };
  if (photo.status !== 'indexed') {
    return { status: 404, message: `Photo #${photo.id} could not be read as an image (${photo.status}), so its file is not served.` };
  }
  const real = await realpathOrNull(photo.path);
  if (!real) return null; // gone since: the watcher will mark it missing
  const containment = new Containment(catalog.roots.all().map((r) => r.path), catalog.dataDir);
  if (containment.placeOf(real).kind !== 'root') {
    return { status: 403, message: `Photo #${photo.id} now leads outside your library folders, so its file is not served.` };
  }
  const st = await fs.promises.stat(real).catch(() => null);
  if (!st?.isFile() || st.size !== photo.size || mtimeOf(st) !== photo.mtime_ms) return null;
  // a RAW or HEIC file decoded from its embedded JPEG is not itself a JPEG
  const type = photo.preview_source === 'image' ? BROWSER_TYPES[(photo.format ?? '').toLowerCase()] : undefined;
  return type ? { status: 200, contentType: type, file: real, identity: { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: mtimeOf(st) } } : null;
}
