import { describe, expect, it } from 'vitest';
import { PeopleState, type PersonCard } from '../../../renderer/src/lib/state/people.svelte.js';

const card = (id: number, name: string | null): PersonCard => ({ id, name, hidden: false, createdBy: 'machine', faces: 2, photos: 2, coverFaceId: id * 10, coverCropRev: 0 });

describe('PeopleState', () => {
  it('loads all people in one call and suggests names as you type', async () => {
    let calls = 0;
    const s = new PeopleState(async (includeHidden) => {
      expect(includeHidden).toBe(false);
      calls++;
      return [card(1, 'Anna'), card(2, 'Joanna'), card(3, null), card(4, 'Bob'), card(5, 'Anna')];
    });
    await s.load();
    expect(calls).toBe(1);
    expect(s.unnamed.map((p) => p.id)).toEqual([3]);
    expect(s.suggest('an')).toEqual(['Anna', 'Joanna']);
    expect(s.suggest('B')).toEqual(['Bob']);
    expect(s.suggest('')).toEqual(['Anna', 'Joanna', 'Bob']);
    expect(s.label(s.byId(3)!)).toBe('Person #3');
  });
});
