// Which faces may start or join a person. Faces below the gates are still stored and shown (the
// user can assign them by hand); they just never drive automatic clustering.
export const QUALITY = {
  /** face width in pixels of the original photo */
  minSizePx: 40,
  minScore: 0.8,
  /** variance of the Laplacian on the 112 px aligned face; sharp portraits measure in the thousands */
  minSharpness: 60,
} as const;

export function passesQuality(f: { sizePx: number; score: number; sharpness: number }): boolean {
  return f.sizePx >= QUALITY.minSizePx && f.score >= QUALITY.minScore && f.sharpness >= QUALITY.minSharpness;
}
