import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process that holds this data folder's indexer lock now (alive, and not this one), or null. */
export function indexerLockHolder(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, 'indexer.lock'), 'utf8'));
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
}

/**
 * Removes the lock when this process holds it: a host whose indexer thread was terminated before it
 * could close (its threads share this pid), so a restart does not wait for a lock nobody uses.
 */
export function releaseOwnIndexerLock(dataDir: string): void {
  const file = path.join(dataDir, 'indexer.lock');
  try {
    if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
  } catch {
    /* none */
  }
}

/**
 * One indexer per data folder. A lock left by a killed process (its pid is gone) is taken over,
 * which is also when that process's half-done jobs may safely be queued again.
 */
export function acquireIndexerLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'indexer.lock');
  fs.mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new AppError('BUSY', `Another Smart Album indexer (process ${pid}) is working on this library. Wait for it to finish or close it.`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('BUSY', `Could not take the indexer lock in ${dataDir}.`);
}
