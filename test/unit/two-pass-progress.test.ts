import { describe, expect, it } from 'vitest';
import { ProgressMeter, twoPassProgress, PASS2_COST_RATIO } from '../../electron/core/indexer/progress.js';
import { progressText } from '../../electron/shared/progress-text.js';

describe('progress of the two passes', () => {
  it('says how many photos are in the library and how many are understood, with one time left for both', () => {
    let t = 0;
    const clock = () => t;
    const all = new ProgressMeter(0, clock);
    const browse = new ProgressMeter(0, clock);
    const understand = new ProgressMeter(0, clock);
    // pass 1 at 10 photos/s, pass 2 at 2 photos/s
    for (let i = 0; i < 20; i++) ((t += 100), browse.tick(true, null), all.tick(true, null));
    for (let i = 0; i < 4; i++) ((t += 500), understand.tick(true, null), all.tick(true, null));
    const e = twoPassProgress(all, browse, understand, { browse: 7_600, understand: 9_300 }, { indexed: 12_400, pending: 7_600 });
    expect(e.passes).toEqual({ browse: { done: 12_400, total: 20_000 }, understand: { done: 3_100, total: 20_000 } });
    expect(e.etaSeconds).toBeCloseTo(7_600 / 10 + 16_900 / 2, -1);
    expect(progressText(e)).toBe('12,400 of 20,000 photos in your library · finding people and things in 3,100 of 20,000 · about 2 h 34 min left');
  });

  it('before pass 2 has a rate, its time is estimated from pass 1', () => {
    let t = 0;
    const browse = new ProgressMeter(0, () => t);
    for (let i = 0; i < 10; i++) ((t += 100), browse.tick(true, null));
    const e = twoPassProgress(browse, browse, new ProgressMeter(0, () => t), { browse: 100, understand: 10 }, { indexed: 10, pending: 100 });
    expect(e.etaSeconds).toBe(Math.round(100 / 10 + 110 / (10 / PASS2_COST_RATIO)));
    expect(progressText({ ...e, passes: { browse: { done: 110, total: 110 }, understand: { done: 110, total: 110 } }, etaSeconds: 0 })).toBe(
      '110 of 110 photos in your library',
    );
  });
});
