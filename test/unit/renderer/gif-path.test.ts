import { describe, expect, it } from 'vitest';
import { defaultGifPath } from '../../../renderer/src/features/gif/gif-path.js';

describe('default GIF path', () => {
  it('is a file directly in the library folder (which exists), named by time', () => {
    const at = new Date('2026-05-01T10:20:30Z');
    expect(defaultGifPath('/home/a/Pictures/', at)).toBe('/home/a/Pictures/animation-2026-05-01-10-20-30.gif');
    expect(defaultGifPath('C:\\Users\\a\\Pictures', at)).toBe('C:\\Users\\a\\Pictures\\animation-2026-05-01-10-20-30.gif');
    expect(defaultGifPath(undefined)).toBe('');
  });
});
