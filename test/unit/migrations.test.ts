import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection.js';
import { LATEST_VERSION, migrate, migrations, schemaVersion } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

function fresh(): Database.Database {
  return new Database(path.join(tempDir('mig'), 'catalog.sqlite'));
}

const tables = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('are numbered 1..n in order', () => {
    migrations.forEach((m, i) => expect(m.version).toBe(i + 1));
    expect(LATEST_VERSION).toBe(migrations.length);
  });

  it('001 creates the catalog from an empty file (version 0 -> 1)', () => {
    const db = fresh();
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, 1)).toBe(1);
    expect(tables(db)).toEqual(['jobs', 'photo_stages', 'photos', 'roots', 'settings']);
    db.pragma('foreign_keys = ON');
    // the constraints the engine relies on
    db.prepare(`INSERT INTO roots (path, added_at) VALUES ('/p', 1)`).run();
    db.prepare(`INSERT INTO photos (root_id, path, file_name, size, mtime_ms, status, first_seen_at) VALUES (1, '/p/a.jpg', 'a.jpg', 1, 1, 'pending', 1)`).run();
    expect(() =>
      db.prepare(`INSERT INTO photos (root_id, path, file_name, size, mtime_ms, status, first_seen_at) VALUES (1, '/p/a.jpg', 'a.jpg', 1, 1, 'pending', 1)`).run(),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare(`INSERT INTO photos (root_id, path, file_name, size, mtime_ms, status, first_seen_at) VALUES (1, '/p/b.jpg', 'b.jpg', 1, 1, 'bogus', 1)`).run(),
    ).toThrow(/CHECK/);
    db.prepare(`INSERT INTO jobs (kind, photo_id, state, enqueued_at) VALUES ('index', 1, 'queued', 1)`).run();
    expect(() => db.prepare(`INSERT INTO jobs (kind, photo_id, state, enqueued_at) VALUES ('index', 1, 'queued', 1)`).run()).toThrow(/UNIQUE/);
    // removing a root detaches its photos rather than deleting them
    db.prepare('DELETE FROM roots WHERE id = 1').run();
    expect(db.prepare('SELECT root_id FROM photos').get()).toEqual({ root_id: null });
    // deleting a photo takes its queue rows with it
    db.prepare('DELETE FROM photos').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
  });

  it('002 adds labels and categories to a version-1 catalog, keeping its photos', () => {
    const db = fresh();
    migrate(db, 1);
    db.prepare(`INSERT INTO photos (path, file_name, size, mtime_ms, status, first_seen_at) VALUES ('/p/a.jpg', 'a.jpg', 1, 1, 'indexed', 1)`).run();
    expect(migrate(db, 2)).toBe(2);
    expect(tables(db)).toEqual(expect.arrayContaining(['photo_labels', 'photo_categories']));
    expect(db.prepare('SELECT path FROM photos').all()).toEqual([{ path: '/p/a.jpg' }]);
    db.pragma('foreign_keys = ON');
    db.prepare(`INSERT INTO photo_categories (photo_id, category, confidence, assigned_by) VALUES (1, 'Food', 0.5, 'machine')`).run();
    expect(() => db.prepare(`INSERT INTO photo_categories (photo_id, category, confidence, assigned_by) VALUES (1, 'Pets', 0.5, 'robot')`).run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM photos').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM photo_categories').get()).toEqual({ n: 0 });
  });

  it('003 adds faces and people to a version-2 catalog; deleting a person frees its faces', () => {
    const db = fresh();
    migrate(db, 2);
    db.prepare(`INSERT INTO photos (path, file_name, size, mtime_ms, status, first_seen_at) VALUES ('/p/a.jpg', 'a.jpg', 1, 1, 'indexed', 1)`).run();
    expect(migrate(db, 3)).toBe(3);
    db.pragma('foreign_keys = ON');
    db.prepare(`INSERT INTO people (name, created_by, created_at) VALUES ('Ann', 'user', 1)`).run();
    db.prepare(
      `INSERT INTO faces (photo_id, x, y, w, h, landmarks, score, sharpness, size_px, quality_ok, embedding, model, person_id, assigned_by)
       VALUES (1, 0, 0, 0.1, 0.1, '[]', 0.9, 100, 50, 1, x'00', 'm', 1, 'user')`,
    ).run();
    db.prepare('INSERT INTO face_rejections (face_id, person_id) VALUES (1, 1)').run();
    db.prepare('DELETE FROM people').run();
    expect(db.prepare('SELECT person_id FROM faces').get()).toEqual({ person_id: null });
    expect(db.prepare('SELECT COUNT(*) AS n FROM face_rejections').get()).toEqual({ n: 0 });
    expect(() => db.prepare(`UPDATE faces SET assigned_by = 'robot'`).run()).toThrow(/CHECK/);
  });

  it('004 adds places, albums, favourites, recycle bin and features to a version-3 catalog', () => {
    const db = fresh();
    migrate(db, 3);
    db.prepare(`INSERT INTO photos (path, file_name, size, mtime_ms, status, first_seen_at) VALUES ('/p/a.jpg', 'a.jpg', 1, 1, 'indexed', 1)`).run();
    expect(migrate(db, 4)).toBe(4);
    db.pragma('foreign_keys = ON');
    expect(db.prepare('SELECT gps_problem FROM photos').get()).toEqual({ gps_problem: null });
    db.prepare(`INSERT INTO albums (name, cover_photo_id, created_at, updated_at) VALUES ('Trip', 1, 1, 1)`).run();
    db.prepare('INSERT INTO album_photos (album_id, photo_id, position, added_at) VALUES (1, 1, 0, 1)').run();
    db.prepare('INSERT INTO favourites (photo_id, added_at) VALUES (1, 1)').run();
    db.prepare(`INSERT INTO photo_places (photo_id, state, source, version) VALUES (1, 'no-gps', 'gps', 'v')`).run();
    expect(() => db.prepare(`INSERT INTO trash (photo_id, deleted_at) VALUES (99, 1)`).run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`UPDATE photo_places SET source = 'guess'`).run()).toThrow(/CHECK/);
    // deleting an album keeps its photos
    db.prepare('DELETE FROM albums').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM photos').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM album_photos').get()).toEqual({ n: 0 });
  });

  it('006 adds detected objects to a version-5 catalog; they go with their photo', () => {
    const db = fresh();
    migrate(db, 5);
    db.prepare(`INSERT INTO photos (path, file_name, size, mtime_ms, status, first_seen_at) VALUES ('/p/a.jpg', 'a.jpg', 1, 1, 'indexed', 1)`).run();
    expect(migrate(db, 6)).toBe(6);
    expect(tables(db)).toContain('photo_objects');
    expect(db.prepare('SELECT path FROM photos').all()).toEqual([{ path: '/p/a.jpg' }]);
    db.pragma('foreign_keys = ON');
    const put = db.prepare(`INSERT INTO photo_objects (photo_id, rank, class_id, label, score, x, y, w, h, model) VALUES (?, ?, 0, 'person', ?, 0.1, 0.1, ?, 0.5, 'm')`);
    put.run(1, 0, 0.9, 0.3);
    expect(() => put.run(1, 1, 1.5, 0.3)).toThrow(/CHECK/); // a score is a probability
    expect(() => put.run(1, 1, 0.5, 0)).toThrow(/CHECK/); // an empty box
    expect(() => put.run(99, 0, 0.5, 0.3)).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM photos').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM photo_objects').get()).toEqual({ n: 0 });
  });

  it('009 records the detail stage (large image, pHash) for photos indexed in one pass, and only for them', () => {
    const db = fresh();
    migrate(db, 8);
    const photo = db.prepare(`INSERT INTO photos (path, file_name, size, mtime_ms, status, first_seen_at) VALUES (?, ?, 1, 1, 'indexed', 1)`);
    photo.run('/p/a.jpg', 'a.jpg');
    photo.run('/p/b.jpg', 'b.jpg');
    db.prepare(`INSERT INTO photo_stages (photo_id, stage, version, done_at) VALUES (1, 'media', '1', 42), (1, 'faces', 'f', 42)`).run();
    expect(migrate(db, 9)).toBe(9);
    expect(db.prepare(`SELECT photo_id, stage, version, done_at FROM photo_stages WHERE stage = 'detail'`).all()).toEqual([
      { photo_id: 1, stage: 'detail', version: '1', done_at: 42 },
    ]);
  });

  it('is idempotent and leaves an up-to-date catalog alone', () => {
    const db = fresh();
    migrate(db);
    expect(migrate(db)).toBe(LATEST_VERSION);
  });

  it('refuses a catalog written by a newer version instead of damaging it', () => {
    const db = fresh();
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer Smart Album/);
  });

  it('opens in WAL mode with foreign keys on', () => {
    const db = openDatabase(path.join(tempDir('mig'), 'c.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
  });
});
