// Opening the catalog file without ever replacing one silently. SQLite itself would turn a 0-byte
// file into a new empty catalog and report a read-only file only at the first write, so each case
// is checked here and told with the catalog's path and what to do. A damaged or empty catalog is
// moved aside (with the thumbnails, which are keyed by the old photo ids), never deleted.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { openDatabase, type Db } from './connection.js';

const ELSEWHERE = 'or choose another data folder with --data-dir or SMART_ALBUM_DATA_DIR';

/** Opens (creating if needed) the catalog at `file`; throws an AppError that says what to do when it cannot. */
export function openCatalogDatabase(file: string, now = new Date()): Db {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new AppError('UNAVAILABLE', `Cannot create the data folder ${dir} (${reason(err)}): create it yourself, ${ELSEWHERE}.`);
  }
  const st = statOrNull(file);
  if (st && !st.isFile()) throw new AppError('UNAVAILABLE', `The catalog ${file} is not a file: move it away, ${ELSEWHERE}.`);
  checkWritable(file, dir, st !== null);
  if (st && st.size === 0) throw damaged(file, 'it is empty (0 bytes)', now);
  // checked before SQLite opens it: on closing a file it cannot read, SQLite may delete its -wal
  if (st && !hasSqliteHeader(file)) throw damaged(file, 'file is not a database', now);
  let db: Db;
  try {
    db = openDatabase(file);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) throw damaged(file, reason(err), now);
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') throw readOnly(file, dir, reason(err));
    throw err;
  }
  return db;
}

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function hasSqliteHeader(file: string): boolean {
  const head = Buffer.alloc(HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('UNAVAILABLE', `Cannot read the catalog ${file} (${reason(err)}): check its folder's permissions, ${ELSEWHERE}.`);
  }
}

/**
 * Probes by opening, not with access(2): access checks the real uid, opening the effective one, and
 * SQLite would otherwise open a read-only file read-only without a word and fail at the first write.
 */
function checkWritable(file: string, dir: string, exists: boolean): void {
  if (exists) {
    try {
      fs.closeSync(fs.openSync(file, 'r+'));
    } catch (err) {
      throw readOnly(file, dir, reason(err), 'file');
    }
  }
  // WAL mode keeps catalog.sqlite-wal and -shm beside the catalog: the folder must take new files
  const probe = path.join(dir, `.write-test-${process.pid}`);
  try {
    fs.closeSync(fs.openSync(probe, 'wx'));
    fs.rmSync(probe, { force: true });
  } catch (err) {
    throw readOnly(file, dir, reason(err), 'folder');
  }
}

function readOnly(file: string, dir: string, why: string, what?: 'file' | 'folder'): AppError {
  const fix =
    what === 'file'
      ? `make the file writable (chmod u+w "${file}")`
      : what === 'folder'
        ? `make the folder writable (chmod u+w "${dir}")`
        : `make the file and its folder writable (chmod u+w "${file}" "${dir}")`;
  const where = what === 'folder' ? `its folder ${dir} is read-only` : what === 'file' ? 'the file is read-only' : 'it is read-only';
  return new AppError('UNAVAILABLE', `Cannot write the catalog ${file}: ${where} (${why}). To fix it: ${fix}, ${ELSEWHERE}.`);
}

function damaged(file: string, why: string, now: Date): AppError {
  const aside = moveAside(file, now);
  return new AppError(
    'UNAVAILABLE',
    `The catalog ${file} cannot be used: ${why}. Nothing was deleted: it was moved to ${aside}. ` +
      'Start Smart Album again to begin a new catalog and add your folders again (your photos are not touched), ' +
      `or put a good copy of ${path.basename(file)} back in ${path.dirname(file)}.`,
  );
}

/** catalog.sqlite (+ -wal, -shm) and thumbs/ -> catalog.damaged-<date>/ beside them; returns that folder. */
export function moveAside(file: string, now: Date): string {
  const dir = path.dirname(file);
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  let aside = path.join(dir, `catalog.damaged-${stamp}`);
  for (let n = 2; fs.existsSync(aside); n++) aside = path.join(dir, `catalog.damaged-${stamp}-${n}`);
  fs.mkdirSync(aside);
  for (const name of [path.basename(file), `${path.basename(file)}-wal`, `${path.basename(file)}-shm`, 'thumbs']) {
    if (fs.existsSync(path.join(dir, name))) fs.renameSync(path.join(dir, name), path.join(aside, name));
  }
  return aside;
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EROFS') return 'read-only file system';
  return e.message ?? String(err);
}
