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
    // a place set without a region: its town is still one address, and "region unknown" is one too
    expect(href({ name: 'place', country: 'Norway', region: null, city: 'Bergen' })).toBe('#/place/Norway/-/Bergen');
    expect(parseHash('#/place/Norway/-/Bergen')).toEqual({ name: 'place', country: 'Norway', region: null, city: 'Bergen' });
    expect(parseHash('#/place/Norway/-')).toEqual({ name: 'place', country: 'Norway', region: null });
    expect(href({ name: 'category', category: 'Food & drink' })).toBe('#/category/Food%20%26%20drink');
  });
});
