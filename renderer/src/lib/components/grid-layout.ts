// Where each photo of a virtualised grid sits: sections (a month, "No date") one after the other,
// each with a heading row and then rows of `columns` cells. Pure arithmetic, so 100,000 photos cost
// nothing until their rows are on screen.
export interface Section {
  label: string;
  count: number;
  /** what the scrubber shows for it (e.g. the year) */
  group?: string;
}

export interface Block {
  label: string | null;
  group: string | null;
  start: number;
  count: number;
  top: number;
  rows: number;
}

export const HEADER = 40;

export function layout(total: number, sections: Section[] | null, columns: number, rowHeight: number): { blocks: Block[]; height: number } {
  const secs: { label: string | null; group: string | null; count: number }[] = [];
  let left = total;
  for (const s of sections ?? []) {
    const count = Math.min(s.count, left);
    if (count <= 0) break;
    secs.push({ label: s.label, group: s.group ?? null, count });
    left -= count;
  }
  if (left > 0) secs.push({ label: secs.length ? 'No date' : null, group: secs.length ? 'No date' : null, count: left });
  const blocks: Block[] = [];
  let top = 0;
  let start = 0;
  for (const s of secs) {
    const rows = Math.ceil(s.count / columns);
    blocks.push({ ...s, start, top, rows });
    top += (s.label ? HEADER : 0) + rows * rowHeight;
    start += s.count;
  }
  return { blocks, height: top };
}

/** the block holding photo i */
export function blockOf(blocks: Block[], i: number): Block | undefined {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid]!.start <= i) lo = mid;
    else hi = mid - 1;
  }
  return blocks[lo];
}

export function positionOf(blocks: Block[], i: number, columns: number, rowHeight: number): { top: number; col: number } {
  const b = blockOf(blocks, i);
  if (!b) return { top: 0, col: 0 };
  const k = i - b.start;
  return { top: b.top + (b.label ? HEADER : 0) + Math.floor(k / columns) * rowHeight, col: k % columns };
}

/** The photo indexes whose rows intersect [from, to] (pixels), block by block. */
export function visibleRange(
  blocks: Block[],
  from: number,
  to: number,
  columns: number,
  rowHeight: number,
): { first: number; last: number } | null {
  let first = -1;
  let last = -1;
  for (const b of blocks) {
    const head = b.label ? HEADER : 0;
    const bottom = b.top + head + b.rows * rowHeight;
    if (bottom < from || b.top > to) continue;
    const r0 = Math.max(0, Math.floor((from - b.top - head) / rowHeight));
    const r1 = Math.min(b.rows - 1, Math.floor((to - b.top - head) / rowHeight));
    if (r1 < r0) continue;
    const a = b.start + r0 * columns;
    const z = Math.min(b.start + b.count - 1, b.start + (r1 + 1) * columns - 1);
    if (first < 0) first = a;
    last = z;
  }
  return first < 0 ? null : { first, last };
}
