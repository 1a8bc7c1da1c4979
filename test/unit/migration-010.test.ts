// Migration 010 (decode warnings), from a version-9 catalog: photos refused as damaged are read once more at
// the next scan (the decoder now accepts what it only warns about); other failures keep their kind.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

describe('010 decode warnings', () => {
  it('turns "damaged" refusals into failures the next scan retries, and nothing else', () => {
    const db = new Database(path.join(tempDir('mig10'), 'catalog.sqlite'));
    migrate(db, 9);
    const add = db.prepare(`INSERT INTO photos (path, file_name, size, mtime_ms, status, error, failure_kind, first_seen_at) VALUES (?, ?, 1, 1, ?, ?, ?, 1)`);
    const rows: [string, string, string | null, string | null][] = [
      ['warned', 'failed', 'Damaged or incomplete file (Corrupt JPEG data: 14 extraneous bytes before marker 0xdb). If it is still being copied it will be retried when it changes.', 'file'],
      ['empty', 'failed', 'Empty file (0 bytes): nothing to show.', 'file'],
      ['notes', 'failed', 'Not an image Smart Album can read: the content of "notes.jpg" is not JPEG, PNG, WebP, TIFF, GIF or AVIF.', 'file'],
      ['heic', 'unsupported', 'This HEIC/RAW file has no embedded preview Smart Album can read', 'file'],
      ['disk', 'failed', 'Indexing could not finish: database or disk is full. This is not a problem with the photo: it is tried again at the next scan.', 'transient'],
      ['fine', 'indexed', null, null],
    ];
    for (const [name, status, error, kind] of rows) add.run(`/p/${name}.jpg`, `${name}.jpg`, status, error, kind);
    expect(migrate(db, 10)).toBe(10);
    const kinds = Object.fromEntries(
      (db.prepare('SELECT file_name, failure_kind FROM photos').all() as { file_name: string; failure_kind: string | null }[]).map((r) => [r.file_name, r.failure_kind]),
    );
    expect(kinds).toEqual({
      'warned.jpg': 'transient', 'empty.jpg': 'file', 'notes.jpg': 'file', 'heic.jpg': 'file', 'disk.jpg': 'transient', 'fine.jpg': null,
    });
  });
});
