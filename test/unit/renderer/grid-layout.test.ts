import { describe, expect, it } from 'vitest';
import { HEADER, layout, positionOf, visibleRange } from '../../../renderer/src/lib/components/grid-layout.js';

describe('grid layout', () => {
  it('lays out month sections with headings, the undated rest last', () => {
    const { blocks, height } = layout(25, [{ label: 'May 2024', count: 10 }, { label: 'April 2024', count: 5 }], 4, 100);
    expect(blocks.map((b) => [b.label, b.start, b.count, b.rows, b.top])).toEqual([
      ['May 2024', 0, 10, 3, 0],
      ['April 2024', 10, 5, 2, HEADER + 300],
      ['No date', 15, 10, 3, 2 * HEADER + 500],
    ]);
    expect(height).toBe(3 * HEADER + 800);
    expect(positionOf(blocks, 11, 4, 100)).toEqual({ top: 2 * HEADER + 300, col: 1 });
  });

  it('without sections: one plain block; finds the cells in view', () => {
    const { blocks } = layout(100_000, null, 5, 100);
    expect(blocks).toHaveLength(1);
    expect(visibleRange(blocks, 1000, 1250, 5, 100)).toEqual({ first: 50, last: 64 });
    expect(positionOf(blocks, 99_999, 5, 100)).toEqual({ top: 19_999 * 100, col: 4 });
  });
});
