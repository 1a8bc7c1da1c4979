import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../../../renderer/src/lib/state/connection.svelte.js';
import { Toasts } from '../../../renderer/src/lib/state/toasts.svelte.js';

afterEach(() => vi.useRealTimers());

describe('Connection', () => {
  it('is "lost" until the server answers again, then tells the screens to reload', async () => {
    vi.useFakeTimers();
    let up = false;
    const c = new Connection(async () => {
      if (!up) throw new TypeError('fetch failed');
      return 'ok';
    }, 100);
    let back = 0;
    c.onBack(() => back++);
    c.lost();
    expect(c.state).toBe('lost');
    await vi.advanceTimersByTimeAsync(350);
    expect(c.state).toBe('lost');
    up = true;
    await vi.advanceTimersByTimeAsync(150);
    expect(c.state).toBe('ok');
    expect(back).toBe(1);
  });

  it('stops retrying and says so when the server no longer knows the token', async () => {
    vi.useFakeTimers();
    let pings = 0;
    const c = new Connection(async () => (pings++, 'unauthorised'), 100);
    c.lost();
    await vi.advanceTimersByTimeAsync(1000);
    expect(c.state).toBe('unauthorised');
    expect(pings).toBe(1);
  });
});

describe('Toasts', () => {
  it('runs Undo once and goes; a plain message goes by itself', async () => {
    vi.useFakeTimers();
    const t = new Toasts();
    let undone = 0;
    t.say('Added 2 to favourites', { undo: () => void undone++ });
    await t.undo();
    await t.undo();
    expect(undone).toBe(1);
    expect(t.current).toBeNull();
    t.say('Saved');
    vi.advanceTimersByTime(4100);
    expect(t.current).toBeNull();
  });
});
