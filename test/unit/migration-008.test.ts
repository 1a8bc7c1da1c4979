// Migration 008 (search index), from a version-7 catalog. Kept apart from migrations.test.ts so
// migrations added in parallel merge cleanly; renumber with the migration if it moves (it must stay
// after the detector's objects migration: it creates photo_objects only if missing).
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

describe('006 search', () => {
  it('indexes the photos of a version-7 catalog with their labels, WordNet terms, people, places and dates', () => {
    const db = new Database(path.join(tempDir('mig6'), 'catalog.sqlite'));
    migrate(db, 7);
    db.prepare(`INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 1)`).run();
    db.prepare(
      `INSERT INTO photos (id, root_id, path, file_name, size, mtime_ms, status, taken_at, camera_make, first_seen_at)
       VALUES (1, 1, '/lib/trip/dscn1.jpg', 'dscn1.jpg', 1, 1, 'indexed', '2019-06-14T10:00:00', 'NIKON', 1)`,
    ).run();
    // 207 = golden retriever in ImageNet-1k
    db.prepare(`INSERT INTO photo_labels (photo_id, rank, label, name, confidence, model) VALUES (1, 0, 207, 'golden retriever', 0.9, 'm')`).run();
    db.prepare(`INSERT INTO people (id, name, created_by, created_at) VALUES (1, 'Anna', 'user', 1)`).run();
    db.prepare(
      `INSERT INTO faces (photo_id, x, y, w, h, landmarks, score, sharpness, size_px, quality_ok, embedding, model, person_id)
       VALUES (1, 0, 0, 1, 1, '[]', 1, 1, 1, 1, x'00', 'm', 1)`,
    ).run();
    db.prepare(`INSERT INTO photo_places (photo_id, state, country, region, city, source, version) VALUES (1, 'located', 'Italy', 'Tuscany', 'Arezzo', 'gps', 'v')`).run();

    expect(migrate(db, 8)).toBe(8);
    const match = (q: string) => (db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').all(q) as { rowid: number }[]).map((r) => r.rowid);
    for (const q of ['retriever', 'dog', 'animal', 'anna', 'arezzo', 'tuscany', 'italy', 'trip', 'nikon', 'june', '"2019 06 14"']) expect(match(q), q).toEqual([1]);
    expect(match('cat')).toEqual([]);

    // from now on the triggers keep it in step; detector objects (the categories branch's table) too
    db.prepare(`INSERT INTO photo_objects (photo_id, rank, class_id, label, score, x, y, w, h, model) VALUES (1, 0, 1, 'bicycle', 0.8, 0, 0, 0.5, 0.5, 'n')`).run();
    expect(match('bicycle')).toEqual([1]);
    db.prepare('DELETE FROM photo_objects WHERE photo_id = 1').run();
    expect(match('bicycle')).toEqual([]);
    db.prepare(`UPDATE people SET name = 'Anne' WHERE id = 1`).run();
    expect(match('anna')).toEqual([]);
    expect(match('anne')).toEqual([1]);
    db.prepare('DELETE FROM photos WHERE id = 1').run();
    expect(match('anne')).toEqual([]);
  });

  it('indexes the objects the detector stored before the search index existed', () => {
    const db = new Database(path.join(tempDir('mig6b'), 'catalog.sqlite'));
    migrate(db, 7); // 006 made the detector's photo_objects table
    db.prepare(`INSERT INTO photos (id, path, file_name, size, mtime_ms, status, first_seen_at) VALUES (1, '/a.jpg', 'a.jpg', 1, 1, 'indexed', 1)`).run();
    db.prepare(`INSERT INTO photo_objects (photo_id, rank, class_id, label, score, x, y, w, h, model) VALUES (1, 0, 2, 'car', 0.9, 0, 0, 1, 1, 'n')`).run();
    expect(migrate(db, 8)).toBe(8);
    expect(db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH 'car'`).pluck().all()).toEqual([1]);
  });
});
