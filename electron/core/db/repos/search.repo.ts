// The search index (migration 006-search): FTS5 over one document per photo, kept in step by
// triggers, so this repository only reads. Statements are prepared once, per page shape.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../connection.js';
import { VISIBLE } from '../visibility.js';
import type { PhotoRow } from './photo.repo.js';

/** bm25 weights of names, things, broader, dates, kinds: a name or place beats a label, a label beats a broader term. */
const RANK = 'bm25(search_fts, 10.0, 4.0, 1.0, 2.0, 2.0)';
const MATCHING = `FROM search_fts JOIN photos p ON p.id = search_fts.rowid
  WHERE search_fts MATCH @match AND p.status = 'indexed' AND ${VISIBLE('p')}`;

export interface VocabTerm {
  term: string;
  photos: number;
}

export class SearchRepo {
  private readonly count: Statement<{ match: string }, { n: number }>;
  private readonly page: Statement<{ match: string; limit: number; offset: number }, PhotoRow>;
  private readonly exists: Statement<[string], { term: string }>;
  private readonly prefix: Statement<[string, string, number], VocabTerm>;
  private readonly names: Statement<[string, string, number], { name: string; kind: string; photos: number }>;

  constructor(db: Db) {
    this.count = db.prepare(`SELECT COUNT(*) AS n ${MATCHING}`);
    this.page = db.prepare(`SELECT p.* ${MATCHING} ORDER BY ${RANK}, p.taken_at DESC, p.id DESC LIMIT @limit OFFSET @offset`);
    this.exists = db.prepare('SELECT term FROM search_vocab WHERE term = ?');
    this.prefix = db.prepare('SELECT term, doc AS photos FROM search_vocab WHERE term >= ? AND term < ? ORDER BY doc DESC LIMIT ?');
    // whole names for suggestions: people, places at each level, albums (small tables)
    this.names = db.prepare(
      `SELECT name, kind, photos FROM (
         SELECT pe.name AS name, 'person' AS kind, COUNT(DISTINCT f.photo_id) AS photos FROM people pe JOIN faces f ON f.person_id = pe.id
           WHERE pe.name IS NOT NULL AND pe.hidden = 0 GROUP BY pe.id
         UNION ALL SELECT city, 'place', COUNT(*) FROM photo_places WHERE city IS NOT NULL GROUP BY city
         UNION ALL SELECT region, 'place', COUNT(*) FROM photo_places WHERE region IS NOT NULL GROUP BY region
         UNION ALL SELECT country, 'place', COUNT(*) FROM photo_places WHERE country IS NOT NULL GROUP BY country
         UNION ALL SELECT a.name, 'album', COUNT(ap.photo_id) FROM albums a LEFT JOIN album_photos ap ON ap.album_id = a.id GROUP BY a.id
       ) WHERE lower(name) >= ? AND lower(name) < ? ORDER BY photos DESC LIMIT ?`,
    );
  }

  /** Photos matching an FTS5 expression, best first. */
  find(match: string, limit: number, offset: number): { total: number; rows: PhotoRow[] } {
    const total = this.count.get({ match })?.n ?? 0;
    return { total, rows: total === 0 ? [] : this.page.all({ match, limit, offset }) };
  }

  /** Whether a token (as the index folds it) is in any photo's document. */
  known(token: string): boolean {
    return this.exists.get(token) !== undefined;
  }

  /** Indexed tokens starting with `prefix`, most photos first. */
  tokensStarting(prefix: string, limit: number): VocabTerm[] {
    return this.prefix.all(prefix, prefix + '\uffff', limit);
  }

  /** People, places and albums whose name starts with `prefix` (case-insensitive). */
  namesStarting(prefix: string, limit: number): { name: string; kind: string; photos: number }[] {
    const p = prefix.toLowerCase();
    return this.names.all(p, p + '\uffff', limit);
  }
}
