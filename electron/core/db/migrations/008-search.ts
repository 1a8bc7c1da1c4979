import type { Migration } from '../migrate.js';
import wordnetTerms from './008-wordnet-terms.json' with { type: 'json' };

// Search (core/search/search.service.ts): one FTS5 row per photo (rowid = photo id), computed by the
// view search_docs from the catalog itself, and refreshed by triggers on every table it reads. So
// the index changes in the same transaction as what it describes, in whichever process writes (the
// one writer), and a rename, a correction, a set place or a deletion can never leave it stale.
// Columns, most specific first (bm25 weights in search.repo.ts): names (people, places, albums,
// file and folder, camera, lens), things (labels, objects, categories), sure (the labels of confidence >= 0.3 with their WordNet terms), broader (WordNet synonyms
// and hypernyms of the labels, from 008-wordnet-terms.json beside this file (WordNet 3.1, license in 008-wordnet-LICENSE)), when (dates), kinds.
// photo_objects is the detector's table (branch categories, migration objects); created here if
// missing with the same shape, so this migration must run after that one. Contentless (the text is
// in the catalog already): the index holds only the terms, about half the size.

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const month = (col: string) => `CASE substr(${col}, 6, 2) ${MONTHS.map((m, i) => `WHEN '${String(i + 1).padStart(2, '0')}' THEN '${m}'`).join(' ')} ELSE '' END`;

const termRows = Object.entries(wordnetTerms as Record<string, string>)
  .map(([label, terms]) => `(${Number(label)}, '${terms.replace(/'/g, "''")}')`)
  .join(',\n');

/** Refreshes the documents of the photos selected by `ids` (a SELECT of photo ids, or one id expression). */
const refresh = (ids: string) => `
      DELETE FROM search_fts WHERE rowid IN (${ids});
      INSERT INTO search_fts (rowid, names, things, sure, broader, dates, kinds)
        SELECT photo_id, names, things, sure, broader, dates, kinds FROM search_docs WHERE photo_id IN (${ids});`;

const trigger = (name: string, event: string, table: string, ids: string, when = '') => `
    CREATE TRIGGER search_${name} AFTER ${event} ON ${table} ${when ? `WHEN ${when}` : ''} BEGIN ${refresh(ids)}
    END;`;

export const migration008: Migration = {
  version: 8,
  name: 'search',
  up: `
    -- photo_objects comes from 006-objects, which always runs first

    -- suggestions complete names from these (search.repo.ts namesStarting)
    CREATE INDEX photo_places_city ON photo_places(city COLLATE NOCASE);
    CREATE INDEX photo_places_region ON photo_places(region COLLATE NOCASE);
    CREATE INDEX photo_places_country ON photo_places(country COLLATE NOCASE);
    CREATE INDEX people_name ON people(name COLLATE NOCASE);

    CREATE TABLE search_label_terms (label INTEGER PRIMARY KEY, terms TEXT NOT NULL);
    INSERT INTO search_label_terms (label, terms) VALUES ${termRows};

    CREATE VIRTUAL TABLE search_fts USING fts5(
      names, things, sure, broader, dates, kinds, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1
    );
    CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');

    CREATE VIEW search_docs AS SELECT p.id AS photo_id,
      concat_ws(' ',
        (SELECT group_concat(coalesce(pe.name, 'person ' || pe.id), ' ') FROM faces f JOIN people pe ON pe.id = f.person_id
          WHERE f.photo_id = p.id AND pe.hidden = 0),
        (SELECT concat_ws(' ', pp.city, pp.region, pp.country, pp.country_code) FROM photo_places pp WHERE pp.photo_id = p.id),
        (SELECT group_concat(a.name, ' ') FROM album_photos ap JOIN albums a ON a.id = ap.album_id WHERE ap.photo_id = p.id),
        CASE WHEN r.path IS NOT NULL AND substr(p.path, 1, length(r.path) + 1) = r.path || '/'
          THEN substr(p.path, length(r.path) + 2) ELSE p.file_name END,
        p.camera_make, p.camera_model, p.lens) AS names,
      concat_ws(' ',
        (SELECT group_concat(l.name, ' ') FROM photo_labels l WHERE l.photo_id = p.id),
        (SELECT group_concat(o.label, ' ') FROM photo_objects o WHERE o.photo_id = p.id),
        (SELECT group_concat(c.category, ' ') FROM photo_categories c WHERE c.photo_id = p.id)) AS things,
      -- the labels the classifier is sure of, again: bm25 ranks them above the same label at the bottom of a top-5
      (SELECT group_concat(l.name || ' ' || coalesce(t.terms, ''), ' ') FROM photo_labels l LEFT JOIN search_label_terms t ON t.label = l.label
        WHERE l.photo_id = p.id AND l.confidence >= 0.3) AS sure,
      (SELECT group_concat(t.terms, ' ') FROM photo_labels l JOIN search_label_terms t ON t.label = l.label WHERE l.photo_id = p.id) AS broader,
      CASE WHEN p.taken_at IS NULL THEN '' ELSE
        substr(p.taken_at, 1, 4) || ' ' || ${month('p.taken_at')} || ' ' || substr(p.taken_at, 1, 4) || ' ' ||
        substr(p.taken_at, 6, 2) || ' ' || substr(p.taken_at, 9, 2) END AS dates,
      concat_ws(' ', p.format,
        CASE WHEN lower(p.file_name) LIKE '%screenshot%' OR lower(p.file_name) LIKE '%screen shot%' THEN 'screenshot' END,
        CASE WHEN EXISTS (SELECT 1 FROM favourites fv WHERE fv.photo_id = p.id) THEN 'favourite favorite' END) AS kinds
    FROM photos p LEFT JOIN roots r ON r.id = p.root_id;

    INSERT INTO search_fts (rowid, names, things, sure, broader, dates, kinds)
      SELECT photo_id, names, things, sure, broader, dates, kinds FROM search_docs;

    CREATE TRIGGER search_photo_del AFTER DELETE ON photos BEGIN DELETE FROM search_fts WHERE rowid = OLD.id; END;
    ${trigger('photo_ins', 'INSERT', 'photos', 'NEW.id')}
    ${trigger('photo_upd', 'UPDATE OF path, file_name, root_id, taken_at, camera_make, camera_model, lens, format', 'photos', 'NEW.id')}
    ${trigger('label_ins', 'INSERT', 'photo_labels', 'NEW.photo_id')}
    ${trigger('label_del', 'DELETE', 'photo_labels', 'OLD.photo_id')}
    ${trigger('object_ins', 'INSERT', 'photo_objects', 'NEW.photo_id')}
    ${trigger('object_del', 'DELETE', 'photo_objects', 'OLD.photo_id')}
    ${trigger('category_ins', 'INSERT', 'photo_categories', 'NEW.photo_id')}
    ${trigger('category_upd', 'UPDATE', 'photo_categories', 'NEW.photo_id')}
    ${trigger('category_del', 'DELETE', 'photo_categories', 'OLD.photo_id')}
    ${trigger('face_ins', 'INSERT', 'faces', 'NEW.photo_id', 'NEW.person_id IS NOT NULL')}
    ${trigger('face_upd', 'UPDATE OF person_id', 'faces', 'NEW.photo_id', 'NEW.person_id IS NOT OLD.person_id')}
    ${trigger('face_del', 'DELETE', 'faces', 'OLD.photo_id', 'OLD.person_id IS NOT NULL')}
    ${trigger('person_upd', 'UPDATE OF name, hidden', 'people', 'SELECT photo_id FROM faces WHERE person_id = NEW.id')}
    ${trigger('place_ins', 'INSERT', 'photo_places', 'NEW.photo_id')}
    ${trigger('place_upd', 'UPDATE', 'photo_places', 'NEW.photo_id')}
    ${trigger('place_del', 'DELETE', 'photo_places', 'OLD.photo_id')}
    ${trigger('album_add', 'INSERT', 'album_photos', 'NEW.photo_id')}
    ${trigger('album_remove', 'DELETE', 'album_photos', 'OLD.photo_id')}
    ${trigger('album_rename', 'UPDATE OF name', 'albums', 'SELECT photo_id FROM album_photos WHERE album_id = NEW.id')}
    ${trigger('fav_ins', 'INSERT', 'favourites', 'NEW.photo_id')}
    ${trigger('fav_del', 'DELETE', 'favourites', 'OLD.photo_id')}
    ${trigger('root_upd', 'UPDATE OF path', 'roots', 'SELECT id FROM photos WHERE root_id = NEW.id')}
  `,
};
