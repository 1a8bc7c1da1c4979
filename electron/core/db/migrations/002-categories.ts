import type { Migration } from '../migrate.js';

// Classifier output and category albums. assigned_by records who decided: re-classification
// replaces only 'machine' rows, and a photo with any 'user' row keeps its categories (see
// vision/classify.stage.ts).
export const migration002: Migration = {
  version: 2,
  name: 'labels and categories',
  up: `
    CREATE TABLE photo_labels (
      photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
      rank INTEGER NOT NULL,
      label INTEGER NOT NULL,
      name TEXT NOT NULL,
      confidence REAL NOT NULL,
      model TEXT NOT NULL,
      PRIMARY KEY (photo_id, rank)
    ) WITHOUT ROWID;

    CREATE TABLE photo_categories (
      photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
      category TEXT NOT NULL,
      confidence REAL NOT NULL,
      is_primary INTEGER NOT NULL DEFAULT 0,
      assigned_by TEXT NOT NULL CHECK (assigned_by IN ('machine','user')),
      PRIMARY KEY (photo_id, category)
    ) WITHOUT ROWID;
    CREATE INDEX photo_categories_by_category ON photo_categories(category, photo_id);
  `,
};
