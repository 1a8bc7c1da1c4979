import { describe, expect, it } from 'vitest';
import { ViewerState } from '../../../renderer/src/lib/state/viewer.svelte.js';

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
});
