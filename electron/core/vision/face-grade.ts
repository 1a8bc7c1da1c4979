// The grades a stored face can have (faces.quality_ok); how they are decided is face-quality.ts.
// A leaf (imports nothing), so the faces repository can map them.
export const GRADE = { good: 1, low: 0, notAPerson: -1 } as const;
export type Grade = keyof typeof GRADE;

/** A stored faces.quality_ok back to its grade (anything unknown reads as not a person). */
export function gradeOf(qualityOk: number): Grade {
  return qualityOk === GRADE.good ? 'good' : qualityOk === GRADE.low ? 'low' : 'notAPerson';
}
