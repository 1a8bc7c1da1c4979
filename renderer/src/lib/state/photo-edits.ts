// Rotation for display and the user's date: catalog edits on any number of photos, one call per
// BULK ids. The files are never changed. Each says what it did; the views reload what they show.
import { api } from '../api.js';
import { app, chunks } from './app.svelte.js';

/** contract.ts BULK (imported without zod here) */
const BULK = 500_000;

export async function rotatePhotos(ids: number[], direction: 'left' | 'right'): Promise<boolean> {
  const ok = await app.act(async () => {
    for (const part of chunks(ids, BULK)) await api.call('photos.rotate', { ids: part, direction });
    return true;
  });
  if (!ok) return false;
  if (ids.length > 1) app.say(`Turned ${ids.length.toLocaleString()} photo(s) ${direction} (the files are not changed)`);
  await app.refresh();
  return true;
}

/** date: 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM'; null: back to each photo's own date */
export async function setPhotoDate(ids: number[], date: string | null): Promise<boolean> {
  const ok = await app.act(async () => {
    for (const part of chunks(ids, BULK)) await api.call('photos.setDate', { ids: part, date });
    return true;
  });
  if (!ok) return false;
  const n = ids.length.toLocaleString();
  app.say(date === null ? `${n} photo(s) back to their own date` : `Date of ${n} photo(s) set to ${date.replace('T', ' ')}`);
  await app.refresh();
  return true;
}
