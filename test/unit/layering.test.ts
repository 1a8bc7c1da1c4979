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
    const all = files(path.join(REPO, 'electron/core')).flatMap((f) => imports(f));
    expect(all).toContain('better-sqlite3');
    expect(all.length).toBeGreaterThan(30);
  });
});
