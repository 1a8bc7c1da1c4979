// Search by image: a dropped file (or a photo of the library) -> near-duplicates, then similar photos.
import { api, uploadForSearch } from '../../lib/api.js';
import { app } from '../../lib/state/app.svelte.js';
import { PhotoList } from '../../lib/state/photo-list.svelte.js';
import { plural } from '../../lib/words.js';

export async function searchByFile(file: File): Promise<void> {
  const path = await app.act(() => uploadForSearch(file));
  if (path) await searchBy({ imagePath: path }, file.name);
}

export async function searchBy(query: { imagePath: string } | { photoId: number }, label: string): Promise<void> {
  const r = await app.act(() => api.call('search.similar', { ...query, limit: 60 }));
  if (!r) return;
  const seen = new Set<number>();
  // a face that matches someone comes first: "Photos of <name>" (search by image is face-aware)
  const faces = r.faces?.items.map((i) => i.photo) ?? [];
  const all = [...faces, ...r.nearDuplicates.map((d) => d.photo), ...r.similar.map((s) => s.photo)];
  const photos = all.filter((p) => !seen.has(p.id) && !!seen.add(p.id));
  const among = r.narrowedTo ? ` among ${r.narrowedTo}` : '';
  const who = r.faces ? `${r.faces.title}: ${plural(faces.length, 'photo')} first, then ` : '';
  const info = `${who}Like “${label}”: ${plural(r.nearDuplicates.length, 'near-duplicate')}, ${r.similar.length} similar${among}`;
  app.search = { title: label, info, list: PhotoList.of(photos) };
  if (location.hash === '#/search') app.list = app.search.list;
  else app.go('#/search');
}
