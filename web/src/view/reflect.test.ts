import { describe, expect, it } from 'vitest';
import { crossesEdge, imageEdges, reflect, reflectWindow } from './reflect';

describe('reflect', () => {
  it('mirrors about the first and last pixel without repeating them, as PatchExtractor.Reflect does', () => {
    expect([-3, -2, -1, 0, 4, 5, 6, 7].map((i) => reflect(i, 5))).toEqual([3, 2, 1, 0, 4, 3, 2, 1]);
    expect(reflect(-9, 5)).toBe(1);
    expect(reflect(13, 5)).toBe(3);
    expect(reflect(-4, 1)).toBe(0);
    expect(() => reflect(0, 0)).toThrow(RangeError);
  });
});

describe('reflectWindow', () => {
  // A 3x2 gray image, pixel value = 10 * row + column (in every RGBA channel).
  const width = 3;
  const height = 2;
  const image = new Uint8ClampedArray(width * height * 4);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) image.fill(10 * r + c, (r * width + c) * 4, (r * width + c) * 4 + 4);
  const gray = (rgba: Uint8ClampedArray): number[] => Array.from({ length: rgba.length / 4 }, (_, i) => rgba[i * 4]!);

  it('shows the mirrored image beyond every edge, never black', () => {
    // A 4x4 window from (-1, -1): rows -1, 0, 1, 2 → 1, 0, 1, 0; columns -1, 0, 1, 2 → 1, 0, 1, 2.
    expect(gray(reflectWindow(image, width, height, -1, -1, 4))).toEqual([11, 10, 11, 12, 1, 0, 1, 2, 11, 10, 11, 12, 1, 0, 1, 2]);
  });

  it('copies the inside unchanged and refuses a buffer of another size', () => {
    expect(gray(reflectWindow(image, width, height, 0, 0, 2))).toEqual([0, 1, 10, 11]);
    expect(() => reflectWindow(image, 4, 2, 0, 0, 2)).toThrow(RangeError);
  });
});

describe('imageEdges', () => {
  it('says where the image ends inside a patch, in patch pixels', () => {
    // A 32px patch centred on (5, 90) of a 100x100 image spans columns -11..20 and rows 74..105.
    const edges = imageEdges(5, 90, 32, 100, 100);
    expect(edges).toEqual({ left: 11, right: null, top: null, bottom: 26 });
    expect(crossesEdge(edges)).toBe(true);
    expect(crossesEdge(imageEdges(50, 50, 32, 100, 100))).toBe(false);
  });
});
