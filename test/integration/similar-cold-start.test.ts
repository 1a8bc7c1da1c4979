// Similar search's cold start (issue 11): before the whole index is loaded, a query with a category
// is answered from that category's vectors alone; the answer is the same as with the whole index,
// and the whole index loads after it.
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../electron/core/catalog.js';
import { SimilarService } from '../../electron/core/search/similar.js';
import { l2normalize } from '../../electron/core/vision/face-embedder.js';
import type { VisionService } from '../../electron/core/vision/vision.service.js';
import { tempDir } from '../helpers/temp.js';

describe('similar search, cold', () => {
  it('answers a category query from its block, as the whole index would, then loads the rest', async () => {
    const catalog = openCatalog({ dataDir: tempDir('similar-cold') });
    const ins = catalog.db.prepare(`INSERT INTO photos (path, file_name, size, mtime_ms, status, first_seen_at) VALUES (?, ?, 1, 1, 'indexed', 1)`);
    const cat = catalog.db.prepare(`INSERT INTO photo_categories (photo_id, category, confidence, is_primary, assigned_by) VALUES (?, ?, 0.9, 1, 'machine')`);
    let s = 7;
    const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0), s / 2 ** 32);
    const vec = () => l2normalize(Float32Array.from({ length: 64 }, () => rand() - 0.5));
    catalog.db.transaction(() => {
      for (let i = 0; i < 600; i++) {
        const id = Number(ins.run(`/l/p${i}.jpg`, `p${i}.jpg`).lastInsertRowid);
        catalog.features.write(id, 'm', vec());
        cat.run(id, ['Animals', 'Food', 'Other'][i % 3]!);
      }
    })();
    const vision = () => ({ classifier: { id: 'm' } }) as unknown as VisionService;
    const query = vec();
    const warm = new SimilarService(catalog, vision);
    await warm.rankSimilar(query, null, 5); // loads everything
    const expected = await warm.rankSimilar(query, 'Food', 10);

    const cold = new SimilarService(catalog, vision);
    const internals = cold as unknown as { index: unknown; partial: Map<string, { ids: Int32Array }> };
    const first = await cold.rankSimilar(query, 'Food', 10);
    expect(first).toEqual(expected);
    expect(first.narrowedTo).toBe('Food');
    expect(internals.index).toBeNull(); // answered before the whole index was read
    expect(internals.partial.get('Food')!.ids.length).toBe(200);
    await new Promise((r) => setImmediate(r));
    expect(internals.index).not.toBeNull(); // then it loaded
    expect(await cold.rankSimilar(query, 'Food', 10)).toEqual(expected);
    // a category too small to answer from falls back to the whole library
    const none = await new SimilarService(catalog, vision).rankSimilar(query, 'Vehicles', 10);
    expect(none.narrowedTo).toBeNull();
    expect(none.items).toHaveLength(10);
    catalog.close();
  });
});
