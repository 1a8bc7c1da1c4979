// The search box (issue 11): what is typed, the suggestions for it (asked for once typing pauses, and
// only the answer to the latest text is kept), the highlighted one, and the hint of the last query.
// The API is passed in, so the class is tested without a server.
import type { Photo } from '$shared/contract.js';

export interface Suggestion {
  label: string;
  /** the whole query with the word being typed completed */
  query: string;
  kind: 'person' | 'place' | 'album' | 'word';
  photos: number;
}

export type SuggestFn = (q: string) => Promise<Suggestion[]>;
export type QueryFn = (
  q: string,
  limit: number,
  offset: number,
) => Promise<{ total: number; items: Photo[]; hint: string | null; unknown: string[] }>;

export class SearchState {
  text = $state('');
  suggestions = $state<Suggestion[]>([]);
  /** the highlighted suggestion, -1 for none */
  active = $state(-1);
  open = $state(false);
  /** what the server said about the query last run (nothing matches, unknown words) */
  hint = $state<string | null>(null);
  hintFor = $state<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  constructor(
    private readonly suggestFn: SuggestFn,
    private readonly queryFn: QueryFn,
    readonly delay = 150,
  ) {}

  /** The text changed: suggestions follow once typing pauses for `delay` ms. */
  input(text: string): void {
    this.text = text;
    this.active = -1;
    clearTimeout(this.timer);
    if (!text.trim()) {
      this.asked++;
      this.close();
      return;
    }
    this.timer = setTimeout(() => void this.suggest(text), this.delay);
  }

  private async suggest(text: string): Promise<void> {
    const n = ++this.asked;
    let found: Suggestion[];
    try {
      found = await this.suggestFn(text);
    } catch {
      found = []; // suggestions are a help, not a need: the query itself still runs on Enter
    }
    if (n !== this.asked || text !== this.text) return; // an answer to older text
    // the highlight stays on its suggestion if the new list has it (an arrow key pressed while the answer was on its way)
    const kept = this.suggestions[this.active]?.query;
    this.suggestions = found;
    this.active = kept === undefined ? -1 : found.findIndex((x) => x.query === kept);
    this.open = found.length > 0;
  }

  /** Arrow keys: moves the highlight, wrapping; opens the list if it has suggestions. */
  move(delta: number): void {
    const n = this.suggestions.length;
    if (!n) return;
    this.open = true;
    this.active = this.active < 0 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n;
  }

  close(): void {
    this.open = false;
    this.active = -1;
  }

  /** Enter (or a click on suggestion i): the query to run, now in the box; null when there is nothing to run. */
  pick(i = this.open ? this.active : -1): string | null {
    clearTimeout(this.timer);
    this.asked++; // a suggestion arriving after Enter must not reopen the list
    const s = i >= 0 ? this.suggestions[i] : undefined;
    if (s) this.text = s.query;
    this.close();
    const q = this.text.trim();
    return q || null;
  }

  /** The pages of a query's results, for a PhotoList; remembers the server's hint for the query. */
  loader(q: string): (limit: number, offset: number) => Promise<{ total: number; items: Photo[] }> {
    return async (limit, offset) => {
      const r = await this.queryFn(q, limit, offset);
      if (offset === 0) {
        this.hint = r.hint;
        this.hintFor = q;
      }
      return r;
    };
  }
}
