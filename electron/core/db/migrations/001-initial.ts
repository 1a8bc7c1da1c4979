import type { Migration } from '../migrate.js';

// Photos are identified by their row id; content_hash lets a moved or renamed file keep that id
// (see library/relink note in indexer/pipeline.ts). Removing a root detaches its photos
// (root_id NULL, status missing) instead of deleting them, so user data attached to them survives.
export const migration001: Migration = {
  version: 1,
  name: 'initial catalog',
  up: `
    CREATE TABLE roots (
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL UNIQUE,
      added_at INTEGER NOT NULL,
      last_scan_at INTEGER,
      last_error TEXT,
      use_polling INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE photos (
      id INTEGER PRIMARY KEY,
      root_id INTEGER REFERENCES roots(id) ON DELETE SET NULL,
      path TEXT NOT NULL UNIQUE,
      file_name TEXT NOT NULL,
      size INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL,
      content_hash TEXT,
      status TEXT NOT NULL CHECK (status IN ('pending','indexed','failed','unsupported','missing')),
      error TEXT,
      warning TEXT,
      format TEXT,
      width INTEGER,
      height INTEGER,
      orientation INTEGER,
      phash TEXT,
      taken_at TEXT,
      tz_offset_min INTEGER,
      date_source TEXT CHECK (date_source IN ('exif','file')),
      camera_make TEXT,
      camera_model TEXT,
      lens TEXT,
      gps_lat REAL,
      gps_lon REAL,
      gps_alt REAL,
      preview_source TEXT CHECK (preview_source IN ('image','embedded')),
      first_seen_at INTEGER NOT NULL,
      indexed_at INTEGER,
      missing_since INTEGER
    );
    CREATE INDEX photos_root ON photos(root_id);
    CREATE INDEX photos_hash ON photos(content_hash);
    CREATE INDEX photos_status ON photos(status);
    CREATE INDEX photos_taken ON photos(taken_at);

    -- Which version of each pipeline stage produced a photo's data, so an upgrade re-runs only that stage.
    CREATE TABLE photo_stages (
      photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
      stage TEXT NOT NULL,
      version TEXT NOT NULL,
      done_at INTEGER NOT NULL,
      PRIMARY KEY (photo_id, stage)
    ) WITHOUT ROWID;

    -- The persistent work queue. 'running' rows left by a crash go back to 'queued' at start-up.
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
      state TEXT NOT NULL CHECK (state IN ('queued','running')),
      attempts INTEGER NOT NULL DEFAULT 0,
      -- set when the file changes again while its job runs: the job is queued again, not dropped
      rerun INTEGER NOT NULL DEFAULT 0,
      enqueued_at INTEGER NOT NULL,
      started_at INTEGER,
      UNIQUE (kind, photo_id)
    );
    CREATE INDEX jobs_state ON jobs(kind, state, id);

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
