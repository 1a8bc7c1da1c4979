// Search everything (issue 11): one query over names, places, labels and their WordNet terms,
// objects, categories, albums, camera, files, dates and kinds, through the FTS5 index of migration
// 008-search (kept in step by triggers in the writer's transactions, so this service only reads and
// needs no cache to refresh). Grammar: query-parser.ts.
import type { Photo } from '../../shared/contract.js';
import type { Catalog } from '../catalog.js';
import { toPhoto } from '../db/repos/photo.repo.js';
import { parseQuery, toMatch, tokenize, words } from './query-parser.js';

export interface SearchResult {
  total: number;
  items: Photo[];
  /** Said when nothing can match: which words the library has never seen, or what to add. */
  hint: string | null;
  /** Typed words the library does not know (each alone would match nothing). */
  unknown: string[];
}

export interface Suggestion {
  /** What to show. */
  label: string;
  /** The whole query with the word being typed completed. */
  query: string;
  kind: 'person' | 'place' | 'album' | 'word';
  photos: number;
}

/**
 * Indexed words for completion: read from the index's vocabulary (~0.3 s at 100k photos, too slow per
 * keystroke) and kept for WORDS_MAX_AGE_MS. Words change only as labels do, and a stale word list
 * costs at most a missing or extra suggestion (the query itself always reads the index); names
 * (people, places, albums), which the user edits, are looked up fresh on every keystroke.
 */
const WORDS_MAX_AGE_MS = 30_000;

export class SearchService {
  private words: { at: number; sorted: { term: string; photos: number }[] } | null = null;

  constructor(private readonly catalog: Catalog) {}

  query(text: string, limit = 100, offset = 0): SearchResult {
    const repo = this.catalog.search;
    const terms = parseQuery(text, (t) => repo.known(t));
    const unknown = terms.filter((t) => !t.negated && t.fts === null).map((t) => t.text);
    const match = toMatch(terms);
    if (terms.length === 0) return { total: 0, items: [], hint: 'Type a word, a name, a place or a date.', unknown };
    if (!match) {
      const hint = unknown.length
        ? `No photo matches ${unknown.map((w) => `"${w}"`).join(', ')}: check the spelling or try a broader word (e.g. "animal", "building").`
        : 'Add a word to search for: a minus only excludes.';
      return { total: 0, items: [], hint, unknown };
    }
    const { total, rows } = repo.find(match, limit, offset);
    const positives = terms.filter((t) => !t.negated).length;
    const hint = total === 0 ? (positives > 1 ? 'No photo has all of these; remove a word to see more.' : `No photo matches "${text.trim()}".`) : null;
    const favourites = this.catalog.albums.favouritesAmong(rows.map((r) => r.id));
    return { total, items: rows.map((r) => toPhoto(r, favourites)), hint, unknown };
  }

  /** Completions of the word being typed (the last one): people, places and albums first, then indexed words. */
  suggest(text: string, limit = 8): Suggestion[] {
    const raw = tokenize(text);
    const last = raw.at(-1);
    if (!last || /\s$/.test(text)) return [];
    const head = text.slice(0, text.lastIndexOf(last.text) - (last.negated ? 1 : 0)).replace(/"$/, '');
    const lead = last.negated ? '-' : '';
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    const add = (label: string, kind: Suggestion['kind'], photos: number) => {
      const key = label.toLowerCase();
      if (seen.has(key) || out.length >= limit) return;
      seen.add(key);
      const word = /\s/.test(label) ? `"${label}"` : label;
      out.push({ label, kind, photos, query: `${head}${lead}${word}` });
    };
    for (const n of this.catalog.search.namesStarting(last.text, limit)) add(n.name, n.kind as Suggestion['kind'], n.photos);
    const folded = words(last.text);
    if (folded.length === 1) for (const t of this.wordsStarting(folded[0]!, limit)) add(t.term, 'word', t.photos);
    return out;
  }

  private wordsStarting(prefix: string, limit: number): { term: string; photos: number }[] {
    const now = Date.now();
    if (!this.words || now - this.words.at > WORDS_MAX_AGE_MS) this.words = { at: now, sorted: this.catalog.search.allWords() };
    const list = this.words.sorted; // in term order, as the vocabulary gives it
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.term < prefix) lo = mid + 1;
      else hi = mid;
    }
    const hits: { term: string; photos: number }[] = [];
    for (let i = lo; i < list.length && list[i]!.term.startsWith(prefix); i++) hits.push(list[i]!);
    return hits.sort((a, b) => b.photos - a.photos).slice(0, limit);
  }
}
