// The harder face set (issue 13), written as photos: labelled source faces made to look like a family
// library. Sources: faces/people (folder = person) and the 4 men of faces/dlib-voc/bald_guys.jpg, the
// faces the calibration was fit on ("calibration" identities), and faces/deepface (13 people, never
// seen by the calibration: "fresh" identities). Each source face is cut out (its neighbours masked
// away) and written, alone in a 640x480 photo, under every condition below, several combined at once;
// plus group photos of 3-8 people at 30-72 px in a 960x640 frame.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { decodePhoto } from '../../electron/core/media/decode.js';
import type { VisionService } from '../../electron/core/vision/vision.service.js';
import { FIXTURES, REPO } from '../helpers/paths.js';

export interface Source {
  who: string;
  origin: 'calibration' | 'fresh';
  file: string;
  /** face centre and width in the source's pixels */
  cx: number;
  cy: number;
  fw: number;
}
export interface Item {
  file: string;
  who: string;
  origin: Source['origin'];
  condition: string;
  /** the source face it was made from: pairs of one source are left out of the scores (too easy) */
  source: string;
  /** expected face centre and width in the written photo, and the photo's size */
  cx: number;
  cy: number;
  fw: number;
  frame: [number, number];
  /** some of the face lies outside the photo */
  cut: boolean;
}
interface Look {
  fw: number;
  q: number;
  angle?: number;
  mirror?: boolean;
  blur?: number;
  /** brightness factor (with gamma 1.4): 0.35 is a dim room, 0.2 a dark one */
  light?: number;
  /** share of the face's width outside the frame */
  edge?: number;
}

const W = 640;
const H = 480;
const BACKGROUND = '#6b6b70';

export async function sources(vision: VisionService): Promise<Source[]> {
  const out: Source[] = [];
  const truth = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/bald-guys-identities.json'), 'utf8')) as {
    faces: { x: number; y: number; who: string | null }[];
  };
  const bald = path.join(FIXTURES, 'faces/dlib-voc/bald_guys.jpg');
  for (const f of truth.faces) if (f.who) out.push({ who: `bald:${f.who}`, origin: 'calibration', file: bald, cx: f.x, cy: f.y, fw: 0 });
  for (const [folder, origin] of [['faces/people', 'calibration'], ['faces/deepface', 'fresh']] as const) {
    const root = path.join(FIXTURES, folder);
    for (const who of fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory()).sort()) {
      const files = fs.readdirSync(path.join(root, who)).filter((f) => /\.jpe?g$/i.test(f));
      files.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      for (const file of files) out.push({ who, origin, file: path.join(root, who, file), cx: 0, cy: 0, fw: 0 });
    }
  }
  // face boxes from the product's own detector on the clean source (the largest face, or the one nearest the label)
  for (const s of out) {
    const decoded = await decodePhoto(fs.readFileSync(s.file), path.basename(s.file), false);
    const faces = await vision.faces(decoded.working, decoded.width);
    const px = faces.map((f) => ({ cx: (f.x + f.w / 2) * decoded.width, cy: (f.y + f.h / 2) * decoded.height, w: f.w * decoded.width }));
    const pick = s.cx ? px.sort((a, b) => Math.hypot(a.cx - s.cx, a.cy - s.cy) - Math.hypot(b.cx - s.cx, b.cy - s.cy))[0] : px.sort((a, b) => b.w - a.w)[0];
    if (!pick) throw new Error(`no face in ${s.file}`);
    Object.assign(s, { cx: pick.cx, cy: pick.cy, fw: pick.w });
  }
  return out;
}

/** The source face alone (transparent around an ellipse), scaled so the face is `fw` px wide, degraded; with the face centre in it. */
async function faceLayer(s: Source, look: Look) {
  const scale = look.fw / s.fw;
  const half = Math.round(s.fw * 1.6);
  const meta = await sharp(s.file).metadata();
  const left = Math.max(0, Math.round(s.cx - half));
  const top = Math.max(0, Math.round(s.cy - half));
  const width = Math.min(meta.width! - left, 2 * half);
  const height = Math.min(meta.height! - top, 2 * half);
  // only this face: the collage's neighbouring faces are masked out (an ellipse around the head)
  const ex = s.cx - left, ey = s.cy - top;
  const mask = Buffer.from(
    `<svg width="${width}" height="${height}"><ellipse cx="${ex}" cy="${ey}" rx="${s.fw * 0.95}" ry="${s.fw * 1.25}" fill="#fff"/></svg>`,
  );
  const masked = await sharp(s.file).extract({ left, top, width, height }).ensureAlpha().composite([{ input: mask, blend: 'dest-in' }]).png().toBuffer();
  let img = sharp(masked).resize(Math.max(8, Math.round(width * scale)));
  if (look.mirror) img = img.flop();
  if (look.blur) img = img.blur(look.blur);
  if (look.light) img = img.modulate({ brightness: look.light }).gamma(1.4);
  let buf = await img.png().toBuffer();
  let cx = (s.cx - left) * scale;
  let cy = (s.cy - top) * scale;
  if (look.mirror) cx = width * scale - cx;
  if (look.angle) {
    const m = await sharp(buf).metadata();
    const rotated = await sharp(buf).rotate(look.angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer({ resolveWithObject: true });
    const r = (look.angle * Math.PI) / 180;
    const dx = cx - m.width! / 2, dy = cy - m.height! / 2;
    cx = rotated.info.width / 2 + dx * Math.cos(r) - dy * Math.sin(r);
    cy = rotated.info.height / 2 + dx * Math.sin(r) + dy * Math.cos(r);
    buf = rotated.data;
  }
  const m = await sharp(buf).metadata();
  return { buf, cx, cy, width: m.width!, height: m.height! };
}

/** Places layers with their face centres at the given points on a frame; JPEG at `quality`. */
async function compose(file: string, frame: [number, number], layers: { layer: Awaited<ReturnType<typeof faceLayer>>; at: [number, number] }[], quality: number) {
  const [fw, fh] = frame;
  const parts = [];
  for (const { layer, at } of layers) {
    let left = Math.round(at[0] - layer.cx);
    let top = Math.round(at[1] - layer.cy);
    // sharp needs overlays inside the frame: cut what falls outside first
    const cl = Math.max(0, -left), ct = Math.max(0, -top);
    const cw = Math.min(layer.width - cl, fw - Math.max(0, left)), ch = Math.min(layer.height - ct, fh - Math.max(0, top));
    if (cw <= 0 || ch <= 0) continue;
    const input = await sharp(layer.buf).extract({ left: cl, top: ct, width: cw, height: ch }).png().toBuffer();
    parts.push({ input, left: Math.max(0, left), top: Math.max(0, top) });
  }
  await sharp({ create: { width: fw, height: fh, channels: 3, background: BACKGROUND } }).composite(parts).jpeg({ quality }).toFile(file);
}

export const REFERENCE = 'clean 120 px (reference)';
/** Every non-reference source face is written under each of these. */
export const CONDITIONS: (Look & { name: string })[] = [
  { name: '40 px', fw: 40, q: 85 },
  { name: '50 px, q50', fw: 50, q: 50 },
  { name: '60 px', fw: 60, q: 85 },
  { name: 'JPEG q35', fw: 80, q: 35 },
  { name: 'blur 2', fw: 80, q: 85, blur: 2 },
  { name: 'low light', fw: 80, q: 85, light: 0.35 },
  { name: 'very low light', fw: 80, q: 85, light: 0.2 },
  { name: 'turned 15°', fw: 80, q: 85, angle: 15 },
  { name: 'mirrored', fw: 80, q: 85, mirror: true },
  { name: '30% out of frame', fw: 90, q: 85, edge: 0.3 },
  { name: '45% out of frame', fw: 90, q: 85, edge: 0.45 },
  { name: '40 px + q35 + blur 2 + dark + turned', fw: 40, q: 35, blur: 2, light: 0.35, angle: 15 },
  { name: '50 px + q35 + blur 1.5 + dark + mirrored + 25% out', fw: 50, q: 35, blur: 1.5, light: 0.35, mirror: true, edge: 0.25 },
  { name: '60 px + q35 + blur 1 + very dark + turned', fw: 60, q: 35, blur: 1, light: 0.2, angle: -15 },
  { name: '80 px + q50 + blur 2 + dark + 35% out', fw: 80, q: 50, blur: 2, light: 0.35, edge: 0.35 },
];
export const GROUP = 'group of 3-8 (30-72 px)';

/**
 * Writes one half's photos into dir. Each person's first source face appears only clean (the
 * library's reference photo); the others only degraded, so a degraded face has no clean copy of
 * itself to lean on.
 */
export async function build(dir: string, srcs: Source[], half: string): Promise<Item[]> {
  fs.mkdirSync(dir, { recursive: true });
  const items: Item[] = [];
  let n = 0;
  const reference = new Set(srcs.filter((s, i) => srcs.findIndex((t) => t.who === s.who) === i));
  const item = (s: Source, file: string, condition: string, at: [number, number], fw: number, frame: [number, number], cut = false): Item => ({
    file, who: s.who, origin: s.origin, condition, source: `${s.file}@${Math.round(s.cx)},${Math.round(s.cy)}`, cx: at[0], cy: at[1], fw, frame, cut,
  });
  for (const [si, s] of srcs.entries()) {
    const looks = reference.has(s) ? [{ name: REFERENCE, fw: 120, q: 90 }] : CONDITIONS;
    for (const look of looks) {
      // turns and cut sides alternate between source faces
      const flip = si % 2 === 0 ? 1 : -1;
      const layer = await faceLayer(s, { ...look, angle: look.angle ? look.angle * flip : undefined });
      const x = look.edge ? (flip > 0 ? W + look.edge * look.fw - look.fw / 2 : look.fw / 2 - look.edge * look.fw) : W / 2;
      const at: [number, number] = [x, H / 2];
      const file = path.join(dir, `${half}-${String(n++).padStart(4, '0')}.jpg`);
      await compose(file, [W, H], [{ layer, at }], look.q);
      items.push(item(s, file, look.name, at, look.fw, [W, H], !!look.edge));
    }
  }
  // group photos: 3-8 different people on a jittered grid, 30-72 px, a little turned, some dim, JPEG 50-70
  const GW = 960, GH = 640;
  const byWho = [...new Set(srcs.map((s) => s.who))];
  // a step through the people that shares no factor with their count, so a group never repeats one early
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  let step = 7;
  while (gcd(step, byWho.length) !== 1) step++;
  for (let g = 0; g < 24; g++) {
    const k = 3 + (g % 6);
    const who = Array.from({ length: k }, (_, i) => byWho[(g * 5 + i * step) % byWho.length]!).filter((w, i, a) => a.indexOf(w) === i);
    const cols = Math.ceil(Math.sqrt(who.length * 1.5));
    const rows = Math.ceil(who.length / cols);
    const file = path.join(dir, `${half}-group-${String(g).padStart(2, '0')}.jpg`);
    const layers = [];
    for (let i = 0; i < who.length; i++) {
      const options = srcs.filter((s) => s.who === who[i]);
      const s = options[(g + i) % options.length]!;
      const fw = 30 + ((g * 7 + i * 13) % 43);
      const jitter = (((g * 31 + i * 17) % 21) - 10) / 10;
      const at: [number, number] = [((i % cols) + 0.5 + jitter * 0.15) * (GW / cols), (Math.floor(i / cols) + 0.5 + jitter * 0.1) * (GH / rows)];
      const look = { fw, q: 60, angle: ((g + i) % 5) * 5 - 10, light: (g + i) % 3 === 0 ? 0.5 : undefined, blur: (g + i) % 4 === 0 ? 1 : undefined };
      layers.push({ layer: await faceLayer(s, look), at });
      items.push(item(s, file, GROUP, at, fw, [GW, GH]));
    }
    await compose(file, [GW, GH], layers, 50 + (g % 3) * 10);
  }
  return items;
}
