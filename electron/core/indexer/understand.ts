// Pass 2, "understand it": for a photo pass 1 already put in the grid, one decode to the working
// image (1600 px: the viewer's large image; the models take their own smaller views of it), then
// the detail stage (large image, perceptual hash) and the model stages (faces, objects,
// classification), written in one transaction with what follows (people). Each stage records its
// version; only the stages that are missing or outdated run, so a new classifier re-runs only
// classification. Its jobs sit in the same SQLite queue as pass 1's, below them.
import fs from 'node:fs/promises';
import type { Catalog } from '../catalog.js';
import type { FaceInput } from '../db/repos/face.repo.js';
import type { PhotoRow } from '../db/repos/photo.repo.js';
import { INDEX_JOB } from '../library/scanner.service.js';
import { mtimeOf } from '../library/walk.js';
import { decodePhoto } from '../media/decode.js';
import { needsEmbeddedPreview } from '../media/formats.js';
import { MediaError } from '../media/media-error.js';
import { phashOf } from '../media/phash.js';
import { smallImage, writeLargeThumbnail } from '../media/thumbnails.js';
import { markFacesInAnimals } from '../vision/face-quality.js';
import { CLASSIFY_STAGE, FACES_STAGE, OBJECTS_STAGE, type Classification, type VisionService } from '../vision/vision.service.js';
import type { RawImage } from '../media/decode.js';
import { normRotation, unturnBox, unturnPoint, type Rotation } from '../../shared/turn.js';
import sharp from 'sharp';
import { jobFinisher, type Outcome, type PhotoFollowers } from './pipeline.js';

export const UNDERSTAND_JOB = 'understand';
/** The large viewer image and the perceptual hash. Bump when their output changes. */
export const DETAIL_STAGE = 'detail';
export const DETAIL_VERSION = '1';

/** The stages pass 2 owns, with the version each should have now (null: that model is not available). */
export function understandStages(vision: VisionService | null): [string, string][] {
  const out: [string, string][] = [[DETAIL_STAGE, DETAIL_VERSION]];
  for (const [stage, version] of [
    [FACES_STAGE, vision?.facesVersion()],
    [OBJECTS_STAGE, vision?.objectsVersion()],
    [CLASSIFY_STAGE, vision?.classifyVersion()],
  ] as const) {
    if (version) out.push([stage, version]);
  }
  return out;
}

/** The model stages see the photo as the user turned it, so their version says which way up that was. */
export const TURNED_STAGES: ReadonlySet<string> = new Set([FACES_STAGE, OBJECTS_STAGE, CLASSIFY_STAGE]);
export function turnSuffix(rotation: number | null | undefined): string {
  const r = normRotation(rotation);
  return r ? `+turn${r}` : '';
}
/** The version a stage should have for a photo turned by `rotation`. */
export function stageVersionFor(stage: string, version: string, rotation: number | null | undefined): string {
  return TURNED_STAGES.has(stage) ? version + turnSuffix(rotation) : version;
}

/** Does this photo owe pass 2 anything? */
export function understandingDue(catalog: Catalog, photo: Pick<PhotoRow, 'id' | 'display_rotation'>, vision: VisionService | null): boolean {
  return understandStages(vision).some(
    ([stage, version]) => catalog.photos.stageVersion(photo.id, stage) !== stageVersionFor(stage, version, photo.display_rotation),
  );
}

/** The working image turned clockwise as the user turned the photo for display. */
export async function turnImage(img: RawImage, rotation: Rotation): Promise<RawImage> {
  if (!rotation) return img;
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } })
    .rotate(rotation)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: img.channels };
}

export async function understandPhoto(
  catalog: Catalog,
  row: PhotoRow,
  jobId: number,
  vision: VisionService | null,
  followers: PhotoFollowers | null = null,
): Promise<Outcome> {
  const { photos, jobs, now } = catalog;
  const finish = jobFinisher(catalog, jobId);
  // failed, missing or gone since pass 1 queued it: pass 1 owns those states
  if (row.status !== 'indexed') return finish(() => ({ kind: 'unchanged', photoId: row.id }) as const);
  const later = (reason: string): Outcome => {
    // the photo stays in the grid; its missing stages are queued again at the next scan or start
    finish(() => undefined);
    const again = 'Finding people and things in it is tried again at the next scan.';
    return { kind: 'failed', photoId: row.id, reason: `${reason} ${again}`, stillBrowsable: true };
  };

  let buf: Buffer;
  let size: number;
  let mtimeMs: number;
  try {
    const st = await fs.stat(row.path);
    size = st.size;
    mtimeMs = mtimeOf(st);
    buf = size === row.size && mtimeMs === row.mtime_ms ? await fs.readFile(row.path) : Buffer.alloc(0);
  } catch (err) {
    // gone: the watcher (or the next scan) marks it missing
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return finish(() => ({ kind: 'unchanged', photoId: row.id }) as const);
    return later(`The file could not be read (${(err as Error).message}).`);
  }
  // changed since pass 1 read it (size and time, as the scanner and the media route judge it; no
  // second hash of every file): pass 1 sees it again first, and queues this pass afterwards
  if (size !== row.size || mtimeMs !== row.mtime_ms) {
    return finish(() => {
      jobs.enqueue(INDEX_JOB, row.id, now());
      return { kind: 'unchanged', photoId: row.id } as const;
    });
  }

  // the models see the photo the way up the user turned it; a new turn makes their stages due again
  const rotation = normRotation(row.display_rotation);
  const turned = (version: string | null | undefined) => (version ? version + turnSuffix(rotation) : version);
  const due = (stage: string, version: string | null | undefined): version is string =>
    !!version && photos.stageVersion(row.id, stage) !== version;
  const detailDue = due(DETAIL_STAGE, DETAIL_VERSION);
  const facesVersion = turned(vision?.facesVersion());
  const facesDue = due(FACES_STAGE, facesVersion);
  const objectsVersion = turned(vision?.objectsVersion());
  const objectsDue = due(OBJECTS_STAGE, objectsVersion);
  const classifyVersion = turned(vision?.classifyVersion());
  const classifyDue = due(CLASSIFY_STAGE, classifyVersion);
  if (!detailDue && !facesDue && !objectsDue && !classifyDue) return finish(() => ({ kind: 'unchanged', photoId: row.id }) as const);

  try {
    const decoded = await decodePhoto(buf, row.file_name, needsEmbeddedPreview(row.path));
    let phash: string | null = null;
    if (detailDue) {
      // the same small image pass 1's predecessor hashed, so hashes stay comparable with older catalogs
      phash = phashOf(await smallImage(decoded.working));
      await writeLargeThumbnail(catalog.dataDir, row.id, decoded.working);
    }
    // The models look at the photo turned as the user shows it; what they find is turned back, so
    // every box in the catalog stays in the frame of the photo's file (the viewer turns them).
    const seen = facesDue || objectsDue || classifyDue ? await turnImage(decoded.working, rotation) : decoded.working;
    const seenWidth = rotation % 180 ? decoded.height : decoded.width;
    // A model problem leaves the photo without faces or categories; a later run fills them in.
    const found = facesDue
      ? await vision!
          .faces(seen, seenWidth)
          .then((list) => (rotation ? list.map((f) => ({ ...unturnBox(f, rotation), landmarks: f.landmarks.map((p) => unturnPoint(p, rotation)) })) : list))
          .catch(() => null)
      : null;
    const redetected = found !== null && catalog.faces.forPhoto(row.id).length > 0;
    const objects = objectsDue
      ? await vision!
          .objects(seen)
          .then((o) => (rotation ? { ...o, objects: o.objects.map((b) => unturnBox(b, rotation)) } : o))
          .catch(() => null)
      : null;
    // a "face" inside a dog's or a cat's box is the animal's: never a person (face-quality.ts)
    const faces = found && markFacesInAnimals(found, objects?.objects ?? catalog.objects.forPhoto(row.id));
    let classification: Classification | null = null;
    if (classifyDue) {
      const stored = () =>
        catalog.faces.forPhoto(row.id).map((f) => ({ x: f.x, y: f.y, w: f.w, h: f.h, score: f.score, qualityOk: f.quality_ok === 1 }) as FaceInput);
      const known = faces ?? stored();
      const things = objects?.objects ?? catalog.objects.forPhoto(row.id);
      classification = await vision!.classify(seen, known, things).catch(() => null);
    }
    // a model that failed just now is out of the evidence: the version says so, and a later run redoes it
    const classifiedWith = turned(vision?.classifyVersion()) ?? classifyVersion;
    finish(() => {
      if (phash !== null) {
        photos.setPhash(row.id, phash);
        photos.recordStage(row.id, DETAIL_STAGE, DETAIL_VERSION, now());
      }
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
    if (!(err instanceof MediaError)) {
      followers?.rolledBack(); // may have failed inside the transaction
      return later(`Indexing could not finish: ${(err as Error).message}.`);
    }
    // the header and EXIF thumbnail were fine, the image itself is not: it leaves the grid with the reason
    const st = await fs.stat(row.path).catch(() => null);
    if (st && (st.size !== size || mtimeOf(st) !== mtimeMs)) return later('The file changed while it was being read.');
    finish(() => photos.markProblem(row.id, err.status, err.message, size, mtimeMs));
    return { kind: err.status, photoId: row.id, reason: err.message };
  }
}
