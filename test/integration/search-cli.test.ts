// `smart-album search "<query>" [--json]` on the fixtures, through the real CLI process.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../../electron/shared/contract.js';
import { runCli } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

describe('smart-album search', () => {
  it('finds places, dates, labels and combinations; excludes; says what it does not know', async () => {
    const lib = tempDir('search-cli');
    const data = tempDir('search-cli-data');
    fs.cpSync(path.join(FIXTURES, 'exif/gps'), path.join(lib, 'holiday'), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'everyday/apple.jpg'), path.join(lib, 'apple.jpg'));
    fs.cpSync(path.join(FIXTURES, 'faces/people/obama'), path.join(lib, 'obama'), { recursive: true });
    const cli = (...args: string[]) => runCli(args, { env: { SMART_ALBUM_DATA_DIR: data } });
    expect((await cli('add', lib)).code).toBe(0);

    const Result = contract['search.query'].output;
    const json = async (q: string) => {
      const r = await cli('search', q, '--json');
      expect(r.code, r.stderr).toBe(0);
      return Result.parse(JSON.parse(r.stdout));
    };
    const files = async (q: string) => (await json(q)).items.map((p) => p.fileName).sort();

    expect(await files('Arezzo')).toHaveLength(9);
    expect(await files('Italy October 2008')).toHaveLength(9);
    expect(await files('2009')).toEqual(['obama2.jpg']);
    expect(await files('fruit')).toEqual(['apple.jpg']); // Granny Smith, a kind of apple, a kind of edible fruit
    const churches = await files('Arezzo church');
    expect(churches.length).toBeGreaterThan(0);
    expect(await files('Arezzo -church')).toHaveLength(9 - churches.length);

    const unknown = await json('Arezzo qwxzy');
    expect(unknown).toMatchObject({ total: 0, items: [], unknown: ['qwxzy'] });
    const text = await cli('search', 'Arezzo', 'qwxzy');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/No photo matches "qwxzy"/);

    const listed = await cli('search', 'canon');
    expect(listed.stdout).toMatch(/obama\.jpg/);
    expect(listed.stdout).toMatch(/\(2 of 2\)/);

    const suggest = await cli('search', '--suggest', 'Are');
    expect(suggest.stdout).toMatch(/^Arezzo {2}\(place, 9 photos\)/);
  }, 180_000);
});
