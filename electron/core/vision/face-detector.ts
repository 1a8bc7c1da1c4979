// YuNet face detection: anchor-free heads at strides 8/16/32, decoded as OpenCV's FaceDetectorYN
// does, then non-maximum suppression. Runs on the working image scaled to DETECT_SIZE at most.
import sharp from 'sharp';
import * as ort from 'onnxruntime-node';
import type { RawImage } from '../media/decode.js';
import type { ModelSpec } from './manifest.js';
import type { ModelRegistry } from './model-registry.js';
import { iou, type Box } from './box.js';
import { toPlanar } from './tensor.js';

/** Longest side the detector sees: small faces in group photos survive, a 12 MP photo stays cheap. */
export const DETECT_SIZE = 960;
/** Candidates below this are not faces at all; quality gates for people come later (face.quality.ts). */
export const MIN_DETECT_SCORE = 0.6;
const NMS_IOU = 0.3;
const STRIDES = [8, 16, 32] as const;

export interface DetectedFace extends Box {
  /** Box (x, y, w, h) and landmarks in working-image pixels. */
  /** right eye, left eye, nose tip, right mouth corner, left mouth corner (x, y) */
  landmarks: [number, number][];
  score: number;
}

export function nms(faces: DetectedFace[], threshold = NMS_IOU): DetectedFace[] {
  const kept: DetectedFace[] = [];
  for (const f of [...faces].sort((a, b) => b.score - a.score)) if (kept.every((k) => iou(k, f) <= threshold)) kept.push(f);
  return kept;
}

/** Decodes the raw heads for an input of padW x padH into faces in input pixels. */
export function decodeYunet(out: Record<string, { data: unknown }>, padW: number, padH: number, minScore = MIN_DETECT_SCORE): DetectedFace[] {
  const faces: DetectedFace[] = [];
  for (const s of STRIDES) {
    const cls = out[`cls_${s}`]!.data as Float32Array;
    const obj = out[`obj_${s}`]!.data as Float32Array;
    const bbox = out[`bbox_${s}`]!.data as Float32Array;
    const kps = out[`kps_${s}`]!.data as Float32Array;
    const cols = padW / s;
    const rows = padH / s;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        const score = Math.sqrt(Math.min(1, Math.max(0, cls[i]!)) * Math.min(1, Math.max(0, obj[i]!)));
        if (score < minScore) continue;
        const cx = (c + bbox[i * 4]!) * s;
        const cy = (r + bbox[i * 4 + 1]!) * s;
        const w = Math.exp(bbox[i * 4 + 2]!) * s;
        const h = Math.exp(bbox[i * 4 + 3]!) * s;
        const landmarks: [number, number][] = [];
        for (let k = 0; k < 5; k++) landmarks.push([(kps[i * 10 + 2 * k]! + c) * s, (kps[i * 10 + 2 * k + 1]! + r) * s]);
        faces.push({ x: cx - w / 2, y: cy - h / 2, w, h, landmarks, score });
      }
    }
  }
  return nms(faces);
}

/** The detector's input tensor for an image: scaled to DETECT_SIZE at most, padded to a multiple of 32. */
export async function detectorInput(spec: ModelSpec, img: RawImage): Promise<{ tensor: ort.Tensor; padW: number; padH: number; scale: number }> {
  const scale = Math.min(1, DETECT_SIZE / Math.max(img.width, img.height));
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  const padW = Math.ceil(w / 32) * 32;
  const padH = Math.ceil(h / 32) * 32;
  const { data } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } })
    .resize(w, h, { fit: 'fill', kernel: 'linear' })
    .extend({ right: padW - w, bottom: padH - h, background: '#000000' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const input = toPlanar(data, padW * padH, spec.input, new Float32Array(3 * padW * padH));
  return { tensor: new ort.Tensor('float32', input, [1, 3, padH, padW]), padW, padH, scale };
}

export async function detectFaces(registry: ModelRegistry, spec: ModelSpec, img: RawImage): Promise<DetectedFace[]> {
  const { tensor, padW, padH, scale } = await detectorInput(spec, img);
  const session = await registry.session(spec);
  const out = await session.run({ [spec.input.name]: tensor });
  // back to working-image pixels, dropping anything that lies in the padding
  return decodeYunet(out, padW, padH)
    .map((f) => ({
      ...f,
      x: f.x / scale,
      y: f.y / scale,
      w: f.w / scale,
      h: f.h / scale,
      landmarks: f.landmarks.map(([x, y]) => [x / scale, y / scale] as [number, number]),
    }))
    .filter((f) => f.x + f.w / 2 < img.width && f.y + f.h / 2 < img.height);
}
