import { describe, expect, it } from 'vitest';
import { Selection } from '../../../renderer/src/lib/state/selection.svelte.js';

describe('Selection', () => {
  it('toggles ids and counts them', () => {
    const s = new Selection();
    s.toggle(5, 0);
    s.toggle(7, 1);
    s.toggle(5, 2);
    expect(s.count).toBe(1);
    expect(s.has(7)).toBe(true);
    expect(s.has(5)).toBe(false);
    expect(s.anchor).toBe(2);
  });

  it('selects a whole view by query without any row: the count is the total', async () => {
    const s = new Selection();
    s.selectAll(2543);
    expect(s.count).toBe(2543);
    expect(s.has(123456)).toBe(true);
    s.toggle(3);
    expect(s.count).toBe(2542);
    expect(s.has(3)).toBe(false);
    let asked = 0;
    const ids = await s.resolve(async () => {
      asked++;
      return [1, 2, 3, 4];
    });
    expect(asked).toBe(1);
    expect(ids).toEqual([1, 2, 4]);
    expect(s.known()).toBeNull();
  });

  it('adds a Shift-click range, also to "all" (it puts excepted ones back)', () => {
    const s = new Selection();
    s.toggle(1, 0);
    s.addRange([1, 2, 3, 4], 3);
    expect(s.known()).toEqual([1, 2, 3, 4]);
    s.selectAll(10);
    s.toggle(2);
    s.addRange([2, 3], 5);
    expect(s.count).toBe(10);
  });

  it('clears everything, the "all" flag included', async () => {
    const s = new Selection();
    s.selectAll(100);
    s.clear();
    expect(s.count).toBe(0);
    expect(s.all).toBe(false);
    expect(await s.resolve(async () => [1])).toEqual([]);
  });
});
