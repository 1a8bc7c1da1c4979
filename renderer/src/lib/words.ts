// Words for counts and durations, one place for the whole renderer: "1 photo", "3 photos", not "photo(s)".
export { fileSize } from '$shared/file-size.js';

/** "1 photo", "2,543 photos"; `many` for irregular plurals */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** The time left while indexing, rounded as a person would say it: "about 40 s left", "about 24 min left", "about 2 h 5 min left". */
export function etaText(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, Math.ceil(seconds))} s left`;
  const min = Math.round(seconds / 60);
  if (min < 60) return `about ${min} min left`;
  const h = Math.floor(min / 60);
  return `about ${h} h${min % 60 ? ` ${min % 60} min` : ''} left`;
}
