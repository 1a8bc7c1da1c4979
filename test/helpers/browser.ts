// The end-to-end tests and the UI benchmark drive a Chromium-family browser that is already
// installed (never one downloaded by Playwright): this finds it, or says in one line how to get one.
import fs from 'node:fs';
import path from 'node:path';

export interface BrowserLookup {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** true when an executable file is at this path */
  exists: (file: string) => boolean;
}

/** Env vars naming the browser, first wins. CHROME_PATH is what other tools (Lighthouse, Puppeteer users) set. */
export const BROWSER_ENV = ['SMART_ALBUM_CHROMIUM', 'CHROME_PATH'] as const;

const LINUX_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable'];
const LINUX_PATHS = [
  ...LINUX_NAMES.map((n) => `/usr/bin/${n}`),
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/opt/microsoft/msedge/msedge',
];
const MAC_APPS = [
  'Google Chrome.app/Contents/MacOS/Google Chrome',
  'Chromium.app/Contents/MacOS/Chromium',
  'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
];
const WIN_APPS = ['Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe', 'Chromium\\Application\\chrome.exe'];

/** Where to look, in order: the env vars, the usual install locations, then PATH. */
export function browserCandidates({ platform, env }: Omit<BrowserLookup, 'exists'>): string[] {
  const out: string[] = [];
  if (platform === 'win32') {
    for (const base of [env['PROGRAMFILES'] ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', env['LOCALAPPDATA']]) {
      if (base) out.push(...WIN_APPS.map((a) => path.win32.join(base, a)));
    }
  } else if (platform === 'darwin') {
    for (const base of ['/Applications', env['HOME'] && path.posix.join(env['HOME'], 'Applications')]) {
      if (base) out.push(...MAC_APPS.map((a) => path.posix.join(base, a)));
    }
  } else {
    out.push(...LINUX_PATHS);
  }
  const sep = platform === 'win32' ? ';' : ':';
  const names = platform === 'win32' ? ['chrome.exe', 'msedge.exe'] : platform === 'darwin' ? ['chromium', 'google-chrome'] : LINUX_NAMES;
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  for (const dir of (env['PATH'] ?? env['Path'] ?? '').split(sep).filter(Boolean)) out.push(...names.map((n) => join(dir, n)));
  return out;
}

/** How to get a browser on this platform, in one line. */
export function installHint(platform: NodeJS.Platform): string {
  const how =
    platform === 'darwin'
      ? 'install Google Chrome, Chromium or Microsoft Edge in /Applications'
      : platform === 'win32'
        ? 'install Google Chrome or Microsoft Edge'
        : 'install one (Debian/Ubuntu: apt install chromium; Fedora: dnf install chromium)';
  return `No Chromium-family browser found: ${how} or set SMART_ALBUM_CHROMIUM=/path/to/chrome`;
}

/** The browser to drive; throws a one-line error saying what to do when there is none. */
export function findBrowser(lookup: BrowserLookup): string {
  for (const name of BROWSER_ENV) {
    const set = lookup.env[name];
    if (!set) continue;
    if (lookup.exists(set)) return set;
    throw new Error(`${name}=${set} is not an executable file: point it at a Chromium-family browser (chromium, chrome, msedge)`);
  }
  const found = browserCandidates(lookup).find((p) => lookup.exists(p));
  if (!found) throw new Error(installHint(lookup.platform));
  return found;
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser on this machine (see findBrowser). */
export function chromiumPath(): string {
  return findBrowser({ platform: process.platform, env: process.env, exists: isExecutable });
}

/** Launch options for playwright-core's chromium.launch: headless, no network chatter. */
export function launchOptions() {
  return {
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  };
}
