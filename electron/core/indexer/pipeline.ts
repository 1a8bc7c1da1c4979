// Pass 1, "see everything": one photo read once, hashed, its EXIF read and its grid thumbnail made
// from the EXIF thumbnail or a shrink-on-load decode (media/grid-thumbnail.ts), written in one
// transaction with its places; from then on it is in the grid, the timeline and places. What needs
// the full picture (viewer image, pHash, faces, objects, categories) is queued for pass 2
// (understand.ts) in the same transaction. Each stage records its version; only stages whose version
// changed are redone.
// A moved or renamed file is recognised by its content hash and takes over the old row (relink),
// so everything attached to the photo follows it.
import fs from 'node:fs/promises';
import type { Catalog } from '../catalog.js';
import type { FailureKind, IndexedFields, PhotoRow } from '../db/repos/photo.repo.js';
import { hashBuffer } from '../media/content-hash.js';
import { fileDate, readExif, type ExifInfo } from '../media/exif.js';
import { needsEmbeddedPreview } from '../media/formats.js';
import { writeGridThumbnail, type GridPicture, type GridSource } from '../media/grid-thumbnail.js';
import { MediaError } from '../media/media-error.js';
import { thumbnailPath } from '../media/thumbnails.js';
import { describeFsError, mtimeOf } from '../library/walk.js';
import type { VisionService } from '../vision/vision.service.js';
import { UNDERSTAND_JOB, understandingDue } from './understand.js';

/** Bump when the media stage's output changes; photos indexed by an older version are redone. */
export const MEDIA_STAGE = 'media';
export const MEDIA_VERSION = '1';
/** Files above this are not read into memory (no photo is this big; a video or disk image may be). */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

export type Outcome =
  | {
      kind: 'indexed';
      photoId: number;
      /** faces were detected again where some existed */
      redetected?: boolean;
      /** pass 1: where the grid thumbnail came from */
      source?: GridSource;
    }
  | { kind: 'unchanged' | 'relinked'; photoId: number }
  | {
      kind: 'failed' | 'unsupported';
      photoId: number;
      reason: string;
      /** pass 2 could not finish now; the photo stays in the grid */
      stillBrowsable?: boolean;
    }
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
  /** pass 1 wrote the photo's EXIF (its GPS: places) */
  browsable(photoId: number): void;
  /** pass 2 wrote its faces (people) */
  indexed(photoId: number, redetected: boolean): void;
  /** the transaction was rolled back: drop in-memory state built inside it */
  rolledBack(): void;
  /** a run indexed photos: follow-ups over the whole catalog (people: waiting faces offered again) */
  runEnded?(): void;
}

/** Writes a job's results and ends the job in one transaction (both passes): a crash leaves neither or both. */
export function jobFinisher(catalog: Catalog, jobId: number) {
  return <T>(write: () => T): T =>
    catalog.db.transaction(() => {
      const r = write();
      catalog.jobs.finish(jobId);
      return r;
    })();
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
  const { photos, jobs, now } = catalog;
  const finish = jobFinisher(catalog, jobId);
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
  const queueUnderstanding = () => {
    if (understandingDue(catalog, row, vision)) jobs.enqueue(UNDERSTAND_JOB, row.id, now());
  };

  // Touched but not changed (same bytes): nothing for this pass; pass 2 gets whatever its stages owe.
  if (mediaCurrent) {
    finish(() => {
      photos.moveTo(row.id, row.path, row.file_name, row.root_id, size, mtimeMs);
      queueUnderstanding();
    });
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
    const contentChanged = row.content_hash !== null && row.content_hash !== hash;
    // the old content's viewer image must not stand for the new one (the media route renders it on demand)
    if (contentChanged) await fs.rm(thumbnailPath(catalog.dataDir, row.id, 'large'), { force: true });
    const exif = await readExif(buf);
    faults?.beforeThumbnails?.(row.id);
    const picture = await writeGridThumbnail(catalog.dataDir, row.id, buf, row.file_name, needsEmbeddedPreview(row.path));
    const fields = mediaFields(picture, exif, { hash, size, mtimeMs });
    finish(() => {
      photos.writeIndexed(row.id, fields, now());
      photos.recordStage(row.id, MEDIA_STAGE, MEDIA_VERSION, now());
      if (contentChanged) photos.clearStagesExcept(row.id, MEDIA_STAGE);
      queueUnderstanding();
      followers?.browsable(row.id); // places from its GPS now; people once pass 2 found faces
    });
    return { kind: 'indexed', photoId: row.id, source: picture.source };
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

/** The catalog fields pass 1 knows: the file, its EXIF and its size; no perceptual hash yet (pass 2). */
function mediaFields(picture: GridPicture, exif: ExifInfo, file: { hash: string; size: number; mtimeMs: number }): IndexedFields {
  const date = exif.takenAt ? { takenAt: exif.takenAt, tzOffsetMin: exif.tzOffsetMin } : fileDate(file.mtimeMs);
  return {
    content_hash: file.hash,
    size: file.size,
    mtime_ms: file.mtimeMs,
    warning: exif.warning,
    format: picture.format,
    width: picture.width,
    height: picture.height,
    orientation: picture.orientation,
    phash: null,
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
    preview_source: picture.previewSource,
  };
}
