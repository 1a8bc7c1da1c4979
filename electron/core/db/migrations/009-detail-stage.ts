import type { Migration } from '../migrate.js';

// Indexing in two passes: the media stage now means pass 1 (EXIF, grid thumbnail) and a new
// 'detail' stage pass 2's large viewer image and perceptual hash. Photos indexed before had both from
// their one pass, so they are recorded as having the detail stage too and are not decoded again.
export const migration009: Migration = {
  version: 9,
  name: 'detail stage',
  up: `
    INSERT OR IGNORE INTO photo_stages (photo_id, stage, version, done_at)
      SELECT photo_id, 'detail', '1', done_at FROM photo_stages WHERE stage = 'media' AND version = '1';
  `,
};
