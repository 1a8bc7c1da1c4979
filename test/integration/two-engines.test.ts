// Finding 9: the API process and the indexer worker each open an engine on one catalog. A write
// made through one must be seen by the other's next query, though each keeps in-memory caches
// (similar-search vectors, the people index) that only its own writes used to invalidate.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/api.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { writeBaldGuysCrops } from '../helpers/bald-crops.js';
import { openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

const engines: SmartAlbum[] = [];
afterAll(async () => {
  for (const e of engines) await e.close();
});

/** the indexer (claims the lock) and a UI-side engine on the same data folder */
function pair(label: string) {
  const dataDir = tempDir(`${label}-data`);
  const indexer = openEngine(dataDir);
  const ui = openEngine(dataDir);
  engines.push(indexer, ui);
  return { indexer, ui, api: createHandlers(ui, undefined, { trustedLocalUser: true }) };
}

describe('two engines on one catalog', () => {
  it('search by image answers from the photos the other engine indexed since the last query', async () => {
    const { indexer, api } = pair('similar');
    const lib = tempDir('similar-lib');
    const files = fs.readdirSync(path.join(FIXTURES, 'everyday')).sort();
    for (const f of files.slice(0, 3)) fs.copyFileSync(path.join(FIXTURES, 'everyday', f), path.join(lib, f));
    const root = await indexer.roots.add(lib);
    await indexer.scanAndIndex(root.id);

    const probe = (f: string) => path.join(FIXTURES, 'everyday', f);
    const before = await api['search.similar']({ imagePath: probe(files[0]!), limit: 20 });
    expect(before.similar[0]!.photo.fileName).toBe(files[0]);

    for (const f of files.slice(3)) fs.copyFileSync(probe(f), path.join(lib, f));
    await indexer.scanAndIndex(root.id);
    for (const f of files.slice(3)) {
      const r = await api['search.similar']({ imagePath: probe(f), limit: 20 });
      expect(r.similar[0]?.photo.fileName, f).toBe(f);
      expect(r.similar[0]!.score).toBeGreaterThan(0.9);
    }
  }, 240_000);

  it("a merge made in the UI's engine is respected by the indexer's next assignment", async () => {
    const { indexer, ui, api } = pair('people');
    const lib = tempDir('people-lib');
    const crops = await writeBaldGuysCrops(lib);
    const byWho = (who: string) => [...crops].filter(([, w]) => w === who).map(([f]) => f);
    // one photo of D waits outside the library until after the merge
    const late = byWho('D').at(-1)!;
    const aside = path.join(tempDir('people-aside'), path.basename(late));
    fs.renameSync(late, aside);
    const root = await indexer.roots.add(lib);
    await indexer.scanAndIndex(root.id);

    const personOf = (file: string) => ui.catalog.faces.forPhoto(ui.catalog.photos.byPath(file)!.id)[0]?.person_id ?? null;
    const d = personOf(byWho('D')[0]!)!;
    const a = personOf(byWho('B')[0]!)!;
    expect(d).not.toBeNull();
    expect(a).not.toBeNull();
    expect(d).not.toBe(a);
    // the user says D is B (the UI's engine writes; the indexer's index was built before)
    await api['people.merge']({ into: a, from: d });
    expect(ui.catalog.people.get(d)).toBeUndefined();

    fs.renameSync(aside, late);
    await indexer.scanAndIndex(root.id);
    expect(personOf(late)).toBe(a);
  }, 240_000);
});
