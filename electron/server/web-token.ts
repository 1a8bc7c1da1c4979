// Web mode's access key, kept in the data folder (web-token, readable by this user only) so a
// restarted server accepts the cookie the open page already holds and the page reconnects by
// itself. `--new-token` (or deleting the file) makes a new one, which signs every open page out.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const FILE = 'web-token';
const VALID = /^[0-9a-f]{48}$/;

export function webToken(dataDir: string, rotate = false): string {
  const file = path.join(dataDir, FILE);
  if (!rotate) {
    try {
      const kept = fs.readFileSync(file, 'utf8').trim();
      if (VALID.test(kept)) return kept;
    } catch {
      /* none yet: make one */
    }
  }
  const token = randomBytes(24).toString('hex');
  fs.mkdirSync(dataDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, token, { mode: 0o600 });
  fs.renameSync(temp, file); // whole or not at all: a crash never leaves half a key
  return token;
}
