import fs from 'node:fs/promises';
import path from 'node:path';
import type { Excluder } from './exclusions.js';
import { isPhotoFile } from '../media/formats.js';

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
 * Lists every photo file under root. Real folders are walked before folders reached through
 * symbolic links, and each folder (by device+inode) is visited once, so link loops end and a
 * folder linked into the library is not catalogued twice.
 */
export async function walkPhotos(root: string, excluded: Excluder, onFile: (f: FoundFile) => void): Promise<WalkResult> {
  const result: WalkResult = { excluded: 0, problems: [] };
  const seen = new Set<string>();
  const queue: string[] = [root];
  const linked: string[] = [];

  const visit = async (dir: string): Promise<void> => {
    let st;
    try {
      st = await fs.stat(dir);
    } catch (err) {
      result.problems.push({ path: dir, reason: describeFsError(err, 'folder'), unreadable: code(err) !== 'ENOENT' });
      return;
    }
    if (!st.isDirectory()) return; // a link to something that is neither folder nor photo
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
    const files: string[] = [];
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (excluded(full, e.name)) {
        result.excluded++;
        continue;
      }
      if (e.isDirectory()) queue.push(full);
      else if (e.isSymbolicLink()) {
        if (isPhotoFile(e.name)) files.push(full);
        else linked.push(full);
      } else if (e.isFile() && isPhotoFile(e.name)) files.push(full);
    }
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

  while (queue.length || linked.length) {
    const next = queue.length ? queue.shift()! : linked.shift()!;
    await visit(next);
  }
  return result;
}
