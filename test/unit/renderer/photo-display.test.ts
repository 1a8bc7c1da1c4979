import { describe, expect, it } from 'vitest';
import { longDate, photoName, turnBox, turnedSize } from '../../../renderer/src/lib/photo-display.js';

describe('a photo on screen', () => {
  it('is named by its file name and date', () => {
    expect(photoName({ fileName: 'apple.jpg', takenAt: '2019-06-14T09:30:00' })).toBe('apple.jpg, 14 June 2019');
    expect(photoName({ fileName: 'x.png', takenAt: null })).toBe('x.png');
    expect(longDate('2001-01-01T00:00:00')).toBe('1 January 2001');
  });

  it('swaps its size on a quarter turn', () => {
    expect(turnedSize(400, 300, 90)).toEqual({ w: 300, h: 400 });
    expect(turnedSize(400, 300, 180)).toEqual({ w: 400, h: 300 });
    expect(turnedSize(400, 300, -90)).toEqual({ w: 300, h: 400 });
  });

  it('turns a box with the photo: a point in the top-left corner goes to the top-right on a right turn', () => {
    const b = { x: 0.1, y: 0.2, w: 0.3, h: 0.1 };
    const right = turnBox(b, 90);
    expect(right.x).toBeCloseTo(0.7);
    expect(right.y).toBeCloseTo(0.1);
    expect([right.w, right.h]).toEqual([0.1, 0.3]);
    const left = turnBox(b, 270);
    expect(left.x).toBeCloseTo(0.2);
    expect(left.y).toBeCloseTo(0.6);
    // four right turns, or a right and a left turn, give the box back
    let r = b;
    for (let i = 0; i < 4; i++) r = turnBox(r, 90);
    expect(r.x).toBeCloseTo(b.x);
    expect(r.y).toBeCloseTo(b.y);
    const back = turnBox(turnBox(b, 90), 270);
    expect([back.x, back.y, back.w, back.h].map((v) => +v.toFixed(6))).toEqual([0.1, 0.2, 0.3, 0.1]);
    expect(Object.values(turnBox(b, 180)).map((v) => +v.toFixed(6))).toEqual([0.6, 0.7, 0.3, 0.1]);
  });
});
