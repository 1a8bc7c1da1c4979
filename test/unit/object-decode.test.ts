import { describe, expect, it } from 'vitest';
import { decodeNanoDet, nmsByClass } from '../../electron/core/vision/object-detector.js';

const labels = ['person', 'bicycle', 'car'];

/** Outputs of a 64x64 input: strides 8/16/32 -> 64, 16, 4 cells; box bins all-but-one very negative. */
function outputs(names: 'right' | 'shuffled') {
  const maps = [8, 16, 32].map((s) => {
    const cells = (64 / s) ** 2;
    return { s, cls: new Float32Array(cells * 3), box: new Float32Array(cells * 32).fill(-50) };
  });
  // one car at stride 16, cell (col 1, row 2): centre (1*16 + 7.5, 2*16 + 7.5) = (23.5, 39.5)
  const m = maps[1]!;
  const cell = 2 * 4 + 1;
  m.cls[cell * 3 + 2] = 0.9;
  // distances in bins: left 1, top 2, right 3, bottom 0.5 (half in bin 0, half in bin 1) -> x stride 16
  const put = (side: number, bin: number, v = 0) => (m.box[cell * 32 + side * 8 + bin] = v);
  put(0, 1);
  put(1, 2);
  put(2, 3);
  put(3, 0);
  put(3, 1);
  const t = (data: Float32Array, last: number) => ({ data, dims: [1, data.length / last, last] as const });
  const entries = maps.flatMap((x, i) => [
    [`cls${i}`, t(x.cls, 3)],
    [`box${i}`, t(x.box, 32)],
  ]);
  // the 320 export's names do not match their shapes: decoding must go by shape
  if (names === 'shuffled') entries.reverse();
  return Object.fromEntries(entries);
}

describe('NanoDet decoding', () => {
  it('decodes the GFL distance bins from the cell centre, times the stride', () => {
    for (const names of ['right', 'shuffled'] as const) {
      const [o, ...rest] = decodeNanoDet(outputs(names), 64, labels);
      expect(rest).toEqual([]);
      expect(o!.label).toBe('car');
      expect(o!.score).toBeCloseTo(0.9);
      expect(o!.x).toBeCloseTo(23.5 - 16);
      expect(o!.y).toBeCloseTo(39.5 - 32);
      expect(o!.w).toBeCloseTo(16 + 48);
      expect(o!.h).toBeCloseTo(32 + 8);
    }
  });

  it('keeps overlapping boxes of different classes, drops duplicates of one class', () => {
    const a = { x: 0, y: 0, w: 10, h: 10, score: 0.9, classId: 0 };
    const kept = nmsByClass([a, { ...a, score: 0.8 }, { ...a, score: 0.7, classId: 1 }, { ...a, x: 20, score: 0.6 }]);
    expect(kept.map((k) => [k.classId, k.score])).toEqual([[0, 0.9], [1, 0.7], [0, 0.6]]);
  });

  it('says which output is missing instead of returning nothing', () => {
    const out = outputs('right');
    delete out['box2'];
    expect(() => decodeNanoDet(out, 64, labels)).toThrow(/stride 32 \(4 cells\) is missing/);
  });
});
