// Permission tests must test something when run as root (CI is root, and root reads everything):
// there, the code under test runs with the effective uid/gid of 'nobody' for the duration of fn.
// seteuid is process-wide on Linux (glibc applies it to every thread, libuv's pool included) and
// reversible, since the real and saved uid stay root. Files the engine already has open (the
// catalog) stay usable; anything it opens meanwhile must be reachable by 'nobody'.
import fs from 'node:fs';

export const NOBODY = 65534;
export const isRoot = () => process.getuid?.() === 0;

/** Runs fn as 'nobody' when this process is root (else as the current user); dirs are opened to others meanwhile. */
export async function asUnprivileged<T>(openDirs: string[], fn: () => Promise<T>): Promise<T> {
  if (!isRoot()) return fn();
  const modes = openDirs.map((d) => [d, fs.statSync(d).mode & 0o7777] as const);
  for (const [d] of modes) fs.chmodSync(d, 0o755);
  process.setegid!(NOBODY);
  process.seteuid!(NOBODY);
  try {
    return await fn();
  } finally {
    process.seteuid!(0);
    process.setegid!(0);
    for (const [d, mode] of modes) fs.chmodSync(d, mode);
  }
}
