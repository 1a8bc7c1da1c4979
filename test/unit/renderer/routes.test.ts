import { describe, expect, it } from 'vitest';
import { href, parseHash } from '../../../renderer/src/lib/routes.js';

describe('routes', () => {
  it('parses and writes every kind of hash route', () => {
    expect(parseHash('#/album/3')).toEqual({ name: 'album', id: 3 });
    expect(parseHash('#/place/Italy/Tuscany')).toEqual({ name: 'place', country: 'Italy', region: 'Tuscany' });
    expect(parseHash('#/category/Food%20%26%20drink')).toEqual({ name: 'category', category: 'Food & drink' });
    expect(parseHash('')).toEqual({ name: 'library' });
    expect(parseHash('#/nonsense')).toEqual({ name: 'library' });
    expect(parseHash('#/person/abc')).toEqual({ name: 'library' });
    expect(href({ name: 'place', country: 'Italy', region: 'Tuscany', city: 'Arezzo' })).toBe('#/place/Italy/Tuscany/Arezzo');
    expect(href({ name: 'category', category: 'Food & drink' })).toBe('#/category/Food%20%26%20drink');
  });
});
