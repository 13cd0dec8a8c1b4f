// Patches as the model sees them: the image mirrored at its borders (numpy 'reflect', OpenCV BORDER_REFLECT_101,
// torch 'reflect'), exactly as libs/DefectRefine.Learning/Sampling/PatchExtractor.cs cuts them. Pure, unit-tested.

/** Maps any index onto [0, length) by reflecting about the first and last element without repeating them (-1 → 1). */
export function reflect(index: number, length: number): number {
  if (length <= 0) throw new RangeError(`A length of ${length} has nothing to reflect into.`);
  if (length === 1) return 0;
  if (index >= 0 && index < length) return index;
  const period = 2 * (length - 1);
  let folded = index % period;
  if (folded < 0) folded += period;
  return folded < length ? folded : period - folded;
}

/** The top-left image pixel of a patch centred on (x, y): for an even size the centre sits at index size / 2. */
export function patchOrigin(x: number, y: number, size: number): { left: number; top: number } {
  return { left: x - Math.floor(size / 2), top: y - Math.floor(size / 2) };
}

/** The size × size RGBA window whose top-left is (left, top) in a width × height RGBA image, reflected where it leaves it. */
export function reflectWindow(rgba: Uint8ClampedArray, width: number, height: number, left: number, top: number, size: number): Uint8ClampedArray {
  if (rgba.length !== width * height * 4) throw new RangeError(`${rgba.length} bytes are not a ${width}x${height} RGBA image.`);
  const out = new Uint8ClampedArray(size * size * 4);
  const columns = Array.from({ length: size }, (_, c) => reflect(left + c, width));
  for (let r = 0; r < size; r++) {
    const row = reflect(top + r, height) * width;
    for (let c = 0; c < size; c++) {
      const from = (row + columns[c]!) * 4;
      const to = (r * size + c) * 4;
      out[to] = rgba[from]!;
      out[to + 1] = rgba[from + 1]!;
      out[to + 2] = rgba[from + 2]!;
      out[to + 3] = rgba[from + 3]!;
    }
  }
  return out;
}

/**
 * Where the image ends inside a patch, in patch pixels from its top-left: the first column/row beyond the image on
 * each side that leaves it (left/top: the first column/row inside), null on a side that stays inside.
 */
export interface ImageEdges {
  left: number | null;
  right: number | null;
  top: number | null;
  bottom: number | null;
}

export function imageEdges(x: number, y: number, size: number, width: number, height: number): ImageEdges {
  const { left, top } = patchOrigin(x, y, size);
  return {
    left: left < 0 ? -left : null,
    right: left + size > width ? width - left : null,
    top: top < 0 ? -top : null,
    bottom: top + size > height ? height - top : null,
  };
}

export function crossesEdge(edges: ImageEdges): boolean {
  return edges.left !== null || edges.right !== null || edges.top !== null || edges.bottom !== null;
}
