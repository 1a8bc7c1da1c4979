// The user's display rotation: a clockwise quarter turn stored in the catalog, never written to the
// file. Boxes and points are fractions of the photo (0-1). The viewer turns the photo's boxes with
// the image; the models look at the photo turned and their boxes are turned back before they are
// stored, so the catalog keeps every box in the unturned photo's frame.

export type Rotation = 0 | 90 | 180 | 270;
export const normRotation = (r: number | null | undefined): Rotation => ((((Math.round((r ?? 0) / 90) * 90) % 360) + 360) % 360) as Rotation;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A point in fractions of the unturned photo -> the same point in fractions of the photo turned clockwise by `rotation`. */
export function turnPoint([x, y]: readonly [number, number], rotation: number): [number, number] {
  switch (normRotation(rotation)) {
    case 90:
      return [1 - y, x];
    case 180:
      return [1 - x, 1 - y];
    case 270:
      return [y, 1 - x];
    default:
      return [x, y];
  }
}

/** A box in fractions of the unturned photo -> the same box in fractions of the turned one. */
export function turnBox<B extends Box>(b: B, rotation: number): B {
  switch (normRotation(rotation)) {
    case 90:
      return { ...b, x: 1 - b.y - b.h, y: b.x, w: b.h, h: b.w };
    case 180:
      return { ...b, x: 1 - b.x - b.w, y: 1 - b.y - b.h };
    case 270:
      return { ...b, x: b.y, y: 1 - b.x - b.w, w: b.h, h: b.w };
    default:
      return b;
  }
}

/** The inverse turn: fractions of the turned photo back to the unturned one. */
export const unturnBox = <B extends Box>(b: B, rotation: number): B => turnBox(b, 360 - normRotation(rotation));
export const unturnPoint = (p: readonly [number, number], rotation: number): [number, number] => turnPoint(p, 360 - normRotation(rotation));
