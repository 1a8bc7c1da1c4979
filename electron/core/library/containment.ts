// A library is the set of real files under its real roots (see the design guide, "A library is its
// real files"). Every path is resolved before it is catalogued or served; a symbolic link counts only
// when its real target lies inside some library root, and then it is the target's real path that is
// catalogued (once, by the walk of the root that holds it). The data folder never counts, whatever
// path leads to it.
import fs from 'node:fs';
import path from 'node:path';

export const within = (child: string, parent: string): boolean =>
  child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

function realOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

export type Place = { kind: 'root'; root: string } | { kind: 'data' } | { kind: 'outside' };

/** Where a real path lies: inside a library root, inside the data folder, or outside both. */
export class Containment {
  readonly roots: readonly string[];
  readonly dataDir: string;

  constructor(rootPaths: readonly string[], dataDir: string) {
    // roots are stored resolved; resolving again covers a folder whose parent became a link since
    this.roots = rootPaths.map(realOr);
    this.dataDir = realOr(dataDir);
  }

  placeOf(real: string): Place {
    // the data folder first: it may sit inside a root
    if (within(real, this.dataDir)) return { kind: 'data' };
    const root = this.roots.find((r) => within(real, r));
    return root ? { kind: 'root', root } : { kind: 'outside' };
  }

  /** Why a link is not followed, for the scan's problem list (null: it is followed, by its real path). */
  refusal(real: string, isFolder: boolean): string | null {
    const place = this.placeOf(real);
    if (place.kind === 'root') return null;
    if (place.kind === 'data') return `This link points into Smart Album's own data folder ("${real}"), so it was not followed.`;
    return (
      `This link points outside your library folders (to "${real}"), so it was not followed. ` +
      `To include ${isFolder ? 'those photos' : 'it'}, add "${isFolder ? real : path.dirname(real)}" as a library folder.`
    );
  }
}

/** The real path, or null when there is none (a dangling link, a loop, a file gone). */
export async function realpathOrNull(p: string): Promise<string | null> {
  try {
    return await fs.promises.realpath(p);
  } catch {
    return null;
  }
}
