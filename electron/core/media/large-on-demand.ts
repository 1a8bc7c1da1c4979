// A photo opened while pass 2 has not reached it yet: its large viewer image is made now, ahead of
// the queue (one decode, ~0.3 s for a 12 MP JPEG), from the file the catalog knows. The file is
// checked as the original route checks it (inside a library root by its real path, with the size and
// time it had when indexed); pass 2 writes the same image again when it gets there, atomically.
import fs from 'node:fs/promises';
import type { Catalog } from '../catalog.js';
import type { PhotoRow } from '../db/repos/photo.repo.js';
import { Containment, realpathOrNull } from '../library/containment.js';
import { mtimeOf } from '../library/walk.js';
import { decodePhoto } from './decode.js';
import { needsEmbeddedPreview } from './formats.js';
import { writeLargeThumbnail } from './thumbnails.js';

const inFlight = new Map<string, Promise<boolean>>();

/** true when the large image now exists; false when this photo's file cannot make it. */
export function renderLargeOnDemand(catalog: Catalog, photo: PhotoRow): Promise<boolean> {
  const key = `${catalog.dataDir}\0${photo.id}`;
  let job = inFlight.get(key);
  if (!job) {
    // two requests for one photo (grid prefetch and the viewer) share one decode
    job = render(catalog, photo)
      .catch(() => false)
      .finally(() => inFlight.delete(key));
    inFlight.set(key, job);
  }
  return job;
}

async function render(catalog: Catalog, photo: PhotoRow): Promise<boolean> {
  if (photo.status !== 'indexed') return false;
  const real = await realpathOrNull(photo.path);
  if (!real) return false;
  const containment = new Containment(catalog.roots.all().map((r) => r.path), catalog.dataDir);
  if (containment.placeOf(real).kind !== 'root') return false;
  const st = await fs.stat(real).catch(() => null);
  if (!st?.isFile() || st.size !== photo.size || mtimeOf(st) !== photo.mtime_ms) return false;
  const decoded = await decodePhoto(await fs.readFile(real), photo.file_name, needsEmbeddedPreview(photo.path));
  await writeLargeThumbnail(catalog.dataDir, photo.id, decoded.working);
  return true;
}
