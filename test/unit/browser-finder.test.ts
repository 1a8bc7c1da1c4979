// The browser finder over a fake filesystem and environment, for each platform.
import { describe, expect, it } from 'vitest';
import { findBrowser, installHint } from '../helpers/browser.js';

const fakeFs = (...files: string[]) => (p: string) => files.includes(p);

describe('findBrowser', () => {
  it('takes SMART_ALBUM_CHROMIUM first, then CHROME_PATH', () => {
    const exists = fakeFs('/opt/a/chrome', '/opt/b/chrome', '/usr/bin/chromium');
    expect(findBrowser({ platform: 'linux', env: { SMART_ALBUM_CHROMIUM: '/opt/a/chrome', CHROME_PATH: '/opt/b/chrome' }, exists })).toBe('/opt/a/chrome');
    expect(findBrowser({ platform: 'linux', env: { CHROME_PATH: '/opt/b/chrome' }, exists })).toBe('/opt/b/chrome');
  });

  it('says so when the env var points at nothing, rather than quietly using another browser', () => {
    const exists = fakeFs('/usr/bin/chromium');
    expect(() => findBrowser({ platform: 'linux', env: { SMART_ALBUM_CHROMIUM: '/nope/chrome' }, exists })).toThrow(
      /^SMART_ALBUM_CHROMIUM=\/nope\/chrome is not an executable file/,
    );
  });

  it('Linux: the usual install locations, then PATH', () => {
    expect(findBrowser({ platform: 'linux', env: {}, exists: fakeFs('/usr/bin/chromium') })).toBe('/usr/bin/chromium');
    expect(findBrowser({ platform: 'linux', env: {}, exists: fakeFs('/usr/bin/google-chrome-stable') })).toBe('/usr/bin/google-chrome-stable');
    expect(findBrowser({ platform: 'linux', env: {}, exists: fakeFs('/snap/bin/chromium') })).toBe('/snap/bin/chromium');
    const env = { PATH: '/home/u/bin:/nix/profile/bin' };
    expect(findBrowser({ platform: 'linux', env, exists: fakeFs('/nix/profile/bin/chromium-browser') })).toBe('/nix/profile/bin/chromium-browser');
    expect(findBrowser({ platform: 'linux', env, exists: fakeFs('/home/u/bin/microsoft-edge') })).toBe('/home/u/bin/microsoft-edge');
    // an install location wins over PATH
    expect(findBrowser({ platform: 'linux', env, exists: fakeFs('/home/u/bin/chromium', '/usr/bin/google-chrome') })).toBe('/usr/bin/google-chrome');
  });

  it('macOS: the apps in /Applications and ~/Applications', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser({ platform: 'darwin', env: { HOME: '/Users/u' }, exists: fakeFs(chrome) })).toBe(chrome);
    const edge = '/Users/u/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    expect(findBrowser({ platform: 'darwin', env: { HOME: '/Users/u' }, exists: fakeFs(edge) })).toBe(edge);
    const chromium = '/Applications/Chromium.app/Contents/MacOS/Chromium';
    expect(findBrowser({ platform: 'darwin', env: {}, exists: fakeFs(chromium, '/usr/bin/chromium') })).toBe(chromium);
  });

  it('Windows: Program Files for Chrome and Edge, then PATH', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' };
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findBrowser({ platform: 'win32', env, exists: fakeFs(edge) })).toBe(edge);
    const chrome = 'C:\\Users\\u\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    expect(findBrowser({ platform: 'win32', env, exists: fakeFs(chrome) })).toBe(chrome);
    const onPath = 'D:\\tools\\chrome.exe';
    expect(findBrowser({ platform: 'win32', env: { ...env, PATH: 'C:\\Windows;D:\\tools' }, exists: fakeFs(onPath) })).toBe(onPath);
  });

  it('none found: one line saying how to install one or where to point the env var', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      let message = '';
      try {
        findBrowser({ platform, env: { PATH: '/usr/bin' }, exists: () => false });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toBe(installHint(platform));
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^No Chromium-family browser found: install .* or set SMART_ALBUM_CHROMIUM=\/path\/to\/chrome$/);
    }
    expect(installHint('linux')).toContain('apt install chromium');
  });
});
