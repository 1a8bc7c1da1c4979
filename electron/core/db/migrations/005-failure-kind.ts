import type { Migration } from '../migrate.js';

// Why a photo failed: 'file' when it is the file's fault (undecodable, truncated, unsupported), which
// sticks until the file changes; 'transient' when it is not (disk or database full, a busy database,
// too many open files, a read error, a file changing while read), which the next scan retries even
// though the file's size and time are unchanged. Failures recorded before this version are sorted by
// their message, so a photo that failed on a full disk heals after the upgrade too.
export const migration005: Migration = {
  version: 5,
  name: 'failure kind',
  up: `
    ALTER TABLE photos ADD COLUMN failure_kind TEXT CHECK (failure_kind IN ('file', 'transient'));
    UPDATE photos SET failure_kind = CASE
        WHEN status = 'failed' AND (error LIKE 'Unexpected error while indexing:%'
          OR error LIKE 'Smart Album is not allowed to read this file%'
          OR error LIKE 'The file could not be read%'
          OR error LIKE 'The file disappeared while it was being read%') THEN 'transient'
        ELSE 'file' END
      WHERE status IN ('failed', 'unsupported');
  `,
};
