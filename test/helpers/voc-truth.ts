import fs from 'node:fs';
import path from 'node:path';
import type { Box } from '../../electron/core/vision/box.js';
import { FIXTURES } from './paths.js';

/** The labelled face boxes of the dlib/VOC photos (training.xml and testing.xml), by file name. */
export function vocFaceBoxes(): Map<string, Box[]> {
  const out = new Map<string, Box[]>();
  for (const xml of ['training.xml', 'testing.xml']) {
    const s = fs.readFileSync(path.join(FIXTURES, 'faces/dlib-voc', xml), 'utf8');
    for (const m of s.matchAll(/<image file='([^']+)'[^>]*>([\s\S]*?)<\/image>/g)) {
      out.set(m[1]!, [...m[2]!.matchAll(/top='(\d+)' left='(\d+)' width='(\d+)' height='(\d+)'/g)].map((b) => ({ y: +b[1]!, x: +b[2]!, w: +b[3]!, h: +b[4]! })));
    }
  }
  return out;
}
