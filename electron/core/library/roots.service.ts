import fs from 'node:fs/promises';
import path from 'node:path';
import type { Root } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import type { Catalog } from '../catalog.js';
import type { RootRow } from '../db/repos/root.repo.js';
import { refuseUnsafeRoot } from '../path-policy.js';
import { isDataDir } from '../paths.js';

// statfs magic numbers of network file systems, where inotify/FSEvents see nothing: poll instead.
const NETWORK_FS = new Set([0x6969 /* nfs */, 0xff534d42 /* cifs */, 0xfe534d42 /* smb2 */, 0x517b /* smb */, 0x65735546 /* fuse */]);

export function toRoot(r: RootRow): Root {
  return {
    id: r.id,
    path: r.path,
    addedAt: r.added_at,
    lastScanAt: r.last_scan_at,
    lastError: r.last_error,
    usePolling: r.use_polling === 1,
    photoCount: r.photo_count,
  };
}

const within = (child: string, parent: string) => child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

async function isNetworkDrive(p: string): Promise<boolean> {
  try {
    const s = await fs.statfs(p);
    return NETWORK_FS.has(Number(s.type));
  } catch {
    return false;
  }
}

export class RootsService {
  constructor(private readonly catalog: Catalog) {}

  list(): Root[] {
    return this.catalog.roots.list().map(toRoot);
  }

  async add(input: string, usePolling?: boolean): Promise<Root> {
    let real: string;
    try {
      real = await fs.realpath(path.resolve(input));
      const st = await fs.stat(real);
      if (!st.isDirectory()) throw new AppError('INVALID_INPUT', `"${input}" is a file, not a folder. Choose the folder that holds your photos.`);
      await fs.access(real, fs.constants.R_OK | fs.constants.X_OK);
    } catch (err) {
      if (err instanceof AppError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new AppError('NOT_FOUND', `Folder "${input}" does not exist. Check the path and try again.`);
      throw new AppError('INVALID_INPUT', `Smart Album cannot open folder "${input}" (${code ?? (err as Error).message}). Check its permissions.`);
    }
    refuseUnsafeRoot(real, this.catalog.dataDir); // "/", system folders, the data folder by real path
    const dataDir = path.resolve(this.catalog.dataDir);
    if (real === dataDir || within(real, dataDir)) {
      throw new AppError('INVALID_INPUT', 'That folder is Smart Album\'s own data folder; choose a photo folder instead.');
    }
    if (isDataDir(real)) {
      throw new AppError('INVALID_INPUT', `"${real}" is a Smart Album data folder (thumbnails and a catalog, not photos); choose a photo folder instead.`);
    }
    const { roots, now } = this.catalog;
    const existing = roots.all();
    const same = existing.find((r) => r.path === real);
    if (same) throw new AppError('ALREADY_EXISTS', `"${real}" is already in your library.`);
    const parent = existing.find((r) => within(real, r.path));
    if (parent) throw new AppError('ALREADY_EXISTS', `"${real}" is already part of your library through "${parent.path}".`);
    const polling = usePolling ?? (await isNetworkDrive(real));
    const id = roots.insert(real, now(), polling);
    for (const child of existing.filter((r) => within(r.path, real))) roots.absorb(id, child.id);
    return toRoot(roots.get(id)!);
  }

  /** Accepts the folder's id or its path. Photos stay catalogued as missing, with their albums. */
  remove(idOrPath: number | string): { removed: boolean; photosDetached: number } {
    const { roots, now } = this.catalog;
    const row = typeof idOrPath === 'number' ? roots.get(idOrPath) : roots.byPath(path.resolve(idOrPath));
    if (!row) throw new AppError('NOT_FOUND', `No library folder ${typeof idOrPath === 'number' ? `#${idOrPath}` : `"${idOrPath}"`}. Run "smart-album folders" to list them.`);
    return { removed: true, photosDetached: roots.remove(row.id, now()) };
  }
}
