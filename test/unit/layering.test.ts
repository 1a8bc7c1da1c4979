// The design's layering rules, checked by reading every import.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/temp.js';

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|svelte)$/.test(e.name) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

/** Which top-level layer an import lands in: 'shared', 'core', ... or the package name. */
function layerOf(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? 'node' : spec.split('/')[0]!.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
  const target = path.relative(path.join(REPO, 'electron'), path.resolve(path.dirname(file), spec));
  return target.split(path.sep)[0]!;
}

const rules: Record<string, (layer: string) => boolean> = {
  shared: (l) => l === 'shared' || l === 'zod',
  core: (l) => l !== 'electron' && !['main', 'preload', 'server', 'cli', 'workers'].includes(l),
  cli: (l) => !['electron', 'main', 'preload', 'server'].includes(l),
  server: (l) => !['electron', 'main', 'preload', 'cli'].includes(l),
  workers: (l) => !['electron', 'main', 'preload', 'cli', 'server'].includes(l),
  main: (l) => !['preload', 'cli', 'server'].includes(l),
  preload: (l) => ['electron', 'shared', 'preload'].includes(l),
};

describe('layering', () => {
  for (const [layer, allowed] of Object.entries(rules)) {
    it(`electron/${layer} imports only what it may`, () => {
      const bad: string[] = [];
      for (const f of files(path.join(REPO, 'electron', layer))) {
        for (const spec of imports(f)) {
          const l = layerOf(f, spec);
          if (!allowed(l)) bad.push(`${path.relative(REPO, f)} -> ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  it('finds imports at all (the checker is not vacuous)', () => {
    expect(files(path.join(REPO, 'renderer/src')).length).toBeGreaterThan(4);
    const all = files(path.join(REPO, 'electron/core')).flatMap((f) => imports(f));
    expect(all).toContain('better-sqlite3');
    expect(all.length).toBeGreaterThan(30);
  });
});

// Inside the core: a module of the core, as named by its first folder under electron/core ('db',
// 'media', ...) or its file ('smart-album.ts', 'api.ts'), for a resolved import target.
const CORE = path.join(REPO, 'electron/core');
function coreModule(target: string): string | null {
  const rel = path.relative(CORE, target);
  if (rel.startsWith('..')) return null;
  return rel.split(path.sep)[0]!.replace(/\.js$/, '.ts');
}
const resolveImport = (file: string, spec: string) => path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
const coreImports = (file: string) => imports(file).filter((s) => s.startsWith('.')).map((s) => ({ spec: s, target: resolveImport(file, s) }));

/** A leaf imports nothing else from the core (pure helpers such as vision/box.ts, places/gps.ts): anyone may use it. */
const leaves = new Set(files(CORE).filter((f) => coreImports(f).every(({ target }) => coreModule(target) === null)));

// What each core module may not import (besides the hosts, checked above). Services sit on
// repositories, never the reverse; media and library know nothing of models, people or search;
// only smart-album.ts and api.ts see the whole engine.
const ENGINE = ['smart-album.ts', 'api.ts'];
const coreRules: Record<string, string[]> = {
  db: ['catalog.ts', 'library', 'media', 'vision', 'people', 'places', 'search', 'indexer', 'lock.ts', ...ENGINE],
  media: ['vision', 'people', 'places', 'search', 'indexer', ...ENGINE],
  library: ['vision', 'people', 'places', 'search', 'indexer', ...ENGINE],
  vision: ['library', 'people', 'places', 'search', 'indexer', ...ENGINE],
  places: ['library', 'vision', 'people', 'search', 'indexer', ...ENGINE],
  people: ['library', 'places', 'search', 'indexer', ...ENGINE],
  search: ['library', 'people', 'places', 'indexer', ...ENGINE],
  indexer: ENGINE,
  'catalog.ts': ['library', 'media', 'vision', 'people', 'places', 'search', 'indexer', ...ENGINE],
  'smart-album.ts': ['api.ts'],
};

describe('layering inside the core', () => {
  for (const [mod, forbidden] of Object.entries(coreRules)) {
    it(`electron/core/${mod} imports no ${forbidden.join(', ')}`, () => {
      const bad: string[] = [];
      for (const f of files(CORE).filter((x) => coreModule(x) === mod)) {
        for (const { spec, target } of coreImports(f)) {
          const m = coreModule(target);
          if (m && m !== mod && forbidden.includes(m) && !leaves.has(target)) bad.push(`${path.relative(REPO, f)} -> ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  it('db/ imports only db/, shared and leaf helpers (a repository knows no service, not even its types)', () => {
    const bad: string[] = [];
    for (const f of files(path.join(CORE, 'db'))) {
      for (const { spec, target } of coreImports(f)) {
        const m = coreModule(target);
        if (m !== null && m !== 'db' && !leaves.has(target)) bad.push(`${path.relative(REPO, f)} -> ${spec}`);
        if (m === null && !target.startsWith(path.join(REPO, 'electron/shared'))) bad.push(`${path.relative(REPO, f)} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the rules see real edges (not vacuous): leaves exist, and the engine imports every module', () => {
    expect([...leaves].map((f) => path.relative(CORE, f))).toEqual(expect.arrayContaining(['vision/box.ts', 'places/gps.ts']));
    const seen = new Set(coreImports(path.join(CORE, 'smart-album.ts')).map(({ target }) => coreModule(target)));
    for (const m of ['library', 'media', 'vision', 'people', 'places', 'search', 'indexer', 'catalog.ts']) expect(seen).toContain(m);
    expect(coreRules['db']).toContain('vision');
  });
});

// The renderer: shared and its own code only. The transport is reached only through the one typed
// client module (lib/api.ts); screens (features/*) and the app state call that client; the leaf
// components (the grid, the dialog) render what they are given and never fetch or reach for state.
const RENDERER = path.join(REPO, 'renderer/src');
const rendererFiles = files(RENDERER);
const renderer = (f: string) => path.relative(RENDERER, f).split(path.sep).join('/');
const CLIENT = path.join(RENDERER, 'lib/api.ts');
const LEAVES = ['lib/components/Dialog.svelte', 'lib/components/PhotoGrid.svelte', 'lib/components/grid-layout.ts'];

describe('layering in the renderer', () => {
  it('imports only $shared, svelte and its own files', () => {
    const bad: string[] = [];
    for (const f of rendererFiles) {
      for (const spec of imports(f)) {
        const ok = spec.startsWith('$shared/') || spec === 'svelte' || spec.startsWith('svelte/') || (spec.startsWith('.') && !path.relative(RENDERER, path.resolve(path.dirname(f), spec)).startsWith('..'));
        if (!ok) bad.push(`${renderer(f)} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('only the client module reaches the transport ($shared/client)', () => {
    const bad = rendererFiles.filter((f) => f !== CLIENT && imports(f).some((s) => s.startsWith('$shared/client'))).map(renderer);
    expect(bad).toEqual([]);
    expect(imports(CLIENT)).toContain('$shared/client.js');
  });

  it('leaf components never import the API client or a state module at run time (they take props)', () => {
    for (const leaf of LEAVES) expect(fs.existsSync(path.join(RENDERER, leaf)), leaf).toBe(true);
    const bad = rendererFiles
      .filter((f) => LEAVES.includes(renderer(f)))
      .flatMap((f) =>
        [...fs.readFileSync(f, 'utf8').matchAll(/import\s+(?!type\b)[^'"]*from\s+['"]([^'"]*)['"]/g)]
          .map((m) => m[1]!)
          .filter((spec) => spec.includes('/state/') || (spec.startsWith('.') && resolveImport(f, spec) === CLIENT))
          .map((spec) => `${renderer(f)} -> ${spec}`),
      );
    expect(bad).toEqual([]);
    const callers = rendererFiles.filter((f) => /\b(api|client)\.(call|on)\(/.test(fs.readFileSync(f, 'utf8'))).map(renderer);
    expect(callers).toContain('lib/state/app.svelte.ts'); // the regex does see calls
    expect(callers.filter((f) => LEAVES.includes(f))).toEqual([]);
  });
});
