import cliProgress from 'cli-progress';
import { progressText } from '../shared/progress-text.js';
import type { CategoryCount, IndexSummary, ModelsProgress, Photo, ProgressEvent, Root, ScanSummary, Status } from '../shared/contract.js';

const n = (x: number) => x.toLocaleString('en-US');
const when = (t: number | null) => (t ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) : 'never');

/** A progress bar on a terminal; on a pipe or log file, a plain line every few seconds. */
export function progressReporter(stream: NodeJS.WriteStream, quiet: boolean) {
  if (quiet) return { update: (_: ProgressEvent) => {}, stop: () => {} };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: ' {bar} {percentage}% | {text}',
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(e: ProgressEvent) {
        if (!started && e.total > 0) {
          bar.start(e.total, e.done, { text: progressText(e) });
          started = true;
        }
        if (started) {
          bar.setTotal(e.total);
          bar.update(e.done, { text: progressText(e) });
        }
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    update(e: ProgressEvent) {
      if (Date.now() - last < 5000 && e.done < e.total) return;
      last = Date.now();
      stream.write(`indexing: ${progressText(e)} (${e.ratePerSecond}/s)\n`);
    },
    stop: () => {},
  };
}

export function formatScan(s: ScanSummary): string {
  const lines = [
    `Scanned ${s.roots} folder(s) in ${(s.durationMs / 1000).toFixed(1)} s: ${n(s.filesSeen)} photo files, ${n(s.added)} new, ${n(s.changed)} changed, ${n(s.unchanged)} unchanged, ${n(s.missing)} gone.`,
  ];
  for (const p of s.problems.slice(0, 20)) lines.push(`  ! ${p.path}: ${p.reason}`);
  if (s.problems.length > 20) lines.push(`  … and ${s.problems.length - 20} more`);
  return lines.join('\n');
}

export function formatIndex(s: IndexSummary): string {
  const lines = [
    `Indexed ${n(s.indexed)} photo(s) in ${(s.durationMs / 1000).toFixed(1)} s (${s.photosPerSecond}/s); ${s.relinked} moved or renamed, ${s.failed} could not be read, ${s.unsupported} unsupported, ${s.missing} vanished.`,
  ];
  for (const f of s.failures.slice(0, 20)) lines.push(`  ! ${f.path}: ${f.reason}`);
  if (s.failures.length > 20) lines.push(`  … and ${s.failures.length - 20} more (smart-album photos --status failed)`);
  return lines.join('\n');
}

export function formatStatus(s: Status): string {
  return [
    `Catalog: ${s.dataDir}`,
    `Folders: ${s.roots}   last scan: ${when(s.lastScanAt)}`,
    `Photos:  ${n(s.photos.total)} total, ${n(s.photos.indexed)} indexed, ${n(s.photos.pending)} waiting, ${n(s.photos.failed)} unreadable, ${n(s.photos.unsupported)} unsupported, ${n(s.photos.missing)} missing`,
    `Queue:   ${n(s.queue.queued)} queued, ${n(s.queue.running)} in progress` +
      (s.understandQueue ? ` · finding people and things: ${n(s.understandQueue.queued + s.understandQueue.running)} to go` : ''),
    ...s.problems.map((p) => `! ${p}`),
  ].join('\n');
}

export function formatRoots(roots: Root[]): string {
  if (!roots.length) return 'No folders yet. Add one with: smart-album add <folder>';
  return roots
    .map((r) => `#${r.id}  ${r.path}  (${n(r.photoCount)} photos, last scan ${when(r.lastScanAt)}${r.usePolling ? ', polled' : ''})${r.lastError ? `\n     ! ${r.lastError}` : ''}`)
    .join('\n');
}

export function formatPhotos(total: number, items: Photo[]): string {
  const rows = items.map((p) => {
    const size = p.width ? `${p.width}x${p.height}` : '-';
    const date = p.takenAt ? p.takenAt.replace('T', ' ') : '-';
    const extra = p.error ? `  ! ${p.error}` : '';
    return `#${p.id}\t${p.status}\t${date}\t${size}\t${p.path}${extra}`;
  });
  return [...rows, `(${items.length} of ${n(total)})`].join('\n');
}

export function formatCategories(cats: CategoryCount[]): string {
  if (!cats.length) return 'No category albums yet: they appear as photos are indexed.';
  return cats.map((c) => `${c.category.padEnd(26)} ${n(c.photos).padStart(7)} photos${c.byUser ? ` (${n(c.byUser)} set by you)` : ''}`).join('\n');
}

/** One status line per model-upgrade phase; on a terminal, the line updates in place. */
export function modelProgressReporter(stream: NodeJS.WriteStream, quiet: boolean) {
  let phase = '';
  let last = 0;
  return (p: ModelsProgress) => {
    if (quiet) return;
    const pct = p.total ? ` ${Math.floor((100 * p.done) / p.total)}%` : '';
    const size = p.phase === 'download' ? ` (${(p.done / 1e6).toFixed(1)}${p.total ? ` / ${(p.total / 1e6).toFixed(1)}` : ''} MB)` : '';
    const line = `${p.message}${pct}${size}`;
    if (p.phase !== phase) {
      if (phase && stream.isTTY) stream.write('\n');
      phase = p.phase;
      last = 0;
    } else if (Date.now() - last < (stream.isTTY ? 200 : 5000) && p.done !== p.total) return;
    last = Date.now();
    stream.write(stream.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  };
}
