// Migration 005 (failure kind), from a version-4 catalog. Kept apart from migrations.test.ts so
// migrations added in parallel merge cleanly; renumber with the migration if it moves.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

describe('005 failure kind', () => {
  it('sorts the failures of a version-4 catalog: not the file\'s fault heals, the file\'s fault sticks', () => {
    const db = new Database(path.join(tempDir('mig5'), 'catalog.sqlite'));
    migrate(db, 4);
    const add = db.prepare(`INSERT INTO photos (path, file_name, size, mtime_ms, status, error, first_seen_at) VALUES (?, ?, 1, 1, ?, ?, 1)`);
    const rows: [string, string, string | null][] = [
      ['full', 'failed', 'Unexpected error while indexing: database or disk is full'],
      ['perm', 'failed', 'Smart Album is not allowed to read this file (permission denied). Check its permissions.'],
      ['emfile', 'failed', 'The file could not be read: EMFILE: too many open files'],
      ['truncated', 'failed', 'Damaged or incomplete file (premature end of JPEG file).'],
      ['heic', 'unsupported', 'This HEIC/RAW file has no embedded preview Smart Album can read'],
      ['fine', 'indexed', null],
    ];
    for (const [name, status, error] of rows) add.run(`/p/${name}.jpg`, `${name}.jpg`, status, error);
    expect(migrate(db, 5)).toBe(5);
    const kinds = Object.fromEntries(
      (db.prepare('SELECT file_name, failure_kind FROM photos').all() as { file_name: string; failure_kind: string | null }[]).map((r) => [r.file_name, r.failure_kind]),
    );
    expect(kinds).toEqual({
      'full.jpg': 'transient', 'perm.jpg': 'transient', 'emfile.jpg': 'transient',
      'truncated.jpg': 'file', 'heic.jpg': 'file', 'fine.jpg': null,
    });
    expect(() => db.prepare(`UPDATE photos SET failure_kind = 'bogus'`).run()).toThrow(/CHECK/);
  });
});
