import { describe, expect, it } from 'vitest';
import { normRotation, turnBox, turnPoint, unturnBox, unturnPoint } from '../../electron/shared/turn.js';

describe('display rotation: boxes and points between the file and the turned photo', () => {
  const box = { x: 0.1, y: 0.2, w: 0.3, h: 0.4, label: 'dog' };
  it('a point follows its box: the corners of a turned box are the turned corners', () => {
    for (const r of [0, 90, 180, 270]) {
      const t = turnBox(box, r);
      const corners = [turnPoint([box.x, box.y], r), turnPoint([box.x + box.w, box.y + box.h], r)];
      expect(Math.min(...corners.map((c) => c[0]))).toBeCloseTo(t.x);
      expect(Math.min(...corners.map((c) => c[1]))).toBeCloseTo(t.y);
      expect(Math.max(...corners.map((c) => c[0]))).toBeCloseTo(t.x + t.w);
      expect(Math.max(...corners.map((c) => c[1]))).toBeCloseTo(t.y + t.h);
      expect(t.label).toBe('dog'); // other fields ride along
    }
  });
  it('unturning undoes turning, for every quarter turn', () => {
    for (const r of [0, 90, 180, 270, -90, 450]) {
      const back = unturnBox(turnBox(box, r), r);
      for (const k of ['x', 'y', 'w', 'h'] as const) expect(back[k]).toBeCloseTo(box[k]);
      const p = unturnPoint(turnPoint([0.25, 0.6], r), r);
      expect(p[0]).toBeCloseTo(0.25);
      expect(p[1]).toBeCloseTo(0.6);
    }
    expect([normRotation(-90), normRotation(450), normRotation(null)]).toEqual([270, 90, 0]);
  });
  it('a right turn puts the top-left corner at the top right', () => {
    expect(turnPoint([0, 0], 90)).toEqual([1, 0]);
    expect(turnPoint([0, 0], 270)).toEqual([0, 1]);
  });
});
