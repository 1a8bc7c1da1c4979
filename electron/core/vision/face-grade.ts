// The grades a stored face can have (faces.quality_ok); how they are decided is face-quality.ts.
// A leaf (imports nothing), so the faces repository can map them.
export const GRADE = { good: 1, low: 0, notAPerson: -1 } as const;
export type Grade = keyof typeof GRADE;
