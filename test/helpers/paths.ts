import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const SHARED = path.resolve(REPO, '../shared');
export const FIXTURES = path.join(SHARED, 'fixtures');
