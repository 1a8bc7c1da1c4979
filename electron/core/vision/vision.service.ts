import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { RawImage } from '../media/decode.js';
import { CategoryRules, type CategoryScore } from './categories.js';
import { classify, type Prediction } from './classifier.js';
import type { ModelSpec } from './manifest.js';
import { ModelRegistry, defaultModelsDir } from './model-registry.js';

export const CLASSIFY_STAGE = 'classify';

export interface Classification {
  model: string;
  top: Prediction[];
  categories: CategoryScore[];
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
  private constructor(
    readonly registry: ModelRegistry | null,
    private readonly classifier: ModelSpec | null,
    readonly rules: CategoryRules | null,
    public problem: string | null,
  ) {}

  static open(modelsDir = process.env.SMART_ALBUM_MODELS_DIR ?? safeDefaultDir(), rulesFile?: string): VisionService {
    if (!modelsDir) return new VisionService(null, null, null, 'The models folder of Smart Album was not found. Reinstall Smart Album.');
    try {
      const registry = ModelRegistry.load(modelsDir);
      const spec = registry.active('classify');
      if (!spec) return new VisionService(registry, null, null, 'No classifier is configured in models/manifest.json.');
      const rules = CategoryRules.load(rulesFile ?? defaultRulesFile(modelsDir), registry.labels(spec));
      return new VisionService(registry, spec, rules, null);
    } catch (err) {
      return new VisionService(null, null, null, (err as Error).message);
    }
  }

  /** What the classify stage's output depends on; null while it cannot run. */
  classifyVersion(): string | null {
    if (!this.classifier || !this.rules || this.problem) return null;
    return `${this.classifier.id}@${this.classifier.version}+rules${this.rules.version}`;
  }

  async classify(img: RawImage): Promise<Classification> {
    if (!this.registry || !this.classifier || !this.rules) throw new AppError('UNAVAILABLE', this.problem ?? 'Classification is unavailable.');
    try {
      const top = await classify(this.registry, this.classifier, img);
      return { model: this.classifier.id, top, categories: this.rules.categorize(top) };
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
