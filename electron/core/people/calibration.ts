// Raw cosine similarity is not a probability: on cropped portraits the same person scores ~0.7,
// on small faces in a group photo ~0.45. A logistic fit on labelled pairs turns cosine into the
// probability that two faces are the same person; the product shows and thresholds that (72%).

export interface Calibration {
  /** P(same) = 1 / (1 + exp(-(a * cosine + b))) */
  a: number;
  b: number;
}

export function matchProbability(c: Calibration, cosine: number): number {
  return 1 / (1 + Math.exp(-(c.a * cosine + c.b)));
}

/** The cosine at which the calibrated probability equals p. */
export function cosineFor(c: Calibration, p: number): number {
  return (Math.log(p / (1 - p)) - c.b) / c.a;
}

/**
 * Class-balanced logistic regression on (cosine, same?) pairs by Newton's method, with a small
 * ridge so separable data still gives finite, reproducible parameters.
 */
export function fitCalibration(pairs: { cosine: number; same: boolean }[], ridge = 0.01): Calibration {
  const pos = pairs.filter((p) => p.same).length;
  const neg = pairs.length - pos;
  if (!pos || !neg) throw new Error('calibration needs both same-person and different-person pairs');
  const weight = (same: boolean) => (same ? pairs.length / (2 * pos) : pairs.length / (2 * neg));
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = ridge * a, gb = 0, haa = ridge, hab = 0, hbb = 1e-9;
    for (const p of pairs) {
      const w = weight(p.same);
      const q = 1 / (1 + Math.exp(-(a * p.cosine + b)));
      const r = w * (q - (p.same ? 1 : 0));
      ga += r * p.cosine;
      gb += r;
      const s = w * q * (1 - q);
      haa += s * p.cosine * p.cosine;
      hab += s * p.cosine;
      hbb += s;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}
