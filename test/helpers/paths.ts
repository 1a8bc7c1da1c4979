import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
/** Real photos with their licenses and ground truth (test/fixtures/README.md); the repository needs nothing beside it. */
export const FIXTURES = path.join(REPO, 'test/fixtures');
