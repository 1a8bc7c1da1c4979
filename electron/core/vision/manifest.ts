import { z } from 'zod';

/** models/manifest.json: every model the product can use, with what it takes to use it right. */
export const ModelSpecSchema = z.object({
  id: z.string(),
  task: z.enum(['classify', 'face-detect', 'face-embed', 'detect']),
  /** Bump when the model or how its output is used changes: photos done with another version are redone. */
  version: z.string(),
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  input: z.object({
    name: z.string(),
    layout: z.literal('NCHW'),
    /** [width, height]; null for a model that takes any size (the detector). */
    size: z.tuple([z.number().int(), z.number().int()]).nullable(),
    colorOrder: z.enum(['RGB', 'BGR']),
    /** value fed = (pixel 0-255 - mean) / std, per channel in colorOrder */
    mean: z.tuple([z.number(), z.number(), z.number()]),
    std: z.tuple([z.number(), z.number(), z.number()]),
    /** classifier preprocessing: resize the short side to this, then centre-crop to size */
    resizeShortSide: z.number().int().optional(),
    /**
     * classifiers: the views classified in one batch and averaged: the centre crop (after
     * resizeShortSide) and/or the whole photo squeezed to `size`, which keeps what the crop cuts off
     */
    views: z.array(z.enum(['centre-crop', 'whole'])).min(1).optional(),
    /** object detectors: scale the longest side to `size` and pad the rest (aspect ratio kept) */
    letterbox: z.boolean().optional(),
  }),
  output: z.object({
    name: z.string(),
    meaning: z.string(),
    activation: z.enum(['none', 'softmax']).default('none'),
    /** for classifiers: the tensor of pooled features used for "similar photos", if exposed */
    features: z.string().optional(),
    /** if the graph does not output `features` itself: the inner tensor whose global average pool it is */
    featuresFrom: z.string().optional(),
    /**
     * classifiers with an extra non-ImageNet output (TF-slim's "background" at 0): dropped, and the
     * other 1000 renormalised, so every classifier speaks the same 1000 ImageNet labels.
     */
    backgroundIndex: z.number().int().optional(),
  }),
  /**
   * ONNX Runtime session config entries (onnxruntime_session_options_config_keys.h), e.g.
   * "session.disable_quant_qdq": "1" folds a quantised model's DequantizeLinear nodes (2x faster).
   */
  sessionConfig: z.record(z.string(), z.string()).optional(),
  labels: z.object({ file: z.string(), sha256: z.string() }).optional(),
  license: z.string(),
  source: z.string(),
  note: z.string().optional(),
  /** face embedders: cosine -> match probability, fitted by npm run calibrate (test/bench/calibrate-faces.ts) */
  calibration: z
    .object({
      a: z.number(),
      b: z.number(),
      positivePairs: z.number().int(),
      negativePairs: z.number().int(),
      fittedOn: z.string(),
      cosineAt72: z.number(),
    })
    .optional(),
  /**
   * face embedders: where faces the detector found lying on their side or upside down land. YuNet finds
   * a face turned 90 or 180 degrees (a scan put in the wrong way, a camera that wrote no orientation) and
   * gives it upright landmarks, so the aligned face is turned and its embedding is not of the person:
   * such embeddings of different people match each other (deepface portraits turned over: 69% of pairs
   * above 72%) and crowd around one direction per turn. A face closer than a turn's maxCosine to its
   * prototype is graded low. Fitted by npm run calibrate on the calibration photos turned.
   */
  turned: z
    .object({
      turns: z.array(z.object({ turn: z.number().int(), prototype: z.array(z.number()), maxCosine: z.number(), faces: z.number().int() })),
      fittedOn: z.string(),
    })
    .optional(),
});
export type ModelSpec = z.infer<typeof ModelSpecSchema>;

export const ManifestSchema = z.object({
  /** the model used for each task */
  active: z.object({
    classify: z.string(),
    'face-detect': z.string().optional(),
    'face-embed': z.string().optional(),
    detect: z.string().optional(),
  }),
  models: z.array(ModelSpecSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;
