// What a renderer may ask the core to touch on disk without the user having chosen it. A web page
// or a compromised renderer holding the token must not write GIFs anywhere, read any file through
// "search by image", add "/" as a library or make the app download from any URL. Hosts say whether
// the caller is the trusted local user (the CLI: the person typed the path) or a UI; the desktop
// app records the folders its native picker returned, which count as chosen by the user.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors.js';
import type { Catalog } from './catalog.js';
import { uploadsDir } from './paths.js';
import { SERESNEXT_DEFAULT_URL } from './vision/model-upgrade.js';

/** settings key: the download source of better models, set only by a trusted host (the CLI) */
export const MODELS_SOURCE_KEY = 'models.source';

const POSIX_SYSTEM = ['/proc', '/sys', '/dev', '/etc', '/boot', '/run', '/bin', '/sbin', '/lib', '/lib32', '/lib64'].concat(
  ['/usr/bin', '/usr/sbin', '/usr/lib', '/private/etc', '/System'],
);
const POSIX_TOP_ONLY = ['/usr', '/var', '/private', '/Library'];
const CHOOSE = 'Choose the folder that holds your photos.';
const WIN_SYSTEM = ['\\windows', '\\program files', '\\program files (x86)', '\\programdata'];

function inside(child: string, parent: string, p: typeof path = path): boolean {
  const rel = p.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
}

/** The real path of p, or of its nearest existing ancestor joined with the rest (a file not yet written). */
export function realPathOf(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realPathOf(parent), path.basename(abs));
  }
}

/**
 * Refuses folders that must never be a library: the file system's root, Smart Album's own data
 * folder (or one inside it) and system folders. `real` is the folder's real path.
 */
export function refuseUnsafeRoot(real: string, dataDir: string, platform: NodeJS.Platform = process.platform): void {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const data = platform === process.platform ? [p.resolve(dataDir), realPathOf(dataDir)] : [p.resolve(dataDir)];
  if (data.some((d) => inside(real, d, p))) {
    throw new AppError('INVALID_INPUT', `"${real}" is Smart Album's own data folder (or inside it); choose a folder of photos instead.`);
  }
  const isRoot = p.parse(real).root === real;
  if (platform === 'win32') {
    const rest = real.slice(p.parse(real).root.length - 1).toLowerCase();
    if (isRoot || WIN_SYSTEM.some((s) => rest === s || rest.startsWith(`${s}\\`))) {
      throw new AppError('INVALID_INPUT', `"${real}" is a whole drive or a system folder, not a photo folder. ${CHOOSE}`);
    }
    return;
  }
  if (isRoot || POSIX_TOP_ONLY.includes(real) || POSIX_SYSTEM.some((s) => inside(real, s, p))) {
    throw new AppError('INVALID_INPUT', `"${real}" is ${isRoot ? 'the whole file system' : 'a system folder'}, not a photo folder. ${CHOOSE}`);
  }
}

export class AccessPolicy {
  private readonly picked = new Set<string>();

  /** trusted: the caller is the local user at a command line, who may name any file or URL */
  constructor(
    private readonly catalog: Catalog,
    readonly trusted = false,
  ) {}

  /** a folder the user chose in the system's folder picker (the desktop app) */
  allowPickedFolder(folder: string): void {
    this.picked.add(realPathOf(folder));
  }

  /** gif.make writes only inside a library folder or a folder the user picked. */
  checkGifTarget(out: string): void {
    if (this.trusted) return;
    const target = realPathOf(out);
    const roots = this.catalog.roots.all().map((r) => realPathOf(r.path));
    if ([...roots, ...this.picked].some((folder) => inside(target, folder) && target !== folder)) return;
    const or = this.picked.size ? ' or a folder you picked' : '';
    throw new AppError('INVALID_INPUT', `A GIF can only be saved inside one of your library folders${or} (${roots.join(', ') || 'none yet'}); "${out}" is not.`);
  }

  /**
   * Search by image reads only a file dropped into Smart Album (its uploads folder) or a catalogued
   * photo. Returns whether the file is an upload, to be removed once the search has read it.
   */
  checkQueryImage(imagePath: string): { upload: boolean } {
    const uploads = realPathOf(uploadsDir(this.catalog.dataDir));
    const real = realPathOf(imagePath);
    if (inside(real, uploads) && real !== uploads) return { upload: true };
    if (this.trusted) return { upload: false };
    if (this.catalog.photos.byPath(path.resolve(imagePath)) || this.catalog.photos.byPath(real)) return { upload: false };
    throw new AppError(
      'INVALID_INPUT',
      `Search by image reads only a file dropped into Smart Album or a photo of your library; "${imagePath}" is neither. ` +
        'Drop the file onto the window, or add its folder to the library.',
    );
  }

  /** models.upgrade downloads only from the configured source (a trusted caller may set it); returns the URL to use. */
  checkModelSource(input: { url?: string; fromFile?: string }): string {
    const configured = this.catalog.settings.get<string | null>(MODELS_SOURCE_KEY, null) ?? SERESNEXT_DEFAULT_URL;
    if (this.trusted) {
      if (input.url) this.catalog.settings.set(MODELS_SOURCE_KEY, input.url);
      return input.url ?? configured;
    }
    if (input.fromFile) {
      const how = 'smart-album models upgrade --from-file <file>';
      throw new AppError('INVALID_INPUT', `Building the model from a local file is only possible from the command line: ${how}.`);
    }
    if (input.url && input.url !== configured) {
      const how = 'smart-album models upgrade --url <url>';
      throw new AppError('INVALID_INPUT', `Models are downloaded only from the configured source (${configured}). To use another, run: ${how}.`);
    }
    return configured;
  }
}
