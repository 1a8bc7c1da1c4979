import { VISIBLE } from '../visibility.js';
import type { Photo, PhotoStatus } from '../../../shared/contract.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../connection.js';

export interface PhotoRow {
  id: number;
  root_id: number | null;
  path: string;
  file_name: string;
  size: number;
  mtime_ms: number;
  content_hash: string | null;
  status: PhotoStatus;
  error: string | null;
  /** Why it failed: the file's fault (sticks until it changes) or not (retried at the next scan). */
  failure_kind: FailureKind | null;
  warning: string | null;
  format: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  phash: string | null;
  taken_at: string | null;
  tz_offset_min: number | null;
  date_source: 'exif' | 'file' | null;
  camera_make: string | null;
  camera_model: string | null;
  lens: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
  gps_alt: number | null;
  gps_problem: string | null;
  preview_source: 'image' | 'embedded' | null;
  first_seen_at: number;
  indexed_at: number | null;
  missing_since: number | null;
  /** extra clockwise turn for display (0, 90, 180, 270); the file is never changed */
  display_rotation: number;
  /** 1: taken_at is the user's date; own_taken_at keeps the photo's own */
  user_date: number;
  own_taken_at: string | null;
  own_tz_offset_min: number | null;
}

export type FailureKind = 'file' | 'transient';

/** What the scanner needs to decide, without reading a file, whether it must be read again. */
export interface PhotoStatRow {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
  status: PhotoStatus;
  failure_kind: FailureKind | null;
}

const INDEXED_COLUMNS = [
  'content_hash', 'size', 'mtime_ms', 'warning', 'format', 'width', 'height', 'orientation', 'phash',
  'taken_at', 'tz_offset_min', 'date_source', 'camera_make', 'camera_model', 'lens',
  'gps_lat', 'gps_lon', 'gps_alt', 'gps_problem', 'preview_source',
] as const satisfies readonly (keyof PhotoRow)[];

export interface DuplicateCandidate {
  id: number;
  format: string | null;
  content_hash: string | null;
  phash: string | null;
  width: number;
  height: number;
  size: number;
  taken_at: string | null;
  date_source: string | null;
  gps_lat: number | null;
  camera_model: string | null;
  first_seen_at: number;
}

/** Everything the media stage learns about one photo, written in one statement. */
export type IndexedFields = Pick<PhotoRow, (typeof INDEXED_COLUMNS)[number]> & {
  content_hash: string;
  format: string;
  width: number;
  height: number;
  /** null until pass 2 (indexer/understand.ts) has the picture */
  phash: string | null;
  date_source: 'exif' | 'file';
  preview_source: 'image' | 'embedded';
};

/** favourites: the ids among these rows that are favourites (AlbumRepo.favouritesAmong), for the grid's heart */
export function toPhoto(r: PhotoRow, favourites?: ReadonlySet<number>): Photo {
  return {
    id: r.id,
    rootId: r.root_id,
    path: r.path,
    fileName: r.file_name,
    size: r.size,
    mtimeMs: r.mtime_ms,
    contentHash: r.content_hash,
    status: r.status,
    error: r.error,
    warning: r.warning,
    format: r.format,
    width: r.width,
    height: r.height,
    phash: r.phash,
    takenAt: r.taken_at,
    tzOffsetMin: r.tz_offset_min,
    dateSource: r.user_date ? 'user' : r.date_source,
    ownTakenAt: r.user_date ? r.own_taken_at : r.taken_at,
    rotation: r.display_rotation ?? 0,
    cameraMake: r.camera_make,
    cameraModel: r.camera_model,
    lens: r.lens,
    gpsLat: r.gps_lat,
    gpsLon: r.gps_lon,
    gpsAlt: r.gps_alt,
    gpsProblem: r.gps_problem,
    previewSource: r.preview_source,
    indexedAt: r.indexed_at,
    hasThumbnail: r.indexed_at !== null,
    favourite: favourites?.has(r.id) ?? false,
  };
}

export class PhotoRepo {
  private readonly selId;
  private readonly selPath;
  private readonly selUnder;
  private readonly selHashGone;
  private readonly ins;
  private readonly setIndexed;
  private readonly setStatus;
  private readonly setMissing;
  private readonly setStat;
  private readonly move;
  private readonly del;
  private readonly counts;
  private readonly stage;
  private readonly selStage;
  private readonly selMissingStage;

  constructor(private readonly db: Db) {
    this.selId = db.prepare<[number], PhotoRow>('SELECT * FROM photos WHERE id = ?');
    this.selPath = db.prepare<[string], PhotoRow>('SELECT * FROM photos WHERE path = ?');
    this.selUnder = db.prepare<[number, string, string], PhotoStatRow>(
      // root_id match, plus detached rows under the same folder so a re-added folder gets them back
      `SELECT id, path, size, mtime_ms, status, failure_kind FROM photos
       WHERE root_id = ? OR (root_id IS NULL AND path >= ? AND path < ?)`,
    );
    this.selHashGone = db.prepare<[string, number], PhotoRow>(
      `SELECT * FROM photos WHERE content_hash = ? AND id != ? AND indexed_at IS NOT NULL
       ORDER BY (status = 'missing') DESC, id LIMIT 16`,
    );
    this.ins = db.prepare<[number, string, string, number, number, number]>(
      `INSERT INTO photos (root_id, path, file_name, size, mtime_ms, status, first_seen_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
    );
    // a date the user set wins over the file's: re-indexing refreshes only the photo's own date
    const kept = new Set(['taken_at', 'tz_offset_min']);
    const sets = INDEXED_COLUMNS.map((c) => (kept.has(c) ? `${c} = CASE WHEN user_date = 1 THEN ${c} ELSE @${c} END` : `${c} = @${c}`))
      .concat([
        'own_taken_at = CASE WHEN user_date = 1 THEN @taken_at END',
        'own_tz_offset_min = CASE WHEN user_date = 1 THEN @tz_offset_min END',
      ])
      .join(', ');
    this.setIndexed = db.prepare(
      `UPDATE photos SET ${sets}, status = 'indexed', error = NULL, failure_kind = NULL, indexed_at = @indexed_at, missing_since = NULL WHERE id = @id`,
    );
    this.setStatus = db.prepare<[PhotoStatus, string | null, FailureKind, number, number, number]>(
      'UPDATE photos SET status = ?, error = ?, failure_kind = ?, size = ?, mtime_ms = ? WHERE id = ?',
    );
    this.setMissing = db.prepare<[number, number]>(
      `UPDATE photos SET status = 'missing', missing_since = COALESCE(missing_since, ?) WHERE id = ?`,
    );
    this.setStat = db.prepare<[number | null, number, number, number]>(
      'UPDATE photos SET root_id = COALESCE(?, root_id), size = ?, mtime_ms = ? WHERE id = ?',
    );
    this.move = db.prepare<[string, string, number | null, number, number, number]>(
      `UPDATE photos SET path = ?, file_name = ?, root_id = ?, size = ?, mtime_ms = ?,
         status = 'indexed', error = NULL, failure_kind = NULL, missing_since = NULL WHERE id = ?`,
    );
    this.del = db.prepare<[number]>('DELETE FROM photos WHERE id = ?');
    this.counts = db.prepare<[], { status: PhotoStatus; n: number }>(
      'SELECT status, COUNT(*) AS n FROM photos GROUP BY status',
    );
    // turned: the stage's version carries the photo's display rotation (understand.ts, turnSuffix)
    this.selMissingStage = db.prepare<{ stage: string; version: string; turned: number }, { id: number }>(
      `SELECT p.id FROM photos p WHERE p.status = 'indexed' AND NOT EXISTS
         (SELECT 1 FROM photo_stages s WHERE s.photo_id = p.id AND s.stage = @stage AND s.version = @version ||
           CASE WHEN @turned AND p.display_rotation % 360 <> 0 THEN '+turn' || (p.display_rotation % 360) ELSE '' END)`,
    );
    this.selStage = db.prepare<[number, string], { version: string }>(
      'SELECT version FROM photo_stages WHERE photo_id = ? AND stage = ?',
    );
    this.stage = db.prepare<[number, string, string, number]>(
      `INSERT INTO photo_stages (photo_id, stage, version, done_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(photo_id, stage) DO UPDATE SET version = excluded.version, done_at = excluded.done_at`,
    );
  }

  get(id: number): PhotoRow | undefined {
    return this.selId.get(id);
  }
  byPath(p: string): PhotoRow | undefined {
    return this.selPath.get(p);
  }
  /** Rows belonging to a root (or detached under its folder), for the scanner's diff. */
  statsUnder(rootId: number, rootPath: string, sep: string): PhotoStatRow[] {
    const prefix = rootPath.endsWith(sep) ? rootPath : rootPath + sep;
    // every path under prefix sorts between prefix and prefix with its last char bumped
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return this.selUnder.all(rootId, prefix, upper);
  }
  /**
   * Other catalogued photos with the same content, missing ones first: candidates for a move.
   * Capped, so a file copied thousands of times does not make each new copy check every other.
   */
  sameContent(hash: string, exceptId: number): PhotoRow[] {
    return this.selHashGone.all(hash, exceptId);
  }
  insertPending(rootId: number, p: string, fileName: string, size: number, mtimeMs: number, now: number): number {
    return Number(this.ins.run(rootId, p, fileName, size, mtimeMs, now).lastInsertRowid);
  }
  writeIndexed(id: number, fields: IndexedFields, now: number): void {
    this.setIndexed.run({ ...fields, id, indexed_at: now });
  }
  markProblem(id: number, status: 'failed' | 'unsupported', reason: string, size: number, mtimeMs: number, kind: FailureKind = 'file'): void {
    this.setStatus.run(status, reason, kind, size, mtimeMs, id);
  }
  markMissing(id: number, now: number): void {
    this.setMissing.run(now, id);
  }
  updateStat(id: number, rootId: number | null, size: number, mtimeMs: number): void {
    this.setStat.run(rootId, size, mtimeMs, id);
  }
  /** A moved/renamed file: the old identity takes the new path. */
  moveTo(id: number, p: string, fileName: string, rootId: number | null, size: number, mtimeMs: number): void {
    this.move.run(p, fileName, rootId, size, mtimeMs, id);
  }
  delete(id: number): void {
    this.del.run(id);
  }
  /** Pass 2's perceptual hash (pass 1 leaves it empty). */
  setPhash(id: number, phash: string): void {
    this.updPhash ??= this.db.prepare<[string, number]>('UPDATE photos SET phash = ? WHERE id = ?');
    this.updPhash.run(phash, id);
  }
  private updPhash: Statement<[string, number]> | undefined;
  /** New content: every stage but the one just done (pass 1's) is owed again. */
  clearStagesExcept(id: number, stage: string): void {
    this.delStages ??= this.db.prepare<[number, string]>('DELETE FROM photo_stages WHERE photo_id = ? AND stage != ?');
    this.delStages.run(id, stage);
  }
  private delStages: Statement<[number, string]> | undefined;
  recordStage(id: number, stage: string, version: string, now: number): void {
    this.stage.run(id, stage, version, now);
  }
  stageVersion(id: number, stage: string): string | null {
    return this.selStage.get(id, stage)?.version ?? null;
  }
  /** Indexed photos that lack the given version of a stage (turned: with each photo's display rotation appended). */
  missingStage(stage: string, version: string, turned = false): number[] {
    return this.selMissingStage.all({ stage, version, turned: turned ? 1 : 0 }).map((r) => r.id);
  }
  statusCounts(): Record<PhotoStatus, number> {
    const out: Record<PhotoStatus, number> = { pending: 0, indexed: 0, failed: 0, unsupported: 0, missing: 0 };
    for (const r of this.counts.all()) out[r.status] = r.n;
    return out;
  }
  list(opts: { limit: number; offset: number; status?: PhotoStatus; rootId?: number }): { total: number; rows: PhotoRow[] } {
    const { count, page } = this.listStatements(opts.status !== undefined, opts.rootId !== undefined);
    const params = { limit: opts.limit, offset: opts.offset, status: opts.status, rootId: opts.rootId };
    const named = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    return { total: (count.get(named) as { n: number }).n, rows: page.all(named) as PhotoRow[] };
  }

  /** Every visible indexed photo id in the library's order (select all, bulk actions); prepared on first use. */
  indexedIds(): number[] {
    this.idsIndexed ??= this.db.prepare(`SELECT id FROM photos WHERE status = 'indexed' AND ${VISIBLE('photos')} ORDER BY taken_at DESC, id DESC`);
    return (this.idsIndexed.pluck().all() as number[]);
  }
  private idsIndexed: Statement | undefined;

  /** Perceptual hashes of every visible indexed photo (near-duplicate search). */
  phashes(): { id: number; phash: string }[] {
    this.selPhashes ??= this.db.prepare(`SELECT id, phash FROM photos WHERE phash IS NOT NULL AND status = 'indexed' AND ${VISIBLE('photos')}`);
    return this.selPhashes.all() as { id: number; phash: string }[];
  }
  private selPhashes: Statement | undefined;

  /** What duplicate grouping compares: identity, pHash, size and metadata richness of each visible indexed photo. */
  duplicateCandidates(): DuplicateCandidate[] {
    this.selCandidates ??= this.db.prepare(
      `SELECT id, format, content_hash, phash, width, height, size, taken_at, date_source, gps_lat, camera_model, first_seen_at FROM photos
       WHERE status = 'indexed' AND ${VISIBLE('photos')} ORDER BY id`,
    );
    return this.selCandidates.all() as DuplicateCandidate[];
  }
  private selCandidates: Statement | undefined;

  /** One prepared pair per filter combination, made on first use. */
  private readonly listCache = new Map<string, { count: Statement; page: Statement }>();
  private listStatements(byStatus: boolean, byRoot: boolean) {
    const key = `${byStatus}:${byRoot}`;
    let st = this.listCache.get(key);
    if (!st) {
      const where = [VISIBLE('photos'), byStatus && 'status = @status', byRoot && 'root_id = @rootId'].filter(Boolean).join(' AND ');
      const w = `WHERE ${where}`;
      st = {
        count: this.db.prepare(`SELECT COUNT(*) AS n FROM photos ${w}`),
        // newest first, undated last (SQLite sorts NULL lowest); (taken_at, rowid) is the photos_taken index read backwards
        page: this.db.prepare(`SELECT * FROM photos ${w} ORDER BY taken_at DESC, id DESC LIMIT @limit OFFSET @offset`),
      };
      this.listCache.set(key, st);
    }
    return st;
  }
}
