import type { Migration } from '../migrate.js';

// A face's crop (its picture in People and the viewer) changes under the same face id when the face is
// detected again or its photo is turned for display. crop_rev counts those changes; the renderer puts
// it in the crop's address, so a browser that holds the old picture fetches the new one.
export const migration011: Migration = {
  version: 11,
  name: 'face crop revision',
  up: `ALTER TABLE faces ADD COLUMN crop_rev INTEGER NOT NULL DEFAULT 0;`,
};
