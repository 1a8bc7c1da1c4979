// The words for indexing progress, the same in the app's progress bar and the CLI:
// "12,400 of 20,000 photos in your library · finding people and things in 3,100 of 20,000 · about 40 min left"
import type { ProgressEvent } from './contract.js';

const n = (x: number) => x.toLocaleString('en-US');

/** "about 40 min left", "about 2 h 5 min left", "about 30 s left"; '' when unknown. */
export function timeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) return '';
  if (seconds < 60) return `about ${Math.ceil(seconds)} s left`;
  const min = Math.ceil(seconds / 60);
  if (min < 60) return `about ${min} min left`;
  return `about ${Math.floor(min / 60)} h ${min % 60} min left`;
}

export function progressText(e: ProgressEvent): string {
  if (e.stage === 'scan') return 'Looking for photos…';
  const parts: string[] = [];
  const p = e.passes;
  if (p) {
    parts.push(`${n(p.browse.done)} of ${n(p.browse.total)} photos in your library`);
    const u = p.understand;
    if (u.done < u.total) parts.push(`finding people and things in ${n(u.done)} of ${n(u.total)}`);
  } else parts.push(`Indexing ${n(e.done)} of ${n(e.total)}`);
  const left = timeLeft(e.etaSeconds);
  if (left) parts.push(left);
  if (e.errors) parts.push(`${n(e.errors)} problem${e.errors === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
