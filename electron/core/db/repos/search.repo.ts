// The search index (migration 008-search): FTS5 over one document per photo, kept in step by
// triggers, so this repository only reads. Statements are prepared once, per page shape.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../connection.js';
import type { PhotoRow } from './photo.repo.js';

/**
 * bm25 weights of names, things, sure, broader, dates, kinds: a name or place beats a label, a sure label
 * (in things and sure) beats an unsure one, a label beats a broader term.
 */
// FTS5's bm25 normalises by the whole row's length, so a photo with long WordNet chains would lose to
// one with short ones; the sure labels' weight is what puts label confidence first.
const RANK = 'bm25(search_fts, 30.0, 4.0, 8.0, 1.0, 2.0, 2.0)';
// Ranked in FTS5 alone (rowids and scores: a light sort, ~3x faster over 50k matches than sorting joined
// photo rows); photos not to be shown (in the recycle bin, not indexed) are few and taken out by id.
// every status but 'indexed' (the CHECK of migration 001), listed so the lookup is an index seek, not a scan
const HIDDEN = `SELECT id FROM photos WHERE status IN ('pending', 'failed', 'unsupported', 'missing') UNION ALL SELECT photo_id FROM trash`;

export interface VocabTerm {
  term: string;
  photos: number;
}

type NameRange = { lo: string; hi: string; limit: number };
type NameHit = { name: string; kind: string; photos: number };

export class SearchRepo {
  private readonly count: Statement<{ match: string }, { n: number }>;
  private readonly hidden: Statement<{ match: string }, number>;
  private readonly ranked: Statement<{ match: string; limit: number }, number>;
  private readonly photo: Statement<[number], PhotoRow>;
  private readonly exists: Statement<[string], { term: string }>;
  private readonly names: Statement<[NameRange], NameHit>[];
  private readonly words: Statement<[], VocabTerm>;

  constructor(db: Db) {
    this.count = db.prepare(`SELECT COUNT(*) AS n FROM search_fts WHERE search_fts MATCH @match`);
    this.hidden = db.prepare<{ match: string }, number>(`SELECT rowid FROM search_fts WHERE search_fts MATCH @match AND rowid IN (${HIDDEN})`).pluck();
    this.ranked = db
      .prepare<{ match: string; limit: number }, number>(`SELECT rowid FROM search_fts WHERE search_fts MATCH @match ORDER BY ${RANK}, rowid DESC LIMIT @limit`)
      .pluck();
    this.photo = db.prepare('SELECT * FROM photos WHERE id = ?');
    this.exists = db.prepare('SELECT term FROM search_vocab WHERE term = ?');
    // whole names for suggestions, each from its own index (migration 006): people, places at each level, albums
    const range = (col: string) => `${col} >= @lo COLLATE NOCASE AND ${col} < @hi COLLATE NOCASE`;
    this.names = [
      db.prepare<[NameRange], NameHit>(
        `SELECT pe.name AS name, 'person' AS kind, (SELECT COUNT(DISTINCT f.photo_id) FROM faces f WHERE f.person_id = pe.id) AS photos
         FROM people pe WHERE ${range('pe.name')} AND pe.hidden = 0 ORDER BY photos DESC LIMIT @limit`,
      ),
      ...['city', 'region', 'country'].map((col) =>
        db.prepare<[NameRange], NameHit>(`SELECT ${col} AS name, 'place' AS kind, COUNT(*) AS photos FROM photo_places WHERE ${range(col)} GROUP BY ${col} COLLATE NOCASE ORDER BY photos DESC LIMIT @limit`),
      ),
      db.prepare<[NameRange], NameHit>(
        `SELECT a.name AS name, 'album' AS kind, (SELECT COUNT(*) FROM album_photos ap WHERE ap.album_id = a.id) AS photos
         FROM albums a WHERE ${range('a.name')} ORDER BY photos DESC LIMIT @limit`,
      ),
    ];
    this.words = db.prepare(`SELECT term, doc AS photos FROM search_vocab WHERE term >= 'a'`);
  }

  /** Photos matching an FTS5 expression, best first. */
  find(match: string, limit: number, offset: number): { total: number; rows: PhotoRow[] } {
    const hidden = new Set(this.hidden.all({ match }));
    const total = (this.count.get({ match })?.n ?? 0) - hidden.size;
    if (total <= offset) return { total: Math.max(0, total), rows: [] };
    const ids = this.ranked.all({ match, limit: offset + limit + hidden.size }).filter((id) => !hidden.has(id));
    return { total, rows: ids.slice(offset, offset + limit).flatMap((id) => this.photo.get(id) ?? []) };
  }

  /** Whether a token (as the index folds it) is in any photo's document. */
  known(token: string): boolean {
    return this.exists.get(token) !== undefined;
  }

  /** People, places and albums whose name starts with `prefix` (case-insensitive), most photos first. */
  namesStarting(prefix: string, limit: number): { name: string; kind: string; photos: number }[] {
    const args = { lo: prefix, hi: prefix + '\uffff', limit };
    return this.names.flatMap((s) => s.all(args)).sort((a, b) => b.photos - a.photos).slice(0, limit);
  }

  /** Every indexed word that starts with a letter (file-name numbers left out), with its photo count. */
  allWords(): VocabTerm[] {
    return this.words.all();
  }
}
