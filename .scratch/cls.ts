import fs from 'node:fs';
import path from 'node:path';
import { VisionService } from '../electron/core/vision/vision.service.js';
import { decodePhoto } from '../electron/core/media/decode.js';
const v = VisionService.open(path.resolve('models'));
console.log(v.problems());
for (const dir of process.argv.slice(2)) for (const f of fs.readdirSync(dir).filter((f) => /\.(jpe?g|png)$/i.test(f))) {
  const d = await decodePhoto(fs.readFileSync(path.join(dir, f)), f, false);
  const c = await v.classify(d.working);
  console.log(f.padEnd(24), c.top.slice(0, 3).map((p) => `${p.label} ${p.confidence.toFixed(2)}`).join(' | '), '=>', c.categories.map((x) => x.category).join(','), c.features?.length);
}
await v.close();
