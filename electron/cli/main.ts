#!/usr/bin/env node
import { Command, Option } from 'commander';
import { PhotoStatusSchema } from '../shared/contract.js';
import { AppError } from '../shared/errors.js';
import { createHandlers } from '../core/api.js';
import { apiOver, type Api } from '../shared/api-caller.js';
import { createDispatcher } from '../shared/rpc.js';
import { indexerLockHolder } from '../core/lock.js';
import { defaultDataDir } from '../core/paths.js';
import { SmartAlbum } from '../core/smart-album.js';
import { formatCategories, formatIndex, formatPhotos, formatRoots, formatScan, formatStatus, modelProgressReporter, progressReporter } from './output.js';

interface Globals {
  dataDir?: string;
  json?: boolean;
}

const program = new Command()
  .name('smart-album')
  .description('Smart Album: your photo folders, catalogued and organised, offline.')
  .option('-d, --data-dir <dir>', 'catalog folder (default: the app-data folder, or $SMART_ALBUM_DATA_DIR)')
  .option('--json', 'print a machine-readable result (the core API shapes) instead of text')
  .showHelpAfterError();

function globals(): Required<Pick<Globals, 'dataDir'>> & Globals {
  const g = program.opts<Globals>();
  return { ...g, dataDir: g.dataDir ?? defaultDataDir() };
}

/** The contract over the same dispatcher as every host: zod validation and defaults run here too. */
function cliApi(app: SmartAlbum): Api {
  return apiOver(createDispatcher(createHandlers(app, undefined, { trustedLocalUser: true })));
}

/** Opens the engine, runs fn, prints its result, always closes (releasing the indexer lock). */
async function run<T>(fn: (app: SmartAlbum, api: Api) => Promise<T>, text: (r: T) => string): Promise<void> {
  const g = globals();
  const app = new SmartAlbum({ dataDir: g.dataDir });
  const stop = () => {
    void app.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    const result = await fn(app, cliApi(app));
    process.stdout.write(g.json ? `${JSON.stringify(result, null, 2)}\n` : `${text(result)}\n`);
  } finally {
    await app.close();
  }
}

async function scanWithProgress(app: SmartAlbum, api: Api, rootId?: number) {
  const g = globals();
  const bar = progressReporter(process.stderr, !!g.json);
  app.indexer.on('progress', bar.update);
  try {
    const scan = await api['library.scan']({ rootId });
    if (!g.json) process.stderr.write(`${formatScan(scan)}\n`);
    const index = await api['library.index']({});
    return { scan, index };
  } finally {
    bar.stop();
    app.indexer.off('progress', bar.update);
  }
}

program
  .command('add')
  .description('add a photo folder to the library, then index it')
  .argument('<folder>')
  .option('--poll', 'watch by polling (network drives); detected automatically where possible')
  .option('--no-scan', 'only add the folder; index it later with "scan"')
  .action((folder: string, o: { poll?: boolean; scan: boolean }) =>
    run(
      async (app, api) => {
        const root = await api['roots.add']({ path: folder, usePolling: o.poll });
        if (!o.scan) return { root };
        // another indexer runs (the app, web mode, "watch"): it scans the folder it sees added
        const indexedBy = indexerLockHolder(app.catalog.dataDir);
        if (indexedBy !== null) return { root, indexedBy };
        return { root, ...(await scanWithProgress(app, api, root.id)) };
      },
      (r) =>
        [
          `Added #${r.root.id} ${r.root.path}`,
          'indexedBy' in r
            ? `Another Smart Album indexer (process ${r.indexedBy}) is running on this library: it scans the new folder (the app, web mode and "smart-album watch" start within seconds). If it is a one-off "scan", run "smart-album scan" once it is done.`
            : 'index' in r && r.index
              ? formatIndex(r.index)
              : 'Run "smart-album scan" to index it.',
        ].join('\n'),
    ),
  );

program
  .command('remove')
  .description('stop watching a folder (its photos stay in the catalog as missing, with their albums)')
  .argument('<folder-or-id>')
  .action((target: string) =>
    run(
      async (app) => app.roots.remove(/^\d+$/.test(target) ? Number(target) : target),
      (r) => `Removed. ${r.photosDetached} photo(s) kept as missing; add the folder again to bring them back.`,
    ),
  );

program
  .command('folders')
  .description('list the library folders')
  .action(() => run(async (_app, api) => api['roots.list']({}), formatRoots));

program
  .command('scan')
  .description('find new, changed and removed photos in every folder, and index them')
  .option('--root <id>', 'only this folder', (v) => Number(v))
  .action((o: { root?: number }) =>
    run(
      (app, api) => scanWithProgress(app, api, o.root),
      (r) => formatIndex(r.index),
    ),
  );

program
  .command('watch')
  .description('index, then keep watching the folders for changes until stopped (Ctrl-C)')
  .argument('[folders...]', 'folders to add first')
  .option('--reconcile-minutes <n>', 'full rescan interval, for changes watchers miss', (v) => Number(v), 30)
  .action(async (folders: string[], o: { reconcileMinutes: number }) => {
    const g = globals();
    const app = new SmartAlbum({ dataDir: g.dataDir, watch: { reconcileMs: o.reconcileMinutes * 60_000 } });
    const api = cliApi(app);
    const say = (line: string) => process.stderr.write(`${line}\n`);
    try {
      for (const f of folders) {
        try {
          say(`Added #${(await api['roots.add']({ path: f })).id} ${f}`);
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'ALREADY_EXISTS')) throw err;
        }
      }
      if (!app.catalog.roots.all().length) {
        say('No folders to watch yet. Start with: npm start -- <folder with photos>   (or: smart-album add <folder>)');
        await app.close();
        return;
      }
      const { index } = await scanWithProgress(app, api);
      if (!g.json) say(formatIndex(index));
      app.indexer.on('photo', (o) => {
        const p = app.catalog.photos.get(o.photoId);
        const line = g.json ? JSON.stringify({ event: 'photo', ...o, path: p?.path }) : `${o.kind}: ${p?.path ?? `#${o.photoId}`}${'reason' in o ? ` (${o.reason})` : ''}`;
        process.stdout.write(`${line}\n`);
      });
      await app.watch((err) => say(`watch error: ${err.message}`));
      // a folder another "smart-album add" adds while this indexer holds the lock: scan and watch it
      app.onRootsChanged((added) =>
        void (async () => {
          for (const id of added) await app.scanner.scanAll(id);
          await app.rewatch();
          await app.indexer.run();
        })().catch((err: Error) => say(`watch error: ${err.message}`)),
      );
      say(`Watching ${app.catalog.roots.all().length} folder(s) for changes. Press Ctrl-C to stop.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve).once('SIGTERM', resolve);
      });
    } finally {
      await app.close();
    }
  });

program
  .command('categories')
  .description('category albums with their photo counts, or the photos of one category')
  .argument('[category]')
  .option('-n, --limit <n>', 'how many photos', (v) => Number(v), 20)
  .action((category: string | undefined, o: { limit: number }) =>
    run(
      async (_app, api) => (category ? api['categories.photos']({ category, limit: o.limit, offset: 0 }) : api['categories.list']({})),
      (r) => ('categories' in r ? formatCategories(r.categories) : formatPhotos(r.items.length, r.items.map((i) => i.photo))),
    ),
  );

program
  .command('set-category')
  .description('correct a photo\'s category (the first is its primary one); your choice is never overridden')
  .argument('<photo-id>', 'photo id, from "photos"', (v) => Number(v))
  .argument('<categories...>')
  .action((id: number, categories: string[]) =>
    run(
      async (_app, api) => api['photos.setCategories']({ id, categories }),
      (r) => `Photo #${id}: ${r.categories.map((c) => `${c.category}${c.primary ? ' (primary)' : ''}`).join(', ')}`,
    ),
  );

program
  .command('objects')
  .description('the objects (people, animals, vehicles, food...) the detector found in a photo')
  .argument('<photo-id>', 'photo id, from "photos"', (v) => Number(v))
  .action((id: number) =>
    run(
      async (_app, api) => api['photos.objects']({ id }),
      (objects) =>
        objects.length
          ? objects
              .map((o) => {
                const b = o.boxPx ?? o.box;
                return `${o.label.padEnd(14)} ${Math.round(o.score * 100)}%  at ${b.x},${b.y} size ${b.w}x${b.h}${o.boxPx ? ' px' : ''}`;
              })
              .join('\n')
          : 'No objects found in this photo.',
    ),
  );

program
  .command('faces')
  .description('the faces found in a photo')
  .argument('<photo-id>', 'photo id, from "photos"', (v) => Number(v))
  .action((id: number) =>
    run(
      async (_app, api) => api['photos.faces']({ id }),
      (faces) =>
        faces.length
          ? faces
              .map((f) => `face #${f.id}  ${Math.round(f.sizePx)} px, score ${f.score.toFixed(2)}, ${f.qualityOk ? 'good' : 'below quality gates'}${f.personId ? `, person #${f.personId}` : ''}`)
              .join('\n')
          : 'No faces found in this photo.',
    ),
  );

const personLabel = (p: { id: number; name: string | null }) => (p.name ? `${p.name} (#${p.id})` : `Unnamed person #${p.id}`);

program
  .command('people')
  .description('the people found in your photos')
  .option('--hidden', 'include hidden people')
  .action((o: { hidden?: boolean }) =>
    run(
      async (_app, api) => api['people.list']({ includeHidden: !!o.hidden }),
      (people) =>
        people.length
          ? people.map((p) => `${personLabel(p).padEnd(32)} ${String(p.photos).padStart(6)} photos${p.hidden ? '  (hidden)' : ''}`).join('\n')
          : 'No people yet: a person appears once two or more photos show the same face.',
    ),
  );

program
  .command('person')
  .description('one person: their photos, best match first, and their faces')
  .argument('<id>', 'person id', (v) => Number(v))
  .action((id: number) =>
    run(
      async (_app, api) => api['people.get']({ id }),
      (r) =>
        [
          `${personLabel(r.person)}: ${r.person.photos} photo(s)`,
          ...r.photos.map((p) => `  photo #${p.photoId}  ${Math.round(p.confidence * 100)}%`),
          ...r.faces.map((f) => `  face #${f.id} in photo #${f.photoId}  ${f.assignedBy === 'user' ? 'set by you' : `${Math.round((f.matchConfidence ?? 0) * 100)}% match`}`),
        ].join('\n'),
    ),
  );

const faceCmd = (name: string, description: string, call: (api: Api, ...args: number[]) => unknown, ...args: string[]) => {
  const c = program.command(name).description(description);
  for (const a of args) c.argument(`<${a}>`, a, (v: string) => (v === 'new' ? -1 : Number(v)));
  c.action((...values: unknown[]) =>
    run(
      async (_app, api) => call(api, ...(values.slice(0, args.length) as number[])),
      (r) => JSON.stringify(r),
    ),
  );
};
program
  .command('person-rename')
  .description('name a person')
  .argument('<id>', 'person id', (v) => Number(v))
  .argument('<name...>')
  .action((id: number, name: string[]) => run(async (_app, api) => api['people.rename']({ id, name: name.join(' ') }), (p) => `Renamed: ${personLabel(p)}`));
faceCmd('person-merge', 'merge the second person into the first', (api, into, from) => api['people.merge']({ into: into!, from: from! }), 'into-id', 'from-id');
faceCmd('person-hide', 'hide a person from the people list', (api, id) => api['people.hide']({ id: id!, hidden: true }), 'id');
faceCmd('person-show', 'show a hidden person again', (api, id) => api['people.hide']({ id: id!, hidden: false }), 'id');
faceCmd('face-move', 'put a face in a person ("new" for a new person)', (api, face, person) => api['faces.move']({ faceId: face!, personId: person === -1 ? null : person! }), 'face-id', 'person-id');
faceCmd('face-remove', 'take a face out of its person (it will not be put back)', (api, face) => api['faces.remove']({ faceId: face! }), 'face-id');
faceCmd('not-a-face', 'mark a detection as not a face', (api, face) => api['faces.notAFace']({ faceId: face! }), 'face-id');

program
  .command('find-face')
  .description('every photo of the person in an image (any file) or in a catalogued face (--face <id>), best match first')
  .argument('[image]')
  .option('--face <id>', 'a face of the catalog instead of an image', (v) => Number(v))
  .option('-n, --limit <n>', 'how many photos', (v) => Number(v), 50)
  .action((image: string | undefined, o: { face?: number; limit: number }) =>
    run(
      async (_app, api) => {
        if (o.face === undefined && !image) throw new AppError('INVALID_INPUT', 'Give an image file, or --face <id>.');
        return api['faces.search'](o.face !== undefined ? { faceId: o.face, limit: o.limit } : { imagePath: image!, limit: o.limit });
      },
      (r) => (r.length ? r.map((m) => `${Math.round(m.confidence * 100)}%\tphoto #${m.photo.id}\t${m.photo.path}`).join('\n') : 'No photo of this person in the library.'),
    ),
  );

program
  .command('face-threshold')
  .description('show or set the match confidence a face needs to join a person (default 72)')
  .argument('[percent]', 'new threshold in percent', (v) => Number(v))
  .action((percent?: number) =>
    run(
      async (_app, api) => (percent === undefined ? api['people.threshold.get']({}) : api['people.threshold.set']({ threshold: percent / 100 })),
      (r) => `Faces join a person at ${Math.round(r.threshold * 100)}% match confidence or more.`,
    ),
  );

const models = program.command('models').description('the AI models Smart Album uses');
models
  .command('verify')
  .description('check every model file against its size and checksum, and load it')
  .action(() =>
    run(
      async (app) => (app.vision.registry ? app.vision.registry.verifyAll() : [{ id: 'models', ok: false, message: app.vision.problem ?? 'unavailable' }]),
      (r) => r.map((m) => `${m.ok ? 'ok  ' : 'FAIL'} ${m.id}${m.ok ? '' : `: ${m.message}`}`).join('\n'),
    ),
  );

models
  .command('list')
  .description('the models in use and the ones available')
  .action(() =>
    run(
      async (_app, api) => api['models.list']({}),
      (r) =>
        [
          ...r.models.map((m) => `${m.active ? '*' : ' '} ${m.task.padEnd(11)} ${m.id} (v${m.version}, ${m.origin}, ${(m.bytes / 1e6).toFixed(1)} MB)`),
          ...r.problems.map((p) => `! ${p}`),
          r.upgrade.installed ? '' : `Better categories: "smart-album models upgrade" downloads and builds ${r.upgrade.id} (≈110 MB).`,
        ]
          .filter(Boolean)
          .join('\n'),
    ),
  );

models
  .command('upgrade')
  .description('download the SE-ResNeXt-50 ImageNet weights, build the model on this computer, use it for categories and re-classify the library')
  .option('--url <url>', 'where to download the weights (safetensors) from')
  .option('--sha256 <hex>', 'the checksum the weights file must have')
  .option('--from-file <file>', 'use a weights file already on this computer instead of downloading')
  .option('--no-reclassify', 'only build and register the model; photos are re-classified by the next scan or watch')
  .action((o: { url?: string; sha256?: string; fromFile?: string; reclassify: boolean }) =>
    run(
      async (app, api) => {
        const g = globals();
        let indexing = false;
        if (o.reclassify) {
          try {
            await app.claimIndexing();
            indexing = true;
          } catch (err) {
            if (!(err instanceof AppError && err.code === 'BUSY')) throw err;
          }
        }
        const say = modelProgressReporter(process.stderr, !!g.json);
        app.events.on('models.progress', say);
        const r = await api['models.upgrade']({ url: o.url, sha256: o.sha256, fromFile: o.fromFile });
        app.events.off('models.progress', say);
        if (!g.json) process.stderr.write('\n');
        if (!indexing) return { ...r, reclassified: null };
        const bar = progressReporter(process.stderr, !!g.json);
        app.indexer.on('progress', bar.update);
        try {
          return { ...r, reclassified: await app.indexer.run() };
        } finally {
          bar.stop();
          app.indexer.off('progress', bar.update);
        }
      },
      (r) =>
        [
          `Categories now come from ${r.id} (${(r.bytes / 1e6).toFixed(1)} MB, weights checksum: ${r.weightsChecksum}).`,
          r.reclassified
            ? `Re-classified ${r.reclassified.indexed} photo(s) in ${(r.reclassified.durationMs / 1000).toFixed(1)} s.`
            : r.queued
              ? `${r.queued} photo(s) will be re-classified by the running Smart Album after it restarts, or by "smart-album scan".`
              : '',
          'To go back to the bundled classifier: smart-album models use squeezenet1.0',
        ]
          .filter(Boolean)
          .join('\n'),
    ),
  );

models
  .command('use')
  .description('switch the model used for its task (e.g. back to the bundled classifier)')
  .argument('<id>')
  .action((id: string) =>
    run(
      async (_app, api) => api['models.use']({ id }),
      (r) => `${r.task} now uses ${r.id}; ${r.queued} photo(s) queued to be redone (run "smart-album scan").`,
    ),
  );

const ids = (v: string[]) => v.map((x) => {
  if (!/^\d+$/.test(x)) throw new AppError('INVALID_INPUT', `"${x}" is not a photo id (numbers, see "smart-album photos").`);
  return Number(x);
});
const photoLine = (p: { id: number; path: string; takenAt: string | null }) => `  #${p.id}  ${p.takenAt?.slice(0, 10) ?? '          '}  ${p.path}`;
const pageText = (r: { total: number; items: { id: number; path: string; takenAt: string | null }[] }, what: string) =>
  r.total ? [`${r.total} photo(s) ${what}:`, ...r.items.map(photoLine), ...(r.total > r.items.length ? [`  … ${r.total - r.items.length} more (--limit, --offset)`] : [])].join('\n') : `No photos ${what}.`;
const pageOptions = (c: Command) => c.option('-n, --limit <n>', 'how many', (v) => Number(v), 50).option('--offset <n>', 'skip this many', (v) => Number(v), 0);

pageOptions(
  program
    .command('places')
    .description('place albums: countries > regions > cities with counts; with arguments, the photos of one place')
    .argument('[country]')
    .argument('[region]')
    .argument('[city]')
    .option('--none', 'photos without GPS')
    .option('--invalid', 'photos whose GPS position is impossible, with the reason'),
).action((country: string | undefined, region: string | undefined, city: string | undefined, o: { none?: boolean; invalid?: boolean; limit: number; offset: number }) =>
  run(
    async (app, api) => {
      if (o.none || o.invalid) {
        const r = await api['places.photos']({ state: o.none ? 'no-gps' : 'invalid-gps', limit: o.limit, offset: o.offset });
        return { kind: 'photos' as const, what: o.none ? 'without GPS' : 'with an impossible GPS position', page: r, reasons: r.items.map((p) => p.gpsProblem) };
      }
      if (country) return { kind: 'photos' as const, what: `in ${[city, region, country].filter(Boolean).join(', ')}`, page: await api['places.photos']({ country, region, city, limit: o.limit, offset: o.offset }), reasons: [] };
      return { kind: 'tree' as const, tree: await api['places.tree']({}) };
    },
    (r) => {
      if (r.kind === 'photos') return [pageText(r.page, r.what), ...r.reasons.filter(Boolean).map((x) => `  ! ${x}`)].join('\n');
      const lines = r.tree.countries.flatMap((c) => [
        `${c.country} (${c.count})`,
        ...c.regions.flatMap((rg) => [`  ${rg.region ?? '(region unknown)'} (${rg.count})`, ...rg.cities.map((ct) => `    ${ct.city ?? '(no town nearby)'} (${ct.count})`)]),
      ]);
      lines.push(`Without GPS: ${r.tree.noGps}; impossible GPS: ${r.tree.invalidGps}; at sea or unknown: ${r.tree.unknown}`);
      return lines.join('\n');
    },
  ),
);

program
  .command('set-place')
  .description('set where photos were taken (wins over GPS): --lat/--lon, or --country [--region] [--city]; --clear goes back to GPS')
  .argument('<photo-ids...>')
  .option('--lat <deg>', 'latitude', Number)
  .option('--lon <deg>', 'longitude', Number)
  .option('--country <name>')
  .option('--region <name>')
  .option('--city <name>')
  .option('--clear', 'forget the place you set')
  .action((photoIds: string[], o: { lat?: number; lon?: number; country?: string; region?: string; city?: string; clear?: boolean }) =>
    run(
      async (_app, api) => {
        const idList = ids(photoIds);
        if (o.clear) return api['places.clear']({ photoIds: idList });
        if (o.lat !== undefined || o.lon !== undefined) return api['places.set']({ photoIds: idList, lat: o.lat ?? NaN, lon: o.lon ?? NaN });
        if (!o.country) throw new AppError('INVALID_INPUT', 'Give --lat and --lon, or --country (with --region and --city if you like), or --clear.');
        return api['places.set']({ photoIds: idList, country: o.country, region: o.region, city: o.city });
      },
      (r) => `${r.updated} photo(s) updated.`,
    ),
  );

const albums = program.command('albums').description('your own albums');
const albumText = (a: { id: number; name: string; count: number; coverPhotoId: number | null }) => `#${a.id}  ${a.name}  (${a.count} photo(s)${a.coverPhotoId ? `, cover #${a.coverPhotoId}` : ''})`;
albums.command('list', { isDefault: true }).description('list albums').action(() => run(async (_app, api) => api['albums.list']({}), (r) => (r.length ? r.map(albumText).join('\n') : 'No albums yet: smart-album albums create <name> [photo-ids...]')));
pageOptions(albums.command('show').description("an album's photos, in order").argument('<album-id>', '', Number)).action((id: number, o: { limit: number; offset: number }) =>
  run(async (_app, api) => api['albums.get']({ id, limit: o.limit, offset: o.offset }), (r) => [albumText(r.album), pageText(r.photos, 'in it')].join('\n')),
);
albums.command('create').argument('<name>').argument('[photo-ids...]').action((name: string, p: string[]) => run(async (_app, api) => api['albums.create']({ name, photoIds: ids(p) }), (r) => `Created ${albumText(r)}`));
albums.command('rename').argument('<album-id>', '', Number).argument('<name>').action((id: number, name: string) => run(async (_app, api) => api['albums.rename']({ id, name }), (r) => `Renamed: ${albumText(r)}`));
albums.command('delete').description('delete an album (its photos stay in the library)').argument('<album-id>', '', Number).action((id: number) => run(async (_app, api) => api['albums.delete']({ id }), () => 'Album deleted; its photos are still in the library.'));
albums.command('add').argument('<album-id>', '', Number).argument('<photo-ids...>').action((id: number, p: string[]) => run(async (_app, api) => api['albums.add']({ id, photoIds: ids(p) }), albumText));
albums.command('remove').argument('<album-id>', '', Number).argument('<photo-ids...>').action((id: number, p: string[]) => run(async (_app, api) => api['albums.remove']({ id, photoIds: ids(p) }), albumText));
albums.command('order').description('put these photos first, in this order').argument('<album-id>', '', Number).argument('<photo-ids...>').action((id: number, p: string[]) => run(async (_app, api) => api['albums.reorder']({ id, photoIds: ids(p) }), albumText));
albums.command('cover').description('choose the cover ("none" for the first photo)').argument('<album-id>', '', Number).argument('<photo-id>').action((id: number, p: string) => run(async (_app, api) => api['albums.setCover']({ id, photoId: p === 'none' ? null : ids([p])[0]! }), albumText));

program
  .command('favourite')
  .description('mark photos as favourites (--off to unmark)')
  .argument('<photo-ids...>')
  .option('--off')
  .action((p: string[], o: { off?: boolean }) => run(async (_app, api) => api['favourites.set']({ photoIds: ids(p), favourite: !o.off }), (r) => `${r.count} favourite(s) in all.`));
pageOptions(program.command('favourites').description('your favourite photos')).action((o: { limit: number; offset: number }) =>
  run(async (_app, api) => api['favourites.list']({ limit: o.limit, offset: o.offset }), (r) => pageText(r, 'marked as favourites')),
);

const trashCmd = program.command('trash').description("the recycle bin: deleted photos are hidden here; files are only deleted when you say so");
pageOptions(trashCmd.command('list', { isDefault: true }).description('what is in the bin')).action((o: { limit: number; offset: number }) =>
  run(
    async (_app, api) => api['trash.list']({ limit: o.limit, offset: o.offset }),
    (r) =>
      r.total
        ? [`${r.total} photo(s) in the recycle bin (kept ${r.retentionDays} days):`, ...r.items.map((t) => `${photoLine(t.photo)}  ${t.fileTrashed ? '(file in the system trash)' : ''} removed for good ${new Date(t.purgesAt).toISOString().slice(0, 10)}`)].join('\n')
        : 'The recycle bin is empty.',
  ),
);
trashCmd
  .command('add')
  .description('put photos in the recycle bin')
  .argument('<photo-ids...>')
  .option('--delete-file', 'also move the original files to the system trash')
  .action((p: string[], o: { deleteFile?: boolean }) =>
    run(
      async (_app, api) => api['trash.add']({ photoIds: ids(p), deleteFiles: !!o.deleteFile }),
      (r) => [`${r.binned} photo(s) in the recycle bin${o.deleteFile ? `, ${r.filesTrashed} file(s) moved to the system trash` : ' (files untouched)'}. Undo: smart-album trash restore ${p.join(' ')}`, ...r.problems.map((x) => `  ! ${x.reason}`)].join('\n'),
    ),
  );
trashCmd.command('restore').argument('<photo-ids...>').action((p: string[]) =>
  run(async (_app, api) => api['trash.restore']({ photoIds: ids(p) }), (r) => `${r.restored} photo(s) restored.${r.fileInSystemTrash.length ? ` ${r.fileInSystemTrash.length} file(s) are in the system trash: restore them from there too.` : ''}`),
);
trashCmd.command('empty').description('remove everything in the bin from the library for good (files are not deleted)').action(() => run(async (_app, api) => api['trash.empty']({}), (r) => `${r.purged} photo(s) removed from the library.`));
trashCmd
  .command('retention')
  .description('days photos stay in the bin before they are removed for good (default 30)')
  .argument('[days]', '', Number)
  .action((days?: number) => run(async (_app, api) => (days === undefined ? api['trash.retention.get']({}) : api['trash.retention.set']({ days })), (r) => `Photos stay ${r.days} day(s) in the recycle bin.`));

pageOptions(
  program.command('timeline').description('photos by date taken: years; a year: its months; a month: its days; a day: its photos').argument('[year]', '', Number).argument('[month]', '', Number).argument('[day]', '', Number),
).action((year: number | undefined, month: number | undefined, day: number | undefined, o: { limit: number; offset: number }) =>
  run(
    async (_app, api) =>
      day !== undefined
        ? { photos: await api['timeline.photos']({ year: year!, month, day, limit: o.limit, offset: o.offset }) }
        : { groups: await api['timeline.groups']({ level: year === undefined ? 'year' : month === undefined ? 'month' : 'day', year, month }) },
    (r) =>
      'photos' in r
        ? pageText(r.photos!, 'taken that day')
        : r.groups!.length
          ? r.groups!.map((g) => `${g.key}  ${g.count} photo(s)${g.fromFile ? ` (${g.fromFile} dated from the file, no EXIF date)` : ''}`).join('\n')
          : 'No dated photos here.',
  ),
);

program
  .command('gif')
  .description('make an animated GIF from 2 to 50 photos, in the order given')
  .argument('<photo-ids...>')
  .requiredOption('-o, --out <file.gif>', 'where to save it')
  .option('--delay <ms>', 'time each photo shows', Number, 500)
  .option('--loop <n>', 'times to play (0 = forever)', Number, 0)
  .option('--size <px>', 'longest side', Number, 640)
  .addOption(new Option('--fit <mode>', 'contain: whole photos with bars; cover: cropped to fill; fill: stretched').choices(['contain', 'cover', 'fill']).default('contain'))
  .option('--force', 'overwrite the file if it exists')
  .option('--add', 'add the GIF to the library (save it inside a library folder)')
  .action((p: string[], o: { out: string; delay: number; loop: number; size: number; fit: 'contain' | 'cover' | 'fill'; force?: boolean; add?: boolean }) =>
    run(
      async (app, api) => {
        if (o.add) await app.claimIndexing().catch(() => undefined);
        return api['gif.make']({ photoIds: ids(p), out: o.out, delayMs: o.delay, loop: o.loop, size: o.size, fit: o.fit, overwrite: !!o.force, addToLibrary: !!o.add });
      },
      (r) => `Wrote ${r.file}: ${r.frames} frames, ${r.width}x${r.height}, ${(r.bytes / 1e6).toFixed(2)} MB${r.photoId ? `; in the library as #${r.photoId}` : ''}.`,
    ),
  );

program
  .command('similar')
  .description('search by image: near-duplicates and visually similar photos of any image file (or --photo <id>)')
  .argument('[image]')
  .option('--photo <id>', 'a catalogued photo instead of a file', Number)
  .option('-n, --limit <n>', 'how many of each', Number, 20)
  .action((image: string | undefined, o: { photo?: number; limit: number }) =>
    run(
      async (_app, api) => {
        if (!image && o.photo === undefined) throw new AppError('INVALID_INPUT', 'Give an image file, or --photo <id>.');
        return api['search.similar'](o.photo !== undefined ? { photoId: o.photo, limit: o.limit } : { imagePath: image!, limit: o.limit });
      },
      (r) =>
        [
          r.nearDuplicates.length ? 'Near-duplicates (pHash distance of 64 bits):' : 'No near-duplicates.',
          ...r.nearDuplicates.map((d) => `  ${String(d.distance).padStart(2)}  #${d.photo.id}  ${d.photo.path}`),
          r.query.model ? `Similar photos (${r.query.model}${r.narrowedTo ? `, among ${r.narrowedTo}` : ', whole library'}):` : 'Similar photos: the classifier is unavailable (smart-album status).',
          ...r.similar.map((d) => `  ${d.score.toFixed(3)}  #${d.photo.id}  ${d.photo.path}`),
        ].join('\n'),
    ),
  );

program
  .command('duplicates')
  .description('duplicate groups in the library: exact copies, near-duplicates, similar shots; with the copy to keep')
  .action(() =>
    run(
      async (_app, api) => api['duplicates.list']({}),
      (r) =>
        r.groups.length
          ? r.groups.map((g) => [`${g.kind}: keep #${g.best} (${g.why})`, ...g.photos.map((p) => `  ${p.id === g.best ? '*' : ' '} #${p.id}  ${p.width}x${p.height}  ${p.path}`)].join('\n')).join('\n')
          : 'No duplicates found.',
    ),
  );

program
  .command('exclude')
  .description('list, add or remove patterns of paths never to catalogue (globs relative to each folder, e.g. "**/Screenshots")')
  .argument('[patterns...]', 'patterns to add')
  .option('--remove', 'remove the given patterns instead')
  .action((patterns: string[], o: { remove?: boolean }) =>
    run(
      async (_app, api) => {
        const current = await api['settings.exclusions.get']({});
        if (!patterns.length) return current;
        const next = o.remove ? current.filter((p) => !patterns.includes(p)) : [...current, ...patterns];
        return api['settings.exclusions.set']({ patterns: next });
      },
      (r) => (r.length ? `${r.join('\n')}\n(applies from the next scan)` : 'No exclusion patterns. Hidden folders and system folders are always skipped.'),
    ),
  );

program
  .command('status')
  .description('what the catalog holds and what is left to do')
  .action(() => run(async (_app, api) => api['library.status']({}), formatStatus));

program
  .command('photos')
  .description('list catalogued photos, newest first')
  .option('-n, --limit <n>', 'how many', (v) => Number(v), 20)
  .option('--offset <n>', 'skip this many', (v) => Number(v), 0)
  .addOption(new Option('--status <status>', 'only photos in this state').choices(PhotoStatusSchema.options))
  .action((o: { limit: number; offset: number; status?: (typeof PhotoStatusSchema.options)[number] }) =>
    run(
      async (_app, api) => api['photos.list']({ limit: o.limit, offset: o.offset, status: o.status }),
      (r) => formatPhotos(r.total, r.items),
    ),
  );

program.parseAsync(process.argv).catch((err: unknown) => {
  const msg = err instanceof AppError ? err.message : err instanceof Error ? err.message : String(err);
  if (program.opts<Globals>().json) {
    process.stdout.write(`${JSON.stringify({ error: { code: err instanceof AppError ? err.code : 'INTERNAL', message: msg } })}\n`);
  } else process.stderr.write(`smart-album: ${msg}\n`);
  process.exitCode = 1;
});
