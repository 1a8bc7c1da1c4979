// The folders core/path-policy.ts refuses as a library on every platform (the HTTP tests in
// integration/server-hardening.test.ts cover Linux through the server; Windows paths are checked here).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refuseUnsafeRoot } from '../../electron/core/path-policy.js';
import { tempDir } from '../helpers/temp.js';

describe('refuseUnsafeRoot', () => {
  it('refuses drives and system folders on Windows, case-insensitively, and accepts photo folders', () => {
    for (const p of ['C:\\', 'D:\\', 'C:\\Windows', 'c:\\windows\\System32', 'C:\\Program Files\\App', 'C:\\Program Files (x86)', 'C:\\ProgramData\\x']) {
      expect(() => refuseUnsafeRoot(p, 'C:\\Users\\me\\AppData\\Roaming\\Smart Album', 'win32'), p).toThrow(/whole drive or a system folder/);
    }
    expect(() => refuseUnsafeRoot('C:\\Users\\me\\AppData\\Roaming\\Smart Album\\thumbs', 'C:\\Users\\me\\AppData\\Roaming\\Smart Album', 'win32')).toThrow(/own data folder/);
    for (const ok of ['C:\\Users\\me\\Pictures', 'D:\\Photos', 'C:\\Windows-backup\\photos']) expect(() => refuseUnsafeRoot(ok, 'C:\\data', 'win32'), ok).not.toThrow();
  });

  it('refuses the root, system folders and the data folder on POSIX, and accepts photo folders', () => {
    const data = tempDir('policy-data');
    for (const p of ['/', '/etc', '/etc/ssl', '/proc/self', '/usr', '/usr/lib/x', '/var', '/private/etc']) expect(() => refuseUnsafeRoot(p, data, 'linux'), p).toThrow(/system folder|whole file system/);
    expect(() => refuseUnsafeRoot(path.join(data, 'x'), data, 'linux')).toThrow(/own data folder/);
    for (const ok of ['/home/me/Pictures', '/usr/share/backgrounds', '/var/photos', '/mnt/usb', '/etcetera']) expect(() => refuseUnsafeRoot(ok, data, 'linux'), ok).not.toThrow();
  });
});
