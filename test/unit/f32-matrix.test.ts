// The SIMD dot-product kernel gives what a plain loop gives, across growth.
import { describe, expect, it } from 'vitest';
import { F32Matrix } from '../../electron/core/people/f32-matrix.js';

describe('F32Matrix', () => {
  it('dots every row with the query as a JavaScript loop does, after growing', () => {
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647), s / 2147483647 - 0.5);
    const m = new F32Matrix(128, 4);
    const rows = Array.from({ length: 3000 }, () => Float32Array.from({ length: 128 }, rand));
    m.reserve(rows.length);
    rows.forEach((r, i) => m.set(i, r));
    m.rows = rows.length;
    m.add(7, rows[8]!, -1);
    const q = Float32Array.from({ length: 128 }, rand);
    const got = Array.from(m.dots(q));
    const want = rows.map((r, i) => r.reduce((a, x, k) => a + (i === 7 ? x - rows[8]![k]! : x) * q[k]!, 0));
    expect(got.length).toBe(3000);
    expect(Array.from(m.dots(q, 3, 100))).toEqual(got.slice(100, 103));
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 4));
    expect(() => new F32Matrix(2000)).toThrow(/between 1 and 1024/);
    const odd = new F32Matrix(5, 1); // padded rows: the padding never counts
    odd.reserve(2);
    odd.set(0, Float32Array.of(1, 2, 3, 4, 5));
    odd.set(1, Float32Array.of(1, 1, 1, 1, 1));
    expect(Array.from(odd.dots(Float32Array.of(1, 0, 0, 0, 2), 2))).toEqual([11, 3]);
  });
});
