// Where a new GIF goes by default: straight into the first library folder (which exists), so it is
// catalogued like any photo; the name carries the time so two GIFs never collide.
export function defaultGifPath(rootPath: string | undefined, now = new Date()): string {
  if (!rootPath) return '';
  const sep = rootPath.includes('\\') && !rootPath.includes('/') ? '\\' : '/';
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `${rootPath.replace(/[\\/]+$/, '')}${sep}animation-${stamp}.gif`;
}
