import type { Migration } from '../migrate.js';

// Faces and people. A face row keeps its id across re-detection (matched by box overlap), so its
// person and the user's decisions stay with it. assigned_by says who put a face in a person;
// face_rejections remembers "not this person" so clustering never puts it back.
export const migration003: Migration = {
  version: 3,
  name: 'faces and people',
  up: `
    CREATE TABLE people (
      id INTEGER PRIMARY KEY,
      name TEXT,
      hidden INTEGER NOT NULL DEFAULT 0,
      created_by TEXT NOT NULL CHECK (created_by IN ('machine','user')),
      created_at INTEGER NOT NULL
    );

    CREATE TABLE faces (
      id INTEGER PRIMARY KEY,
      photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
      -- box and landmarks as fractions of the displayed (oriented) photo, so any thumbnail size can draw them
      x REAL NOT NULL, y REAL NOT NULL, w REAL NOT NULL, h REAL NOT NULL,
      landmarks TEXT NOT NULL,
      score REAL NOT NULL,
      sharpness REAL NOT NULL,
      size_px REAL NOT NULL,
      quality_ok INTEGER NOT NULL,
      embedding BLOB NOT NULL,
      model TEXT NOT NULL,
      person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
      assigned_by TEXT CHECK (assigned_by IN ('machine','user')),
      match_confidence REAL,
      not_a_face INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX faces_photo ON faces(photo_id);
    CREATE INDEX faces_person ON faces(person_id);

    CREATE TABLE face_rejections (
      face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
      person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
      PRIMARY KEY (face_id, person_id)
    ) WITHOUT ROWID;
  `,
};
