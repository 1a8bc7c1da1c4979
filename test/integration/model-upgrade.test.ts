// "Download better models" end to end: weights served over loopback HTTP (synthetic values with the
// exact seresnext50_32x4d names and shapes), built, registered, and the library re-classified
// with only the classify stage redone; switching back; offline; a damaged downloaded model.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/api.js';
import { thumbnailPath } from '../../electron/core/media/thumbnails.js';
import { userModelsDir } from '../../electron/core/paths.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { writeSyntheticSeResNeXt } from '../helpers/seresnext-synthetic.js';
import { indexFolder, openEngine, runCli } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let data: string;
let server: http.Server;
let url: string;
let weightsSha: string;
const weights = path.join(tempDir('weights'), 'model.safetensors');

const stages = (stage: string) =>
  app.catalog.db.prepare('SELECT photo_id, version, done_at FROM photo_stages WHERE stage = ? ORDER BY photo_id').all(stage) as { photo_id: number; version: string; done_at: number }[];
const models = () => createHandlers(app)['models.list']({}) as ReturnType<SmartAlbum['models']>;

beforeAll(async () => {
  writeSyntheticSeResNeXt(weights);
  weightsSha = createHash('sha256').update(fs.readFileSync(weights)).digest('hex');
  server = http.createServer((req, res) => {
    if (req.url !== '/model.safetensors') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': fs.statSync(weights).size, 'x-linked-etag': `"${weightsSha}"` });
    fs.createReadStream(weights).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.safetensors`;
  data = tempDir('upgrade');
  app = openEngine(data);
  await indexFolder(app, path.join(FIXTURES, 'everyday'));
}, 180_000);
afterAll(async () => {
  await app?.close();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('models upgrade', () => {
  it('offers the upgrade while the bundled classifier is in use', () => {
    const m = models();
    expect(m.upgrade).toMatchObject({ id: 'seresnext50_32x4d', installed: false });
    expect(m.upgrade.defaultUrl).toBe('https://huggingface.co/timm/seresnext50_32x4d.racm_in1k/resolve/main/model.safetensors');
    expect(m.models.find((x) => x.active && x.task === 'classify')).toMatchObject({ id: 'mobilenet-v2-1.0-224-quant', origin: 'bundled' });
  });

  it('offline: says why, and the bundled classifier stays in use', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await runCli(['--data-dir', tempDir('offline'), 'models', 'upgrade', '--url', `http://127.0.0.1:${port}/model.safetensors`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\): this computer seems to be offline/);
    expect(fs.existsSync(path.join(userModelsDir(data), 'manifest.json'))).toBe(false);
  });

  it('downloads, builds, registers and re-classifies; thumbnails and faces are not redone', async () => {
    const fish = (app.catalog.db.prepare(`SELECT id FROM photos WHERE file_name = 'HappyFish.jpg'`).get() as { id: number }).id;
    createHandlers(app)['photos.setCategories']({ id: fish, categories: ['Animals'] });
    const media = stages('media');
    const faces = stages('faces');
    const faceIds = app.catalog.db.prepare('SELECT id FROM faces ORDER BY id').all();
    const thumb = fs.statSync(thumbnailPath(data, fish, 'large')).mtimeMs;
    const phases = new Set<string>();
    app.events.on('models.progress', (p) => phases.add(p.phase));

    await app.claimIndexing();
    const r = await app.upgradeModels({ url });
    expect([...phases]).toEqual(['download', 'check', 'build', 'verify', 'register']);
    expect(r).toMatchObject({ id: 'seresnext50_32x4d', weights: { checksum: 'server', sha256: weightsSha }, queued: 10 });
    expect(fs.existsSync(path.join(userModelsDir(data), 'downloads', 'seresnext50_32x4d.safetensors'))).toBe(false);
    await app.indexer.whenIdle();
    await app.indexer.run();

    const classify = stages('classify');
    expect(classify).toHaveLength(10);
    for (const s of classify) expect(s.version).toMatch(/^seresnext50_32x4d@1-[0-9a-f]{12}\+rules/);
    expect(stages('media')).toEqual(media);
    expect(stages('faces')).toEqual(faces);
    expect(app.catalog.db.prepare('SELECT id FROM faces ORDER BY id').all()).toEqual(faceIds);
    expect(fs.statSync(thumbnailPath(data, fish, 'large')).mtimeMs).toBe(thumb);
    const c = createHandlers(app)['photos.classification']({ id: fish }) as ReturnType<ReturnType<typeof createHandlers>['photos.classification']> & {
      labels: { model: string }[];
      categories: { category: string; assignedBy: string }[];
    };
    expect(c.labels[0]!.model).toBe('seresnext50_32x4d');
    expect(c.categories).toMatchObject([{ category: 'Animals', assignedBy: 'user' }]); // the correction survives

    const m = models();
    expect(m.upgrade.installed).toBe(true);
    expect(m.models.find((x) => x.active && x.task === 'classify')).toMatchObject({ id: 'seresnext50_32x4d', origin: 'downloaded' });
    expect(m.problems).toEqual([]);
  }, 240_000);

  it('switches back to the bundled classifier (classification redone, nothing else)', async () => {
    const media = stages('media');
    expect(app.useModel('squeezenet1.0')).toMatchObject({ task: 'classify', queued: 10 });
    await app.indexer.whenIdle();
    await app.indexer.run();
    for (const s of stages('classify')) expect(s.version).toMatch(/^squeezenet1\.0@2\+/);
    expect(stages('media')).toEqual(media);
    app.useModel('seresnext50_32x4d');
    await app.indexer.whenIdle();
    await app.indexer.run();
  }, 120_000);

  it('a damaged downloaded model falls back to the bundled one and says what to do', async () => {
    await app.close();
    const onnx = path.join(userModelsDir(data), 'classify', 'seresnext50_32x4d.onnx');
    fs.truncateSync(onnx, 1000);
    app = openEngine(data);
    expect(app.vision.classifier?.id).toBe('mobilenet-v2-1.0-224-quant');
    expect(app.status().problems.join('\n')).toMatch(/seresnext50_32x4d .* is incomplete: the bundled model is used\. Run "smart-album models upgrade"/);
    // the next scan puts the photos back on the bundled model: pass 2 only, pass 1 is not redone
    const { index } = await app.scanAndIndex();
    expect(index.understood).toBe(10);
    expect(index.indexed).toBe(0);
  }, 120_000);
});
