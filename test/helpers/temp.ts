import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

/** A fresh folder under the OS temp dir, removed when the test file ends. */
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sa-${label}-`));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const d of made.splice(0)) {
    try {
      fs.chmodSync(d, 0o755);
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
});

export { FIXTURES, REPO } from './paths.js';
