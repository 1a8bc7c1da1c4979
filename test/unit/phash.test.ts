import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { hammingDistance, phashOf } from '../../electron/core/media/phash.js';
import type { RawImage } from '../../electron/core/media/decode.js';
import { FIXTURES } from '../helpers/temp.js';

async function raw(input: Sharp): Promise<RawImage> {
  const { data, info } = await input.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}
const fixture = (name: string) => sharp(path.join(FIXTURES, 'everyday', name));

describe('perceptual hash', () => {
  it('is 64 bits of hex', async () => {
    expect(await phashOf(await raw(fixture('baboon.jpg')))).toMatch(/^[0-9a-f]{16}$/);
  });

  it('stays close when the same photo is resized and recompressed', async () => {
    const a = await phashOf(await raw(fixture('butterfly.jpg')));
    const smaller = await sharp(await fixture('butterfly.jpg').resize(200).jpeg({ quality: 40 }).toBuffer());
    const b = await phashOf(await raw(smaller));
    expect(hammingDistance(a, b)).toBeLessThanOrEqual(6);
  });

  it('works on images smaller than 32 px on a side', async () => {
    const tiny = await raw(fixture('fruits.jpg').resize(20, 9, { fit: 'fill' }));
    expect(phashOf(tiny)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is far apart for different photos', async () => {
    const names = ['baboon.jpg', 'butterfly.jpg', 'fruits.jpg', 'building.jpg', 'messi5.jpg'];
    const hashes = await Promise.all(names.map(async (n) => phashOf(await raw(fixture(n)))));
    for (let i = 0; i < hashes.length; i++) for (let j = i + 1; j < hashes.length; j++) expect(hammingDistance(hashes[i]!, hashes[j]!)).toBeGreaterThan(16);
  });
});
