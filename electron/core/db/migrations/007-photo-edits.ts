import type { Migration } from '../migrate.js';

// The user's edits to how a photo is shown, kept in the catalog only (the file is never written):
// - display_rotation: extra clockwise turn on top of the file's own orientation;
// - user_date: 1 when the user set the photo's date. taken_at then holds the user's date (so every
//   date index and sort follows it) and own_taken_at / own_tz_offset_min keep the photo's own date
//   (EXIF or file), refreshed by re-indexing, for "Reset to the photo's own date". date_source
//   keeps saying where the photo's own date came from.
export const migration007: Migration = {
  version: 7,
  name: 'photo edits',
  up: `
    ALTER TABLE photos ADD COLUMN display_rotation INTEGER NOT NULL DEFAULT 0 CHECK (display_rotation IN (0, 90, 180, 270));
    ALTER TABLE photos ADD COLUMN user_date INTEGER NOT NULL DEFAULT 0 CHECK (user_date IN (0, 1));
    ALTER TABLE photos ADD COLUMN own_taken_at TEXT;
    ALTER TABLE photos ADD COLUMN own_tz_offset_min INTEGER;
  `,
};
