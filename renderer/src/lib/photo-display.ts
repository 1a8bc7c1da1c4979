// How a photo is named and turned on screen. The accessible name carries the file name and the
// date, so a screen-reader user can tell photos apart ("apple.jpg, 14 June 2019"). The display
// rotation is the catalog's clockwise turn: the image is turned with CSS, and boxes given as
// fractions of the unturned photo (faces, objects) are turned with it so they stay on the faces.
import type { Photo } from '$shared/contract.js';
import { normRotation } from '$shared/turn.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '2019-06-14T09:30:00' -> '14 June 2019' (the catalog's local time; no time-zone shift) */
export function longDate(takenAt: string | null | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(takenAt ?? '');
  if (!m) return null;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

export function photoName(p: Pick<Photo, 'fileName' | 'takenAt'>): string {
  const d = longDate(p.takenAt);
  return d ? `${p.fileName}, ${d}` : p.fileName;
}

export { normRotation, turnBox, type Box, type Rotation } from '$shared/turn.js';

/** The size the photo takes on screen once turned. */
export function turnedSize(w: number, h: number, rotation: number): { w: number; h: number } {
  return normRotation(rotation) % 180 === 0 ? { w, h } : { w: h, h: w };
}
