import { describe, expect, it } from 'vitest';
import type { Photo } from '../../../electron/shared/contract.js';
import { PhotoList } from '../../../renderer/src/lib/state/photo-list.svelte.js';
import { ViewerState } from '../../../renderer/src/lib/state/viewer.svelte.js';

/** a library of photos by id, newest first, that grows at the top as indexing runs */
function growing(ids: number[]) {
  const loader = async (limit: number, offset: number) => ({
    total: ids.length,
    items: ids.slice(offset, offset + limit).map((id) => ({ id, fileName: `IMG_${id}.jpg` }) as Photo),
  });
  return { ids, list: new PhotoList(loader, 100) };
}

describe('ViewerState', () => {
  it('moves within the list and gives back the index on close', () => {
    const v = new ViewerState();
    v.open(3);
    v.move(1, 5);
    v.move(1, 5);
    expect(v.index).toBe(4);
    v.move(-10, 5);
    expect(v.index).toBe(0);
    expect(v.close()).toBe(0);
    expect(v.index).toBeNull();
  });

  it('zooms between fit and 100%, by steps and by wheel, and fits again on another photo', () => {
    const v = new ViewerState();
    v.open(0);
    v.fitScale = 0.3;
    expect(v.percent).toBe(30);
    v.toggleActual();
    expect(v.zoom).toBe(1);
    expect(v.percent).toBe(100);
    v.zoomIn();
    expect(v.zoom).toBe(2);
    v.pan(10, -5);
    expect([v.panX, v.panY]).toEqual([10, -5]);
    v.zoomOut();
    v.zoomOut();
    expect(v.zoom).toBe(0.5);
    v.wheel(-200);
    expect(v.scale).toBeGreaterThan(0.5);
    v.wheel(5000);
    expect(v.zoom).toBe('fit');
    v.zoomIn();
    v.move(1, 3);
    expect(v.zoom).toBe('fit');
    expect([v.panX, v.panY]).toEqual([0, 0]);
  });

  it('does not pan a fitted photo', () => {
    const v = new ViewerState();
    v.open(0);
    v.pan(5, 5);
    expect(v.panX).toBe(0);
  });

  it('stays on the same photo while the list reloads with newer photos before it', async () => {
    const { ids, list } = growing(Array.from({ length: 269 }, (_, i) => 1500 - i));
    await list.ensure(0, 10);
    const v = new ViewerState();
    v.open(3);
    await v.follow(list);
    expect(list.at(v.index!)?.id).toBe(1497);
    ids.unshift(1600, 1601, 1602, 1603, 1604, 1605, 1606, 1607, 1608); // 9 newer photos indexed
    await list.reload();
    await v.follow(list);
    expect(v.index).toBe(12);
    expect(list.at(v.index!)?.id).toBe(1497);
    v.move(1, list.total); // moving on follows the new photo
    await v.follow(list);
    expect(list.at(v.index!)?.id).toBe(1496);
  });

  it('finds a photo pushed beyond the loaded pages through locate, and shows the next one after a removal', async () => {
    const { ids, list } = growing(Array.from({ length: 150 }, (_, i) => 1000 - i));
    await list.ensure(0, 105); // the grid had both pages; the viewer's reload fetches only page 0
    const v = new ViewerState();
    v.open(2);
    await v.follow(list);
    ids.unshift(...Array.from({ length: 120 }, (_, i) => 2000 + i)); // photo 998 is now at 122, page 1
    await list.ensure(0, 5);
    await list.reload();
    await v.follow(list, async (id) => ids.indexOf(id));
    expect(v.index).toBe(122);
    ids.splice(122, 1); // removed from the viewer
    await list.ensure(120, 125);
    await list.reload();
    await v.follow(list, async (id) => ids.indexOf(id));
    expect(v.index).toBe(122);
    expect(list.at(122)?.id).toBe(997);
    await v.follow(list);
    expect(list.at(v.index!)?.id).toBe(997);
  });
});
