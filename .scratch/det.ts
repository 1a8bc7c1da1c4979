import fs from 'node:fs';
import path from 'node:path';
import { ModelRegistry } from '../electron/core/vision/model-registry.js';
import { detectObjects } from '../electron/core/vision/object-detector.js';
import { decodePhoto } from '../electron/core/media/decode.js';
const r = ModelRegistry.load(path.resolve('models'));
const spec = r.active('detect')!;
for (const f of process.argv.slice(2)) {
  const d = await decodePhoto(fs.readFileSync(f), path.basename(f), false);
  const t0 = performance.now();
  const o = await detectObjects(r, spec, d.working);
  console.log(path.basename(f).padEnd(20), (performance.now() - t0).toFixed(0) + 'ms', d.working.width + 'x' + d.working.height, o.map((x) => `${x.label} ${x.score.toFixed(2)} [${[x.x, x.y, x.w, x.h].map((v) => v.toFixed(2)).join(',')}]`).join('; '));
}
await r.release();
