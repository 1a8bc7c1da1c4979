import fs from 'node:fs/promises';
import path from 'node:path';
import type { Excluder } from './exclusions.js';
import { isPhotoFile } from '../media/formats.js';
import { isDataDirListing } from '../paths.js';
import type { Containment } from './containment.js';

/**
 * The modification time as the catalog stores it: whole milliseconds, rounded, because tools that
 * copy or restore timestamps pass them through floating-point seconds (x.678 comes back x.677999).
 */
export function mtimeOf(st: { mtimeMs: number }): number {
  return Math.round(st.mtimeMs);
}

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface WalkProblem {
  path: string;
  reason: string;
  /** True when files below this path may exist but could not be listed: they must not be marked missing. */
  unreadable: boolean;
}

export interface WalkResult {
  excluded: number;
  problems: WalkProblem[];
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

export function describeFsError(err: unknown, what: 'folder' | 'file'): string {
  switch (code(err)) {
    case 'EACCES':
    case 'EPERM':
      return `Smart Album is not allowed to read this ${what} (permission denied). Check its permissions.`;
    case 'ENOENT':
      return `The ${what} disappeared while it was being read.`;
    case 'ELOOP':
      return 'A symbolic link loop: the link points back at itself.';
    case 'EIO':
      return `The ${what} could not be read (input/output error): the disk or network drive may be failing.`;
    default:
      return `The ${what} could not be read: ${(err as Error)?.message ?? String(err)}`;
  }
}

/**
 * Lists every real photo file under root (a real path). Only real folders are descended into, and
 * each (by device+inode) once, so bind-mount loops end. A symbolic link is never walked through:
 * when its real target is inside some library root, that root's own walk catalogues the target by
 * its real path (once, however many links lead to it); otherwise it is reported and skipped. A folder
 * that holds a Smart Album data folder's marker is skipped: thumbnails are never catalogued.
 */
export async function walkPhotos(
  root: string,
  excluded: Excluder,
  onFile: (f: FoundFile) => void,
  containment: Containment,
): Promise<WalkResult> {
  const result: WalkResult = { excluded: 0, problems: [] };
  const seen = new Set<string>();
  const queue: string[] = [root];

  const link = async (full: string, name: string): Promise<void> => {
    let real: string;
    let st;
    try {
      real = await fs.realpath(full);
      st = await fs.stat(real);
    } catch (err) {
      if (code(err) === 'ENOENT' && !isPhotoFile(name)) return; // a dangling link to something that is no photo
      const reason = code(err) === 'ENOENT' ? 'This link points to something that does not exist.' : describeFsError(err, 'folder');
      result.problems.push({ path: full, reason, unreadable: false });
      return;
    }
    // a link to a document or a device is not our business; one named like a photo is reported
    if (!st.isDirectory() && !isPhotoFile(real) && !isPhotoFile(name)) return;
    const refusal = containment.refusal(real, st.isDirectory());
    if (refusal) result.problems.push({ path: full, reason: refusal, unreadable: false });
  };

  const visit = async (dir: string): Promise<void> => {
    let st;
    try {
      st = dir === root ? await fs.stat(dir) : await fs.lstat(dir);
    } catch (err) {
      result.problems.push({ path: dir, reason: describeFsError(err, 'folder'), unreadable: code(err) !== 'ENOENT' });
      return;
    }
    if (!st.isDirectory()) return; // replaced by a file or a link since it was listed
    const key = `${st.dev}:${st.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      result.problems.push({ path: dir, reason: describeFsError(err, 'folder'), unreadable: code(err) !== 'ENOENT' });
      return;
    }
    if (isDataDirListing(new Set(entries.map((e) => e.name))) || containment.placeOf(dir).kind === 'data') {
      result.excluded++;
      return;
    }
    const files: string[] = [];
    const links: Promise<void>[] = [];
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (excluded(full, e.name)) {
        result.excluded++;
        continue;
      }
      if (e.isDirectory()) queue.push(full);
      else if (e.isSymbolicLink()) links.push(link(full, e.name));
      else if (e.isFile() && isPhotoFile(e.name)) files.push(full);
    }
    await Promise.all(links);
    const stats = await Promise.allSettled(files.map((f) => fs.stat(f)));
    stats.forEach((s, i) => {
      const file = files[i]!;
      if (s.status === 'fulfilled') {
        if (s.value.isFile()) onFile({ path: file, size: s.value.size, mtimeMs: mtimeOf(s.value) });
        return;
      }
      const reason = file.includes('\uFFFD')
        ? 'The file name is not valid UTF-8, so it cannot be opened by name. Rename the file to index it.'
        : describeFsError(s.reason, 'file');
      result.problems.push({ path: file, reason, unreadable: true });
    });
  };

  while (queue.length) await visit(queue.shift()!);
  return result;
}
