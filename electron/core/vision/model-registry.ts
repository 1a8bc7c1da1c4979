import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { AppError } from '../../shared/errors.js';
import { hashBuffer } from '../media/content-hash.js';
import { withPooledOutput } from './builder/onnx-graph.js';
import { ManifestSchema, type Manifest, type ModelSpec } from './manifest.js';

/**
 * ONNX Runtime threads per session, set here and nowhere else. Photos are already processed a few
 * at a time (indexer concurrency), so each inference gets one thread and the cores stay shared.
 */
export const INTRA_OP_THREADS = Number(process.env.SMART_ALBUM_ONNX_THREADS ?? Math.max(1, Math.floor(os.availableParallelism() / 2)));

/**
 * The models folder the app ships: the nearest models/manifest.json above this file (the repo's
 * models/ from source or from dist/, the packaged app's copy), unless SMART_ALBUM_MODELS_DIR says.
 */
export function defaultModelsDir(): string {
  if (process.env.SMART_ALBUM_MODELS_DIR) return path.resolve(process.env.SMART_ALBUM_MODELS_DIR);
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'models', 'manifest.json'))) return path.join(dir, 'models');
    if (path.dirname(dir) === dir) throw new AppError('UNAVAILABLE', 'The models folder of Smart Album was not found. Reinstall Smart Album.');
  }
}


export type Task = ModelSpec['task'];

const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: INTRA_OP_THREADS,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  executionProviders: ['cpu'],
  // warnings about initializers listed as graph inputs (NanoDet's export) are noise for users
  logSeverityLevel: 3,
};

const WHAT_PAUSES: Record<Task, string> = {
  classify: 'Category albums are',
  'face-detect': 'Face recognition is',
  'face-embed': 'Face recognition is',
  detect: 'Object detection is',
};

const isInside = (dir: string, file: string) => !path.relative(dir, file).startsWith('..');

/**
 * Reads models/manifest.json; verifies a model's size and hash the first time it is used, then
 * keeps one shared session per model. A missing or corrupt model is an AppError that says which
 * file and what to do; callers record it and carry on without that stage.
 */
export class ModelRegistry {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();
  private readonly labelCache = new Map<string, string[]>();

  constructor(
    readonly dir: string,
    readonly manifest: Manifest,
  ) {}

  /** Problems with the downloaded models (userDir), which then stay unused. */
  readonly notes: string[] = [];

  /**
   * The bundled manifest, overlaid with the user's downloaded models (userDir/manifest.json, made
   * by `models upgrade`): their files resolve against userDir and their `active` choices win, unless
   * the file is gone or the wrong size, in which case the bundled model stays in use.
   */
  static load(dir = defaultModelsDir(), userDir?: string): ModelRegistry {
    const file = path.join(dir, 'manifest.json');
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new AppError('UNAVAILABLE', `The model list ${file} cannot be read (${(err as Error).message}). Reinstall Smart Album to restore it.`);
    }
    const manifest = ManifestSchema.parse(raw);
    const notes: string[] = [];
    const userFile = userDir ? path.join(userDir, 'manifest.json') : null;
    if (userFile && fs.existsSync(userFile)) {
      try {
        const user = ManifestSchema.parse(JSON.parse(fs.readFileSync(userFile, 'utf8')));
        for (const m of user.models) {
          const resolved = { ...m, file: path.resolve(userDir!, m.file), labels: m.labels && { ...m.labels, file: path.resolve(userDir!, m.labels.file) } };
          const size = fs.statSync(resolved.file, { throwIfNoEntry: false })?.size;
          if (size !== m.bytes) {
            notes.push(`The downloaded model ${m.id} (${resolved.file}) is ${size === undefined ? 'missing' : 'incomplete'}: the bundled model is used. Run "smart-album models upgrade" to make it again.`);
            continue;
          }
          manifest.models = [...manifest.models.filter((x) => x.id !== m.id), resolved];
        }
        for (const [task, id] of Object.entries(user.active)) {
          if (id && manifest.models.some((m) => m.id === id)) (manifest.active as Record<string, string>)[task] = id;
        }
      } catch (err) {
        notes.push(`Your downloaded models list ${userFile} cannot be read (${(err as Error).message}): the bundled models are used.`);
      }
    }
    const registry = new ModelRegistry(dir, manifest);
    registry.notes.push(...notes);
    return registry;
  }

  /** Where a model's file or labels live (bundled paths are relative to the models folder). */
  resolve(file: string): string {
    return path.resolve(this.dir, file);
  }

  active(task: Task): ModelSpec | null {
    const id = this.manifest.active[task];
    return id ? (this.manifest.models.find((m) => m.id === id) ?? null) : null;
  }

  spec(id: string): ModelSpec {
    const m = this.manifest.models.find((x) => x.id === id);
    if (!m) throw new AppError('NOT_FOUND', `No model "${id}" in ${path.join(this.dir, 'manifest.json')}.`);
    return m;
  }

  session(spec: ModelSpec): Promise<ort.InferenceSession> {
    let s = this.sessions.get(spec.id);
    if (!s) {
      s = this.open(spec);
      this.sessions.set(spec.id, s);
      s.catch(() => this.sessions.delete(spec.id)); // a fixed file can be retried later
    }
    return s;
  }

  private async open(spec: ModelSpec): Promise<ort.InferenceSession> {
    const file = this.resolve(spec.file);
    const problem = (what: string) =>
      new AppError(
        'UNAVAILABLE',
        `Model ${spec.id} (${file}) ${what}. ${WHAT_PAUSES[spec.task]} paused until it is restored: ${
          isInside(this.dir, file) ? 'reinstall Smart Album or run "smart-album models verify"' : 'run "smart-album models upgrade" again, or "smart-album models use" a bundled model'
        }.`,
      );
    let st;
    try {
      st = fs.statSync(file);
    } catch {
      throw problem('is missing');
    }
    if (st.size !== spec.bytes) throw problem(`has ${st.size} bytes instead of ${spec.bytes}: it is damaged or incomplete`);
    const bytes = await fs.promises.readFile(file);
    if (hashBuffer(bytes) !== spec.sha256) throw problem('does not match its checksum: it is damaged or was replaced');
    try {
      const model = spec.output.features && spec.output.featuresFrom ? withPooledOutput(bytes, spec.output.featuresFrom, spec.output.features) : file;
      const options = spec.sessionConfig ? { ...SESSION_OPTIONS, extra: spec.sessionConfig } : SESSION_OPTIONS;
      return await (typeof model === 'string' ? ort.InferenceSession.create(model, options) : ort.InferenceSession.create(model, options));
    } catch (err) {
      throw problem(`cannot be loaded by ONNX Runtime (${(err as Error).message})`);
    }
  }

  labels(spec: ModelSpec): string[] {
    if (!spec.labels) throw new AppError('INVALID_INPUT', `Model ${spec.id} has no labels.`);
    let l = this.labelCache.get(spec.id);
    if (!l) {
      l = parseLabels(fs.readFileSync(this.resolve(spec.labels.file), 'utf8'), spec.output.backgroundIndex);
      this.labelCache.set(spec.id, l);
    }
    return l;
  }

  async verifyAll(): Promise<{ id: string; ok: boolean; message: string }[]> {
    const out = [];
    for (const m of this.manifest.models) {
      try {
        await this.session(m);
        out.push({ id: m.id, ok: true, message: 'ok' });
      } catch (err) {
        out.push({ id: m.id, ok: false, message: (err as Error).message });
      }
    }
    return out;
  }

  async release(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map(async (s) => (await s.catch(() => null))?.release()));
  }
}

/**
 * One label per line, "index,name, synonyms" or "name, synonyms": the first name is kept. The line
 * of a background output (backgroundIndex) is dropped, as the classifier drops its probability.
 */
export function parseLabels(text: string, backgroundIndex?: number): string[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (backgroundIndex !== undefined) lines.splice(backgroundIndex, 1);
  return lines.map((line) => line.replace(/^\d+,/, '').split(',')[0]!.trim());
}
