import path from 'node:path';
import picomatch from 'picomatch';

/** Folders that are never photo libraries: OS and NAS bookkeeping, recycle bins. */
const SYSTEM_NAMES = new Set([
  '$RECYCLE.BIN', 'System Volume Information', '@eaDir', '#recycle', '#snapshot', 'lost+found', 'node_modules',
]);

export interface ExclusionRules {
  /** The app's own data folder (thumbnails are photos too, and must never be indexed). */
  dataDir: string;
  /** Extra glob patterns from settings, matched against the path relative to the root (with /). */
  patterns: readonly string[];
}

export type Excluder = (absPath: string, name: string) => boolean;

export function makeExcluder(rootPath: string, rules: ExclusionRules): Excluder {
  const dataDir = path.resolve(rules.dataDir);
  const match = rules.patterns.length ? picomatch(rules.patterns as string[], { dot: true }) : null;
  return (absPath, name) => {
    if (name.startsWith('.') || SYSTEM_NAMES.has(name)) return true;
    if (absPath === dataDir || absPath.startsWith(dataDir + path.sep)) return true;
    if (match) {
      const rel = path.relative(rootPath, absPath).split(path.sep).join('/');
      if (rel && match(rel)) return true;
    }
    return false;
  };
}
