// One photo through every stage: read once, hash, decode once, then the media stage (thumbnails,
// perceptual hash, EXIF) and the model stages (faces, objects, classification) from that decode, written in
// one transaction, together with what follows from them (people, places). Each stage records its
// version; only stages whose version changed are redone.
// A moved or renamed file is recognised by its content hash and takes over the old row (relink),
// so everything attached to the photo follows it.
import fs from 'node:fs/promises';
import type { Catalog } from '../catalog.js';
import type { FailureKind, IndexedFields, PhotoRow } from '../db/repos/photo.repo.js';
import { hashBuffer } from '../media/content-hash.js';
import { decodePhoto, type DecodedPhoto } from '../media/decode.js';
import { fileDate, readExif, type ExifInfo } from '../media/exif.js';
import { needsEmbeddedPreview } from '../media/formats.js';
import { MediaError } from '../media/media-error.js';
import { phashOf } from '../media/phash.js';
import { writeThumbnails } from '../media/thumbnails.js';
import { describeFsError, mtimeOf } from '../library/walk.js';
import { CLASSIFY_STAGE, FACES_STAGE, OBJECTS_STAGE, type Classification, type VisionService } from '../vision/vision.service.js';
import type { FaceInput } from '../db/repos/face.repo.js';

/** Bump when the media stage's output changes; photos indexed by an older version are redone. */
export const MEDIA_STAGE = 'media';
export const MEDIA_VERSION = '1';
/** Files above this are not read into memory (no photo is this big; a video or disk image may be). */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

export type Outcome =
  | { kind: 'indexed'; photoId: number; /** faces were detected again where some existed */ redetected?: boolean }
  | { kind: 'unchanged' | 'relinked'; photoId: number }
  | { kind: 'failed' | 'unsupported'; photoId: number; reason: string }
  | { kind: 'missing' | 'gone'; photoId: number };

/** Said of every failure that is not the file's fault (failure_kind 'transient'). */
export const RETRY = 'This is not a problem with the photo: it is tried again at the next scan.';

/** A decode that failed on bytes that were still being written is not the file's fault. */
async function changedSince(file: string, size: number, mtimeMs: number): Promise<boolean> {
  const st = await fs.stat(file).catch(() => null);
  return st !== null && (st.size !== size || mtimeOf(st) !== mtimeMs);
}

/**
 * What follows a photo's new faces and GPS, written in the photo's own transaction (SmartAlbum
 * wires people and places): a crash never leaves a photo indexed but not yet placed or clustered.
 */
export interface PhotoFollowers {
  indexed(photoId: number, redetected: boolean): void;
  /** the transaction was rolled back: drop in-memory state built inside it */
  rolledBack(): void;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Test hooks at the pipeline's boundaries, for failures that cannot be made on demand (a full disk):
 * throwing from one behaves as that step failing. Never set outside tests.
 */
export interface PipelineFaults {
  beforeThumbnails?(photoId: number): void;
}

export async function indexPhoto(
  catalog: Catalog,
  row: PhotoRow,
  jobId: number,
  vision: VisionService | null,
  followers: PhotoFollowers | null = null,
  faults?: PipelineFaults,
): Promise<Outcome> {
  const { photos, jobs, db, now } = catalog;
  const finish = <T>(write: () => T): T =>
    db.transaction(() => {
      const r = write();
      jobs.finish(jobId);
      return r;
    })();
  const problem = (status: 'failed' | 'unsupported', reason: string, size = row.size, mtimeMs = row.mtime_ms, kind: FailureKind = 'file'): Outcome => {
    finish(() => photos.markProblem(row.id, status, reason, size, mtimeMs, kind));
    return { kind: status, photoId: row.id, reason };
  };

  let st;
  let buf: Buffer;
  try {
    st = await fs.stat(row.path);
    if (!st.isFile()) return problem('failed', 'Not a regular file.');
    if (st.size > MAX_FILE_BYTES) return problem('failed', `File too large (${Math.round(st.size / 2 ** 20)} MiB) to be a photo.`, st.size);
    buf = await fs.readFile(row.path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      // Vanished before we got to it. A file never indexed has nothing attached: forget it.
      if (row.indexed_at === null) {
        finish(() => photos.delete(row.id));
        return { kind: 'gone', photoId: row.id };
      }
      finish(() => photos.markMissing(row.id, now()));
      return { kind: 'missing', photoId: row.id };
    }
    // permissions, a failing disk, too many open files: not the photo's fault, so read it again next scan
    return problem('failed', `${describeFsError(err, 'file')} ${RETRY}`, row.size, row.mtime_ms, 'transient');
  }
  const size = st.size;
  const mtimeMs = mtimeOf(st);
  const hash = hashBuffer(buf);

  const mediaCurrent = hash === row.content_hash && row.indexed_at !== null && photos.stageVersion(row.id, MEDIA_STAGE) === MEDIA_VERSION;
  const classifyVersion = vision?.classifyVersion() ?? null;
  const classifyDue = classifyVersion !== null && photos.stageVersion(row.id, CLASSIFY_STAGE) !== classifyVersion;
  const facesVersion = vision?.facesVersion() ?? null;
  const facesDue = facesVersion !== null && photos.stageVersion(row.id, FACES_STAGE) !== facesVersion;
  const objectsVersion = vision?.objectsVersion() ?? null;
  const objectsDue = objectsVersion !== null && photos.stageVersion(row.id, OBJECTS_STAGE) !== objectsVersion;

  // Touched but not changed (same bytes), every stage current: nothing to redo.
  if (mediaCurrent && !classifyDue && !facesDue && !objectsDue) {
    finish(() => photos.moveTo(row.id, row.path, row.file_name, row.root_id, size, mtimeMs));
    return { kind: 'unchanged', photoId: row.id };
  }

  // A new path whose bytes match a photo whose file is gone: the same photo, moved or renamed.
  if (row.indexed_at === null) {
    for (const old of photos.sameContent(hash, row.id)) {
      if (old.status !== 'missing' && (await exists(old.path))) continue; // a real copy, not a move
      finish(() => {
        photos.delete(row.id); // its job goes with it (ON DELETE CASCADE)
        photos.moveTo(old.id, row.path, row.file_name, row.root_id, size, mtimeMs);
      });
      return { kind: 'relinked', photoId: old.id };
    }
  }

  try {
    const [decoded, media] = await Promise.all([
      decodePhoto(buf, row.file_name, needsEmbeddedPreview(row.path)),
      mediaCurrent ? null : readExif(buf),
    ]);
    faults?.beforeThumbnails?.(row.id);
    const fields = media ? await mediaFields(catalog.dataDir, row.id, decoded, media, { hash, size, mtimeMs }) : null;
    // A model problem leaves the photo catalogued without faces or categories; a later run fills them in.
    const faces = facesDue ? await vision!.faces(decoded.working, decoded.width).catch(() => null) : null;
    const redetected = faces !== null && catalog.faces.forPhoto(row.id).length > 0;
    const objects = objectsDue ? await vision!.objects(decoded.working).catch(() => null) : null;
    let classification: Classification | null = null;
    if (classifyDue) {
      const known = faces ?? catalog.faces.forPhoto(row.id).map((f) => ({ x: f.x, y: f.y, w: f.w, h: f.h, qualityOk: f.quality_ok === 1, score: f.score }) as FaceInput);
      const things = objects?.objects ?? catalog.objects.forPhoto(row.id);
      classification = await vision!.classify(decoded.working, known, things).catch(() => null);
    }
    // a model that failed just now is out of the evidence: the version says so, and a later run redoes it
    const classifiedWith = vision?.classifyVersion() ?? classifyVersion;
    finish(() => {
      if (fields) {
        photos.writeIndexed(row.id, fields, now());
        photos.recordStage(row.id, MEDIA_STAGE, MEDIA_VERSION, now());
      } else photos.moveTo(row.id, row.path, row.file_name, row.root_id, size, mtimeMs);
      if (faces) {
        catalog.faces.replaceDetections(row.id, faces);
        photos.recordStage(row.id, FACES_STAGE, facesVersion!, now());
      }
      if (objects) {
        catalog.objects.replace(row.id, objects.model, objects.objects);
        photos.recordStage(row.id, OBJECTS_STAGE, objectsVersion!, now());
      }
      if (classification) {
        catalog.categories.writeMachine(row.id, classification.model, classification.top, classification.categories);
        catalog.features.write(row.id, classification.model, classification.features);
        photos.recordStage(row.id, CLASSIFY_STAGE, classifiedWith!, now());
      }
      followers?.indexed(row.id, redetected);
    });
    return { kind: 'indexed', photoId: row.id, redetected };
  } catch (err) {
    if (!(err instanceof MediaError)) followers?.rolledBack(); // may have failed inside the transaction
    if (err instanceof MediaError) {
      if (await changedSince(row.path, size, mtimeMs)) return problem('failed', `The file changed while it was being read. ${RETRY}`, size, mtimeMs, 'transient');
      return problem(err.status, err.message, size, mtimeMs);
    }
    // a full disk or database, a busy database, a thumbnail that could not be written: the photo is fine
    return problem('failed', `Indexing could not finish: ${(err as Error).message}. ${RETRY}`, size, mtimeMs, 'transient');
  }
}

/** Thumbnails, perceptual hash and the catalog fields of the media stage, from the one decode. */
async function mediaFields(
  dataDir: string,
  photoId: number,
  decoded: DecodedPhoto,
  exif: ExifInfo,
  file: { hash: string; size: number; mtimeMs: number },
): Promise<IndexedFields> {
  const phash = phashOf(await writeThumbnails(dataDir, photoId, decoded.working));
  const date = exif.takenAt ? { takenAt: exif.takenAt, tzOffsetMin: exif.tzOffsetMin } : fileDate(file.mtimeMs);
  return {
    content_hash: file.hash,
    size: file.size,
    mtime_ms: file.mtimeMs,
    warning: exif.warning,
    format: decoded.format,
    width: decoded.width,
    height: decoded.height,
    orientation: decoded.orientation,
    phash,
    taken_at: date.takenAt,
    tz_offset_min: date.tzOffsetMin,
    date_source: exif.takenAt ? 'exif' : 'file',
    camera_make: exif.make,
    camera_model: exif.model,
    lens: exif.lens,
    gps_lat: exif.lat,
    gps_lon: exif.lon,
    gps_alt: exif.alt,
    gps_problem: exif.gpsProblem,
    preview_source: decoded.previewSource,
  };
}
