// The library's month headings: the timeline's month groups, in the library's order (newest first).
import type { Section } from '../../lib/components/grid-layout.js';
import { api } from '../../lib/api.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthLabel(key: string): string {
  const [y, m] = key.split('-');
  return `${MONTHS[Number(m) - 1] ?? ''} ${y}`.trim();
}

/** the last answer, so the grid lays out at once (and scrolls back to its place) when you come back */
let last: Section[] | null = null;
export const knownSections = () => last;

export async function librarySections(): Promise<Section[]> {
  const groups = await api.call('timeline.groups', { level: 'month' });
  last = groups.map((g) => ({ label: monthLabel(g.key), count: g.count, group: g.key.slice(0, 4) }));
  return last;
}
