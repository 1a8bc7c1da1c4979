import type { Migration } from '../migrate.js';

// What the user does with a catalogued library: places (from GPS, or set by the user, which wins),
// albums, favourites, the recycle bin, and the CNN feature vectors behind "similar photos".
// Rows hang off photos with ON DELETE CASCADE; a photo row itself is never deleted by the app
// (a purged recycle-bin item stays as a hidden tombstone so a rescan does not bring it back).
export const migration004: Migration = {
  version: 4,
  name: 'places, albums, favourites, recycle bin, features',
  up: `
    ALTER TABLE photos ADD COLUMN gps_problem TEXT;

    CREATE TABLE photo_places (
      photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
      state TEXT NOT NULL CHECK (state IN ('located', 'no-gps', 'invalid-gps', 'unknown')),
      country_code TEXT,
      country TEXT,
      region TEXT,
      city TEXT,
      lat REAL,
      lon REAL,
      reason TEXT,
      source TEXT NOT NULL CHECK (source IN ('gps', 'user')),
      version TEXT NOT NULL
    );
    CREATE INDEX photo_places_tree ON photo_places(country, region, city);

    CREATE TABLE albums (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      position INTEGER NOT NULL DEFAULT 0,
      cover_photo_id INTEGER REFERENCES photos(id) ON DELETE SET NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE album_photos (
      album_id INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
      photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      added_at INTEGER NOT NULL,
      PRIMARY KEY (album_id, photo_id)
    ) WITHOUT ROWID;
    CREATE INDEX album_photos_by_photo ON album_photos(photo_id);

    CREATE TABLE favourites (
      photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
      added_at INTEGER NOT NULL
    );

    CREATE TABLE trash (
      photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
      deleted_at INTEGER NOT NULL,
      file_trashed INTEGER NOT NULL DEFAULT 0,
      purged_at INTEGER
    );

    CREATE TABLE photo_features (
      photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
      model TEXT NOT NULL,
      scale REAL NOT NULL,
      vector BLOB NOT NULL
    );
  `,
};
