import type { Migration } from '../migrate.js';

// Objects found by the COCO detector (the "objects" stage): one row per box, as fractions of the
// displayed photo, with the class, its score and the model. Replaced whole when the stage re-runs.
export const migration005: Migration = {
  version: 5,
  name: 'objects',
  up: `
    CREATE TABLE photo_objects (
      photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
      rank INTEGER NOT NULL,
      class_id INTEGER NOT NULL,
      label TEXT NOT NULL,
      score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
      x REAL NOT NULL,
      y REAL NOT NULL,
      w REAL NOT NULL CHECK (w > 0),
      h REAL NOT NULL CHECK (h > 0),
      model TEXT NOT NULL,
      PRIMARY KEY (photo_id, rank)
    ) WITHOUT ROWID;
    CREATE INDEX photo_objects_by_label ON photo_objects(label, photo_id);
  `,
};
