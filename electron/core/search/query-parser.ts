// The search box's language, turned into one FTS5 expression over the index of migration
// 008-search. Words narrow (AND), "quoted phrases" match in order, -word and -"phrase" exclude,
// dates are understood as dates: 2019, 2019-06, 2019-06-14, 2018..2020 (or 2018-2020), month names.
// A word the index has never seen (after trying its singular) makes the whole query match nothing,
// which the service turns into a hint instead of an error.

export interface ParsedTerm {
  /** What the user typed for this term (for hints). */
  text: string;
  negated: boolean;
  /** FTS5 sub-expression; null when the term can match nothing. */
  fts: string | null;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_ALIASES = new Map<string, string>(MONTHS.flatMap((m) => [[m, m], [m.slice(0, 3), m]] as [string, string][]));
MONTH_ALIASES.set('sept', 'september');
const ALIASES = new Map([['favorite', 'favourite'], ['favorites', 'favourite'], ['favourites', 'favourite'], ['fav', 'favourite'], ['screenshots', 'screenshot']]);

/** Splits the query into raw terms: words, "phrases", with a leading minus kept. */
export function tokenize(query: string): { text: string; phrase: boolean; negated: boolean }[] {
  const out: { text: string; phrase: boolean; negated: boolean }[] = [];
  const re = /(-?)"([^"]*)"?|(\S+)/g;
  for (let m = re.exec(query); m; m = re.exec(query)) {
    if (m[3] !== undefined) {
      const negated = m[3].startsWith('-') && m[3].length > 1;
      out.push({ text: negated ? m[3].slice(1) : m[3], phrase: false, negated });
    } else if (m[2]?.trim()) {
      out.push({ text: m[2].trim(), phrase: true, negated: m[1] === '-' });
    }
  }
  return out;
}

/** Folds text the way the index's unicode61 tokenizer does (lower case, no diacritics, split on non-alphanumerics). */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const quote = (tokens: string[]) => `"${tokens.join(' ')}"`;

function dateTerm(text: string): string | null {
  let m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
  if (m) return `dates : ${quote([m[1], m[2], m[3]].filter((x): x is string => x !== undefined))}`;
  m = /^(\d{4})(?:\.\.|-|–)(\d{4})$/.exec(text);
  if (m) {
    const from = Math.min(Number(m[1]), Number(m[2]));
    const to = Math.max(Number(m[1]), Number(m[2]));
    if (to - from > 300) return null;
    const years: string[] = [];
    for (let y = from; y <= to; y++) years.push(`"${y}"`);
    return `dates : (${years.join(' OR ')})`;
  }
  if (/^(18|19|20|21)\d{2}$/.test(text)) return `dates : "${text}"`;
  const month = MONTH_ALIASES.get(text.toLowerCase());
  if (month) return `dates : "${month}"`;
  return null;
}

/**
 * One word as an FTS5 expression: itself or its singular, whichever the index knows (a plural finds both); null if neither.
 * `known` asks the index's vocabulary.
 */
function wordTerm(word: string, known: (t: string) => boolean): string | null {
  const w = ALIASES.get(word) ?? word;
  const candidates = [w, w.endsWith('ies') ? w.slice(0, -3) + 'y' : '', w.endsWith('es') ? w.slice(0, -2) : '', w.endsWith('s') ? w.slice(0, -1) : ''];
  const hits = [...new Set(candidates)].filter((c) => c && known(c));
  return hits.length ? hits.map((h) => `"${h}"`).join(' OR ') : null;
}

/**
 * Words of a sentence that say nothing about a photo: "photos of dogs in 2019" searches "dogs 2019".
 * Dropped only beside a word that does say something, never quoted or excluded.
 */
const FILLER = new Set(
  'a an the in of on at from with and or by during my our me us show find all some taken photo photos picture pictures pic pics image images'.split(' '),
);
const isFiller = (raw: { text: string; phrase: boolean; negated: boolean }) => !raw.phrase && !raw.negated && FILLER.has(raw.text.toLowerCase());

/**
 * Scene words that also begin the name of a thing: a "beach" is searched for, not a "beach wagon"
 * (an estate car), in what the models saw; names, folders and dates still match the word itself.
 */
const FALSE_FRIENDS: Record<string, string[]> = {
  beach: ['beach wagon', 'beach waggon'],
  station: ['station wagon', 'station waggon'],
  mountain: ['mountain bike', 'mountain tent'],
  pool: ['pool table'],
  garden: ['garden spider'],
  house: ['house finch'],
  rock: ['rock python', 'rock crab', 'rock beauty'],
  water: ['water bottle', 'water jug', 'water ouzel', 'water snake', 'water buffalo', 'water tower'],
};
function withoutFalseFriends(word: string, fts: string): string {
  const friends = FALSE_FRIENDS[word];
  if (!friends) return fts;
  return `{names dates kinds} : (${fts}) OR {things sure broader} : ((${fts}) NOT (${friends.map((f) => `"${f}"`).join(' OR ')}))`;
}

export function parseQuery(query: string, known: (token: string) => boolean): ParsedTerm[] {
  const terms: ParsedTerm[] = [];
  const all = tokenize(query);
  const meant = all.some((r) => !isFiller(r)) ? all.filter((r) => !isFiller(r)) : all;
  for (const raw of meant) {
    const date = raw.phrase ? null : dateTerm(raw.text);
    if (date) {
      terms.push({ text: raw.text, negated: raw.negated, fts: date });
      continue;
    }
    const tokens = words(raw.text);
    if (tokens.length === 0) continue; // punctuation only
    if (raw.phrase || tokens.length > 1) {
      // a phrase (or a word the tokenizer splits, like "st-tropez"): every token must be known
      const ok = tokens.every((t) => known(t));
      terms.push({ text: raw.text, negated: raw.negated, fts: ok ? quote(tokens) : null });
    } else {
      const fts = wordTerm(tokens[0]!, known);
      terms.push({ text: raw.text, negated: raw.negated, fts: fts && !raw.negated ? withoutFalseFriends(tokens[0]!, fts) : fts });
    }
  }
  return terms;
}

/** The FTS5 expression for all terms: positives ANDed, negatives subtracted. Null when nothing can match. */
export function toMatch(terms: ParsedTerm[]): string | null {
  const positives = terms.filter((t) => !t.negated);
  if (positives.length === 0 || positives.some((t) => t.fts === null)) return null;
  let expr = positives.map((t) => `(${t.fts})`).join(' AND ');
  // an unknown excluded word excludes nothing
  for (const t of terms) if (t.negated && t.fts) expr = `(${expr}) NOT (${t.fts})`;
  return expr;
}
