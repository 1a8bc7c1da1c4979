import { describe, expect, it } from 'vitest';
import { etaText, plural } from '../../../renderer/src/lib/words.js';

describe('words', () => {
  it('says counts with proper plurals', () => {
    expect(plural(1, 'photo')).toBe('1 photo');
    expect(plural(0, 'photo')).toBe('0 photos');
    expect(plural(2543, 'group')).toBe(`${(2543).toLocaleString()} groups`);
    expect(plural(2, 'copy', 'copies')).toBe('2 copies');
  });

  it('says the time left as a person would, not in raw seconds', () => {
    expect(etaText(1440)).toBe('about 24 min left');
    expect(etaText(42.3)).toBe('about 43 s left');
    expect(etaText(0.2)).toBe('about 1 s left');
    expect(etaText(2 * 3600 + 5 * 60)).toBe('about 2 h 5 min left');
    expect(etaText(3 * 3600)).toBe('about 3 h left');
  });
});
