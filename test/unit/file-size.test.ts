import { describe, expect, it } from 'vitest';
import { fileSize } from '../../electron/shared/file-size.js';

describe('fileSize', () => {
  it('says KB under a megabyte (a small file was "0.0 MB"), MB and GB above', () => {
    expect(fileSize(41_000)).toBe('41 KB');
    expect(fileSize(120)).toBe('1 KB');
    expect(fileSize(1_430_000)).toBe('1.4 MB');
    expect(fileSize(2_100_000_000)).toBe('2.1 GB');
  });
});
