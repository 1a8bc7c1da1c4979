// Where the desktop app's Electron binary is, fetching it once if the machine allows: Electron's own
// installer downloads it on first use. Its output (a progress line, then on an offline machine a stack
// trace of "fetch failed") is kept, and a failure reads as one line before web mode starts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface BinaryLookup {
  /** the electron package's folder (node_modules/electron), or null when it is not installed */
  packageDir: string | null;
  env: NodeJS.ProcessEnv;
  /** where progress and the one-line failure go (stderr) */
  say: (line: string) => void;
}

function installed(dir: string, env: NodeJS.ProcessEnv): string | null {
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist'), fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

/** The Electron binary to start, or null for web mode (not installed, SMART_ALBUM_WEB=1, or it could not be fetched). */
export function electronBinary({ packageDir, env, say }: BinaryLookup): string | null {
  if (env.SMART_ALBUM_WEB === '1' || !packageDir) return null;
  const found = installed(packageDir, env);
  if (found) return found;
  // offline machines and CI set this: never try
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) return null;
  const installer = path.join(packageDir, 'install.js');
  if (!fs.existsSync(installer)) return null;
  say("Fetching Electron's desktop binary (first start only)...");
  const run = spawnSync(process.execPath, [installer], { cwd: packageDir, env, encoding: 'utf8', timeout: 10 * 60_000 });
  const bin = run.status === 0 ? installed(packageDir, env) : null;
  if (!bin) {
    const lines = `${run.stderr ?? ''}\n${run.stdout ?? ''}`.split('\n').map((l) => l.trim());
    const why = lines.find((l) => /error/i.test(l) && !l.startsWith('at ')) ?? (run.error ? run.error.message : `its installer stopped with status ${run.status}`);
    say(`Could not fetch it (${why}).`);
  }
  return bin;
}
