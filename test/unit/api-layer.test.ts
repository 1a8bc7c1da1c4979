// The API's handlers call services, never repositories (SQL and row shapes stay behind services),
// and every host reaches them through the one dispatcher, so zod validation and defaults run once
// for every host (the CLI included).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/temp.js';

const REPOS = /\bcatalog\.(roots|photos|jobs|settings|categories|faces|features|people|places|albums|trash|timeline|search|db|generation)\b/;

function handlerFiles(): string[] {
  const dir = path.join(REPO, 'electron/core/api');
  return [path.join(REPO, 'electron/core/api.ts'), ...(fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [])];
}

describe('the API layer', () => {
  it('handlers use services, not repositories', () => {
    const bad = handlerFiles().flatMap((f) =>
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => [line, i] as const)
        .filter(([line]) => REPOS.test(line))
        .map(([line, i]) => `${path.relative(REPO, f)}:${i + 1}: ${line.trim()}`),
    );
    expect(bad).toEqual([]);
    expect(handlerFiles().length).toBeGreaterThan(1); // the check reads files at all
  });

  it('the CLI calls the contract through the dispatcher, like every transport', () => {
    const cli = fs.readFileSync(path.join(REPO, 'electron/cli/main.ts'), 'utf8');
    const uses = [...cli.matchAll(/createHandlers\(/g)].length;
    expect(uses).toBeGreaterThan(0);
    expect([...cli.matchAll(/createDispatcher\(createHandlers\(/g)].length).toBe(uses);
  });
});
