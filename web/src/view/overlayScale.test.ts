import { describe, expect, it } from 'vitest';
import { colourProbability, colourUncertainty, inUnits, stretch, uncertaintyLegendText, valueRange, viridis } from './overlayScale';

const grayRgba = (values: number[]): Uint8ClampedArray => {
  const rgba = new Uint8ClampedArray(values.length * 4);
  values.forEach((v, i) => rgba.fill(v, i * 4, i * 4 + 4));
  return rgba;
};
const alphas = (rgba: Uint8ClampedArray): number[] => Array.from({ length: rgba.length / 4 }, (_, i) => rgba[i * 4 + 3]!);

describe('the uncertainty overlay', () => {
  it('spans its full colour range over the image\'s own values, so a map of 0–0.3 bits is not a uniform wash', () => {
    // 0.02 to 0.30 bits: on the absolute scale (alpha = value) the most uncertain pixel would be 30 % opaque.
    const rgba = grayRgba([5, 5, 20, 40, 77]);
    const range = colourUncertainty(rgba);
    expect(range).toEqual({ min: 5, max: 77 });
    expect(alphas(rgba)).toEqual([0, 0, 53, 124, 255]);
    expect(Array.from(rgba.slice(16, 19))).toEqual(viridis(1));
    expect(uncertaintyLegendText(range)).toBe("colours span this image's range, 0.02–0.30 bits (full scale 0–1 bit)");
  });

  it('shows a flat map as flat and says so', () => {
    const rgba = grayRgba([60, 60]);
    const range = colourUncertainty(rgba);
    expect(alphas(rgba)).toEqual([0, 0]);
    expect(uncertaintyLegendText(range)).toBe('0.24 bits everywhere in this image (full scale 0–1 bit)');
  });

  it('stretches, clamps and reads units', () => {
    expect(stretch(50, { min: 0, max: 100 })).toBe(0.5);
    expect(stretch(150, { min: 0, max: 100 })).toBe(1);
    expect(valueRange(new Uint8ClampedArray())).toEqual({ min: 0, max: 0 });
    expect(inUnits(255)).toBe(1);
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
  });
});

describe('the probability overlay', () => {
  it('keeps the absolute scale: opacity is the probability, the same in every image', () => {
    const rgba = grayRgba([0, 128, 255]);
    colourProbability(rgba);
    expect(alphas(rgba)).toEqual([0, 128, 255]);
  });
});
