// The rules of assigning faces to people (PeopleService): the threshold, how much stricter a low-grade face is held,
// which faces may represent a person. Each constant says on what it was chosen.

export const DEFAULT_THRESHOLD = 0.72;
export const MIN_FACES_FOR_PERSON = 2;
/** Faces kept per person for matching: enough to cover poses, few enough to stay fast. */
export const MAX_REPRESENTATIVES = 16;
/** People compared face by face after the centroid pre-filter; keeps matching O(people), not O(faces). */
export const CANDIDATES = 6;
/** Waiting faces a new face is compared with to found a person (the most recent ones). */
export const POOL_WINDOW = 5000;
/**
 * A low-grade face needs this much of the way from the threshold to 100% (72% -> 74.8%). Chosen on the
 * tuning half of the harder face set (eval-faces.ts). A low face is only ever compared with good faces,
 * and there such pairs are no riskier than good pairs: at 72-79% 66 pairs of one person to 3 of two
 * (good with good: 30 to 12). What is risky is low with low (at 95% and more, 662 to 68), and that never
 * decides a join. 0.25 (79%) left 5 right joins out (0.756-0.781) and kept no wrong one out; 0 to 0.1
 * assign alike, and 0.1 keeps the low face's bar above the good one's.
 */
export const LOW_STRICTNESS = 0.1;
/** A face that joined below this much of the way to 100% (72% -> 86%) does not represent its person. */
export const REPRESENT_STRICTNESS = 0.5;
/** A low-grade face also needs at least this much more confidence than the next best person. */
export const LOW_MARGIN = 0.15;
/**
 * A low-grade face needs at least this detector score to join anyone: a doubtful detection that is also
 * small, blurred or dark is as likely a roof, flowers or a hand as a face. In a real 820-photo library the
 * junk that joined a person scored 0.61-0.74; on the harder face set's tuning half 0.7 changes nothing
 * (0.75 would have cost two true joins there).
 */
export const LOW_MIN_SCORE = 0.7;

/** The confidence `strictness` of the way from the threshold to certainty. */
export function stricter(threshold: number, strictness: number): number {
  return threshold + (1 - threshold) * strictness;
}

export function lowThreshold(threshold: number): number {
  return stricter(threshold, LOW_STRICTNESS);
}
