// Search ranking (issue 11): an exact name or place first, then label confidence.
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../electron/core/catalog.js';
import { SearchService } from '../../electron/core/search/search.service.js';
import { tempDir } from '../helpers/temp.js';

describe('search ranking', () => {
  it('a place or album name beats a label; a sure label beats an unsure one', () => {
    const catalog = openCatalog({ dataDir: tempDir('search-rank') });
    const photo = catalog.db.prepare(`INSERT INTO photos (id, path, file_name, size, mtime_ms, status, first_seen_at) VALUES (?, ?, ?, 1, 1, 'indexed', 1)`);
    const label = catalog.db.prepare(`INSERT INTO photo_labels (photo_id, rank, label, name, confidence, model) VALUES (?, ?, ?, ?, ?, 'm')`);
    // 1: retriever at the bottom of its top-5; 2: sure it is a retriever; 3: in the album "Retriever days"
    for (const id of [1, 2, 3]) photo.run(id, `/p/${id}.jpg`, `${id}.jpg`);
    label.run(1, 0, 500, 'cliff dwelling', 0.6);
    label.run(1, 4, 207, 'golden retriever', 0.05);
    label.run(2, 0, 207, 'golden retriever', 0.5);
    // a longer document than photo 1's: without confidence, bm25 would rank photo 1 first
    ['goldfish', 'great white shark', 'tiger shark', 'hammerhead'].forEach((n, i) => label.run(2, i + 1, 1 + i, n, 0.1));
    label.run(3, 0, 1, 'goldfish', 0.9);
    // and a library around them (bm25 weighs a word by how rare it is)
    for (let id = 10; id < 30; id++) {
      photo.run(id, `/p/${id}.jpg`, `${id}.jpg`);
      label.run(id, 0, 948, 'Granny Smith', 0.7);
    }
    catalog.db.prepare(`INSERT INTO albums (id, name, created_at, updated_at) VALUES (1, 'Retriever days', 1, 1)`).run();
    catalog.db.prepare(`INSERT INTO album_photos (album_id, photo_id, position, added_at) VALUES (1, 3, 0, 1)`).run();
    const search = new SearchService(catalog);
    expect(search.query('retriever').items.map((p) => p.id)).toEqual([3, 2, 1]);
    expect(search.query('dog').items.map((p) => p.id)).toEqual([2, 1]); // via WordNet, both labels
    catalog.close();
  });
});
