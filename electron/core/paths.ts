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
