// Rotation for display and the user's date: catalog edits on any number of photos, one call per
// BULK ids. The files are never changed. Each says what it did; the views reload what they show.
import { api } from '../api.js';
import { app, chunks } from './app.svelte.js';
import { plural } from '../words.js';

/** contract.ts BULK (imported without zod here) */
const BULK = 500_000;

export async function rotatePhotos(ids: number[], direction: 'left' | 'right', undoable = true): Promise<boolean> {
  const ok = await app.act(async () => {
    for (const part of chunks(ids, BULK)) await api.call('photos.rotate', { ids: part, direction });
    return true;
  });
  if (!ok) return false;
  // one photo in the viewer turns in front of the user (the other key turns it back); a selection says so, with Undo
  if (ids.length > 1) {
    const back = direction === 'left' ? 'right' : 'left';
    app.say(`Turned ${plural(ids.length, 'photo')} ${direction} (the files are not changed)`, {
      undo: undoable ? () => rotatePhotos(ids, back, false).then(() => undefined) : undefined,
    });
  }
  await app.refresh();
  return true;
}

/** date: 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM'; null: back to each photo's own date */
export async function setPhotoDate(ids: number[], date: string | null): Promise<boolean> {
  const previous: { date: string | null; ids: number[] }[] = [];
  const ok = await app.act(async () => {
    for (const part of chunks(ids, BULK)) previous.push(...(await api.call('photos.setDate', { ids: part, date })).previous);
    return true;
  });
  if (!ok) return false;
  const n = plural(ids.length, 'photo');
  // Undo gives each photo back what it had: its own date, or the date the user had set before
  const undo = async () => {
    const done = await app.act(async () => {
      for (const g of previous) for (const part of chunks(g.ids, BULK)) await api.call('photos.setDate', { ids: part, date: g.date });
      return true;
    });
    if (!done) return;
    app.say(`Date of ${n} put back`);
    await app.refresh();
  };
  app.say(date === null ? `${n} back to ${ids.length === 1 ? 'its' : 'their'} own date` : `Date of ${n} set to ${date.replace('T', ' ')}`, { undo });
  await app.refresh();
  return true;
}
