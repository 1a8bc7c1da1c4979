import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Photo } from '../../../electron/shared/contract.js';
import { SearchState, type Suggestion } from '../../../renderer/src/lib/state/search.svelte.js';
import { parseHash, href } from '../../../renderer/src/lib/routes.js';

const sug = (label: string, query = label): Suggestion => ({ label, query, kind: 'word', photos: 1 });

function searchOf(answers: Record<string, Suggestion[]>, asked: string[] = [], delays: Record<string, number> = {}) {
  const suggest = async (q: string) => {
    asked.push(q);
    await new Promise((r) => setTimeout(r, delays[q] ?? 0));
    return answers[q] ?? [];
  };
  const query = async (q: string, limit: number, offset: number) => ({
    total: q === 'dog' ? 2 : 0,
    items: q === 'dog' ? ([{ id: 1 }, { id: 2 }] as Photo[]).slice(offset, offset + limit) : [],
    hint: q === 'dog' ? null : `No photo matches "${q}"`,
    unknown: q === 'dog' ? [] : [q],
  });
  return new SearchState(suggest, query, 150);
}

describe('SearchState', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks for suggestions once typing pauses for the debounce, for the latest text only', async () => {
    const asked: string[] = [];
    const s = searchOf({ Are: [sug('Arezzo', 'Arezzo')] }, asked);
    s.input('A');
    await vi.advanceTimersByTimeAsync(100);
    s.input('Ar');
    await vi.advanceTimersByTimeAsync(100);
    s.input('Are');
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(160);
    expect(asked).toEqual(['Are']);
    expect(s.open).toBe(true);
    expect(s.suggestions.map((x) => x.label)).toEqual(['Arezzo']);
  });

  it('drops an answer that arrives after the text changed', async () => {
    const s = searchOf({ do: [sug('dog')], dol: [sug('dolphin')] }, [], { do: 500 });
    s.input('do');
    await vi.advanceTimersByTimeAsync(160); // "do" asked, answer pending
    s.input('dol');
    await vi.advanceTimersByTimeAsync(160);
    expect(s.suggestions.map((x) => x.label)).toEqual(['dolphin']);
    await vi.advanceTimersByTimeAsync(600); // the slow answer to "do" comes in
    expect(s.suggestions.map((x) => x.label)).toEqual(['dolphin']);
  });

  it('a highlight made while a newer answer was on its way stays on its suggestion', async () => {
    const s = searchOf({ Are: [sug('Arezzo')], Arez: [sug('Arezzo')] }, [], { Arez: 300 });
    s.input('Are');
    await vi.advanceTimersByTimeAsync(160);
    s.input('Arez');
    await vi.advanceTimersByTimeAsync(160); // "Arez" asked; the list for "Are" still shown
    s.move(1);
    expect(s.active).toBe(0);
    await vi.advanceTimersByTimeAsync(400);
    expect(s.active).toBe(0);
    expect(s.pick()).toBe('Arezzo');
  });

  it('arrow keys move and wrap, Enter picks the highlighted one, Esc closes', async () => {
    const s = searchOf({ a: [sug('Anna', 'Anna'), sug('Arezzo', 'Arezzo'), sug('animal')] });
    s.input('a');
    await vi.advanceTimersByTimeAsync(160);
    s.move(1);
    expect(s.active).toBe(0);
    s.move(1);
    s.move(1);
    s.move(1);
    expect(s.active).toBe(0);
    s.move(-1);
    expect(s.active).toBe(2);
    s.close();
    expect(s.open).toBe(false);
    s.move(1); // reopens at the first
    s.move(1);
    expect(s.pick()).toBe('Arezzo');
    expect(s.text).toBe('Arezzo');
    expect(s.open).toBe(false);
  });

  it('Enter with nothing highlighted runs the text as typed; an empty box runs nothing', async () => {
    const s = searchOf({ 'dog ': [] });
    s.input('  dog ');
    expect(s.pick()).toBe('dog');
    await vi.advanceTimersByTimeAsync(300); // the debounced ask was cancelled: no list reopens
    expect(s.open).toBe(false);
    s.input('   ');
    expect(s.pick()).toBeNull();
  });

  it('pages results and keeps the server hint of the query', async () => {
    const s = searchOf({});
    expect(await s.loader('dog')(1, 0)).toMatchObject({ total: 2, items: [{ id: 1 }] });
    expect(s.hint).toBeNull();
    expect((await s.loader('zzyzx')(100, 0)).total).toBe(0);
    expect(s.hintFor).toBe('zzyzx');
    expect(s.hint).toMatch(/zzyzx/);
  });
});

describe('the search route', () => {
  it('#/search alone is search by image; #/search/<query> carries the query, slashes and quotes too', () => {
    expect(parseHash('#/search')).toEqual({ name: 'search' });
    const r = { name: 'search' as const, q: 'Anna "San Francesco" 2019/06' };
    expect(parseHash(href(r))).toEqual(r);
    expect(href({ name: 'search', q: 'dog' })).toBe('#/search/dog');
  });
});
