import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DATA_DIR_ENV = 'SMART_ALBUM_DATA_DIR';

/**
 * Where the catalog lives unless told otherwise: the same folder Electron's app.getPath('userData')
 * gives for productName "Smart Album", so the CLI and the desktop app share one catalog.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir()): string {
  if (env[DATA_DIR_ENV]) return path.resolve(env[DATA_DIR_ENV]);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Smart Album');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Smart Album');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Smart Album');
}

export function catalogFile(dataDir: string): string {
  return path.join(dataDir, 'catalog.sqlite');
}

/** Models made on this machine (`models upgrade`): they live with the catalog, not in the app. */
export function userModelsDir(dataDir: string): string {
  return path.join(dataDir, 'models');
}

/** Files dropped into web mode for search by image: removed once searched, or after an hour. */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/**
 * Written into every data folder, so a scan that meets a data folder (ours through a link, or another
 * Smart Album's inside a photo folder) skips it instead of cataloguing its thumbnails.
 */
export const DATA_MARKER = '.smart-album-data';

export function markDataDir(dataDir: string): void {
  const marker = path.join(dataDir, DATA_MARKER);
  if (fs.existsSync(marker)) return;
  try {
    fs.writeFileSync(marker, 'This folder holds a Smart Album catalog. Smart Album never indexes a folder holding this file.\n');
  } catch {
    /* a read-only data folder still opens; the real-path check keeps it out of our own scans */
  }
}

/** A Smart Album data folder: the marker, or (older versions, before the marker) a catalog beside its thumbnails. */
export function isDataDirListing(names: ReadonlySet<string>): boolean {
  return names.has(DATA_MARKER) || (names.has('catalog.sqlite') && names.has('thumbs'));
}

export function isDataDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, DATA_MARKER)) || (fs.existsSync(catalogFile(dir)) && fs.existsSync(path.join(dir, 'thumbs')));
}
