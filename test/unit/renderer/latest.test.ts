import { describe, expect, it } from 'vitest';
import { newestOnly } from '../../../renderer/src/lib/latest.js';

/** a question whose answer comes when the test says so */
function slow() {
  const pending = new Map<string, (v: string) => void>();
  const ask = (q: string) => new Promise<string>((resolve) => pending.set(q, resolve));
  return { ask, answer: (q: string) => pending.get(q)!(`answer to ${q}`) };
}

describe('newestOnly', () => {
  it('keeps the newest answer when an older one arrives after it (a reload racing a change)', async () => {
    const s = slow();
    const kept: string[] = [];
    const load = newestOnly(s.ask, (a) => kept.push(a));
    const before = load('before the change');
    const after = load('after the change');
    s.answer('after the change');
    await after;
    s.answer('before the change');
    await before;
    expect(kept).toEqual(['answer to after the change']);
  });

  it('keeps every answer that arrives in order', async () => {
    const s = slow();
    const kept: string[] = [];
    const load = newestOnly(s.ask, (a) => kept.push(a));
    const a = load('a');
    s.answer('a');
    await a;
    const b = load('b');
    s.answer('b');
    await b;
    expect(kept).toEqual(['answer to a', 'answer to b']);
  });
});
