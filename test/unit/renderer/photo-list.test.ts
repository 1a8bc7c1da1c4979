import { describe, expect, it } from 'vitest';
import type { Photo } from '../../../electron/shared/contract.js';
import { PhotoList } from '../../../renderer/src/lib/state/photo-list.svelte.js';

const photo = (id: number) => ({ id, fileName: `p${id}.jpg` }) as Photo;
function loaderOf(total: number, calls: number[][] = [], fail = new Set<number>()) {
  return async (limit: number, offset: number) => {
    calls.push([limit, offset]);
    if (fail.has(offset)) throw new Error('connection lost');
    const items = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) items.push(photo(i + 1));
    return { total, items };
  };
}

describe('PhotoList', () => {
  it('loads only the pages asked for, once each', async () => {
    const calls: number[][] = [];
    const list = new PhotoList(loaderOf(2543, calls), 100);
    await list.ensure(0, 50);
    await list.ensure(20, 150);
    expect(calls).toEqual([[100, 0], [100, 100]]);
    expect(list.total).toBe(2543);
    expect(list.at(149)?.id).toBe(150);
    expect(list.at(1000)).toBeUndefined();
    expect(list.loading).toBe(false);
  });

  it('keeps its total and rows when a page fails, and asks again later', async () => {
    const fail = new Set([200]);
    const list = new PhotoList(loaderOf(2543, [], fail), 100);
    await list.ensure(0, 10);
    await expect(list.ensure(250, 260)).rejects.toThrow(/connection lost/);
    expect(list.total).toBe(2543);
    expect(list.error).toMatch(/connection lost/);
    fail.clear();
    await list.ensure(250, 260);
    expect(list.at(250)?.id).toBe(251);
    expect(list.error).toBeNull();
  });

  it('stops at the end: a scrolled range past the last page asks nothing more', async () => {
    const calls: number[][] = [];
    const list = new PhotoList(loaderOf(150, calls), 100);
    await list.ensure(0, 10);
    await list.ensure(90, 1000);
    expect(calls).toEqual([[100, 0], [100, 100]]);
  });

  it('gives the ids of a range in either order, loading what is missing', async () => {
    const list = new PhotoList(loaderOf(1000), 100);
    expect(await list.idsBetween(305, 302)).toEqual([303, 304, 305, 306]);
    expect(list.indexOf(304)).toBe(303);
  });

  it('indexOf looks only at rows loaded since the last reload, not at stale rows kept on screen', async () => {
    let shift = 0;
    const list = new PhotoList(async (limit, offset) => {
      const items = [];
      for (let i = offset; i < Math.min(300, offset + limit); i++) items.push(photo(i + 1 - shift));
      return { total: 300, items };
    }, 100);
    await list.ensure(0, 150);
    expect(list.indexOf(50)).toBe(49);
    shift = 100; // every photo moved down a page
    await list.ensure(150, 160);
    await list.reload(); // only page 1 again: page 0 still holds the old rows
    expect(list.indexOf(50)).toBe(149);
    expect(list.indexOf(1)).toBe(100);
  });

  it('reload also asks again the page the viewer is on, far from the grid behind it, and keeps the grid as the place in view', async () => {
    const calls: number[][] = [];
    const list = new PhotoList(loaderOf(1000, calls), 100);
    await list.ensure(850, 860); // the viewer
    await list.ensure(0, 20); // the grid behind it asked last
    calls.length = 0;
    await list.reload([850, 860]);
    expect(calls.sort((a, b) => a[1]! - b[1]!)).toEqual([[100, 0], [100, 800]]);
    calls.length = 0;
    await list.reload();
    expect(calls).toEqual([[100, 0]]);
  });

  it('reload asks the pages in view again', async () => {
    const calls: number[][] = [];
    const list = new PhotoList(loaderOf(1000, calls), 100);
    await list.ensure(400, 420);
    await list.reload();
    expect(calls).toEqual([[100, 400], [100, 400]]);
  });

  it('a list in hand (search by image, a duplicate group) loses the photos sent to the bin; a catalog list has nothing to drop', async () => {
    const photo = (id: number) => ({ id, fileName: `IMG_${id}.jpg` }) as Photo;
    const held = PhotoList.of([photo(1), photo(2), photo(3)]);
    await held.ensure(0, 3);
    await held.drop!(new Set([2]));
    expect(held.total).toBe(2);
    expect([held.at(0)?.id, held.at(1)?.id]).toEqual([1, 3]);
    expect(new PhotoList(loaderOf(10, []), 100).drop).toBeNull();
  });
});
