// Grading faces: real face geometry fits the template, scrambled or mirrored landmarks do not; a
// face inside an animal's box is not a person's.
import { describe, expect, it } from 'vitest';
import { ARCFACE_TEMPLATE } from '../../electron/core/vision/face-align.js';
import { gradeFace, insideAnimal, landmarkResidual, MAX_LANDMARK_RESIDUAL, turnedness } from '../../electron/core/vision/face-quality.js';

const turn = (pts: [number, number][], deg: number, scale: number, dx: number, dy: number) => {
  const r = (deg * Math.PI) / 180;
  return pts.map(([x, y]) => [scale * (x * Math.cos(r) - y * Math.sin(r)) + dx, scale * (x * Math.sin(r) + y * Math.cos(r)) + dy] as [number, number]);
};
const good = { sizePx: 120, score: 0.95, sharpness: 500 };

describe('face grades', () => {
  it('a face turned 15° and scaled fits the template; mirrored or scrambled landmarks do not', () => {
    expect(landmarkResidual(turn(ARCFACE_TEMPLATE, 15, 0.6, 300, 200))).toBeLessThan(1);
    const mirrored = ARCFACE_TEMPLATE.map(([x, y]) => [112 - x, 112 - y] as [number, number]).reverse(); // upside-down, sides kept
    const scrambled: [number, number][] = [ARCFACE_TEMPLATE[3]!, ARCFACE_TEMPLATE[0]!, ARCFACE_TEMPLATE[4]!, ARCFACE_TEMPLATE[2]!, ARCFACE_TEMPLATE[1]!];
    const muzzle: [number, number][] = [[40, 40], [72, 40], [56, 44], [50, 47], [62, 47]]; // nose and mouth up at eye level
    for (const bad of [scrambled, muzzle]) expect(landmarkResidual(bad)).toBeGreaterThan(MAX_LANDMARK_RESIDUAL);
    expect(landmarkResidual(mirrored)).toBeLessThan(MAX_LANDMARK_RESIDUAL); // a face upside down is still a face
  });

  it('grades good, low and not a person', () => {
    expect(gradeFace({ ...good, landmarks: ARCFACE_TEMPLATE })).toBe('good');
    expect(gradeFace({ ...good, sizePx: 45, sharpness: 20, landmarks: ARCFACE_TEMPLATE })).toBe('low');
    expect(gradeFace({ ...good, landmarks: [[40, 40], [72, 40], [56, 44], [50, 47], [62, 47]] })).toBe('notAPerson');
  });

  it('a face whose centre lies in a confident animal box is an animal', () => {
    const dog = { x: 0.1, y: 0.1, w: 0.4, h: 0.5, score: 0.7 };
    expect(insideAnimal({ x: 0.2, y: 0.2, w: 0.1, h: 0.1 }, [dog])).toBe(true);
    expect(insideAnimal({ x: 0.6, y: 0.2, w: 0.1, h: 0.1 }, [dog])).toBe(false);
    expect(insideAnimal({ x: 0.2, y: 0.2, w: 0.1, h: 0.1 }, [{ ...dog, score: 0.2 }])).toBe(false);
  });

  it('an embedding near where turned faces land is graded low; without a fit nothing changes', () => {
    const axis = (k: number) => Array.from({ length: 4 }, (_, i) => (i === k ? 1 : 0));
    const embedder = {
      turned: {
        turns: [
          { turn: 90, prototype: axis(0), maxCosine: 0.3, faces: 1 },
          { turn: 180, prototype: axis(1), maxCosine: 0.4, faces: 1 },
        ],
        fittedOn: 'test',
      },
    };
    const side = Float32Array.from([0.8, 0, 0.6, 0]);
    const over = Float32Array.from([0, 0.6, 0.8, 0]);
    const upright = Float32Array.from([0.1, 0.1, 0.99, 0]);
    expect(turnedness(embedder, side)).toBeCloseTo(0.5);
    expect(turnedness(embedder, over)).toBeCloseTo(0.2);
    expect(turnedness(embedder, upright)).toBeLessThan(0);
    expect(turnedness({}, side)).toBe(0);
    expect(turnedness({ turned: { turns: [{ turn: 90, prototype: [1, 0], maxCosine: 0.3, faces: 1 }], fittedOn: '' } }, side)).toBe(0); // another embedder's size
    expect(gradeFace({ ...good, landmarks: ARCFACE_TEMPLATE, turned: turnedness(embedder, side) })).toBe('low');
    expect(gradeFace({ ...good, landmarks: ARCFACE_TEMPLATE, turned: turnedness(embedder, upright) })).toBe('good');
  });
});
