// The face a search by face starts from (pickQueryFace): the same choice whether the query is a dropped image's
// detected faces or a library photo's stored rows, where it was written twice before.
import { describe, expect, it } from 'vitest';
import { pickQueryFace } from '../../electron/core/people/face-search.js';
import { gradeOf, type Grade } from '../../electron/core/vision/face-grade.js';

interface Row { id: string; person: number | null; q: number; area: number }
const pick = (rows: Row[]) => pickQueryFace(rows, (r) => ({ personId: r.person, grade: gradeOf(r.q), area: r.area }))?.id;

describe('the query face of a photo', () => {
  it("someone's face first, then a clear one before a blurred one before an implausible one; the largest of a kind", () => {
    const rows: Row[] = [
      { id: 'junk', person: null, q: -1, area: 9000 },
      { id: 'blurred', person: null, q: 0, area: 5000 },
      { id: 'clear-small', person: null, q: 1, area: 900 },
      { id: 'clear-big', person: null, q: 1, area: 2500 },
      { id: 'anna-small-blurred', person: 7, q: 0, area: 400 },
    ];
    expect(pick(rows)).toBe('anna-small-blurred');
    expect(pick(rows.slice(0, 4))).toBe('clear-big');
    expect(pick(rows.slice(0, 2))).toBe('blurred');
    expect(pick(rows.slice(0, 1))).toBe('junk');
    expect(pick([])).toBeUndefined();
  });

  it('does not reorder the caller’s list', () => {
    const rows: Row[] = [{ id: 'a', person: null, q: 0, area: 1 }, { id: 'b', person: null, q: 1, area: 1 }];
    pick(rows);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('reads stored grades back', () => {
    expect([1, 0, -1].map(gradeOf)).toEqual<Grade[]>(['good', 'low', 'notAPerson']);
  });
});
