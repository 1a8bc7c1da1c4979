import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { RawImage } from '../media/decode.js';
import { CategoryRules, type CategoryScore } from './categories.js';
import { classify, type Prediction } from './classifier.js';
import type { ModelSpec } from './manifest.js';
import { ModelRegistry, defaultModelsDir } from './model-registry.js';
import type { FaceInput } from '../db/repos/face.repo.js';
import { alignFace, alignedInside, sharpness } from './face-align.js';
import { detectFaces } from './face-detector.js';
import { embedFaces } from './face-embedder.js';
import { gradeFace, passesQuality, turnedness } from './face-quality.js';
import { detectObjects, type DetectedObject } from './object-detector.js';

/** What the category decision needs of a detected object (boxes as fractions of the photo). */
export type ObjectEvidence = Pick<DetectedObject, 'label' | 'score' | 'x' | 'y' | 'w' | 'h'>;

export const CLASSIFY_STAGE = 'classify';
export const FACES_STAGE = 'faces';
export const OBJECTS_STAGE = 'objects';
/** Bump when object post-processing (thresholds, NMS) changes. */
const OBJECTS_PIPELINE_VERSION = 1;
/** Bump when face post-processing (gates, alignment) changes. */
/** 2: faces graded good / low / not a person (face-quality.ts); 3: sharpness measured inside the photo only; 4: profiles graded low; 5: faces found on their side or upside down graded low */
const FACES_PIPELINE_VERSION = 5;

export interface Classification {
  model: string;
  top: Prediction[];
  categories: CategoryScore[];
  /** L2-normalised pooled CNN features, when the classifier exposes them */
  features: Float32Array | null;
}

/** resources/ beside models/: the checked-in category rules live there. */
export function defaultRulesFile(modelsDir: string): string {
  return path.join(path.dirname(modelsDir), 'resources', 'category-rules.json');
}

/**
 * The model-driven stages as the indexer sees them. Opening never throws: a missing or damaged
 * model or rules file leaves `problem` set, the stage is skipped (photos are still catalogued) and
 * picked up again by a later run once the file is back.
 */
export class VisionService {
  private readonly detector: ModelSpec | null;
  private readonly embedder: ModelSpec | null;
  private readonly objectDetector: ModelSpec | null;
  /** Why faces cannot be found right now (missing model, ...), else null. */
  facesProblem: string | null = null;
  /** Why objects cannot be detected right now, else null. */
  objectsProblem: string | null = null;

  private constructor(
    readonly registry: ModelRegistry | null,
    readonly classifier: ModelSpec | null,
    readonly rules: CategoryRules | null,
    public problem: string | null,
  ) {
    this.detector = registry?.active('face-detect') ?? null;
    this.embedder = registry?.active('face-embed') ?? null;
    this.objectDetector = registry?.active('detect') ?? null;
    if (registry && (!this.detector || !this.embedder)) this.facesProblem = 'No face detector or face embedder is configured in models/manifest.json.';
    if (registry && !this.objectDetector) this.objectsProblem = 'No object detector is configured in models/manifest.json.';
  }

  /** The active embedder's cosine -> probability calibration (models/manifest.json). */
  calibration(): { a: number; b: number } | null {
    return this.embedder?.calibration ?? null;
  }

  problems(): string[] {
    const all = [this.problem, this.facesProblem, this.objectsProblem, this.rules?.lookProblem, ...(this.registry?.notes ?? [])];
    return [...new Set(all.filter((p): p is string => !!p))];
  }

  /** What the faces stage's output depends on; null while it cannot run. */
  facesVersion(): string | null {
    if (!this.detector || !this.embedder || this.facesProblem) return null;
    return `${this.detector.id}@${this.detector.version}+${this.embedder.id}@${this.embedder.version}+q${FACES_PIPELINE_VERSION}`;
  }

  /**
   * Detect, align, embed. Boxes and landmarks come back as fractions of the photo; sizePx is the
   * face width in pixels of the original (for the quality gate). Throws when a model is unusable.
   */
  async faces(img: RawImage, originalWidth: number): Promise<FaceInput[]> {
    if (!this.registry || !this.detector || !this.embedder) throw new AppError('UNAVAILABLE', this.facesProblem ?? 'Face recognition is unavailable.');
    try {
      const found = await detectFaces(this.registry, this.detector, img);
      const aligned = found.map((f) => alignFace(img, f.landmarks));
      const embeddings = await embedFaces(this.registry, this.embedder, aligned);
      const toOriginal = originalWidth / img.width;
      return found.map((f, i) => {
        const q = { sizePx: f.w * toOriginal, score: f.score, sharpness: sharpness(aligned[i]!, alignedInside(img.width, img.height, f.landmarks)) };
        const grade = gradeFace({ ...q, landmarks: f.landmarks, turned: turnedness(this.embedder!, embeddings[i]!) });
        return {
          x: f.x / img.width,
          y: f.y / img.height,
          w: f.w / img.width,
          h: f.h / img.height,
          landmarks: f.landmarks.map(([x, y]) => [x / img.width, y / img.height] as [number, number]),
          ...q,
          qualityOk: grade === 'good',
          grade,
          embedding: embeddings[i]!,
          model: this.embedder!.id,
        };
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'UNAVAILABLE') this.facesProblem = err.message;
      throw err;
    }
  }

  /** What the objects stage's output depends on; null while it cannot run. */
  objectsVersion(): string | null {
    if (!this.objectDetector || this.objectsProblem) return null;
    return `${this.objectDetector.id}@${this.objectDetector.version}+o${OBJECTS_PIPELINE_VERSION}`;
  }

  /** COCO objects in the photo, boxes as fractions of it. Throws when the model is unusable. */
  async objects(img: RawImage): Promise<{ model: string; objects: DetectedObject[] }> {
    if (!this.registry || !this.objectDetector) {
      throw new AppError('UNAVAILABLE', this.objectsProblem ?? 'Object detection is unavailable.');
    }
    try {
      return { model: this.objectDetector.id, objects: await detectObjects(this.registry, this.objectDetector, img) };
    } catch (err) {
      if (err instanceof AppError && err.code === 'UNAVAILABLE') this.objectsProblem = err.message;
      throw err;
    }
  }

  /** userModelsDir: the data folder's downloaded models (see ModelRegistry.load). */
  static open(modelsDir = process.env.SMART_ALBUM_MODELS_DIR ?? safeDefaultDir(), rulesFile?: string, userModelsDir?: string): VisionService {
    if (!modelsDir) return new VisionService(null, null, null, 'The models folder of Smart Album was not found. Reinstall Smart Album.');
    try {
      const registry = ModelRegistry.load(modelsDir, userModelsDir);
      const spec = registry.active('classify');
      if (!spec) return new VisionService(registry, null, null, 'No classifier is configured in models/manifest.json.');
      const rules = CategoryRules.load(rulesFile ?? defaultRulesFile(modelsDir), registry.labels(spec), spec);
      return new VisionService(registry, spec, rules, null);
    } catch (err) {
      return new VisionService(null, null, null, (err as Error).message);
    }
  }

  /** What the classify stage's output depends on (faces and objects are evidence too); null while it cannot run. */
  classifyVersion(): string | null {
    if (!this.classifier || !this.rules || this.problem) return null;
    const { id, version, input } = this.classifier;
    // views other than the plain centre crop change the output too
    const views = input.views && input.views.join('+') !== 'centre-crop' ? `:${input.views.join('+')}` : '';
    const look = this.rules.lookVersion === null ? '' : `+look${this.rules.lookVersion}`;
    return `${id}@${version}${views}+rules${this.rules.version}${look}+faces:${this.facesVersion() ?? 'none'}+objects:${this.objectsVersion() ?? 'none'}`;
  }

  /** `faces` and `objects` found in the photo are evidence for categories too. */
  async classify(img: RawImage, faces: FaceInput[] = [], objects: ObjectEvidence[] = []): Promise<Classification> {
    if (!this.registry || !this.classifier || !this.rules) throw new AppError('UNAVAILABLE', this.problem ?? 'Classification is unavailable.');
    try {
      const { top, probs, features } = await classify(this.registry, this.classifier, img);
      const categories = this.rules.categorize({ probs, objects, faces, features });
      return { model: this.classifier.id, top, categories, features };
    } catch (err) {
      if (err instanceof AppError && err.code === 'UNAVAILABLE') this.problem = err.message; // stop trying for this run
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.registry?.release();
  }
}

function safeDefaultDir(): string | undefined {
  try {
    return defaultModelsDir();
  } catch {
    return undefined;
  }
}
