import type Database from 'better-sqlite3';
import { migration001 } from './migrations/001-initial.js';
import { migration002 } from './migrations/002-categories.js';
import { migration003 } from './migrations/003-faces.js';
import { migration004 } from './migrations/004-library.js';
import { migration005 } from './migrations/005-failure-kind.js';
import { migration006 } from './migrations/006-objects.js';
import { migration007 } from './migrations/007-photo-edits.js';
import { migration008 } from './migrations/008-search.js';
import { migration009 } from './migrations/009-detail-stage.js';
import { migration010 } from './migrations/010-decode-warnings.js';
import { migration011 } from './migrations/011-face-crop-rev.js';

export interface Migration {
  version: number;
  name: string;
  /** SQL run inside one transaction together with the user_version bump. */
  up: string;
}

/** Ordered; each entry's version is its position + 1. Append only. */
export const migrations: readonly Migration[] = [
  migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009,
  migration010,
  migration011,
];

export const LATEST_VERSION = migrations.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration above the current user_version, each in its own transaction. */
export function migrate(db: Database.Database, target = LATEST_VERSION): number {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new Error(
      `This catalog was written by a newer Smart Album (schema ${current}, this version knows ${LATEST_VERSION}). ` +
        'Update Smart Album to open it.',
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersion(db);
}
